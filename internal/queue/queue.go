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
	// RenewJob extends worker's claim to until; false when the claim is gone.
	RenewJob(ctx context.Context, id int64, worker string, until time.Time) (bool, error)
	// ReleaseJob gives a claimed job back, due at runAt, without counting
	// the attempt: for a job stopped by shutdown rather than failing.
	ReleaseJob(ctx context.Context, id int64, worker string, runAt time.Time) error
	QueueDepth(ctx context.Context, now time.Time) (ready, total int, err error)
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
	return &Queue{store: store, log: logger, opts: opts, handlers: map[string]Handler{}, wake: make(chan struct{}, 1), ticker: realTicker}
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
			now := q.opts.Now()
			jobs, err := q.store.ClaimJobs(ctx, q.opts.Worker, now, q.opts.Lease, free)
			if err != nil && ctx.Err() == nil {
				q.log.Error("queue: claim", "err", err)
			}
			for _, j := range jobs {
				sem <- struct{}{}
				wg.Add(1)
				go func(j Job) {
					defer wg.Done()
					defer func() { <-sem }()
					q.run(ctx, j, now)
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

// run runs one job claimed at claimed, keeping the claim while it runs,
// and records how it ended if the claim is still this worker's.
func (q *Queue) run(ctx context.Context, j Job, claimed time.Time) {
	// Finish bookkeeping even when shutdown cancelled ctx mid-job.
	done := context.WithoutCancel(ctx)
	h, ok := q.handlers[j.Kind]
	var err error
	if !ok {
		err = fmt.Errorf("no handler for job kind %q", j.Kind)
	} else {
		// No deadline: a long job (a newsletter send) runs for as long as
		// it needs, and the renewed lease says it is still alive.
		jctx, cancel := context.WithCancelCause(ctx)
		stop := q.keepClaim(done, j, claimed, cancel)
		err = safeRun(jctx, h, j)
		stop()
		cancel(nil)
		if errors.Is(context.Cause(jctx), ErrLeaseLost) {
			q.log.Warn("queue: lost the lease on a running job; leaving it to the worker that took it", "job", j.ID, "kind", j.Kind, "err", err)
			return
		}
	}
	if err == nil {
		if cerr := q.store.CompleteJob(done, j.ID, q.opts.Worker, q.opts.Now()); cerr != nil {
			q.log.Error("queue: complete", "job", j.ID, "err", cerr)
		}
		return
	}
	if ctx.Err() != nil {
		// Shutdown stopped the job: it did not fail, so it keeps its
		// attempts and is due again at once for the next worker.
		q.log.Info("queue: job stopped by shutdown; released", "job", j.ID, "kind", j.Kind)
		if rerr := q.store.ReleaseJob(done, j.ID, q.opts.Worker, q.opts.Now()); rerr != nil {
			q.log.Error("queue: release", "job", j.ID, "err", rerr)
		}
		return
	}
	retry := q.opts.Now().Add(backoff(j.Attempts))
	q.log.Warn("queue: job failed", "job", j.ID, "kind", j.Kind, "attempt", j.Attempts, "err", err)
	if ferr := q.store.FailJob(done, j.ID, q.opts.Worker, retry, err.Error()); ferr != nil {
		q.log.Error("queue: record failure", "job", j.ID, "err", ferr)
	}
}

// keepClaim renews the claim on j every Lease/3 until stop is called. When
// a renewal finds the claim gone, or renewals keep failing until the lease
// has run out, it calls lost with ErrLeaseLost: another worker may have the
// job now. stop waits for a renewal in flight, so none lands after it.
func (q *Queue) keepClaim(ctx context.Context, j Job, claimed time.Time, lost context.CancelCauseFunc) (stop func()) {
	tick, stopTick := q.ticker(q.opts.Lease / 3)
	quit, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		defer stopTick()
		held := claimed.Add(q.opts.Lease) // the claim runs out then unless renewed
		for {
			select {
			case <-quit:
				return
			case <-tick:
			}
			now := q.opts.Now()
			ok, err := q.store.RenewJob(ctx, j.ID, q.opts.Worker, now.Add(q.opts.Lease))
			switch {
			case err == nil && ok:
				held = now.Add(q.opts.Lease)
			case err == nil:
				lost(ErrLeaseLost)
				return
			default:
				q.log.Error("queue: renew lease", "job", j.ID, "err", err)
				if !now.Before(held) {
					lost(ErrLeaseLost)
					return
				}
			}
		}
	}()
	return func() { close(quit); <-finished }
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
		now := q.opts.Now()
		jobs, err := q.store.ClaimJobs(ctx, q.opts.Worker, now, q.opts.Lease, 1)
		if err != nil || len(jobs) == 0 {
			return err
		}
		q.run(ctx, jobs[0], now)
	}
}
