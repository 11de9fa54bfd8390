-- Editorial notes (decision 0046): private comments on an article for the
-- desk, never shown to readers. A note is plain text, kept as typed (line
-- breaks included); it is not edited, and only its writer may delete it.
-- user_id is who wrote it (NULL once their account is deleted). Deleting a
-- draft deletes its notes.
CREATE TABLE desk_notes (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    user_id    INTEGER REFERENCES users(id) ON DELETE SET NULL,
    at         INTEGER NOT NULL,
    body       TEXT NOT NULL
);
CREATE INDEX desk_notes_article ON desk_notes(article_id, at, id);

-- Whom a note mentioned (@handle), each notified by email once.
CREATE TABLE desk_note_mentions (
    note_id INTEGER NOT NULL REFERENCES desk_notes(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (note_id, user_id)
);
CREATE INDEX desk_note_mentions_user ON desk_note_mentions(user_id);
