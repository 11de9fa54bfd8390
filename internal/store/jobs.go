package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"masthead/internal/queue"
)

// A Tx wakes the queue's workers only once it has committed.
var _ queue.Committer = (*Tx)(nil)

// EnqueueJob adds a job; a job with the same unique key is replaced.
func (db *DB) EnqueueJob(ctx context.Context, j queue.NewJob) (int64, error) {
	return db.enqueueJob(ctx, db.write, j)
}

// EnqueueJob adds a job that exists only if the transaction commits.
func (tx *Tx) EnqueueJob(ctx context.Context, j queue.NewJob) (int64, error) {
	return tx.db.enqueueJob(ctx, tx.q, j)
}

func (db *DB) enqueueJob(ctx context.Context, c conn, j queue.NewJob) (int64, error) {
	var key any
	if j.UniqueKey != "" {
		key = j.UniqueKey
	}
	return insertID(ctx, c, `INSERT INTO jobs (kind, payload, unique_key, run_at, max_attempts, created_at) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (unique_key) DO UPDATE SET kind = excluded.kind, payload = excluded.payload, run_at = excluded.run_at,
		max_attempts = excluded.max_attempts, attempts = 0, done_at = NULL, failed_at = NULL, last_error = '', locked_by = NULL, locked_until = NULL`,
		j.Kind, j.Payload, key, j.RunAt.UnixMicro(), j.MaxAttempts, db.Now().UnixMicro())
}

// ClaimJobs locks up to limit due jobs of the given kinds for worker until
// now+lease. A job whose lease ran out (its worker died) is claimable
// again. No kinds claim nothing: a worker takes only what it can run.
func (db *DB) ClaimJobs(ctx context.Context, worker string, now time.Time, lease time.Duration, kinds []string, limit int) ([]queue.Job, error) {
	if len(kinds) == 0 || limit <= 0 {
		return nil, nil
	}
	args := []any{worker, now.Add(lease).UnixMicro(), now.UnixMicro(), now.UnixMicro()}
	for _, k := range kinds {
		args = append(args, k)
	}
	args = append(args, limit)
	out, err := queryAll(ctx, db.write, func(sc scanner) (queue.Job, error) {
		var j queue.Job
		err := sc.Scan(&j.ID, &j.Kind, &j.Payload, &j.Attempts, &j.MaxAttempts)
		return j, err
	}, `UPDATE jobs SET locked_by = ?, locked_until = ?, attempts = attempts + 1
		WHERE id IN (SELECT id FROM jobs WHERE done_at IS NULL AND run_at <= ? AND attempts < max_attempts
			AND (locked_until IS NULL OR locked_until < ?) AND kind IN (`+placeholders(len(kinds))+`)
			ORDER BY run_at, id LIMIT ?`+db.claimLock()+`)
		RETURNING id, kind, payload, attempts, max_attempts`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: claim jobs: %w", err)
	}
	return out, nil
}

// claimLock is the dialect's row-locking clause for the claim subquery.
func (db *DB) claimLock() string {
	if db.dialect == Postgres {
		return ` FOR UPDATE SKIP LOCKED`
	}
	return ""
}

// CompleteJob marks a job done, if worker still holds it.
func (db *DB) CompleteJob(ctx context.Context, id int64, worker string, now time.Time) error {
	_, err := db.write.ExecContext(ctx, `UPDATE jobs SET done_at = ?, locked_by = NULL, locked_until = NULL, last_error = '' WHERE id = ? AND locked_by = ?`,
		now.UnixMicro(), id, worker)
	return err
}

// RenewJob extends worker's claim on a running job to until. It reports
// false when the claim is gone (the lease ran out and another worker took
// the job, or it was finished or replaced): the caller must stop.
func (db *DB) RenewJob(ctx context.Context, id int64, worker string, until time.Time) (bool, error) {
	res, err := db.write.ExecContext(ctx, `UPDATE jobs SET locked_until = ? WHERE id = ? AND locked_by = ? AND done_at IS NULL`,
		until.UnixMicro(), id, worker)
	if err != nil {
		return false, fmt.Errorf("store: renew job %d: %w", id, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("store: renew job %d: %w", id, err)
	}
	return n == 1, nil
}

// FailJob releases a job for a retry at retryAt, keeping the error; a job
// that has used up its attempts is failed as of now instead.
func (db *DB) FailJob(ctx context.Context, id int64, worker string, now, retryAt time.Time, msg string) error {
	msg = strings.ToValidUTF8(msg, "?")
	if len(msg) > 2000 {
		msg = strings.ToValidUTF8(msg[:2000], "")
	}
	_, err := db.write.ExecContext(ctx, `UPDATE jobs SET run_at = ?, last_error = ?, locked_by = NULL, locked_until = NULL,
		failed_at = CASE WHEN attempts >= max_attempts THEN CAST(? AS BIGINT) ELSE NULL END WHERE id = ? AND locked_by = ?`,
		retryAt.UnixMicro(), msg, now.UnixMicro(), id, worker)
	return err
}

// abandonedError is the error kept on a job whose worker stopped during
// its last attempt, when it had no error of its own.
const abandonedError = "the worker running its last attempt stopped before finishing it"

// FailAbandonedJobs fails the jobs out of attempts that nothing runs any
// more: their worker died during the last attempt (its lease ran out), or
// they failed before failed_at existed. It reports how many.
func (db *DB) FailAbandonedJobs(ctx context.Context, now time.Time) (int, error) {
	res, err := db.write.ExecContext(ctx, `UPDATE jobs SET failed_at = COALESCE(locked_until, run_at), locked_by = NULL, locked_until = NULL,
		last_error = CASE WHEN last_error = '' THEN ? ELSE last_error END
		WHERE done_at IS NULL AND failed_at IS NULL AND attempts >= max_attempts AND (locked_until IS NULL OR locked_until < ?)`,
		abandonedError, now.UnixMicro())
	if err != nil {
		return 0, fmt.Errorf("store: fail abandoned jobs: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// JobCounts counts unfinished jobs per kind: waiting (due or not), running
// (claimed, lease not run out) and failed.
func (db *DB) JobCounts(ctx context.Context, now time.Time) ([]queue.KindCount, error) {
	out, err := queryAll(ctx, db.read, func(sc scanner) (queue.KindCount, error) {
		var c queue.KindCount
		err := sc.Scan(&c.Kind, &c.Waiting, &c.Running, &c.Failed)
		return c, err
	}, `SELECT kind,
		COALESCE(SUM(CASE WHEN failed_at IS NULL AND attempts < max_attempts AND (locked_until IS NULL OR locked_until < ?) THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN failed_at IS NULL AND locked_until >= ? THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN failed_at IS NOT NULL THEN 1 ELSE 0 END), 0)
		FROM jobs WHERE done_at IS NULL GROUP BY kind ORDER BY kind`, now.UnixMicro(), now.UnixMicro())
	if err != nil {
		return nil, fmt.Errorf("store: job counts: %w", err)
	}
	return out, nil
}

// ListFailedJobs lists failed jobs, the latest failure first, from before
// the cursor (failed at, id) when after.ID is set.
func (db *DB) ListFailedJobs(ctx context.Context, after queue.Cursor, limit int) ([]queue.FailedJob, error) {
	where, args := "", []any{}
	if after.ID > 0 {
		where = ` AND (failed_at < ? OR (failed_at = ? AND id < ?))`
		at := after.At.UnixMicro()
		args = append(args, at, at, after.ID)
	}
	args = append(args, limit)
	out, err := queryAll(ctx, db.read, func(sc scanner) (queue.FailedJob, error) {
		var j queue.FailedJob
		var failed, created Time
		err := sc.Scan(&j.ID, &j.Kind, &j.Payload, &j.Attempts, &j.LastError, &failed, &created)
		j.FailedAt, j.CreatedAt = failed.T, created.T
		return j, err
	}, `SELECT id, kind, payload, attempts, last_error, failed_at, created_at FROM jobs
		WHERE failed_at IS NOT NULL AND done_at IS NULL`+where+` ORDER BY failed_at DESC, id DESC LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list failed jobs: %w", err)
	}
	return out, nil
}

// RetryFailedJob makes a failed job due at now with fresh attempts; the
// error stays until it runs. ErrNotFound when no failed job has the id.
func (db *DB) RetryFailedJob(ctx context.Context, id int64, now time.Time) error {
	res, err := db.write.ExecContext(ctx, `UPDATE jobs SET attempts = 0, failed_at = NULL, run_at = ?, locked_by = NULL, locked_until = NULL
		WHERE id = ? AND failed_at IS NOT NULL AND done_at IS NULL`, now.UnixMicro(), id)
	return oneRow(res, err, "retry failed job")
}

// DeleteFailedJob removes a failed job for good. ErrNotFound when no
// failed job has the id.
func (db *DB) DeleteFailedJob(ctx context.Context, id int64) error {
	res, err := db.write.ExecContext(ctx, `DELETE FROM jobs WHERE id = ? AND failed_at IS NOT NULL AND done_at IS NULL`, id)
	return oneRow(res, err, "delete failed job")
}

// oneRow turns a write that should have changed one row into ErrNotFound
// when it changed none.
func oneRow(res sql.Result, err error, what string) error {
	if err != nil {
		return fmt.Errorf("store: %s: %w", what, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("store: %s: %w", what, err)
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}

// ReleaseJob gives a claimed job back, due at runAt, without counting the
// attempt it was claimed for, if worker still holds it.
func (db *DB) ReleaseJob(ctx context.Context, id int64, worker string, runAt time.Time) error {
	_, err := db.write.ExecContext(ctx, `UPDATE jobs SET run_at = ?, attempts = attempts - 1, locked_by = NULL, locked_until = NULL
		WHERE id = ? AND locked_by = ? AND done_at IS NULL AND attempts > 0`, runAt.UnixMicro(), id, worker)
	return err
}

// CancelJob deletes a pending job by unique key.
func (db *DB) CancelJob(ctx context.Context, uniqueKey string) error {
	return cancelJob(ctx, db.write, uniqueKey)
}

// CancelJob deletes a pending job when the transaction commits.
func (tx *Tx) CancelJob(ctx context.Context, uniqueKey string) error {
	return cancelJob(ctx, tx.q, uniqueKey)
}

func cancelJob(ctx context.Context, c conn, uniqueKey string) error {
	_, err := c.ExecContext(ctx, `DELETE FROM jobs WHERE unique_key = ? AND done_at IS NULL`, uniqueKey)
	return err
}

// QueueDepth counts jobs due now and all jobs still pending.
func (db *DB) QueueDepth(ctx context.Context, now time.Time) (ready, total int, err error) {
	err = db.read.QueryRowContext(ctx, `SELECT
		COALESCE(SUM(CASE WHEN run_at <= ? THEN 1 ELSE 0 END), 0), COUNT(*)
		FROM jobs WHERE done_at IS NULL AND attempts < max_attempts`, now.UnixMicro()).Scan(&ready, &total)
	return ready, total, err
}

// PruneJobs deletes finished jobs older than before.
func (db *DB) PruneJobs(ctx context.Context, before time.Time) error {
	_, err := db.write.ExecContext(ctx, `DELETE FROM jobs WHERE done_at IS NOT NULL AND done_at < ?`, before.UnixMicro())
	return err
}
