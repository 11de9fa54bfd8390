-- A topic merged into another, or renamed, keeps its old address: it
-- redirects to the topic that now holds its articles, and typing its old
-- name in the editor picks that topic instead of making it again.
CREATE TABLE topic_redirects (
    old_slug TEXT PRIMARY KEY,
    topic_id INTEGER NOT NULL REFERENCES topics(id) ON DELETE CASCADE
);
CREATE INDEX topic_redirects_topic ON topic_redirects(topic_id);
