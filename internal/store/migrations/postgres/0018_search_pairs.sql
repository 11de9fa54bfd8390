-- Phrases through GIN (decision 0032). GIN keeps no positions, so a phrase
-- was checked against the whole tsvector of every article holding all its
-- words, read from TOAST. pairs holds each two lexemes at adjacent
-- positions of the document as one lexeme ('run dog'): a phrase's
-- adjacent words must all be there, which GIN answers, and only those
-- articles are checked against the phrase itself. It is derived from the
-- document, so it has exactly the document's positions, stop words'
-- gaps and field boundaries, and every writer keeps it in step.
CREATE FUNCTION search_pairs(doc TSVECTOR) RETURNS TSVECTOR
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT COALESCE(array_to_tsvector(array_agg(DISTINCT p1.lexeme || ' ' || p2.lexeme)), ''::tsvector)
    FROM (SELECT u.lexeme, pos FROM unnest(doc) u, unnest(u.positions) pos) p1
    JOIN (SELECT u.lexeme, pos FROM unnest(doc) u, unnest(u.positions) pos) p2 ON p2.pos = p1.pos + 1
$$;
ALTER TABLE article_search ADD COLUMN pairs TSVECTOR GENERATED ALWAYS AS (search_pairs(document)) STORED;
CREATE INDEX article_search_pairs ON article_search USING GIN (pairs);
