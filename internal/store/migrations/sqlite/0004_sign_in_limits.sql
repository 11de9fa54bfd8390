-- Sign-in and email limits count in one row per key, taken with one
-- atomic upsert (INSERT ... ON CONFLICT DO UPDATE ... RETURNING), so
-- parallel attempts cannot all read a count below the limit. The window
-- starts at the first attempt and lasts the limit's length.
CREATE TABLE rate_limits (
    key          TEXT NOT NULL PRIMARY KEY,
    hits         INTEGER NOT NULL,
    window_start INTEGER NOT NULL
);
CREATE INDEX rate_limits_window_start ON rate_limits(window_start);

-- Browsers that signed in to an account before (OWASP "device cookie"):
-- they are not subject to the per-address sign-in limit, only to their own.
CREATE TABLE login_devices (
    token_hash TEXT NOT NULL PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX login_devices_expires_at ON login_devices(expires_at);

DROP TABLE login_attempts;
