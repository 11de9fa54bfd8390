-- Whether an image file has had its camera metadata (EXIF with GPS,
-- serial numbers, XMP, IPTC) stripped. Images uploaded before stripping
-- existed start at FALSE; serve strips them in the background on start, and
-- `masthead media strip` does the same on demand, setting TRUE as it goes.
ALTER TABLE media ADD COLUMN metadata_stripped BOOLEAN NOT NULL DEFAULT FALSE;
