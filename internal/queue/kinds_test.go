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

// A kind limited to one job at a time runs one, leaves the next unclaimed
// (so another instance can take it), and other kinds keep flowing through
// the remaining slots meanwhile.
func TestKindConcurrencyLeavesOtherKindsFlowing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		q := queue.New(db, quiet, queue.Options{Worker: "a", Concurrency: 4, PollInterval: 10 * time.Millisecond})
		var sending, maxSending, mailed atomic.Int32
		release := make(chan struct{})
		q.Register(
			queue.Kind{Name: "send", Concurrency: 1, Handler: func(ctx context.Context, j queue.Job) error {
				n := sending.Add(1)
				defer sending.Add(-1)
				for {
					m := maxSending.Load()
					if n <= m || maxSending.CompareAndSwap(m, n) {
						break
					}
				}
				<-release
				return nil
			}},
			queue.Kind{Name: "mail", Handler: func(ctx context.Context, j queue.Job) error { mailed.Add(1); return nil }},
		)
		for i := 0; i < 2; i++ {
			if _, err := q.Enqueue(ctx, queue.NewJob{Kind: "send"}); err != nil {
				t.Fatal(err)
			}
		}
		var wg sync.WaitGroup
		wg.Add(1)
		go func() { defer wg.Done(); q.Run(ctx) }()
		waitFor(t, func() bool { return sending.Load() >= 1 })
		for i := 0; i < 5; i++ {
			if _, err := q.Enqueue(ctx, queue.NewJob{Kind: "mail"}); err != nil {
				t.Fatal(err)
			}
		}
		waitFor(t, func() bool { return mailed.Load() == 5 })
		// The second send is still there for another instance to take.
		other, err := db.ClaimJobs(ctx, "b", time.Now(), time.Minute, []string{"send"}, 10)
		if err != nil || len(other) != 1 || other[0].Attempts != 1 {
			t.Fatalf("another instance claimed %v, %v; want the waiting send, never tried", other, err)
		}
		close(release)
		cancel()
		wg.Wait()
		if m := maxSending.Load(); m != 1 {
			t.Fatalf("%d sends ran at once, want 1", m)
		}
	})
}

// A kind this process has no handler for is not claimed by it: the job
// keeps its attempts for an instance that can run it.
func TestUnregisteredKindIsNotClaimed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		q := queue.New(db, quiet, queue.Options{Worker: "a"})
		var ran atomic.Int32
		q.Handle("mine", func(ctx context.Context, j queue.Job) error { ran.Add(1); return nil })
		if _, err := q.Enqueue(ctx, queue.NewJob{Kind: "theirs"}); err != nil {
			t.Fatal(err)
		}
		if _, err := q.Enqueue(ctx, queue.NewJob{Kind: "mine"}); err != nil {
			t.Fatal(err)
		}
		if err := q.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		if ran.Load() != 1 {
			t.Fatalf("ran %d of mine, want 1", ran.Load())
		}
		got, err := db.ClaimJobs(ctx, "b", time.Now(), time.Minute, []string{"theirs"}, 10)
		if err != nil || len(got) != 1 || got[0].Attempts != 1 {
			t.Fatalf("the other instance claimed %v, %v; want the job on its first attempt", got, err)
		}
	})
}

// A kind's MaxAttempts and Backoff apply to its jobs: with two attempts
// and no wait, a failing job runs exactly twice in one Drain.
func TestKindAttemptsAndBackoff(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		q := queue.New(db, quiet, queue.Options{Now: func() time.Time { return now }})
		var runs atomic.Int32
		q.Register(queue.Kind{Name: "flaky", MaxAttempts: 2, Backoff: func(int) time.Duration { return 0 },
			Handler: func(ctx context.Context, j queue.Job) error { runs.Add(1); return errors.New("no") }})
		if _, err := q.Enqueue(ctx, queue.NewJob{Kind: "flaky"}); err != nil {
			t.Fatal(err)
		}
		if err := q.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		if n := runs.Load(); n != 2 {
			t.Fatalf("ran %d times, want 2 (the kind's MaxAttempts, retried at once by its Backoff)", n)
		}
	})
}

// A kind's Timeout ends a run that takes too long; without one a handler
// runs as long as it needs (see the lease tests).
func TestKindTimeout(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		q := queue.New(db, quiet, queue.Options{})
		var ended error
		q.Register(queue.Kind{Name: "slow", Timeout: 10 * time.Millisecond, MaxAttempts: 1,
			Handler: func(ctx context.Context, j queue.Job) error {
				select {
				case <-ctx.Done():
					ended = ctx.Err()
				case <-time.After(30 * time.Second):
				}
				return ended
			}})
		if _, err := q.Enqueue(ctx, queue.NewJob{Kind: "slow"}); err != nil {
			t.Fatal(err)
		}
		if err := q.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		if !errors.Is(ended, context.DeadlineExceeded) {
			t.Fatalf("handler's ctx ended with %v, want its kind's deadline", ended)
		}
	})
}

func TestRegisterRefusesMistakes(t *testing.T) {
	h := func(context.Context, queue.Job) error { return nil }
	for name, kinds := range map[string][]queue.Kind{
		"twice":      {{Name: "k", Handler: h}, {Name: "k", Handler: h}},
		"no handler": {{Name: "k"}},
		"no name":    {{Handler: h}},
		"negative":   {{Name: "k", Handler: h, Concurrency: -1}},
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Fatal("Register accepted it")
				}
			}()
			queue.New(nil, quiet, queue.Options{}).Register(kinds...)
		})
	}
}
