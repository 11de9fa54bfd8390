-- Focal point or crop per use of an image (issue 9, decision 0048). The
-- lead image's use: lead_crop is '' (the whole picture) or a ratio such as
-- '16x9'; lead_focus is '' (the image's own focal point) or 'x,y' in 0..1
-- with two decimals. Body image blocks carry theirs in the body itself.
ALTER TABLE articles ADD COLUMN lead_crop TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN lead_focus TEXT NOT NULL DEFAULT '';
-- The files of a per-use crop: one per width and type, made by a
-- media:usecrop job from the image's file at source, keyed by crop
-- ('16x9@0.50,0.30': ratio and focal point). A crop's rows are written
-- in one transaction once all its files are stored, so a page lists a
-- crop whole or not at all; rows of a replaced file are removed with it.
CREATE TABLE media_crop_variants (
    media_id BIGINT NOT NULL,
    source   TEXT NOT NULL,
    crop     TEXT NOT NULL,
    path     TEXT NOT NULL UNIQUE,
    mime     TEXT NOT NULL,
    width    INTEGER NOT NULL,
    height   INTEGER NOT NULL,
    size     BIGINT NOT NULL,
    PRIMARY KEY (media_id, source, crop, mime, width)
);
