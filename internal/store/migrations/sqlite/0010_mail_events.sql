-- What comes back from sent mail (decision record 0025): bounces,
-- complaints, unsubscribes, and opens and clicks where a newsletter has
-- tracking on. Times are Unix microseconds.

-- Off by default: opens and clicks are recorded only for a newsletter
-- whose staff turned tracking on (and said so in the privacy notice).
ALTER TABLE newsletters ADD COLUMN track INTEGER NOT NULL DEFAULT 0;

-- One row per reader, campaign, kind and link, so every count is of
-- readers: a reader's second open or a retried bounce adds nothing.
-- link is the click's link index (campaign_links.position), and -1 for
-- every other kind; a click also writes a row with -1, "clicked
-- anything", which the count of clicking readers reads. Campaigns are
-- referred to by id only. Erasing a reader clears reader_id (the foreign
-- key); the rows stay, identifying nobody, so a campaign's counts stay.
CREATE TABLE mail_events (
    id            INTEGER PRIMARY KEY,
    campaign_id   INTEGER NOT NULL,
    newsletter_id INTEGER REFERENCES newsletters(id) ON DELETE SET NULL,
    reader_id     INTEGER REFERENCES readers(id) ON DELETE SET NULL,
    kind          TEXT NOT NULL,
    link          INTEGER NOT NULL DEFAULT -1,
    detail        TEXT NOT NULL DEFAULT '',
    at            INTEGER NOT NULL,
    CONSTRAINT mail_events_kind CHECK (kind IN ('bounce', 'soft_bounce', 'complaint', 'unsubscribe', 'open', 'click'))
);
CREATE UNIQUE INDEX mail_events_once ON mail_events(campaign_id, kind, link, reader_id);
CREATE INDEX mail_events_reader ON mail_events(reader_id);

-- The click targets of a campaign's email, saved when the send starts:
-- a click redirects only to a link stored here, never to an address the
-- request names.
CREATE TABLE campaign_links (
    campaign_id INTEGER NOT NULL,
    position    INTEGER NOT NULL,
    url         TEXT NOT NULL,
    PRIMARY KEY (campaign_id, position)
);
