-- PostgreSQL keeps the tsvector that ranking checks in the row (decision
-- 0049); SQLite ranks on its own index (0030): nothing to do.
SELECT 1;
