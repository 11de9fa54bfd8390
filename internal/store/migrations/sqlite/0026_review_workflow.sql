-- The desk's review workflow (issue 10, decision 0045). An article may be
-- assigned to an editor (assignee_id, NULL for nobody; NULL again when the
-- account is deleted). The two new statuses, 'review' and 'ready', need no
-- schema: articles.status has no CHECK constraint.
ALTER TABLE articles ADD COLUMN assignee_id INTEGER REFERENCES users(id) ON DELETE SET NULL;
CREATE INDEX articles_assignee ON articles(assignee_id, updated_at, id) WHERE assignee_id IS NOT NULL;

-- The article's workflow log: each change of status and of assignee, who
-- made it, when (Unix microseconds) and the note given (a send-back's
-- reason). It goes with the article when a draft is deleted.
CREATE TABLE article_events (
    id          INTEGER PRIMARY KEY,
    article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    at          INTEGER NOT NULL,
    user_id     INTEGER, -- like revisions.created_by: no foreign key
    kind        TEXT NOT NULL, -- 'status' or 'assign'
    from_status TEXT NOT NULL DEFAULT '',
    to_status   TEXT NOT NULL DEFAULT '',
    assignee_id INTEGER,
    note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX article_events_article ON article_events(article_id, at, id);
