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
	"masthead/internal/queue"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

func TestConvertMarkdownBlocks(t *testing.T) {
	refs := map[string]content.ArticleRef{"target": {ID: 7, Slug: "target", Headline: "The <Target>", Status: content.StatusPublished}}
	resolve := func(s string) (content.ArticleRef, bool) { r, ok := refs[s]; return r, ok }
	src := "First *para*.\n\nSee also: https://news.example.org/articles/target/\n\n>> Quote here.\n>> — Jo Bloggs\n\n<script>alert(1)</script>\n\n[inline](/articles/missing)"
	res, err := content.ConvertMarkdown(src, resolve)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`<aside class="see-also" data-article-id="7"><a href="/articles/target">The &lt;Target&gt;</a></aside>`,
		`<figure class="pullquote"><blockquote><p>Quote here.</p></blockquote><figcaption>Jo Bloggs</figcaption></figure>`,
		`<em>para</em>`,
	} {
		if !strings.Contains(res.HTML, want) {
			t.Errorf("body lacks %s\n%s", want, res.HTML)
		}
	}
	if strings.Contains(res.HTML, "<script") {
		t.Errorf("script survived: %s", res.HTML)
	}
	if len(res.LinkedIDs) != 1 || res.LinkedIDs[0] != 7 || len(res.Missing) != 1 {
		t.Errorf("linked %v missing %v", res.LinkedIDs, res.Missing)
	}
	// Rendering uses the current headline, and drops links to unpublished targets.
	out := content.RenderBody(res.HTML, map[int64]content.ArticleRef{7: {ID: 7, Slug: "renamed", Headline: "New headline", Status: content.StatusPublished}}, time.Now())
	if !strings.Contains(out, `<a href="/articles/renamed">New headline</a>`) {
		t.Errorf("render: %s", out)
	}
	out = content.RenderBody(res.HTML, map[int64]content.ArticleRef{7: {ID: 7, Slug: "t", Headline: "H", Status: content.StatusUnpublished}}, time.Now())
	if strings.Contains(out, "see-also") {
		t.Errorf("see-also to an unpublished article rendered: %s", out)
	}
}

func TestConvertMarkdownSaysWhatItCannotKeep(t *testing.T) {
	none := func(string) (content.ArticleRef, bool) { return content.ArticleRef{}, false }
	res, err := content.ConvertMarkdown("# Big heading\n\nText with ![a map](/media/map.png) inside.\n\n<u>boxed</u>\n\n###### Small heading", none)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"the image /media/map.png", "HTML tags (<u>)"}; strings.Join(res.Dropped, "|") != strings.Join(want, "|") {
		t.Errorf("dropped = %q, want %q", res.Dropped, want)
	}
	for _, want := range []string{"<h2>Big heading</h2>", "<h4>Small heading</h4>", "<p>Text with  inside.</p>", "<p>boxed</p>"} {
		if !strings.Contains(res.HTML, want) {
			t.Errorf("body lacks %s:\n%s", want, res.HTML)
		}
	}
	problems := content.Check(content.Article{Headline: "H", Standfirst: "S", Body: res.HTML}, res, nil)
	if len(problems) != 2 || problems[0].Code != "not-kept" || problems[0].Overridable || !strings.Contains(problems[0].Message, "/media/map.png") {
		t.Errorf("problems = %+v, want two blocking not-kept problems naming the image first", problems)
	}
	clean, _ := content.ConvertMarkdown("Plain prose with a [link](https://example.org).", none)
	if len(clean.Dropped) != 0 {
		t.Errorf("plain Markdown reported as dropped: %q", clean.Dropped)
	}
}

func TestSlugify(t *testing.T) {
	for in, want := range map[string]string{
		"Council votes on the 2027 budget!": "council-votes-on-the-2027-budget",
		"Café culture — in Northbridge":     "cafe-culture-in-northbridge",
		"  --  ":                            "",
	} {
		if got := content.Slugify(in); got != want {
			t.Errorf("Slugify(%q) = %q, want %q", in, got, want)
		}
	}
}

type fakeScheduler struct {
	scheduled map[int64]time.Time
	changes   map[int64]time.Time // pending versions' publication
}

func (f *fakeScheduler) SchedulePublishChanges(_ context.Context, _ queue.JobWriter, id int64, at time.Time) error {
	if f.changes == nil {
		f.changes = map[int64]time.Time{}
	}
	f.changes[id] = at
	return nil
}
func (f *fakeScheduler) CancelPublishChanges(_ context.Context, _ queue.JobWriter, id int64) error {
	delete(f.changes, id)
	return nil
}

func (f *fakeScheduler) SchedulePublish(_ context.Context, _ queue.JobWriter, id int64, at time.Time) error {
	f.scheduled[id] = at
	return nil
}
func (f *fakeScheduler) CancelPublish(_ context.Context, _ queue.JobWriter, id int64) error {
	delete(f.scheduled, id)
	return nil
}

func TestServicePublishingRules(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)
		sch := &fakeScheduler{scheduled: map[int64]time.Time{}}
		changes := 0
		svc := content.NewService(db, sch, func() time.Time { return now }, func(context.Context) { changes++ })
		sec, _ := db.SaveSection(ctx, content.Section{Slug: "news", Name: "News"})
		au, _ := db.SaveAuthor(ctx, content.Author{Slug: "ada", Name: "Ada"})
		editor := content.Actor{UserID: 1, Role: auth.RoleEditor}
		contributor := content.Actor{UserID: 2, Role: auth.RoleContributor}
		in := content.ArticleInput{Headline: "A story", Standfirst: "Why it matters.", SectionID: sec, AuthorIDs: []int64{au},
			Topics: "Housing, housing, Local government", BodySource: "One.\n\nTwo.\n\nOne.", Action: content.ActionPublish}

		// A repeated paragraph blocks publishing and points at paragraph 3.
		res, err := svc.Save(ctx, editor, in)
		var checks *content.ChecksError
		if !errors.As(err, &checks) || checks.Problems[0].Code != "repeated-paragraph" || checks.Problems[0].Paragraph != 3 {
			t.Fatalf("repeated paragraph: %v %+v", err, checks)
		}
		a, _ := db.GetArticle(ctx, res.Article.ID)
		if a.Status != content.StatusDraft || changes != 0 {
			t.Fatalf("blocked article is %s (changes %d), want a draft and no public change", a.Status, changes)
		}
		// An editor's explicit override publishes it.
		in.ID, in.AllowRepeats = a.ID, true
		if _, err := svc.Save(ctx, editor, in); err != nil {
			t.Fatal(err)
		}
		a, _ = db.GetArticle(ctx, a.ID)
		if a.Status != content.StatusPublished || !a.PublishedAt.Equal(now) || len(a.TopicIDs) != 2 || changes != 1 {
			t.Fatalf("after override: %s %v topics %v changes %d", a.Status, a.PublishedAt, a.TopicIDs, changes)
		}
		// A contributor may not publish, nor edit a live article.
		if _, err := svc.Save(ctx, contributor, content.ArticleInput{Headline: "Mine", SectionID: sec, AuthorIDs: []int64{au}, Action: content.ActionPublish}); apperr.KindOf(err) != apperr.Forbidden {
			t.Fatalf("contributor publish: %v", err)
		}
		if _, err := svc.Save(ctx, contributor, in); apperr.KindOf(err) != apperr.Forbidden {
			t.Fatalf("contributor editing a live article: %v", err)
		}
		// Scheduling in the past asks to publish now; in the future queues it.
		draft, err := svc.Save(ctx, editor, content.ArticleInput{Headline: "Later", Standfirst: "s", SectionID: sec, AuthorIDs: []int64{au}, BodySource: "x"})
		if err != nil {
			t.Fatal(err)
		}
		sched := content.ArticleInput{ID: draft.Article.ID, Headline: "Later", Standfirst: "s", SectionID: sec, AuthorIDs: []int64{au}, BodySource: "x", Action: content.ActionSchedule}
		sched.ScheduleAt = now.Add(-time.Hour)
		var past *content.ScheduleInPastError
		if _, err := svc.Save(ctx, editor, sched); !errors.As(err, &past) {
			t.Fatalf("schedule in past: %v", err)
		}
		sched.ScheduleAt = now.Add(time.Hour)
		if _, err := svc.Save(ctx, editor, sched); err != nil {
			t.Fatal(err)
		}
		if !sch.scheduled[draft.Article.ID].Equal(now.Add(time.Hour)) {
			t.Fatalf("scheduler got %v", sch.scheduled)
		}
		// A scheduled article goes live by itself, so a save that breaks the
		// checks is refused and the stored article is unchanged.
		broken := sched
		broken.Action, broken.Standfirst = content.ActionSave, ""
		if _, err := svc.Save(ctx, editor, broken); !errors.As(err, &checks) {
			t.Fatalf("saving a scheduled article with an empty standfirst: %v", err)
		}
		if got, _ := db.GetArticle(ctx, draft.Article.ID); got.Standfirst != "s" || got.Status != content.StatusScheduled {
			t.Fatalf("refused save changed the article: %q %s", got.Standfirst, got.Status)
		}
		// Validation: nothing is stored, every field is named.
		before, _ := db.CountArticles(ctx)
		_, err = svc.Save(ctx, editor, content.ArticleInput{Slug: "Bad Slug!"})
		var fields apperr.Fields
		if !errors.As(err, &fields) || fields["headline"] == "" || fields["section"] == "" || fields["authors"] == "" || fields["slug"] == "" {
			t.Fatalf("validation: %v", err)
		}
		if after, _ := db.CountArticles(ctx); after != before {
			t.Fatalf("a failed save stored an article")
		}
		// Restoring a revision of a published article brings back the old
		// headline as its pending version; publishing the changes makes it
		// live, as a new revision.
		in.Headline = "A story, revised"
		if _, err := svc.Save(ctx, editor, in); err != nil {
			t.Fatal(err)
		}
		revs, _ := db.ListRevisions(ctx, a.ID)
		if _, err := svc.RestoreRevision(ctx, editor, revs[len(revs)-1].ID); err != nil {
			t.Fatal(err)
		}
		a, _ = db.GetArticle(ctx, a.ID)
		if a.Headline != "A story, revised" {
			t.Fatalf("restoring a revision of a published article changed it at once: %q", a.Headline)
		}
		if p, err := db.GetPending(ctx, a.ID); err != nil || p.Snapshot.Headline != "A story" {
			t.Fatalf("pending version after restore: %+v %v", p.Snapshot, err)
		}
		if _, err := svc.PublishChanges(ctx, editor, a.ID); err != nil {
			t.Fatal(err)
		}
		a, _ = db.GetArticle(ctx, a.ID)
		if a.Headline != "A story" || a.Slug != "a-story" {
			t.Fatalf("after restore: %q %q", a.Headline, a.Slug)
		}
	})
}
