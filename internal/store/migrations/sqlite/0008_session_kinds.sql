-- A session says whose it is: a member of staff (user_id) or a reader
-- (reader_id), never both (decision 0017). The staff surface only ever
-- loads rows of its own kind, so a reader's session cannot open the
-- newsroom even if its token reached the staff cookie. Erasing a reader
-- deletes their sessions with them (the foreign key). SQLite cannot drop
-- NOT NULL from user_id in place, so the table is rebuilt as 0006 did
-- (create, copy, drop, rename; nothing refers to sessions).
CREATE TABLE sessions_new (
    token_hash TEXT NOT NULL PRIMARY KEY,
    kind       TEXT NOT NULL,
    user_id    INTEGER REFERENCES users(id) ON DELETE CASCADE,
    reader_id  INTEGER REFERENCES readers(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    CONSTRAINT sessions_subject CHECK (
        (kind = 'staff' AND user_id IS NOT NULL AND reader_id IS NULL) OR
        (kind = 'reader' AND reader_id IS NOT NULL AND user_id IS NULL))
);
INSERT INTO sessions_new (token_hash, kind, user_id, csrf_token, created_at, expires_at)
    SELECT token_hash, 'staff', user_id, csrf_token, created_at, expires_at FROM sessions;
DROP TABLE sessions;
ALTER TABLE sessions_new RENAME TO sessions;
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_reader ON sessions(reader_id);
