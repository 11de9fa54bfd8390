-- Nothing on SQLite: FTS5 answers phrases from its positions. PostgreSQL
-- indexes adjacent word pairs for phrases here (decision 0032).
SELECT 1;
