-- Autosaves, presence and staged edits (decision 0039).
--
-- An autosave is a revision of kind 'autosave': the working copy of the
-- person who made it, never the article itself. Consecutive autosaves by
-- one person update their row instead of adding one. dismissed marks an
-- autosave whose restore offer was declined; the text stays.
ALTER TABLE revisions ADD COLUMN kind TEXT NOT NULL DEFAULT 'save';
ALTER TABLE revisions ADD COLUMN dismissed BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX revisions_autosave ON revisions(article_id, created_by, kind, id);

-- Who has an article open in the editor: one row per person, refreshed by
-- the editor's heartbeat; a row not seen for a while counts as gone.
CREATE TABLE article_presence (
    article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    user_id    BIGINT NOT NULL,
    since      BIGINT NOT NULL,
    seen_at    BIGINT NOT NULL,
    PRIMARY KEY (article_id, user_id)
);
CREATE INDEX article_presence_seen ON article_presence(seen_at);

-- Who is editing an article (the holder), and who held it before a take-over.
CREATE TABLE article_holders (
    article_id  BIGINT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    user_id     BIGINT NOT NULL,
    since       BIGINT NOT NULL,
    previous_id BIGINT,
    taken_at    BIGINT
);

-- A published article's pending version: its editable fields as a
-- revision snapshot, published when an editor chooses (or at publish_at).
CREATE TABLE article_pending (
    article_id BIGINT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    snapshot   TEXT NOT NULL,
    updated_by BIGINT,
    updated_at BIGINT NOT NULL,
    publish_at BIGINT
);
