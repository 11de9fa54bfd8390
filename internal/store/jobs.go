package store

import (
	"context"
	"fmt"
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
		max_attempts = excluded.max_attempts, attempts = 0, done_at = NULL, last_error = '', locked_by = NULL, locked_until = NULL`,
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
		err := sc.Scan(&j.ID, &j.Kind, &j.Payload, &j.Attempts)
		return j, err
	}, `UPDATE jobs SET locked_by = ?, locked_until = ?, attempts = attempts + 1
		WHERE id IN (SELECT id FROM jobs WHERE done_at IS NULL AND run_at <= ? AND attempts < max_attempts
			AND (locked_until IS NULL OR locked_until < ?) AND kind IN (`+placeholders(len(kinds))+`)
			ORDER BY run_at, id LIMIT ?`+db.claimLock()+`)
		RETURNING id, kind, payload, attempts`, args...)
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

// FailJob releases a job for a retry at retryAt, keeping the error.
func (db *DB) FailJob(ctx context.Context, id int64, worker string, retryAt time.Time, msg string) error {
	if len(msg) > 2000 {
		msg = msg[:2000]
	}
	_, err := db.write.ExecContext(ctx, `UPDATE jobs SET run_at = ?, last_error = ?, locked_by = NULL, locked_until = NULL WHERE id = ? AND locked_by = ?`,
		retryAt.UnixMicro(), msg, id, worker)
	return err
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
