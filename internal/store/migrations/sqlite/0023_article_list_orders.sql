-- The newsroom's article list (/admin/articles) pages with a keyset cursor
-- in each of its orders: last change, publication time and headline, each
-- both ways (an index is read backwards as well as forwards). These let
-- the list walk its order and stop after a page instead of sorting every
-- article; status by last change is the list's most used view (a desk's
-- drafts), and the created-date filter reads its range from an index.
CREATE INDEX articles_updated ON articles(updated_at, id);
CREATE INDEX articles_status_updated ON articles(status, updated_at, id);
CREATE INDEX articles_published ON articles(published_at, id);
CREATE INDEX articles_headline ON articles(lower(headline), id);
CREATE INDEX articles_created ON articles(created_at, id);
