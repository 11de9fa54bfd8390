// Package queue runs background work from a durable table in the database:
// jobs survive restarts, and several instances can share one PostgreSQL
// database because claims use FOR UPDATE SKIP LOCKED (SQLite has one writer,
// so its claims are serialised by the engine itself).
package queue

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"
)

// Job is one unit of background work.
type Job struct {
	ID       int64
	Kind     string
	Payload  string
	Attempts int // including the current one
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
	ClaimJobs(ctx context.Context, worker string, now time.Time, lease time.Duration, limit int) ([]Job, error)
	CompleteJob(ctx context.Context, id int64, worker string, now time.Time) error
	FailJob(ctx context.Context, id int64, worker string, retryAt time.Time, msg string) error
	QueueDepth(ctx context.Context, now time.Time) (ready, total int, err error)
}

// Handler does one kind of job. Handlers must be idempotent: after a crash a
// job whose lease ran out is run again.
type Handler func(ctx context.Context, j Job) error

// Options tune a Queue; zero values take sensible defaults.
type Options struct {
	Worker       string        // this instance's name in locks
	PollInterval time.Duration // how often to look for due jobs (default 1s)
	Lease        time.Duration // how long a claim lasts before another worker may take it (default 2m)
	Concurrency  int           // jobs run at once (default 4)
	Now          func() time.Time
}

// Queue enqueues jobs and runs registered handlers.
type Queue struct {
	store    Store
	log      *slog.Logger
	opts     Options
	handlers map[string]Handler
	wake     chan struct{}
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
	return &Queue{store: store, log: logger, opts: opts, handlers: map[string]Handler{}, wake: make(chan struct{}, 1)}
}

// Handle registers the handler for a kind of job. Call before Run.
func (q *Queue) Handle(kind string, h Handler) { q.handlers[kind] = h }

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
		j.MaxAttempts = 10
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

// Run claims and runs jobs until ctx is cancelled, then waits for running
// jobs to finish.
func (q *Queue) Run(ctx context.Context) {
	var wg sync.WaitGroup
	defer wg.Wait()
	sem := make(chan struct{}, q.opts.Concurrency)
	ticker := time.NewTicker(q.opts.PollInterval)
	defer ticker.Stop()
	for {
		free := q.opts.Concurrency - len(sem)
		if free > 0 {
			jobs, err := q.store.ClaimJobs(ctx, q.opts.Worker, q.opts.Now(), q.opts.Lease, free)
			if err != nil && ctx.Err() == nil {
				q.log.Error("queue: claim", "err", err)
			}
			for _, j := range jobs {
				sem <- struct{}{}
				wg.Add(1)
				go func(j Job) {
					defer wg.Done()
					defer func() { <-sem }()
					q.run(ctx, j)
				}(j)
			}
			if len(jobs) == free {
				continue // there may be more due right now
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		case <-q.wake:
		}
	}
}

func (q *Queue) run(ctx context.Context, j Job) {
	// Finish bookkeeping even when shutdown cancelled ctx mid-job.
	done := context.WithoutCancel(ctx)
	h, ok := q.handlers[j.Kind]
	var err error
	if !ok {
		err = fmt.Errorf("no handler for job kind %q", j.Kind)
	} else {
		jctx, cancel := context.WithTimeout(ctx, q.opts.Lease)
		err = safeRun(jctx, h, j)
		cancel()
	}
	if err == nil {
		if cerr := q.store.CompleteJob(done, j.ID, q.opts.Worker, q.opts.Now()); cerr != nil {
			q.log.Error("queue: complete", "job", j.ID, "err", cerr)
		}
		return
	}
	retry := q.opts.Now().Add(backoff(j.Attempts))
	q.log.Warn("queue: job failed", "job", j.ID, "kind", j.Kind, "attempt", j.Attempts, "err", err)
	if ferr := q.store.FailJob(done, j.ID, q.opts.Worker, retry, err.Error()); ferr != nil {
		q.log.Error("queue: record failure", "job", j.ID, "err", ferr)
	}
}

func safeRun(ctx context.Context, h Handler, j Job) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return h(ctx, j)
}

// backoff grows with attempts: 5s, 20s, 45s ... capped at an hour.
func backoff(attempt int) time.Duration {
	d := time.Duration(attempt*attempt) * 5 * time.Second
	if d > time.Hour || d <= 0 {
		return time.Hour
	}
	return d
}

// Drain runs every job that is due, one at a time in the calling
// goroutine, until none is left; jobs that fail wait for their retry time.
// For tests and one-shot commands: a server calls Run.
func (q *Queue) Drain(ctx context.Context) error {
	for {
		jobs, err := q.store.ClaimJobs(ctx, q.opts.Worker, q.opts.Now(), q.opts.Lease, 1)
		if err != nil || len(jobs) == 0 {
			return err
		}
		q.run(ctx, jobs[0])
	}
}
