-- On SQLite, 0006 rebuilds sessions, tokens, settings and slug_redirects so
-- that their text primary keys are NOT NULL, as SQLite does not imply it.
-- PostgreSQL makes every primary key column NOT NULL already: nothing to do
-- here but keep the versions of both dialects in step.
SELECT 1;
