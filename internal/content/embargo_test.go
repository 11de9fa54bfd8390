package content_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/auth"
	"masthead/internal/content"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// The hard embargo (decision 0042) through the newsroom service, with an
// injected clock: publishing before it is refused, scheduling before it is
// refused, scheduling at it is accepted and the publish job publishes at
// it (and tells the site, which purges its pages), the revision keeps it
// and a restore does not lift it.
func TestEmbargoRefusesPublicationBeforeIt(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)
		embargo := now.Add(2 * time.Hour)
		sch := &fakeScheduler{scheduled: map[int64]time.Time{}}
		changes := 0
		svc := content.NewService(db, sch, func() time.Time { return now }, func(context.Context) { changes++ })
		db.Now = func() time.Time { return now }
		sec, _ := db.SaveSection(ctx, content.Section{Slug: "news", Name: "News"})
		au, _ := db.SaveAuthor(ctx, content.Author{Slug: "ada", Name: "Ada"})
		editor := content.Actor{UserID: 1, Role: auth.RoleEditor}
		in := content.ArticleInput{Headline: "Budget leaks", Standfirst: "Numbers.", SectionID: sec, AuthorIDs: []int64{au},
			BodySource: "The figures.", EmbargoUntil: &embargo}

		saved, err := svc.Save(ctx, editor, in)
		if err != nil {
			t.Fatal(err)
		}
		id := saved.Article.ID
		a, _ := db.GetArticle(ctx, id)
		if !a.EmbargoUntil.Equal(embargo) || a.Status != content.StatusDraft {
			t.Fatalf("saved %s with embargo %v; want a draft embargoed until %v", a.Status, a.EmbargoUntil, embargo)
		}
		revs, _ := db.ListRevisions(ctx, id)
		if len(revs) != 1 || !revs[0].Snapshot.EmbargoUntil.Equal(embargo) {
			t.Fatalf("revision keeps embargo %+v", revs)
		}

		// Publishing now is refused, with a message naming the embargo, and changes nothing.
		in.ID, in.Action = id, content.ActionPublish
		_, err = svc.Save(ctx, editor, in)
		var fields apperr.Fields
		if !errors.As(err, &fields) || !strings.Contains(fields["embargo_until"], "embargoed until 1 June 2026 12:00 UTC") {
			t.Fatalf("publish before the embargo: %v", err)
		}
		if a, _ := db.GetArticle(ctx, id); a.Status != content.StatusDraft || changes != 0 {
			t.Fatalf("refused publish left the article %s (changes %d)", a.Status, changes)
		}
		// Scheduling before it is refused; at it, accepted.
		in.Action, in.ScheduleAt = content.ActionSchedule, embargo.Add(-time.Minute)
		if _, err := svc.Save(ctx, editor, in); !errors.As(err, &fields) || !strings.Contains(fields["schedule_at"], "embargoed until") {
			t.Fatalf("schedule before the embargo: %v", err)
		}
		if len(sch.scheduled) != 0 {
			t.Fatalf("a refused schedule queued %v", sch.scheduled)
		}
		in.ScheduleAt = embargo
		if _, err := svc.Save(ctx, editor, in); err != nil {
			t.Fatalf("schedule at the embargo: %v", err)
		}
		if !sch.scheduled[id].Equal(embargo) {
			t.Fatalf("scheduled %v, want %v", sch.scheduled, embargo)
		}
		// Moving the embargo later than the schedule is refused too.
		later := embargo.Add(time.Hour)
		in.Action, in.EmbargoUntil = content.ActionSave, &later
		if _, err := svc.Save(ctx, editor, in); !errors.As(err, &fields) || !strings.Contains(fields["embargo_until"], "scheduled for") {
			t.Fatalf("embargo after the schedule: %v", err)
		}
		// The job, run early, publishes nothing; at the embargo it publishes and the site hears of it.
		if ok, err := svc.PublishDue(ctx, id); err != nil || ok || changes != 0 {
			t.Fatalf("publish job before its time: %v %v changes %d", ok, err, changes)
		}
		now = embargo
		if ok, err := svc.PublishDue(ctx, id); err != nil || !ok || changes != 1 {
			t.Fatalf("publish job at the embargo: %v %v changes %d", ok, err, changes)
		}
		if _, err := db.PublishedArticle(ctx, a.Slug); err != nil {
			t.Fatalf("readers cannot see it after the embargo: %v", err)
		}

		// A live article cannot be put back under embargo, nor a restore lift one.
		now = now.Add(time.Hour)
		future := now.Add(time.Hour)
		live := in
		live.EmbargoUntil, live.ScheduleAt = &future, time.Time{}
		if _, err := svc.Save(ctx, editor, live); !errors.As(err, &fields) || !strings.Contains(fields["embargo_until"], "already published") {
			t.Fatalf("embargo on a live article: %v", err)
		}
		draft, err := svc.Save(ctx, editor, content.ArticleInput{Headline: "Second", Standfirst: "s", SectionID: sec, AuthorIDs: []int64{au}, BodySource: "x"})
		if err != nil {
			t.Fatal(err)
		}
		first, _ := db.ListRevisions(ctx, draft.Article.ID)
		if _, err := svc.Save(ctx, editor, content.ArticleInput{ID: draft.Article.ID, Headline: "Second", Standfirst: "s", SectionID: sec,
			AuthorIDs: []int64{au}, BodySource: "x", EmbargoUntil: &future}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.RestoreRevision(ctx, editor, first[0].ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.GetArticle(ctx, draft.Article.ID); !got.EmbargoUntil.Equal(future) {
			t.Fatalf("restoring an older revision changed the embargo to %v", got.EmbargoUntil)
		}
		// A save without the field keeps the embargo; an empty one removes it.
		if _, err := svc.Save(ctx, editor, content.ArticleInput{ID: draft.Article.ID, Headline: "Second", Standfirst: "s", SectionID: sec,
			AuthorIDs: []int64{au}, BodySource: "x"}); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.GetArticle(ctx, draft.Article.ID); !got.EmbargoUntil.Equal(future) {
			t.Fatalf("a save without the field changed the embargo to %v", got.EmbargoUntil)
		}
		if _, err := svc.Save(ctx, editor, content.ArticleInput{ID: draft.Article.ID, Headline: "Second", Standfirst: "s", SectionID: sec,
			AuthorIDs: []int64{au}, BodySource: "x", EmbargoUntil: &time.Time{}, Action: content.ActionPublish}); err != nil {
			t.Fatalf("publish after removing the embargo: %v", err)
		}
	})
}

// A see-also block to an article under embargo is left out until the
// embargo ends, then shows.
func TestSeeAlsoToAnEmbargoedArticleWaitsForIt(t *testing.T) {
	refs := map[string]content.ArticleRef{"target": {ID: 7, Slug: "target", Headline: "The target", Status: content.StatusPublished}}
	res, err := content.ConvertMarkdown("Intro.\n\nSee also: /articles/target\n\nEnd.",
		func(slug string) (content.ArticleRef, bool) { r, ok := refs[slug]; return r, ok })
	if err != nil {
		t.Fatal(err)
	}
	embargo := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	target := map[int64]content.ArticleRef{7: {ID: 7, Slug: "target", Headline: "The target", Status: content.StatusPublished, EmbargoUntil: embargo}}
	if out := content.RenderBody(res.HTML, target, embargo.Add(-time.Second)); strings.Contains(out, "The target") {
		t.Errorf("see-also to an embargoed article rendered before the embargo: %s", out)
	}
	if out := content.RenderBody(res.HTML, target, embargo); !strings.Contains(out, `<a href="/articles/target">The target</a>`) {
		t.Errorf("see-also missing after the embargo: %s", out)
	}
}
