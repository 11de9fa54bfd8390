-- A hard embargo (issue 10, decision 0042): before embargo_until (Unix
-- microseconds, NULL for none) no reader surface shows the article,
-- whatever its status. publicArticle (store/sitemaps.go) tests it, so the
-- indexes that answer the sitemaps and search filters without reading the
-- articles' rows carry it too.
ALTER TABLE articles ADD COLUMN embargo_until INTEGER;
DROP INDEX articles_sitemap;
CREATE INDEX articles_sitemap ON articles(status, id, published_at, modified_at, lead_image_id, slug, embargo_until);
DROP INDEX articles_search_filter;
CREATE INDEX articles_search_filter ON articles(id, status, published_at, updated_at, embargo_until);
-- The site finds the next embargo to end among published articles
-- (NextEmbargo) to drop its cached pages then; few articles have one.
CREATE INDEX articles_embargo ON articles(embargo_until) WHERE embargo_until IS NOT NULL;
