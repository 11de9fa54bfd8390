-- Front-page curation (decision 0040): the stories the desk pins on the
-- home page (section_id 0) and on each section page. Each page has a live
-- layout, which readers see, and at most one draft, which the desk edits
-- and previews before publishing it over the live one. Slot 0 is the lead,
-- slots 1-6 the top stories in order; a slot with no row fills with the
-- latest article, as does a pinned article that is no longer published.
CREATE TABLE front_slots (
    section_id INTEGER NOT NULL,
    state      TEXT NOT NULL, -- 'live' or 'draft'
    slot       INTEGER NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    headline   TEXT NOT NULL DEFAULT '',
    image_id   INTEGER REFERENCES media(id) ON DELETE SET NULL,
    image_alt  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (section_id, state, slot)
);
CREATE INDEX front_slots_article ON front_slots(article_id);

-- Who last changed a page's draft and published it, and when; draft_at is
-- NULL when the page has no draft (the draft is then the live layout).
CREATE TABLE front_pages (
    section_id   INTEGER PRIMARY KEY,
    draft_by     INTEGER,
    draft_at     INTEGER,
    published_by INTEGER,
    published_at INTEGER
);
