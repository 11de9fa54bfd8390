-- A session says whose it is: a member of staff (user_id) or a reader
-- (reader_id), never both (decision 0017). The staff surface only ever
-- loads rows of its own kind, so a reader's session cannot open the
-- newsroom even if its token reached the staff cookie. Erasing a reader
-- deletes their sessions with them (the foreign key).
ALTER TABLE sessions ADD COLUMN kind TEXT NOT NULL DEFAULT 'staff';
ALTER TABLE sessions ALTER COLUMN kind DROP DEFAULT;
ALTER TABLE sessions ADD COLUMN reader_id BIGINT REFERENCES readers(id) ON DELETE CASCADE;
ALTER TABLE sessions ALTER COLUMN user_id DROP NOT NULL;
ALTER TABLE sessions ADD CONSTRAINT sessions_subject CHECK (
    (kind = 'staff' AND user_id IS NOT NULL AND reader_id IS NULL) OR
    (kind = 'reader' AND reader_id IS NOT NULL AND user_id IS NULL));
CREATE INDEX sessions_reader ON sessions(reader_id);
