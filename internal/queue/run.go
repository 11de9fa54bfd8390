package queue

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Run claims and runs jobs until ctx is cancelled, then waits for running
// jobs to finish.
func (q *Queue) Run(ctx context.Context) {
	var wg sync.WaitGroup
	defer wg.Wait()
	ticker := time.NewTicker(q.opts.PollInterval)
	defer ticker.Stop()
	for {
		q.failAbandoned(ctx)
		if q.claimAndStart(ctx, &wg) {
			continue // there may be more due right now
		}
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		case <-q.wake:
		}
	}
}

// claimAndStart claims what the free slots allow, kind by kind (see plan),
// and starts the jobs. It reports whether some claim was filled, so more
// may be due.
func (q *Queue) claimAndStart(ctx context.Context, wg *sync.WaitGroup) (more bool) {
	q.mu.Lock()
	claims := q.plan(q.opts.Concurrency - q.total)
	q.mu.Unlock()
	for _, c := range claims {
		// Earlier claims in this round took slots: never exceed the total.
		q.mu.Lock()
		if free := q.opts.Concurrency - q.total; free < c.limit {
			c.limit = free
		}
		q.mu.Unlock()
		if c.limit <= 0 {
			return true
		}
		now := q.opts.Now()
		jobs, err := q.store.ClaimJobs(ctx, q.opts.Worker, now, q.opts.Lease, c.kinds, c.limit)
		if err != nil {
			if ctx.Err() == nil {
				q.log.Error("queue: claim", "err", err)
			}
			return false
		}
		for _, j := range jobs {
			q.mu.Lock()
			q.running[j.Kind]++
			q.total++
			q.mu.Unlock()
			wg.Add(1)
			go func(j Job) {
				defer wg.Done()
				q.run(ctx, j, now)
				q.mu.Lock()
				q.running[j.Kind]--
				q.total--
				q.mu.Unlock()
				q.notify() // a slot is free: look again without waiting for the poll
			}(j)
		}
		if len(jobs) == c.limit {
			more = true
		}
	}
	return more
}

// run runs one job claimed at claimed, keeping the claim while it runs,
// and records how it ended if the claim is still this worker's.
func (q *Queue) run(ctx context.Context, j Job, claimed time.Time) {
	// Finish bookkeeping even when shutdown cancelled ctx mid-job.
	done := context.WithoutCancel(ctx)
	k, ok := q.lookup(j.Kind)
	var err error
	if !ok {
		err = fmt.Errorf("no handler for job kind %q", j.Kind)
	} else {
		// No deadline unless the kind sets one: a long job (a newsletter
		// send) runs for as long as it needs, and the renewed lease says
		// it is still alive.
		jctx, cancel := context.WithCancelCause(ctx)
		if k.Timeout > 0 {
			var stopTimer context.CancelFunc
			jctx, stopTimer = context.WithTimeout(jctx, k.Timeout)
			defer stopTimer()
		}
		stop := q.keepClaim(done, j, claimed, cancel)
		err = safeRun(jctx, k.Handler, j)
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
	retry := q.opts.Now().Add(k.backoff(j.Attempts))
	q.log.Warn("queue: job failed", "job", j.ID, "kind", j.Kind, "attempt", j.Attempts, "err", err)
	if j.Attempts >= j.MaxAttempts {
		q.log.Error("queue: job failed its last attempt; it waits for staff to retry it", "job", j.ID, "kind", j.Kind, "attempts", j.Attempts)
	}
	if ferr := q.store.FailJob(done, j.ID, q.opts.Worker, q.opts.Now(), retry, err.Error()); ferr != nil {
		q.log.Error("queue: record failure", "job", j.ID, "err", ferr)
	}
}

func (q *Queue) lookup(name string) (Kind, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	k, ok := q.kinds[name]
	return k, ok
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

// Drain runs every job of a registered kind that is due, one at a time in
// the calling goroutine, until none is left; jobs that fail wait for their
// retry time. For tests and one-shot commands: a server calls Run.
func (q *Queue) Drain(ctx context.Context) error {
	kinds := q.Kinds()
	for {
		now := q.opts.Now()
		jobs, err := q.store.ClaimJobs(ctx, q.opts.Worker, now, q.opts.Lease, kinds, 1)
		if err != nil || len(jobs) == 0 {
			return err
		}
		q.run(ctx, jobs[0], now)
	}
}
