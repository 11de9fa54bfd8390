-- Whether an article's page leaves out its "Related" list (decision 0034).
-- Stored as "hide" so that every article written before this column, and
-- every revision snapshot without it, shows the list: the default is on.
ALTER TABLE articles ADD COLUMN hide_related BOOLEAN NOT NULL DEFAULT FALSE;
