-- Sitemaps walk the published articles by id, a thousand at a time, and
-- find the newest change of each section, series, topic and author
-- (decision 0031). This index answers both without reading the articles'
-- rows, which hold their bodies: without it SQLite answered each batch
-- from articles_status_published, reading every published article and
-- sorting them, so the sitemaps cost time quadratic in the archive.
CREATE INDEX articles_sitemap ON articles(status, id, published_at, modified_at, lead_image_id, slug);
