-- An administrator can remove a staff member's access without deleting
-- the account, which bylines, revisions and ownership refer to.
ALTER TABLE users ADD COLUMN disabled_at INTEGER;
