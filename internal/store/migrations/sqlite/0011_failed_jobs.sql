-- A job that used up its attempts is failed (decision 0027): failed_at
-- says when, for the admin's list of failed jobs (newest first) and its
-- retry, which clears it. Jobs that failed before this column existed are
-- marked by the queue's first sweep.
ALTER TABLE jobs ADD COLUMN failed_at INTEGER;
CREATE INDEX jobs_failed ON jobs(failed_at, id);
