package content_test

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"masthead/internal/auth"
	"masthead/internal/content"
	"masthead/internal/queue"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// queueingScheduler enqueues through the transaction it is given, as the
// real one does, then fails with fail (when set) as a queue might.
type queueingScheduler struct{ fail error }

func (s *queueingScheduler) SchedulePublish(ctx context.Context, jobs queue.JobWriter, id int64, at time.Time) error {
	if _, err := jobs.EnqueueJob(ctx, queue.NewJob{Kind: "publish", UniqueKey: "publish:" + strconv.FormatInt(id, 10), RunAt: at, MaxAttempts: 3}); err != nil {
		return err
	}
	return s.fail
}

func (s *queueingScheduler) SchedulePublishChanges(ctx context.Context, jobs queue.JobWriter, id int64, at time.Time) error {
	if _, err := jobs.EnqueueJob(ctx, queue.NewJob{Kind: "publish_changes", UniqueKey: "publish-changes:" + strconv.FormatInt(id, 10), RunAt: at, MaxAttempts: 3}); err != nil {
		return err
	}
	return s.fail
}

func (s *queueingScheduler) CancelPublishChanges(ctx context.Context, jobs queue.JobWriter, id int64) error {
	if err := jobs.CancelJob(ctx, "publish-changes:"+strconv.FormatInt(id, 10)); err != nil {
		return err
	}
	return s.fail
}

func (s *queueingScheduler) CancelPublish(ctx context.Context, jobs queue.JobWriter, id int64) error {
	if err := jobs.CancelJob(ctx, "publish:"+strconv.FormatInt(id, 10)); err != nil {
		return err
	}
	return s.fail
}

// A scheduled article without its publish job would never go out, and a
// job without its article's change would publish the wrong thing: the
// write and the job commit together or not at all.
func TestArticleWriteAndItsJobCommitTogether(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)
		sch := &queueingScheduler{}
		svc := content.NewService(db, sch, func() time.Time { return now }, func(context.Context) {})
		sec, _ := db.SaveSection(ctx, content.Section{Slug: "news", Name: "News"})
		au, _ := db.SaveAuthor(ctx, content.Author{Slug: "ada", Name: "Ada"})
		editor := content.Actor{UserID: 1, Role: auth.RoleEditor}
		in := content.ArticleInput{Headline: "First draft", Standfirst: "Why it matters.", SectionID: sec, AuthorIDs: []int64{au}, BodySource: "One.", Action: content.ActionSave}
		res, err := svc.Save(ctx, editor, in)
		if err != nil {
			t.Fatal(err)
		}
		id := res.Article.ID
		jobs := func() int {
			t.Helper()
			_, total, err := db.QueueDepth(ctx, now)
			if err != nil {
				t.Fatal(err)
			}
			return total
		}
		unchanged := func(headline string, status content.Status, revisions int) {
			t.Helper()
			a, err := db.GetArticle(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			revs, _ := db.ListRevisions(ctx, id)
			if a.Headline != headline || a.Status != status || len(revs) != revisions {
				t.Errorf("article is %q, %s with %d revisions; want %q, %s with %d", a.Headline, a.Status, len(revs), headline, status, revisions)
			}
		}

		// Scheduling fails after the job was written: neither stays.
		sch.fail = errors.New("queue unavailable")
		in.ID, in.Headline, in.Action, in.ScheduleAt = id, "Scheduled version", content.ActionSchedule, now.Add(time.Hour)
		if _, err := svc.Save(ctx, editor, in); !errors.Is(err, sch.fail) {
			t.Fatalf("save with a failing queue: %v, want the queue's error", err)
		}
		unchanged("First draft", content.StatusDraft, 1)
		if n := jobs(); n != 0 {
			t.Errorf("%d jobs after the rolled-back save, want 0", n)
		}
		// A new article scheduled against a failing queue is not created.
		before, _ := db.CountArticles(ctx)
		fresh := in
		fresh.ID, fresh.Headline = 0, "Never saved"
		if _, err := svc.Save(ctx, editor, fresh); err == nil {
			t.Fatal("a new scheduled article was saved while its job failed")
		}
		if after, _ := db.CountArticles(ctx); after != before {
			t.Errorf("%d articles after the failed create, want %d", after, before)
		}

		// With the queue working, the article and its job arrive together.
		sch.fail = nil
		if _, err := svc.Save(ctx, editor, in); err != nil {
			t.Fatal(err)
		}
		unchanged("Scheduled version", content.StatusScheduled, 2)
		if n := jobs(); n != 1 {
			t.Errorf("%d jobs for the scheduled article, want 1", n)
		}

		// Cancelling fails: the article stays scheduled and keeps its job.
		sch.fail = errors.New("queue unavailable")
		in.Headline, in.Action, in.Version = "Pulled", content.ActionUnpublish, 0
		if _, err := svc.Save(ctx, editor, in); err == nil {
			t.Fatal("unscheduling succeeded while cancelling its job failed")
		}
		unchanged("Scheduled version", content.StatusScheduled, 2)
		if n := jobs(); n != 1 {
			t.Errorf("%d jobs after the failed cancel, want the 1 job kept", n)
		}
	})
}
