package queue

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"time"
)

// A job that used up its attempts is failed: it stays in the table with
// its last error, is never claimed again, and waits for staff to retry it
// (fresh attempts) or delete it.

// KindCount is the unfinished jobs of one kind.
type KindCount struct {
	Kind    string
	Waiting int // not running and not failed: due now or later
	Running int // claimed, with a lease not run out
	Failed  int
	// Handled is whether this process runs the kind (it has a handler).
	Handled bool
}

// FailedJob is a job that used up its attempts.
type FailedJob struct {
	ID        int64
	Kind      string
	Payload   string // raw; never shown: see Summary
	Attempts  int
	LastError string
	FailedAt  time.Time
	CreatedAt time.Time
	// Summary says what the job is about without personal data, from
	// its kind's Summary; empty when the kind has none.
	Summary string
}

// Cursor is a place in the failed-jobs list: the failure time and id of
// the last job shown. The zero Cursor is the start.
type Cursor struct {
	At time.Time
	ID int64
}

// Counts are the unfinished jobs of each kind in the database, with every
// kind this process runs, even those with none.
func (q *Queue) Counts(ctx context.Context) ([]KindCount, error) {
	counts, err := q.store.JobCounts(ctx, q.opts.Now())
	if err != nil {
		return nil, fmt.Errorf("queue: counts: %w", err)
	}
	seen := map[string]bool{}
	for i := range counts {
		_, counts[i].Handled = q.lookup(counts[i].Kind)
		seen[counts[i].Kind] = true
	}
	var out []KindCount
	for _, name := range q.Kinds() {
		if !seen[name] {
			out = append(out, KindCount{Kind: name, Handled: true})
		}
	}
	out = append(out, counts...)
	sort.Slice(out, func(i, j int) bool { return out[i].Kind < out[j].Kind })
	return out, nil
}

// Failed lists failed jobs, latest failure first, after the cursor. Each
// has its kind's Summary and an error with email addresses masked: job
// payloads and mail errors hold readers' addresses, and the list is a
// page in the admin.
func (q *Queue) Failed(ctx context.Context, after Cursor, limit int) ([]FailedJob, error) {
	jobs, err := q.store.ListFailedJobs(ctx, after, limit)
	if err != nil {
		return nil, fmt.Errorf("queue: failed jobs: %w", err)
	}
	for i := range jobs {
		if k, ok := q.lookup(jobs[i].Kind); ok && k.Summary != nil {
			jobs[i].Summary = k.Summary(jobs[i].Payload)
		}
		jobs[i].LastError = MaskAddresses(jobs[i].LastError)
	}
	return jobs, nil
}

// Retry makes a failed job due now with fresh attempts. The error is
// NotFound (store.ErrNotFound) when no failed job has the id.
func (q *Queue) Retry(ctx context.Context, id int64) error {
	if err := q.store.RetryFailedJob(ctx, id, q.opts.Now()); err != nil {
		return err
	}
	q.notify()
	return nil
}

// Delete removes a failed job for good.
func (q *Queue) Delete(ctx context.Context, id int64) error {
	return q.store.DeleteFailedJob(ctx, id)
}

// failAbandoned marks jobs whose worker died during their last attempt,
// at most once a minute (Run calls it on every wake).
func (q *Queue) failAbandoned(ctx context.Context) {
	now := q.opts.Now()
	q.mu.Lock()
	due := now.Sub(q.lastSweep) >= time.Minute || now.Before(q.lastSweep)
	if due {
		q.lastSweep = now
	}
	q.mu.Unlock()
	if !due {
		return
	}
	if n, err := q.store.FailAbandonedJobs(ctx, now); err != nil {
		if ctx.Err() == nil {
			q.log.Error("queue: fail abandoned jobs", "err", err)
		}
	} else if n > 0 {
		q.log.Warn("queue: jobs failed because their worker stopped during the last attempt", "jobs", n)
	}
}

// addressRE matches email addresses in error text.
var addressRE = regexp.MustCompile(`[^\s<>()\[\]"',;:=]+@[A-Za-z0-9.-]+`)

// MaskAddresses replaces email addresses in s with "[address]".
func MaskAddresses(s string) string {
	return addressRE.ReplaceAllString(s, "[address]")
}
