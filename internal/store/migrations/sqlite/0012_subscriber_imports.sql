-- A subscriber CSV between its dry run and its confirmation (decision
-- record 0026). The file is kept here, not in the form, so the import
-- commits what the dry run checked and any instance can take the
-- confirmation; the row is deleted when the import is done and an
-- unconfirmed one once it expires (an hour), since it holds addresses.
CREATE TABLE subscriber_imports (
    id             TEXT NOT NULL PRIMARY KEY,
    staff_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    newsletter_ids TEXT NOT NULL,
    source         TEXT NOT NULL,
    file_name      TEXT NOT NULL,
    data           BLOB NOT NULL,
    digest         TEXT NOT NULL,
    created_at     INTEGER NOT NULL,
    expires_at     INTEGER NOT NULL
);
CREATE INDEX subscriber_imports_expires_at ON subscriber_imports(expires_at);

-- The growth chart (0026) counts subscriptions confirmed and ended before
-- its first day from these indexes alone, and reads only its period's
-- rows for the rest, instead of sorting every subscription on each view.
CREATE INDEX subscriptions_confirmed ON subscriptions(newsletter_id, confirmed_at);
CREATE INDEX subscriptions_unsubscribed ON subscriptions(newsletter_id, unsubscribed_at, confirmed_at) WHERE unsubscribed_at IS NOT NULL;
