package queue_test

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"masthead/internal/queue"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// A job that uses up its attempts is listed with its kind's summary and
// its error with addresses masked (never the payload); a retry runs it
// again with fresh attempts.
func TestFailedJobIsShownSafelyAndRetried(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		q := queue.New(db, quiet, queue.Options{})
		var fail atomic.Bool
		fail.Store(true)
		var runs atomic.Int32
		q.Register(queue.Kind{Name: "mail", MaxAttempts: 2, Backoff: func(int) time.Duration { return 0 },
			Summary: func(p string) string { return "message " + strings.Split(p, "|")[0] },
			Handler: func(ctx context.Context, j queue.Job) error {
				runs.Add(1)
				if fail.Load() {
					return errors.New("550 5.1.1 <bob.smith+news@example.org>: mailbox unavailable")
				}
				return nil
			}})
		q.Handle("other", func(context.Context, queue.Job) error { return nil })
		if _, err := q.Enqueue(ctx, queue.NewJob{Kind: "mail", Payload: "7|bob.smith+news@example.org"}); err != nil {
			t.Fatal(err)
		}
		if err := q.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		failed, err := q.Failed(ctx, queue.Cursor{}, 10)
		if err != nil || len(failed) != 1 {
			t.Fatalf("failed %+v, %v", failed, err)
		}
		f := failed[0]
		if f.Summary != "message 7" || f.Attempts != 2 || strings.Contains(f.LastError, "bob") || !strings.Contains(f.LastError, "<[address]>: mailbox unavailable") {
			t.Fatalf("failed job shown as %+v", f)
		}
		counts, err := q.Counts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(counts) != 2 || counts[0] != (queue.KindCount{Kind: "mail", Failed: 1, Handled: true}) || counts[1] != (queue.KindCount{Kind: "other", Handled: true}) {
			t.Fatalf("counts %+v", counts)
		}
		fail.Store(false)
		if err := q.Retry(ctx, f.ID); err != nil {
			t.Fatal(err)
		}
		if err := q.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		if n := runs.Load(); n != 3 {
			t.Fatalf("ran %d times, want 2 failures and the retry", n)
		}
		if left, _ := q.Failed(ctx, queue.Cursor{}, 10); len(left) != 0 {
			t.Fatalf("still failed after a successful retry: %+v", left)
		}
	})
}

func TestMaskAddresses(t *testing.T) {
	for in, want := range map[string]string{
		"550 <a.b+c@example.org> unknown":        "550 <[address]> unknown",
		"to=x@y.example, from=\"z@q.org\"":       "to=[address], from=\"[address]\"",
		"dial tcp 10.0.0.1:25: connection reset": "dial tcp 10.0.0.1:25: connection reset",
	} {
		if got := queue.MaskAddresses(in); got != want {
			t.Errorf("MaskAddresses(%q) = %q, want %q", in, got, want)
		}
	}
}
