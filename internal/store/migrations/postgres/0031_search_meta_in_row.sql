-- The standfirst, topics and byline's tsvector (meta) stays in the row
-- (decision 0049). Ranking checks it for each of the window's rows, up to
-- a thousand a search: out of line (migration 0013), each check fetched it
-- from TOAST through its index, about 4 µs a row, 4 ms of a search; in the
-- row, under 1 µs. MAIN, not PLAIN as head and facets: meta has no
-- bound on its size (a standfirst of 2,000 two-letter words), and MAIN
-- moves a value out of line when the row would not fit in a page. It is
-- compressed in the row when that makes it smaller.
--
-- A new storage applies to values written after it: the USING (the same
-- values) makes PostgreSQL rewrite the table, its TOAST and its indexes,
-- about 5 minutes at 100,000 articles on a loaded 2-core machine; the
-- heap grows from 30 to 60 MB. An UPDATE of every row would write each
-- one's entries in the GIN indexes again (about 6 ms a row, 10 minutes).
-- The rewrite locks article_search: searches wait for it.
ALTER TABLE article_search
    ALTER COLUMN meta SET STORAGE MAIN,
    ALTER COLUMN meta TYPE tsvector USING meta || ''::tsvector;
