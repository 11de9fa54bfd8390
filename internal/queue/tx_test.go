package queue_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"masthead/internal/content"
	"masthead/internal/queue"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

var errChangedMind = errors.New("changed my mind")

// A job enqueued in a transaction wakes the workers once it is committed:
// woken before, a worker looks, misses the job (on PostgreSQL it cannot see
// it yet) and leaves it to its next poll. A rolled-back job wakes nobody.
// Wake signals are counted, so no timing is involved.
func TestJobEnqueuedInTxWakesWorkersAfterCommit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		q := queue.New(db, quiet, queue.Options{})

		err := db.InTx(ctx, func(tx content.Tx) error {
			if _, err := q.EnqueueWith(ctx, tx, queue.NewJob{Kind: "k", Payload: "committed"}); err != nil {
				return err
			}
			if queue.Woken(q) {
				t.Error("workers woken before the job's transaction committed")
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if !queue.Woken(q) {
			t.Error("workers not woken after the job's transaction committed")
		}

		err = db.InTx(ctx, func(tx content.Tx) error {
			if _, err := q.EnqueueWith(ctx, tx, queue.NewJob{Kind: "k", Payload: "rolled back"}); err != nil {
				return err
			}
			return errChangedMind
		})
		if !errors.Is(err, errChangedMind) {
			t.Fatalf("rolled-back transaction: %v", err)
		}
		if queue.Woken(q) {
			t.Error("workers woken for a job whose transaction rolled back")
		}
		if _, total, err := q.Depth(ctx); err != nil || total != 1 {
			t.Errorf("%d jobs pending (%v), want the committed one only", total, err)
		}

		// Outside a transaction the job is there at once, and so is the wake.
		if _, err := q.Enqueue(ctx, queue.NewJob{Kind: "k", Payload: "direct"}); err != nil {
			t.Fatal(err)
		}
		if !queue.Woken(q) {
			t.Error("workers not woken by a job enqueued outside a transaction")
		}
	})
}

// The same through a running worker that would otherwise not look again
// for an hour: the job committed in a transaction runs, the rolled-back
// one never does.
func TestWorkerRunsJobCommittedInTxWithoutWaitingForItsPoll(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx, cancel := context.WithCancel(context.Background())
		q := queue.New(db, quiet, queue.Options{PollInterval: time.Hour})
		ran := make(chan string, 10)
		q.Handle("k", func(ctx context.Context, j queue.Job) error { ran <- j.Payload; return nil })
		done := make(chan struct{})
		go func() { q.Run(ctx); close(done) }()
		defer func() { cancel(); <-done }()
		await := func(want string) {
			t.Helper()
			select {
			case got := <-ran:
				if got != want {
					t.Fatalf("job %q ran, want %q", got, want)
				}
			case <-time.After(30 * time.Second):
				t.Fatalf("job %q did not run within 30s (the worker polls hourly)", want)
			}
		}
		// The worker has looked at least once once this has run.
		if _, err := q.Enqueue(ctx, queue.NewJob{Kind: "k", Payload: "first"}); err != nil {
			t.Fatal(err)
		}
		await("first")

		err := db.InTx(ctx, func(tx content.Tx) error {
			if _, err := q.EnqueueWith(ctx, tx, queue.NewJob{Kind: "k", Payload: "rolled back"}); err != nil {
				return err
			}
			return errChangedMind
		})
		if !errors.Is(err, errChangedMind) {
			t.Fatalf("rolled-back transaction: %v", err)
		}
		err = db.InTx(ctx, func(tx content.Tx) error {
			_, err := q.EnqueueWith(ctx, tx, queue.NewJob{Kind: "k", Payload: "committed"})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		await("committed")
	})
}
