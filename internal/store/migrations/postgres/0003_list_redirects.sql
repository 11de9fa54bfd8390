-- Sections, series, topics and authors keep their old addresses: a changed
-- slug, or a topic merged into another, redirects to where the articles
-- are now. A merged topic's old name typed in the editor picks the topic it
-- became. (Articles have their own slug_redirects.)
CREATE TABLE list_redirects (
    kind      TEXT NOT NULL,
    old_slug  TEXT NOT NULL,
    target_id BIGINT NOT NULL,
    PRIMARY KEY (kind, old_slug)
);
CREATE INDEX list_redirects_target ON list_redirects(kind, target_id);
