-- Full-text search (decision record 0032). One row per article holding the
-- text readers search as plain text (headline, standfirst, topic names,
-- author names, the body without markup; ts_headline reads it for
-- snippets) and its tsvector in the 'english' configuration, weighted A
-- headline, B standfirst, topics and authors, C body, under a GIN index.
-- The store writes it in the transaction of every change to that text;
-- status, section and dates are read from articles when searching, so
-- publishing or unpublishing needs no index write. Existing articles are
-- indexed by the store right after migrating (IndexMissing).
CREATE TABLE article_search (
    article_id BIGINT NOT NULL PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    headline   TEXT NOT NULL,
    standfirst TEXT NOT NULL,
    topics     TEXT NOT NULL,
    authors    TEXT NOT NULL,
    body       TEXT NOT NULL,
    document   TSVECTOR NOT NULL
);
CREATE INDEX article_search_document ON article_search USING GIN (document);
