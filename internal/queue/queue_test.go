package queue_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"masthead/internal/content"
	"masthead/internal/queue"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func TestMain(m *testing.M) {
	if url := os.Getenv("QUEUE_TEST_WORKER_DB"); url != "" {
		os.Exit(runWorker(url))
	}
	os.Exit(m.Run())
}

// runWorker is the child process of the kill-and-restart test: it publishes
// scheduled articles slowly, so the parent can kill it mid-batch.
func runWorker(url string) int {
	ctx := context.Background()
	db, err := store.Open(ctx, url, "")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	q := queue.New(db, quiet, queue.Options{Worker: "pid-" + strconv.Itoa(os.Getpid()), PollInterval: 50 * time.Millisecond, Lease: time.Second, Concurrency: 2})
	q.Handle("publish", func(ctx context.Context, j queue.Job) error {
		id, _ := strconv.ParseInt(j.Payload, 10, 64)
		time.Sleep(30 * time.Millisecond)
		_, err := db.PublishScheduled(ctx, id, time.Now())
		return err
	})
	q.Run(ctx) // until killed
	return 0
}

func TestJobsSurviveKillAndRestart(t *testing.T) {
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			url := storetest.URL(t, engine)
			ctx := context.Background()
			db, err := store.Open(ctx, url, "")
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if _, err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			const n = 40
			due := time.Now().Add(-time.Minute).Truncate(time.Microsecond)
			ids := seedScheduled(t, db, n, due)
			q := queue.New(db, quiet, queue.Options{})
			for _, id := range ids {
				if _, err := q.Enqueue(ctx, queue.NewJob{Kind: "publish", Payload: strconv.FormatInt(id, 10), UniqueKey: "publish:" + strconv.FormatInt(id, 10), RunAt: due}); err != nil {
					t.Fatal(err)
				}
			}
			// First worker: killed with SIGKILL once it has done some of the work.
			first := startWorker(t, url)
			waitFor(t, func() bool { return countPublished(t, db) >= 5 })
			if err := first.Process.Kill(); err != nil {
				t.Fatal(err)
			}
			_ = first.Wait()
			done := countPublished(t, db)
			if done >= n {
				t.Fatalf("the first worker finished everything (%d) before it was killed; the test proves nothing", done)
			}
			// Second worker picks up the rest, including jobs the first had claimed.
			second := startWorker(t, url)
			defer func() { _ = second.Process.Kill(); _ = second.Wait() }()
			waitFor(t, func() bool {
				ready, total, err := q.Depth(ctx)
				return err == nil && ready == 0 && total == 0
			})
			if got := countPublished(t, db); got != n {
				t.Fatalf("published %d of %d after restart", got, n)
			}
			for _, id := range ids {
				a, err := db.GetArticle(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				// Published once, at its scheduled time: a second run would not move it.
				if a.Status != content.StatusPublished || !a.PublishedAt.Equal(due) {
					t.Fatalf("article %d: status %s published %v, want published at %v", id, a.Status, a.PublishedAt, due)
				}
			}
		})
	}
}

func startWorker(t *testing.T, url string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "QUEUE_TEST_WORKER_DB="+url)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 60s")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func countPublished(t *testing.T, db *store.DB) int {
	t.Helper()
	arts, err := db.ListPublished(context.Background(), content.Filter{}, content.Cursor{}, 1000)
	if err != nil {
		t.Fatal(err)
	}
	return len(arts)
}

func seedScheduled(t *testing.T, db *store.DB, n int, at time.Time) []int64 {
	t.Helper()
	ctx := context.Background()
	sec, err := db.SaveSection(ctx, content.Section{Slug: "news", Name: "News"})
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for i := 0; i < n; i++ {
		slug := fmt.Sprintf("scheduled-%d", i)
		id, err := db.CreateArticle(ctx, content.ArticleWrite{Article: content.Article{Slug: slug, Headline: slug, SectionID: sec,
			Status: content.StatusScheduled, ScheduledAt: at, CreatedAt: at, UpdatedAt: at}})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}

func TestQueueRetriesFailedJobs(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		q := queue.New(db, quiet, queue.Options{PollInterval: 10 * time.Millisecond})
		var calls atomic.Int32
		q.Handle("flaky", func(ctx context.Context, j queue.Job) error {
			if calls.Add(1) == 1 {
				return fmt.Errorf("temporary failure")
			}
			return nil
		})
		if _, err := q.Enqueue(ctx, queue.NewJob{Kind: "flaky"}); err != nil {
			t.Fatal(err)
		}
		// Backoff after the first failure is 5s; move time forward instead of waiting.
		done := make(chan struct{})
		go func() { q.Run(ctx); close(done) }()
		waitFor(t, func() bool { return calls.Load() >= 1 })
		cancel()
		<-done
		later := queue.New(db, quiet, queue.Options{PollInterval: 10 * time.Millisecond, Now: func() time.Time { return time.Now().Add(time.Minute) }})
		later.Handle("flaky", func(ctx context.Context, j queue.Job) error { calls.Add(1); return nil })
		ctx2, cancel2 := context.WithCancel(context.Background())
		defer cancel2()
		go later.Run(ctx2)
		waitFor(t, func() bool {
			ready, total, _ := later.Depth(context.Background())
			return ready == 0 && total == 0
		})
		if calls.Load() != 2 {
			t.Fatalf("handler ran %d times, want 2 (one failure, one retry)", calls.Load())
		}
	})
}
