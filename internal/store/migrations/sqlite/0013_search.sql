-- Full-text search (decision record 0032). One FTS5 row per article, its
-- rowid the article's id, holding the text readers search as plain text:
-- headline, standfirst, topic names, author names and the body without
-- markup, and the article's section, topics and authors as tokens
-- ("s3 t12 a7": facets) so that a filtered search intersects lists in the
-- index instead of checking every match. The store writes the row in the
-- transaction of every change to any of these; status and dates are read
-- from articles when searching, so publishing or unpublishing needs no
-- index write. Porter stemming over unicode61, diacritics kept, as
-- PostgreSQL's english configuration keeps them, so both engines find the
-- same articles. Existing articles are indexed by the store right after
-- migrating (IndexMissing).
-- Prefix indexes for prefixes of 3 to 5 letters ("elect*"): without them
-- a prefix merges the lists of every word it begins, which for short
-- prefixes is most of the index.
CREATE VIRTUAL TABLE article_search USING fts5(
    headline, standfirst, topics, authors, body, facets,
    tokenize = 'porter unicode61 remove_diacritics 0',
    prefix = '3 4 5'
);

-- Any deletion of an article takes its index row with it, in the same
-- statement's transaction (PostgreSQL: the foreign key's cascade).
CREATE TRIGGER article_search_forget AFTER DELETE ON articles
BEGIN
    DELETE FROM article_search WHERE rowid = old.id;
END;

-- A search checks the status and date of up to a thousand matches: this
-- index answers that without reading the articles' rows and bodies.
CREATE INDEX articles_search_filter ON articles(id, status, published_at, updated_at);
