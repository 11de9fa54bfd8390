// Package queue runs background work from a durable table in the database:
// jobs survive restarts, and several instances can share one PostgreSQL
// database because claims use FOR UPDATE SKIP LOCKED (SQLite has one writer,
// so its claims are serialised by the engine itself).
package queue

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"
)

// Job is one unit of background work.
type Job struct {
	ID          int64
	Kind        string
	Payload     string
	Attempts    int // including the current one
	MaxAttempts int
}

// NewJob is a job to enqueue. A non-empty UniqueKey replaces any pending job
// with the same key, so rescheduling moves the job instead of adding one.
type NewJob struct {
	Kind        string
	Payload     string
	UniqueKey   string
	RunAt       time.Time
	MaxAttempts int
}

// JobWriter adds and removes pending jobs: the database, or a transaction
// of it, so that jobs commit together with the change that asks for them.
type JobWriter interface {
	EnqueueJob(ctx context.Context, j NewJob) (int64, error)
	CancelJob(ctx context.Context, uniqueKey string) error
}

// Committer is a JobWriter that is a transaction: fn runs once it has
// committed, and not at all if it rolls back. EnqueueWith wakes the
// workers through it, so that they look for the job when they can see it;
// a JobWriter that is not one (the database itself) wakes them at once.
type Committer interface {
	AfterCommit(fn func())
}

// Store is what the queue needs from the database.
type Store interface {
	JobWriter
	// ClaimJobs claims up to limit due jobs of the given kinds (none when
	// kinds is empty).
	ClaimJobs(ctx context.Context, worker string, now time.Time, lease time.Duration, kinds []string, limit int) ([]Job, error)
	CompleteJob(ctx context.Context, id int64, worker string, now time.Time) error
	// FailJob records a failed attempt: due again at retryAt, or failed
	// as of now when it was the last.
	FailJob(ctx context.Context, id int64, worker string, now, retryAt time.Time, msg string) error
	// RenewJob extends worker's claim to until; false when the claim is gone.
	RenewJob(ctx context.Context, id int64, worker string, until time.Time) (bool, error)
	// ReleaseJob gives a claimed job back, due at runAt, without counting
	// the attempt: for a job stopped by shutdown rather than failing.
	ReleaseJob(ctx context.Context, id int64, worker string, runAt time.Time) error
	QueueDepth(ctx context.Context, now time.Time) (ready, total int, err error)
	FailedJobs
}

// FailedJobs is what the queue needs to show and act on failed jobs.
type FailedJobs interface {
	// FailAbandonedJobs fails jobs out of attempts whose worker died
	// during the last one.
	FailAbandonedJobs(ctx context.Context, now time.Time) (int, error)
	JobCounts(ctx context.Context, now time.Time) ([]KindCount, error)
	ListFailedJobs(ctx context.Context, after Cursor, limit int) ([]FailedJob, error)
	RetryFailedJob(ctx context.Context, id int64, now time.Time) error
	DeleteFailedJob(ctx context.Context, id int64) error
}

// Handler does one kind of job. Handlers must be idempotent: after a crash a
// job whose lease ran out is run again. While a handler runs the queue
// renews its claim; if the claim is lost (this process stalled for longer
// than the lease and another worker took the job) ctx is cancelled with
// cause ErrLeaseLost, and whatever the handler returns is ignored.
type Handler func(ctx context.Context, j Job) error

// ErrLeaseLost is the cause (context.Cause) of a handler's ctx when the
// queue could not keep its claim: another worker may be running the job,
// so the handler must stop without writing more progress.
var ErrLeaseLost = errors.New("queue: lease on the job lost")

// Options tune a Queue; zero values take sensible defaults.
type Options struct {
	Worker       string        // this instance's name in locks
	PollInterval time.Duration // how often to look for due jobs (default 1s)
	Lease        time.Duration // how long a claim lasts unless renewed; renewed every Lease/3 while the job runs (default 2m)
	Concurrency  int           // jobs run at once in this process, all kinds together (default 4)
	Now          func() time.Time
}

// Queue enqueues jobs and runs registered handlers.
type Queue struct {
	store Store
	log   *slog.Logger
	opts  Options
	wake  chan struct{}

	mu      sync.Mutex
	kinds   map[string]Kind // registered before Run
	running map[string]int  // jobs of each kind running now
	total   int             // all jobs running now
	// lastSweep is when failAbandoned last looked.
	lastSweep time.Time
	// ticker paces lease renewals; tests replace it to renew on demand.
	ticker func(d time.Duration) (<-chan time.Time, func())
}

func realTicker(d time.Duration) (<-chan time.Time, func()) {
	t := time.NewTicker(d)
	return t.C, t.Stop
}

// New returns a queue; register handlers, then call Run.
func New(store Store, logger *slog.Logger, opts Options) *Queue {
	if opts.Worker == "" {
		opts.Worker = fmt.Sprintf("worker-%08x", rand.Uint32())
	}
	if opts.PollInterval <= 0 {
		opts.PollInterval = time.Second
	}
	if opts.Lease <= 0 {
		opts.Lease = 2 * time.Minute
	}
	if opts.Concurrency <= 0 {
		opts.Concurrency = 4
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Queue{store: store, log: logger, opts: opts, kinds: map[string]Kind{}, running: map[string]int{}, wake: make(chan struct{}, 1), ticker: realTicker}
}

// Enqueue stores a job; it runs at RunAt (now when zero).
func (q *Queue) Enqueue(ctx context.Context, j NewJob) (int64, error) {
	return q.EnqueueWith(ctx, q.store, j)
}

// EnqueueWith stores a job through w, typically a transaction, so that the
// job exists only if the change that asked for it commits. Workers are
// woken once the job is committed (see Committer): woken before, one would
// look, miss the job and leave it to its next poll.
func (q *Queue) EnqueueWith(ctx context.Context, w JobWriter, j NewJob) (int64, error) {
	if j.RunAt.IsZero() {
		j.RunAt = q.opts.Now()
	}
	if j.MaxAttempts <= 0 {
		j.MaxAttempts = q.kind(j.Kind).maxAttempts()
	}
	id, err := w.EnqueueJob(ctx, j)
	if err != nil {
		return 0, fmt.Errorf("queue: enqueue %s: %w", j.Kind, err)
	}
	if tx, ok := w.(Committer); ok {
		tx.AfterCommit(q.notify)
	} else {
		q.notify()
	}
	return id, nil
}

// notify wakes a worker waiting in Run; a wake already pending will do.
func (q *Queue) notify() {
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// Cancel removes a pending job by its unique key.
func (q *Queue) Cancel(ctx context.Context, uniqueKey string) error {
	return q.CancelWith(ctx, q.store, uniqueKey)
}

// CancelWith removes a pending job through w, typically a transaction.
func (q *Queue) CancelWith(ctx context.Context, w JobWriter, uniqueKey string) error {
	if err := w.CancelJob(ctx, uniqueKey); err != nil {
		return fmt.Errorf("queue: cancel %s: %w", uniqueKey, err)
	}
	return nil
}

// Depth reports jobs due now and all pending jobs.
func (q *Queue) Depth(ctx context.Context) (ready, total int, err error) {
	return q.store.QueueDepth(ctx, q.opts.Now())
}
