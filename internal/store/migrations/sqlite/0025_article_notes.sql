-- Corrections and updates (decision 0043): dated notes on an article,
-- several per article, shown in the order they were made. A note is part
-- of the public record: it is never edited or deleted, only followed by
-- another. made_by is the staff member who added it (NULL once their account is deleted).
CREATE TABLE article_notes (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL, -- 'correction' or 'update'
    body       TEXT NOT NULL,
    made_at    INTEGER NOT NULL,
    made_by    INTEGER REFERENCES users(id) ON DELETE SET NULL
);
CREATE INDEX article_notes_article ON article_notes(article_id, made_at, id);
-- The public corrections page lists corrections newest first.
CREATE INDEX article_notes_kind_made ON article_notes(kind, made_at, id);

-- The free-text correction each article had becomes one dated correction,
-- dated when the article was last edited after publication, else when it
-- was last saved; the old column is emptied (it stays, unused, so older
-- revisions still read).
INSERT INTO article_notes (article_id, kind, body, made_at)
SELECT id, 'correction', correction, COALESCE(modified_at, updated_at)
FROM articles WHERE correction <> '';
UPDATE articles SET correction = '' WHERE correction <> '';
