-- Readers, newsletters, subscriptions and consent (SQLite). Decision
-- records 0016 (readers) and 0019 (consent). Times are Unix microseconds.

-- The publication's job sectors, offered on sign-up forms and the jobs
-- board. Inactive ones stay for the readers who chose them.
CREATE TABLE job_sectors (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    position   INTEGER NOT NULL DEFAULT 0,
    active     INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

-- A reader is one email address. email is where mail goes (as first given,
-- domain lower-cased and in punycode); email_key is the identity (all lower
-- case); subject_hash is the keyed hash of email_key that consent records
-- and the suppression list keep; uid names the reader in signed links.
CREATE TABLE readers (
    id           INTEGER PRIMARY KEY,
    uid          TEXT NOT NULL UNIQUE,
    email        TEXT NOT NULL,
    email_key    TEXT NOT NULL UNIQUE,
    subject_hash TEXT NOT NULL,
    sector_id    INTEGER REFERENCES job_sectors(id) ON DELETE SET NULL,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
-- Not UNIQUE: email_key already is, and the hash follows from it. A second
-- unique index would make two simultaneous sign-ups of one address fail on
-- PostgreSQL, whose ON CONFLICT (email_key) does not arbitrate it.
CREATE INDEX readers_subject ON readers(subject_hash);

CREATE TABLE newsletters (
    id           INTEGER PRIMARY KEY,
    slug         TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    cadence      TEXT NOT NULL DEFAULT '',
    sender_name  TEXT NOT NULL,
    sender_email TEXT NOT NULL,
    reply_to     TEXT NOT NULL DEFAULT '',
    list_id      TEXT NOT NULL UNIQUE,
    public       INTEGER NOT NULL DEFAULT 1,
    on_articles  INTEGER NOT NULL DEFAULT 0,
    position     INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);

-- The current state of each reader's newsletters; its history is in
-- consent_records.
CREATE TABLE subscriptions (
    reader_id       INTEGER NOT NULL REFERENCES readers(id) ON DELETE CASCADE,
    newsletter_id   INTEGER NOT NULL REFERENCES newsletters(id),
    status          TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    confirmed_at    INTEGER,
    unsubscribed_at INTEGER,
    updated_at      INTEGER NOT NULL,
    PRIMARY KEY (reader_id, newsletter_id)
);
CREATE INDEX subscriptions_newsletter_status ON subscriptions(newsletter_id, status, reader_id);

-- The exact wording a form showed, each version once.
CREATE TABLE consent_texts (
    version    INTEGER PRIMARY KEY,
    text_hash  TEXT NOT NULL UNIQUE,
    text       TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

-- Append-only: rows are inserted, never updated or deleted. Erasing a
-- reader clears reader_id and keeps subject_hash (0019).
CREATE TABLE consent_records (
    id              INTEGER PRIMARY KEY,
    reader_id       INTEGER REFERENCES readers(id) ON DELETE SET NULL,
    subject_hash    TEXT NOT NULL,
    newsletter_id   INTEGER REFERENCES newsletters(id),
    action          TEXT NOT NULL,
    method          TEXT NOT NULL,
    source          TEXT NOT NULL,
    consent_version INTEGER REFERENCES consent_texts(version),
    staff_id        INTEGER REFERENCES users(id) ON DELETE SET NULL,
    at              INTEGER NOT NULL
);
CREATE INDEX consent_records_reader ON consent_records(reader_id, at);
CREATE INDEX consent_records_subject ON consent_records(subject_hash, at);

-- A sign-up waiting for its double opt-in link. The link's token is made
-- by the job that emails it, so no usable token sits in the queue.
CREATE TABLE confirmations (
    id              INTEGER PRIMARY KEY,
    reader_id       INTEGER NOT NULL REFERENCES readers(id) ON DELETE CASCADE,
    token_hash      TEXT UNIQUE,
    source          TEXT NOT NULL,
    consent_version INTEGER REFERENCES consent_texts(version),
    sector_id       INTEGER REFERENCES job_sectors(id) ON DELETE SET NULL,
    created_at      INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,
    sent_at         INTEGER,
    used_at         INTEGER
);
CREATE INDEX confirmations_reader ON confirmations(reader_id);
CREATE INDEX confirmations_expires_at ON confirmations(expires_at);

CREATE TABLE confirmation_newsletters (
    confirmation_id INTEGER NOT NULL REFERENCES confirmations(id) ON DELETE CASCADE,
    newsletter_id   INTEGER NOT NULL REFERENCES newsletters(id),
    PRIMARY KEY (confirmation_id, newsletter_id)
);

-- Addresses never to be mailed or signed up again until staff lift them:
-- the keyed hash only, so an erased address is not kept.
CREATE TABLE suppressions (
    subject_hash TEXT NOT NULL PRIMARY KEY,
    reason       TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    lifted_at    INTEGER,
    lifted_by    INTEGER REFERENCES users(id) ON DELETE SET NULL
);

-- Server secrets made at first use and kept with the data they protect
-- (the key of the hashes above and of signed links: 0016).
CREATE TABLE secrets (
    name       TEXT NOT NULL PRIMARY KEY,
    value      TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

-- The default list (DESIGN.md); the publisher edits it in Settings.
INSERT INTO job_sectors (name, position, created_at, updated_at) VALUES
    ('Administration / Office', 1, 0, 0),
    ('Arts and Culture', 2, 0, 0),
    ('Board Member', 3, 0, 0),
    ('Business / Corporate Services', 4, 0, 0),
    ('Client / Customer Services', 5, 0, 0),
    ('Communications', 6, 0, 0),
    ('Construction, Works, Engineering', 7, 0, 0),
    ('Education, Curriculum and Teaching', 8, 0, 0),
    ('Environment, Conservation and NRM', 9, 0, 0),
    ('Facility / Grounds Management and Maintenance', 10, 0, 0),
    ('Finance Management', 11, 0, 0),
    ('Health - Medical and Nursing Management', 12, 0, 0),
    ('HR, Training and Organisational Development', 13, 0, 0),
    ('Information and Communications Technology', 14, 0, 0),
    ('Information Services, Statistics, Records, Archives', 15, 0, 0),
    ('Infrastructure Management - Transport, Utilities', 16, 0, 0),
    ('Legal Officers and Practitioners', 17, 0, 0),
    ('Librarians and Library Management', 18, 0, 0),
    ('Management', 19, 0, 0),
    ('Marketing', 20, 0, 0),
    ('OH&S, Risk Management', 21, 0, 0),
    ('Operations Management', 22, 0, 0),
    ('Planning, Policy, Strategy', 23, 0, 0),
    ('Printing, Design, Publishing, Web', 24, 0, 0),
    ('Projects, Programs and Advisors', 25, 0, 0),
    ('Property, Assets and Fleet Management', 26, 0, 0),
    ('Public Relations and Media', 27, 0, 0),
    ('Purchasing and Procurement', 28, 0, 0),
    ('Quality Management', 29, 0, 0),
    ('Science and Technical Research and Development', 30, 0, 0),
    ('Security and Law Enforcement', 31, 0, 0),
    ('Service Delivery', 32, 0, 0),
    ('Sport and Recreation', 33, 0, 0),
    ('Travel, Accommodation, Tourism', 34, 0, 0),
    ('Wellbeing, Community / Social Services', 35, 0, 0);
