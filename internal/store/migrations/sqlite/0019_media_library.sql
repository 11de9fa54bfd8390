-- The media library (issue 9, decisions 0036 and 0037). Each image gets a
-- name to search by, the alt text, caption and credit a new use starts
-- from, and a focal point (x, y in 0..1 of the upright picture) that crops
-- keep in frame. updated_at changes when the file is replaced.
ALTER TABLE media ADD COLUMN name TEXT NOT NULL DEFAULT '';
ALTER TABLE media ADD COLUMN alt TEXT NOT NULL DEFAULT '';
ALTER TABLE media ADD COLUMN caption TEXT NOT NULL DEFAULT '';
ALTER TABLE media ADD COLUMN credit TEXT NOT NULL DEFAULT '';
ALTER TABLE media ADD COLUMN focus_x REAL NOT NULL DEFAULT 0.5;
ALTER TABLE media ADD COLUMN focus_y REAL NOT NULL DEFAULT 0.5;
ALTER TABLE media ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;

-- Responsive variants of an image: one row per file, written only after
-- the file is fully stored. source is the path of the original it was made
-- from, so a variant of a replaced file is never listed for the new one;
-- rows whose image is gone or replaced are removed with their files (no
-- cascade: the file must go first).
CREATE TABLE media_variants (
    media_id INTEGER NOT NULL,
    source   TEXT NOT NULL,
    path     TEXT NOT NULL UNIQUE,
    mime     TEXT NOT NULL,
    width    INTEGER NOT NULL,
    height   INTEGER NOT NULL,
    size     INTEGER NOT NULL,
    PRIMARY KEY (media_id, source, mime, width)
);
