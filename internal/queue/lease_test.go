package queue_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"masthead/internal/queue"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// renewSpy reports each lease renewal's outcome, so a test can wait for
// one without sleeping.
type renewSpy struct {
	*store.DB
	renewed chan bool
}

func (s renewSpy) RenewJob(ctx context.Context, id int64, worker string, until time.Time) (bool, error) {
	ok, err := s.DB.RenewJob(ctx, id, worker, until)
	if err != nil {
		panic(err)
	}
	s.renewed <- ok
	return ok, err
}

// clock is a settable time for the queue under test.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// While a handler runs, its worker renews the claim, so a second worker
// finds the job taken after the first lease would have run out. When the
// first worker stalls past its lease and another takes the job, the next
// renewal finds the claim gone: the handler's ctx is cancelled with
// ErrLeaseLost and the first worker neither completes nor fails the job.
func TestLeaseRenewedWhileJobRunsAndLostWhenTaken(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		clk := &clock{t: t0}
		spy := renewSpy{DB: db, renewed: make(chan bool)}
		q := queue.New(spy, quiet, queue.Options{Worker: "a", Lease: time.Minute, Now: clk.Now})
		tick := queue.RenewOnDemand(q)
		started := make(chan struct{})
		var cause error
		q.Handle("long", func(ctx context.Context, j queue.Job) error {
			close(started)
			select {
			case <-ctx.Done():
				cause = context.Cause(ctx)
			case <-time.After(30 * time.Second): // the test fails below
			}
			return nil // "done": the queue must still not complete a job it lost
		})
		id, err := q.Enqueue(ctx, queue.NewJob{Kind: "long"})
		if err != nil {
			t.Fatal(err)
		}
		drained := make(chan error)
		go func() { drained <- q.Drain(ctx) }()
		<-started

		// Renewed at 50s, the claim holds until 1m50s.
		clk.Set(t0.Add(50 * time.Second))
		tick <- clk.Now()
		if !<-spy.renewed {
			t.Fatal("renewing a held claim reported it lost")
		}
		if got, _ := db.ClaimJobs(ctx, "b", t0.Add(90*time.Second), time.Minute, []string{"long"}, 10); len(got) != 0 {
			t.Fatalf("a second worker took a running job whose claim was renewed (it would have run out at 1m): %v", got)
		}

		// Worker a stalls; at 1m51s its lease has run out and b takes the job.
		taken, err := db.ClaimJobs(ctx, "b", t0.Add(111*time.Second), time.Minute, []string{"long"}, 10)
		if err != nil || len(taken) != 1 || taken[0].ID != id {
			t.Fatalf("b claimed %v, %v; want the stalled job %d", taken, err, id)
		}
		clk.Set(t0.Add(112 * time.Second))
		tick <- clk.Now()
		if <-spy.renewed {
			t.Fatal("worker a renewed a claim worker b holds")
		}
		if err := <-drained; err != nil {
			t.Fatal(err)
		}
		if !errors.Is(cause, queue.ErrLeaseLost) {
			t.Fatalf("handler's ctx ended with %v, want ErrLeaseLost", cause)
		}
		// Still b's, still pending: a did not complete, fail or release it.
		if ok, err := db.RenewJob(ctx, id, "b", t0.Add(3*time.Minute)); err != nil || !ok {
			t.Fatalf("b's claim after a gave up: %v, %v; want held and pending", ok, err)
		}
		if _, total, _ := q.Depth(ctx); total != 1 {
			t.Fatalf("%d jobs pending, want b's one", total)
		}
	})
}

// claimCounter counts a worker's claims, so a test knows it has looked.
type claimCounter struct {
	*store.DB
	claims atomic.Int64
}

func (c *claimCounter) ClaimJobs(ctx context.Context, worker string, now time.Time, lease time.Duration, kinds []string, limit int) ([]queue.Job, error) {
	defer c.claims.Add(1)
	return c.DB.ClaimJobs(ctx, worker, now, lease, kinds, limit)
}

// A real job that runs for several leases on one worker is not taken by a
// second worker polling all the while: the first keeps renewing its claim.
// (Without renewal the second takes it once the first lease runs out and
// the job runs twice.)
func TestJobLongerThanLeaseIsNotTakenBySecondWorker(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		const lease = time.Second
		second := &claimCounter{DB: db}
		var runs atomic.Int32
		var cause atomic.Value
		handler := func(ctx context.Context, j queue.Job) error {
			runs.Add(1)
			start := time.Now()
			for time.Since(start) < 3*lease {
				time.Sleep(20 * time.Millisecond)
			}
			// The lease taken at the start ran out long ago: let the second
			// worker look a few more times before finishing.
			seen := second.claims.Load()
			for second.claims.Load() < seen+3 && ctx.Err() == nil {
				time.Sleep(20 * time.Millisecond)
			}
			if ctx.Err() != nil {
				cause.Store(context.Cause(ctx))
			}
			return nil
		}
		a := queue.New(db, quiet, queue.Options{Worker: "a", Lease: lease, PollInterval: 20 * time.Millisecond})
		a.Handle("long", handler)
		b := queue.New(second, quiet, queue.Options{Worker: "b", Lease: lease, PollInterval: 20 * time.Millisecond})
		b.Handle("long", handler)
		if _, err := a.Enqueue(ctx, queue.NewJob{Kind: "long"}); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		wg.Add(1)
		go func() { defer wg.Done(); a.Run(ctx) }()
		waitFor(t, func() bool { return runs.Load() == 1 })
		wg.Add(1)
		go func() { defer wg.Done(); b.Run(ctx) }()
		waitFor(t, func() bool {
			_, total, err := a.Depth(ctx)
			return err == nil && total == 0
		})
		cancel()
		wg.Wait()
		if n := runs.Load(); n != 1 {
			t.Fatalf("the job ran %d times, want once: the second worker took it while it ran", n)
		}
		if c := cause.Load(); c != nil {
			t.Fatalf("the running job's ctx was cancelled: %v", c)
		}
	})
}

// A job stopped by shutdown did not fail: it is given back due at once,
// with the attempt it was claimed for not counted, so that repeated
// deploys during a long send cannot use up its attempts.
func TestShutdownReleasesRunningJob(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx, cancel := context.WithCancel(context.Background())
		t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		q := queue.New(db, quiet, queue.Options{Worker: "a", Now: func() time.Time { return t0 }})
		started := make(chan struct{})
		q.Handle("long", func(ctx context.Context, j queue.Job) error {
			close(started)
			<-ctx.Done()
			return ctx.Err()
		})
		id, err := q.Enqueue(ctx, queue.NewJob{Kind: "long", MaxAttempts: 1})
		if err != nil {
			t.Fatal(err)
		}
		done := make(chan struct{})
		go func() { q.Run(ctx); close(done) }()
		<-started
		cancel()
		<-done
		// One attempt allowed, and it is still there: the stopped run did not use it.
		got, err := db.ClaimJobs(context.Background(), "b", t0, time.Minute, []string{"long"}, 10)
		if err != nil || len(got) != 1 || got[0].ID != id || got[0].Attempts != 1 {
			t.Fatalf("after shutdown another worker claimed %v, %v; want job %d on its first attempt", got, err, id)
		}
	})
}

// brokenRenewals fails every renewal, as a database that went away would.
type brokenRenewals struct {
	*store.DB
	tried chan struct{}
}

func (b brokenRenewals) RenewJob(context.Context, int64, string, time.Time) (bool, error) {
	defer func() { b.tried <- struct{}{} }()
	return false, errors.New("connection refused")
}

// Renewals that fail keep the handler running while the claim still
// holds, and stop it (ErrLeaseLost) once the lease has run out: another
// worker may have the job by then.
func TestFailingRenewalsStopTheJobWhenTheLeaseRunsOut(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		clk := &clock{t: t0}
		st := brokenRenewals{DB: db, tried: make(chan struct{})}
		q := queue.New(st, quiet, queue.Options{Worker: "a", Lease: time.Minute, Now: clk.Now})
		tick := queue.RenewOnDemand(q)
		started, ended := make(chan struct{}), make(chan error, 1)
		q.Handle("long", func(ctx context.Context, j queue.Job) error {
			close(started)
			select {
			case <-ctx.Done():
				ended <- context.Cause(ctx)
			case <-time.After(30 * time.Second):
				ended <- nil
			}
			return nil
		})
		if _, err := q.Enqueue(ctx, queue.NewJob{Kind: "long"}); err != nil {
			t.Fatal(err)
		}
		drained := make(chan error)
		go func() { drained <- q.Drain(ctx) }()
		<-started
		clk.Set(t0.Add(40 * time.Second))
		tick <- clk.Now()
		<-st.tried
		select {
		case c := <-ended:
			t.Fatalf("the job stopped (%v) while its claim still held", c)
		default:
		}
		clk.Set(t0.Add(61 * time.Second))
		tick <- clk.Now()
		<-st.tried
		if err := <-drained; err != nil {
			t.Fatal(err)
		}
		if c := <-ended; !errors.Is(c, queue.ErrLeaseLost) {
			t.Fatalf("handler's ctx ended with %v, want ErrLeaseLost", c)
		}
	})
}
