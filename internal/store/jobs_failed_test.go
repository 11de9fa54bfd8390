package store_test

import (
	"context"
	"errors"
	"sort"
	"strconv"
	"testing"
	"time"

	"masthead/internal/content"
	"masthead/internal/queue"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// A job out of attempts is failed: counted per kind, listed latest first
// page by page, never claimed, and retried (fresh attempts) or deleted by
// id only while it is failed. A worker that died during the last attempt
// leaves a job that the abandoned sweep fails once its lease has run out.
func TestFailedJobsCountListRetryDelete(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		var ids []int64
		for i := 0; i < 3; i++ {
			id, err := db.EnqueueJob(ctx, queue.NewJob{Kind: "k", RunAt: now, MaxAttempts: 1, UniqueKey: []string{"a", "b", "c"}[i]})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
		}
		if _, err := db.EnqueueJob(ctx, queue.NewJob{Kind: "m", RunAt: now, MaxAttempts: 2}); err != nil {
			t.Fatal(err)
		}
		claimed, err := db.ClaimJobs(ctx, "w", now, time.Minute, []string{"k", "m"}, 10)
		if err != nil || len(claimed) != 4 {
			t.Fatalf("claimed %v, %v", claimed, err)
		}
		// In id order, so each later job fails later (RETURNING has no order).
		sort.Slice(claimed, func(i, j int) bool { return claimed[i].ID < claimed[j].ID })
		for i, j := range claimed {
			if err := db.FailJob(ctx, j.ID, "w", now.Add(time.Duration(i)*time.Second), now.Add(time.Hour), "boom"); err != nil {
				t.Fatal(err)
			}
		}
		counts, err := db.JobCounts(ctx, now)
		if err != nil {
			t.Fatal(err)
		}
		want := []queue.KindCount{{Kind: "k", Failed: 3}, {Kind: "m", Waiting: 1}}
		if len(counts) != 2 || counts[0] != want[0] || counts[1] != want[1] {
			t.Fatalf("counts %+v, want %+v", counts, want)
		}
		if got, _ := db.ClaimJobs(ctx, "w", now.Add(2*time.Hour), time.Minute, []string{"k"}, 10); len(got) != 0 {
			t.Fatalf("claimed failed jobs %v", got)
		}

		page, err := db.ListFailedJobs(ctx, queue.Cursor{}, 2)
		if err != nil || len(page) != 2 || page[0].ID != ids[2] || page[1].ID != ids[1] {
			t.Fatalf("first page %+v, %v; want jobs %d, %d", page, err, ids[2], ids[1])
		}
		if page[0].LastError != "boom" || page[0].Attempts != 1 || !page[0].FailedAt.Equal(now.Add(2*time.Second)) {
			t.Fatalf("failed job %+v", page[0])
		}
		rest, err := db.ListFailedJobs(ctx, queue.Cursor{At: page[1].FailedAt, ID: page[1].ID}, 2)
		if err != nil || len(rest) != 1 || rest[0].ID != ids[0] {
			t.Fatalf("second page %+v, %v; want job %d", rest, err, ids[0])
		}

		// Retry: due now, with its attempts back; only a failed job.
		if err := db.RetryFailedJob(ctx, ids[0], now.Add(3*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := db.RetryFailedJob(ctx, ids[0], now.Add(3*time.Hour)); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("retrying a job that is not failed: %v", err)
		}
		again, _ := db.ClaimJobs(ctx, "w", now.Add(3*time.Hour), time.Minute, []string{"k"}, 10)
		if len(again) != 1 || again[0].ID != ids[0] || again[0].Attempts != 1 {
			t.Fatalf("after retry claimed %+v, want job %d on a fresh first attempt", again, ids[0])
		}
		if err := db.CompleteJob(ctx, ids[0], "w", now.Add(3*time.Hour)); err != nil {
			t.Fatal(err)
		}
		// Delete: gone, and only a failed job.
		if err := db.DeleteFailedJob(ctx, ids[1]); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteFailedJob(ctx, ids[1]); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("deleting again: %v", err)
		}
		if err := db.DeleteFailedJob(ctx, ids[0]); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("deleting a running job: %v", err)
		}
		// Enqueueing its key again replaces a failed job with a fresh one.
		if _, err := db.EnqueueJob(ctx, queue.NewJob{Kind: "k", RunAt: now, MaxAttempts: 1, UniqueKey: "c"}); err != nil {
			t.Fatal(err)
		}
		if left, _ := db.ListFailedJobs(ctx, queue.Cursor{}, 10); len(left) != 0 {
			t.Fatalf("failed jobs left %+v, want none", left)
		}

		// The worker of a last attempt dies: failed once its lease has run out.
		if got, _ := db.ClaimJobs(ctx, "w", now.Add(4*time.Hour), time.Minute, []string{"k"}, 10); len(got) != 1 {
			t.Fatalf("claimed %v", got)
		}
		if n, err := db.FailAbandonedJobs(ctx, now.Add(4*time.Hour)); err != nil || n != 0 {
			t.Fatalf("failed %d running jobs (%v)", n, err)
		}
		if n, err := db.FailAbandonedJobs(ctx, now.Add(4*time.Hour+2*time.Minute)); err != nil || n != 1 {
			t.Fatalf("failed %d abandoned jobs (%v), want 1", n, err)
		}
		left, _ := db.ListFailedJobs(ctx, queue.Cursor{}, 10)
		if len(left) != 1 || left[0].LastError == "" || !left[0].FailedAt.Equal(now.Add(4*time.Hour+time.Minute)) {
			t.Fatalf("abandoned job %+v, want failed when its lease ran out, with an error", left)
		}
	})
}

// The minute sweep re-queues a due scheduled article only when it has no
// unfinished publish job: a failed one stays failed (for staff to see),
// a running one stays its worker's.
func TestDueScheduledSkipsArticlesWithAJob(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		sec, err := db.SaveSection(ctx, content.Section{Slug: "news", Name: "News"})
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, slug := range []string{"no-job", "failed-job", "done-job"} {
			id, err := db.CreateArticle(ctx, content.ArticleWrite{Article: content.Article{Slug: slug, Headline: slug, SectionID: sec,
				Status: content.StatusScheduled, ScheduledAt: now, CreatedAt: now, UpdatedAt: now}})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
		}
		for _, id := range ids[1:] {
			if _, err := db.EnqueueJob(ctx, queue.NewJob{Kind: content.JobPublish, UniqueKey: "publish:" + strconv.FormatInt(id, 10), RunAt: now, MaxAttempts: 1}); err != nil {
				t.Fatal(err)
			}
		}
		claimed, _ := db.ClaimJobs(ctx, "w", now, time.Minute, []string{content.JobPublish}, 10)
		sort.Slice(claimed, func(i, j int) bool { return claimed[i].ID < claimed[j].ID })
		if len(claimed) != 2 {
			t.Fatalf("claimed %v", claimed)
		}
		_ = db.FailJob(ctx, claimed[0].ID, "w", now, now, "boom")
		_ = db.CompleteJob(ctx, claimed[1].ID, "w", now)
		due, err := db.DueScheduled(ctx, now)
		if err != nil {
			t.Fatal(err)
		}
		if len(due) != 2 || due[0] == ids[1] || due[1] == ids[1] {
			t.Fatalf("due %v; want %d (no job) and %d (job finished), not %d (failed job)", due, ids[0], ids[2], ids[1])
		}
	})
}
