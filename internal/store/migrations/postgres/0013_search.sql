-- Full-text search (decision record 0032). One row per article holding the
-- text readers search as plain text (headline, standfirst, topic names,
-- author names, the body without markup; ts_headline reads it for
-- snippets), its tsvector in the 'english' configuration, weighted A
-- headline, B standfirst, topics and authors, C body, and the article's
-- section, topics and authors as lexemes ('s3 t12 a7': facets), each under
-- a GIN index, so that a filtered search intersects the two, and small
-- tsvectors of the headline (head) and of the rest but the body (meta). The store
-- writes the row in the transaction of every change to any of these;
-- status and dates are read from articles when searching, so publishing
-- or unpublishing needs no index write. Existing articles are indexed by
-- the store right after migrating (IndexMissing).
CREATE TABLE article_search (
    article_id BIGINT NOT NULL PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    headline   TEXT NOT NULL,
    standfirst TEXT NOT NULL,
    topics     TEXT NOT NULL,
    authors    TEXT NOT NULL,
    body       TEXT NOT NULL,
    facets     TSVECTOR NOT NULL,
    document   TSVECTOR NOT NULL,
    -- The headline's words, and the standfirst's, topics' and authors',
    -- on their own: ranking checks them for a thousand rows, which is
    -- cheap in these small values and not in the whole document.
    head       TSVECTOR NOT NULL,
    meta       TSVECTOR NOT NULL
);
CREATE INDEX article_search_document ON article_search USING GIN (document);
CREATE INDEX article_search_facets ON article_search USING GIN (facets);
-- A search reads up to a thousand matching rows for their ids before it
-- ranks them: long values go out of line, so those rows stay a few dozen
-- bytes and a page holds many.
ALTER TABLE article_search SET (toast_tuple_target = 128);
-- Except the headline's tsvector and the facets, which ranking and
-- filters check row by row: they stay in the row, where reading them costs
-- nothing more. Both are small whatever is typed (a headline has at most
-- 300 characters, an article at most 20 topics); meta is not (a standfirst
-- of 2,000 two-letter words would not fit in a row).
ALTER TABLE article_search ALTER COLUMN head SET STORAGE PLAIN;
ALTER TABLE article_search ALTER COLUMN facets SET STORAGE PLAIN;

-- A search checks the status and date of up to a thousand matches: this
-- index answers that without reading the articles' rows and bodies.
CREATE INDEX articles_search_filter ON articles(id, status, published_at, updated_at);
