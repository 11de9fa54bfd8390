-- SQLite lets a primary key column that is not an INTEGER PRIMARY KEY hold
-- NULL unless it is declared NOT NULL (a quirk it keeps for compatibility),
-- and 0001 did not declare these four keys so; PostgreSQL always did.
-- SQLite cannot add NOT NULL to a column, so each table is rebuilt the way
-- its documentation sets out (https://www.sqlite.org/lang_altertable.html,
-- "Making Other Kinds Of Table Schema Changes"): create the new table,
-- copy the rows, drop the old table, rename the new one to the old name,
-- create its indexes again. Columns, defaults and foreign keys are those of
-- 0001 plus NOT NULL.
--
-- Foreign keys stay on: the runner's transaction could not switch them off
-- (PRAGMA foreign_keys does nothing inside one), and it needs not: no table
-- refers to these four, so dropping them deletes nothing elsewhere, and
-- the rows copied into sessions and slug_redirects have their references
-- checked again. A row whose key is NULL is not copied: the store never
-- wrote one, and nothing could read it, since lookups go by key.

CREATE TABLE sessions_new (
    token_hash TEXT NOT NULL PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
INSERT INTO sessions_new (token_hash, user_id, csrf_token, created_at, expires_at)
    SELECT token_hash, user_id, csrf_token, created_at, expires_at FROM sessions WHERE token_hash IS NOT NULL;
DROP TABLE sessions;
ALTER TABLE sessions_new RENAME TO sessions;
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE tokens_new (
    token_hash TEXT NOT NULL PRIMARY KEY,
    purpose    TEXT NOT NULL,
    user_id    INTEGER,
    email      TEXT NOT NULL,
    role       TEXT NOT NULL DEFAULT '',
    created_by INTEGER,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);
INSERT INTO tokens_new (token_hash, purpose, user_id, email, role, created_by, created_at, expires_at, used_at)
    SELECT token_hash, purpose, user_id, email, role, created_by, created_at, expires_at, used_at FROM tokens WHERE token_hash IS NOT NULL;
DROP TABLE tokens;
ALTER TABLE tokens_new RENAME TO tokens;

CREATE TABLE settings_new (
    key   TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO settings_new (key, value)
    SELECT key, value FROM settings WHERE key IS NOT NULL;
DROP TABLE settings;
ALTER TABLE settings_new RENAME TO settings;

CREATE TABLE slug_redirects_new (
    old_slug   TEXT NOT NULL PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE
);
INSERT INTO slug_redirects_new (old_slug, article_id)
    SELECT old_slug, article_id FROM slug_redirects WHERE old_slug IS NOT NULL;
DROP TABLE slug_redirects;
ALTER TABLE slug_redirects_new RENAME TO slug_redirects;
