-- Ranking on a small index (decision 0049). A search ranks its window by
-- whether the wanted words match within the headline, or within the
-- standfirst, topics or byline: two column-restricted queries over the
-- window's range of rowids. In article_search those read the words' whole
-- lists with their positions, body included, across the range: when the
-- matches are fewer than the window (phrases, exclusions), the range is the
-- whole archive and each query cost as much as the search itself.
-- article_search_fields indexes the same short fields (and the facets, so a
-- filtered window still skips through their lists) without the body: its
-- lists are a tenth as long. It holds no text of its own (contentless; rows
-- are deleted by rowid), and is written with article_search, in the same
-- transaction, by the store.
CREATE VIRTUAL TABLE article_search_fields USING fts5(
    headline, standfirst, topics, authors, facets,
    tokenize = 'porter unicode61 remove_diacritics 0',
    prefix = '3 4 5',
    content = '', contentless_delete = 1
);
INSERT INTO article_search_fields (rowid, headline, standfirst, topics, authors, facets)
    SELECT rowid, headline, standfirst, topics, authors, facets FROM article_search;

DROP TRIGGER article_search_forget;
CREATE TRIGGER article_search_forget AFTER DELETE ON articles
BEGIN
    DELETE FROM article_search WHERE rowid = old.id;
    DELETE FROM article_search_fields WHERE rowid = old.id;
END;

-- Merge article_search's segments into one: a backfill (IndexMissing
-- commits every 200 articles) leaves dozens, and FTS5 looks every word up
-- in each of them, for every search and again for each snippet's row. About
-- 17 seconds at 100,000 articles; later saves add small segments that FTS5
-- merges as it goes.
INSERT INTO article_search (article_search) VALUES ('optimize');
