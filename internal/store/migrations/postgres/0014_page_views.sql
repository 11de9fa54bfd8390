-- Readers' page views, counted without knowing who reads (decision record
-- 0033): per hour and article (article_id 0: pages that are not articles),
-- and per day and referring domain ('other' for the rest). No reader
-- identifier, address or agent has a column here. Counts are added to by
-- every instance in batches (INSERT ... ON CONFLICT ... views + excluded).
-- Times are Unix microseconds in UTC, like every stored time: hour on the
-- hour, day at midnight UTC.
CREATE TABLE page_views (
    hour       BIGINT NOT NULL,
    article_id BIGINT NOT NULL,
    views      BIGINT NOT NULL,
    PRIMARY KEY (hour, article_id)
);
-- One article's views over time (its analytics page).
CREATE INDEX page_views_article ON page_views(article_id, hour);

CREATE TABLE referrer_views (
    day    BIGINT NOT NULL,
    domain TEXT NOT NULL,
    views  BIGINT NOT NULL,
    PRIMARY KEY (day, domain)
);
