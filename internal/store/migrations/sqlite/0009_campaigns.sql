-- Campaigns: one send of an issue (one article or several) to one
-- newsletter, and the checkpoint that makes the send resumable (decision
-- record 0023). Times are Unix microseconds.
CREATE TABLE campaigns (
    id                INTEGER PRIMARY KEY,
    newsletter_id     INTEGER NOT NULL REFERENCES newsletters(id),
    subject           TEXT NOT NULL,
    preheader         TEXT NOT NULL DEFAULT '',
    intro             TEXT NOT NULL DEFAULT '',
    -- copied from the newsletter when the campaign is saved
    track             INTEGER NOT NULL DEFAULT 0,
    -- draft, scheduled, sending, paused, sent, cancelled, failed
    status            TEXT NOT NULL,
    scheduled_at      INTEGER,
    started_at        INTEGER,
    finished_at       INTEGER,
    created_by        INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    -- bumped by every edit, so two editors cannot overwrite each other
    version           INTEGER NOT NULL DEFAULT 1,
    -- the email as rendered when the send started: a resumed send, after
    -- a crash or an article edit, sends exactly this (its click targets
    -- are in campaign_links, 0010)
    frozen_from       TEXT NOT NULL DEFAULT '',
    frozen_subject    TEXT NOT NULL DEFAULT '',
    frozen_html       TEXT NOT NULL DEFAULT '',
    frozen_text       TEXT NOT NULL DEFAULT '',
    frozen_headers    TEXT NOT NULL DEFAULT '',
    total_recipients  INTEGER NOT NULL DEFAULT 0,
    -- the highest reader id whose outcome is recorded; only ever moved
    -- from the value the sender read (compare-and-set)
    checkpoint        INTEGER NOT NULL DEFAULT 0,
    sent_count        INTEGER NOT NULL DEFAULT 0,
    failed_count      INTEGER NOT NULL DEFAULT 0,
    bounced_count     INTEGER NOT NULL DEFAULT 0,
    unconfirmed_count INTEGER NOT NULL DEFAULT 0,
    last_error        TEXT NOT NULL DEFAULT '',
    -- who is sending it now (a server's job or the send command), until when
    lease_owner       TEXT,
    lease_until       INTEGER
);
CREATE INDEX campaigns_newsletter ON campaigns(newsletter_id, created_at);
CREATE INDEX campaigns_created ON campaigns(created_at, id);

-- The articles of a campaign, in the order the email shows them.
CREATE TABLE campaign_articles (
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    article_id  INTEGER NOT NULL REFERENCES articles(id),
    PRIMARY KEY (campaign_id, position)
);
CREATE INDEX campaign_articles_article ON campaign_articles(article_id);
