package admin_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"masthead/internal/auth"
	"masthead/internal/content"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

func TestValidationErrorKeepsWhatWasTyped(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		ed := a.user("ed@example.org", auth.RoleEditor)
		c := a.signIn("ed@example.org")
		c.get("/admin/articles/new")
		f := articleForm(a.section, ed.AuthorID, "", "First paragraph <b>typed</b>.\n\nSecond & last.", "save")
		f.Set("standfirst", "A standfirst I do not want to type again")
		f.Set("topics", "Housing, Rates")
		f.Set("slug", "Not A Slug!")
		r := c.post("/admin/articles/new", f)
		wantStatus(t, r, http.StatusUnprocessableEntity, "article without headline")
		wantBody(t, r, "re-rendered form",
			"Write a headline.", `href="#headline"`, `id="headline-error"`, `aria-describedby="headline-error" aria-invalid="true"`,
			"A standfirst I do not want to type again", "First paragraph &lt;b&gt;typed&lt;/b&gt;.\n\nSecond &amp; last.",
			`value="Housing, Rates"`, `value="Not A Slug!"`, "Use lowercase letters, digits and hyphens")
		// A slug left empty is made from the headline: no second message about it.
		f.Set("slug", "")
		r = c.post("/admin/articles/new", f)
		wantBody(t, r, "empty headline and slug", "Write a headline.")
		if strings.Contains(r.body, "Use lowercase letters") {
			t.Error("an empty slug gets a message of its own when the headline is missing")
		}
		if n := a.countArticles(); n != 0 {
			t.Errorf("%d articles stored from an invalid form", n)
		}
	})
}

func TestRepeatedParagraphBlocksPublishingUntilAnEditorAllowsIt(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		au := a.user("author@example.org", auth.RoleAuthor)
		a.user("ed@example.org", auth.RoleEditor)
		body := "The council met on Tuesday.\n\nIt voted on the budget.\n\nThe council met on Tuesday."

		c := a.signIn("author@example.org")
		r := c.post("/admin/articles/new", articleForm(a.section, au.AuthorID, "Budget vote", body, "publish"))
		wantStatus(t, r, http.StatusUnprocessableEntity, "publish with a repeated paragraph")
		wantBody(t, r, "blocked publish", "Saved, but not published", "Paragraph 3", "repeats paragraph 1", `id="body-checks"`)
		if strings.Contains(r.body, `name="allow_repeats"`) {
			t.Error("an author is offered the editor's override")
		}
		if n := a.countArticles(); n != 1 {
			t.Fatalf("%d articles, want the draft kept", n)
		}
		arts, _ := db.ListArticles(context.Background(), "", "", content.Cursor{}, 10)
		id := arts[0].ID
		if arts[0].Status != content.StatusDraft {
			t.Fatalf("status %s, want draft", arts[0].Status)
		}
		wantBody(t, r, "form now edits the draft", `action="/admin/articles/`+itoa(id)+`"`)
		// The author's own override is ignored.
		f := articleForm(a.section, au.AuthorID, "Budget vote", body, "publish")
		f.Set("allow_repeats", "1")
		wantStatus(t, c.post("/admin/articles/"+itoa(id), f), http.StatusUnprocessableEntity, "author overrides")
		// Checks stay visible when the draft is opened again.
		wantBody(t, c.get("/admin/articles/"+itoa(id)), "reopened draft", "Paragraph 3", "repeats paragraph 1")

		ed := a.signIn("ed@example.org")
		f.Del("csrf") // the author's
		r = ed.get("/admin/articles/" + itoa(id))
		wantBody(t, r, "editor's view", `name="allow_repeats"`, "Publish even though text repeats")
		savedID(t, ed.post("/admin/articles/"+itoa(id), f))
		if got := a.article(id); got.Status != content.StatusPublished || !got.AllowRepeats {
			t.Errorf("after the editor's override: status %s, allow repeats %v", got.Status, got.AllowRepeats)
		}
	})
}

func TestSeeAlsoMustPointAtAnArticle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		ed := a.user("ed@example.org", auth.RoleEditor)
		target := a.publishedArticle("the-budget", ed.AuthorID)
		c := a.signIn("ed@example.org")

		r := c.post("/admin/articles/new", articleForm(a.section, ed.AuthorID, "Follow-up", "News.\n\nSee also: /articles/no-such-story", "publish"))
		wantStatus(t, r, http.StatusUnprocessableEntity, "see-also to nothing")
		wantBody(t, r, "see-also to nothing", "/articles/no-such-story points to no article")
		arts, _ := db.ListArticles(context.Background(), content.StatusPublished, "", content.Cursor{}, 10)
		if len(arts) != 1 {
			t.Fatalf("%d published articles, want only the target", len(arts))
		}

		id := savedID(t, c.post("/admin/articles/new", articleForm(a.section, ed.AuthorID, "Second follow-up", "News.\n\nSee also: /articles/the-budget", "publish")))
		got := a.article(id)
		if got.Status != content.StatusPublished || len(got.LinkedIDs) != 1 || got.LinkedIDs[0] != target.ID {
			t.Errorf("status %s, links %v; want published linking %d", got.Status, got.LinkedIDs, target.ID)
		}
		r = c.get("/admin/articles/" + itoa(id) + "?done=publish")
		wantBody(t, r, "published article", "Published: readers can see it now.", "/articles/second-follow-up", "status-published")
	})
}

func TestSchedule(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		ed := a.user("ed@example.org", auth.RoleEditor)
		boss := content.Actor{Role: auth.RoleAdmin}
		if err := a.content.SaveSettings(context.Background(), boss, content.Settings{Name: "Test Weekly", TimeZone: "Australia/Melbourne"}); err != nil {
			t.Fatal(err)
		}
		c := a.signIn("ed@example.org")
		// 09:00 UTC on 10 Nov is 20:00 in Melbourne (UTC+11).
		f := articleForm(a.section, ed.AuthorID, "Tonight", "News.", "schedule")
		f.Set("schedule_at", "2026-11-10T19:30")
		r := c.post("/admin/articles/new", f)
		wantStatus(t, r, http.StatusUnprocessableEntity, "schedule in the past")
		wantBody(t, r, "schedule in the past", "That time has passed — publish now?", "Publish now", `value="2026-11-10T19:30"`)
		if n := a.countArticles(); n != 0 {
			t.Errorf("%d articles stored by a refused schedule", n)
		}
		f.Set("schedule_at", "not a time")
		wantBody(t, c.post("/admin/articles/new", f), "bad time", "Enter a date and a time")

		f.Set("schedule_at", "2026-11-11T06:15")
		id := savedID(t, c.post("/admin/articles/new", f))
		got := a.article(id)
		want := time.Date(2026, 11, 10, 19, 15, 0, 0, time.UTC)
		if got.Status != content.StatusScheduled || !got.ScheduledAt.Equal(want) {
			t.Fatalf("status %s at %v, want scheduled at %v", got.Status, got.ScheduledAt, want)
		}
		if at, ok := a.sched.scheduled(id); !ok || !at.Equal(want) {
			t.Errorf("queue has %v %v, want %v", at, ok, want)
		}
		r = c.get("/admin/articles/" + itoa(id))
		wantBody(t, r, "scheduled article", `value="2026-11-11T06:15"`, "11 Nov 2026, 06:15", "Cancel the schedule")
	})
}

func TestLeadImageUpload(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		ed := a.user("ed@example.org", auth.RoleEditor)
		c := a.signIn("ed@example.org")
		c.get("/admin/articles/new")
		f := articleForm(a.section, ed.AuthorID, "With a picture", "Words I typed.", "save")
		f.Set("lead_alt", "A typed description")

		r := c.postFile("/admin/articles/new", f, "lead_image", "notes.png", []byte("this is not a picture"))
		wantStatus(t, r, http.StatusUnprocessableEntity, "non-image upload")
		wantBody(t, r, "non-image upload", "This file is not an image", `id="lead_image-error"`, `value="With a picture"`, "Words I typed.", `value="A typed description"`)
		if n := a.countArticles(); n != 0 {
			t.Errorf("%d articles after a refused upload", n)
		}
		if _, err := db.GetImage(context.Background(), 1); err == nil {
			t.Error("a non-image was recorded")
		}
		if files := filesUnder(t, a.mediaDir); len(files) != 0 {
			t.Errorf("files kept after a refused upload: %v", files)
		}

		id := savedID(t, c.postFile("/admin/articles/new", f, "lead_image", "photo.png", pngBytes(t)))
		got := a.article(id)
		if got.LeadImageID == 0 {
			t.Fatal("the lead image was not kept")
		}
		r = c.get("/admin/articles/" + itoa(id))
		wantBody(t, r, "article with image", `src="/admin/media/`+itoa(got.LeadImageID)+`"`, "Remove this image")
		img := c.get("/admin/media/" + itoa(got.LeadImageID))
		if img.status != http.StatusOK || img.header.Get("Content-Type") != "image/png" {
			t.Errorf("preview: %d %s", img.status, img.header.Get("Content-Type"))
		}
		// Saving without a new file keeps the image; ticking remove drops it.
		f.Set("lead_image_id", itoa(got.LeadImageID))
		savedID(t, c.post("/admin/articles/"+itoa(id), f))
		if a.article(id).LeadImageID != got.LeadImageID {
			t.Error("a save without a file lost the lead image")
		}
		f.Set("remove_lead_image", "1")
		savedID(t, c.post("/admin/articles/"+itoa(id), f))
		if a.article(id).LeadImageID != 0 {
			t.Error("remove did not remove the lead image")
		}
	})
}

func TestOversizeBodiesAreRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		ed := a.user("ed@example.org", auth.RoleEditor)
		c := a.signIn("ed@example.org")
		f := articleForm(a.section, ed.AuthorID, "Huge", "Words.", "save")

		r := c.postFile("/admin/articles/new", f, "lead_image", "huge.png", bytes.Repeat([]byte{0}, 12<<20))
		wantStatus(t, r, http.StatusRequestEntityTooLarge, "12 MB upload")
		wantBody(t, r, "12 MB upload", "at most 10 MB")

		f.Set("body", strings.Repeat("word ", 250_000))
		wantStatus(t, c.post("/admin/articles/new", f), http.StatusRequestEntityTooLarge, "1.2 MB form")
		// The same text sent as a multipart form (the editor's form has a
		// file field): past what a form's text may be, it is too large, not
		// a form that "could not be read".
		f.Set("body", strings.Repeat("word ", 12<<20/5))
		r = c.postFile("/admin/articles/new", f, "lead_image", "", nil)
		wantStatus(t, r, http.StatusRequestEntityTooLarge, "12 MB multipart text")
		wantBody(t, r, "12 MB multipart text", "too large")
		wantStatus(t, c.post("/admin/sections/new", url.Values{"name": {strings.Repeat("x", 2<<20)}}), http.StatusRequestEntityTooLarge, "2 MB section")
		if n := a.countArticles(); n != 0 {
			t.Errorf("%d articles after oversize posts", n)
		}
		if files := filesUnder(t, a.mediaDir); len(files) != 0 {
			t.Errorf("files kept after an oversize upload: %v", files)
		}
	})
}

func TestUnknownAndMalformedAddressesAreNotFound(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		a.user("boss@example.org", auth.RoleAdmin)
		c := a.signIn("boss@example.org")
		for _, path := range []string{"/admin/articles/999", "/admin/articles/abc", "/admin/articles/-1", "/admin/articles/1/revisions",
			"/admin/sections/999", "/admin/series/x", "/admin/topics/5", "/admin/authors/12", "/admin/staff/77", "/admin/media/3",
			"/admin/no-such-page", "/admin/assets/admin.000000000000.css"} {
			wantStatus(t, c.get(path), http.StatusNotFound, path)
		}
		wantStatus(t, c.post("/admin/articles/999", url.Values{"headline": {"x"}}), http.StatusNotFound, "post to unknown article")
	})
}

func pngBytes(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 8, 6))
	for x := 0; x < 8; x++ {
		img.Set(x, 3, color.RGBA{200, 30, 30, 255})
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func filesUnder(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			out = append(out, p)
		}
		return nil
	})
	return out
}

func TestBodyThatCannotBeKeptIsShownNotLost(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		ed := a.user("ed@example.org", auth.RoleEditor)
		c := a.signIn("ed@example.org")
		src := "The flood reached the bridge.\n\n![The river at noon](https://elsewhere.example/river.jpg)"
		r := c.post("/admin/articles/new", articleForm(a.section, ed.AuthorID, "Flood", src, "publish"))
		wantBody(t, r, "publishing a body with an image", "Saved, but not published",
			"The body cannot hold the image https://elsewhere.example/river.jpg", "![The river at noon]")
		wantStatus(t, r, http.StatusUnprocessableEntity, "publishing a body with an image")
		arts, _ := db.ListArticles(context.Background(), "", "", content.Cursor{}, 10)
		if len(arts) != 1 {
			t.Fatalf("%d articles, want the draft kept", len(arts))
		}
		got := a.article(arts[0].ID)
		if got.Status != content.StatusDraft || got.BodySource != src {
			t.Fatalf("article is %s with source %q, want a draft keeping what was typed", got.Status, got.BodySource)
		}
		// The form now edits the saved draft, so saving it again is no conflict.
		if v := versionOf(t, r); v != strconv.FormatInt(got.UpdatedAt.UnixMicro(), 10) {
			t.Errorf("form version %s, want the draft's %d", v, got.UpdatedAt.UnixMicro())
		}
	})
}

func TestPreviewShowsTheStoredArticleToThoseWhoMayEditIt(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		writer := a.user("writer@example.org", auth.RoleContributor)
		a.user("other@example.org", auth.RoleAuthor)
		a.user("ed@example.org", auth.RoleEditor)
		c := a.signIn("writer@example.org")
		r := c.post("/admin/articles/new", articleForm(a.section, writer.AuthorID, "Ferry timetable changes", "Boats leave earlier from May.", "save"))
		id := savedID(t, r)
		preview := "/admin/articles/" + itoa(id) + "/preview"
		wantBody(t, c.get("/admin/articles/"+itoa(id)), "editor of a saved draft", `href="`+preview+`"`)

		r = c.get(preview)
		wantStatus(t, r, http.StatusOK, "the writer's preview of their draft")
		wantBody(t, r, "preview", `<h1 class="headline">Ferry timetable changes</h1>`, "Boats leave earlier from May.",
			"which is draft: readers cannot see it", `href="/admin/articles/`+itoa(id)+`">Back to the editor`, `<meta name="robots" content="noindex">`)
		if cc := r.header.Get("Cache-Control"); cc != "private, no-store" {
			t.Errorf("preview Cache-Control = %q, want private, no-store", cc)
		}
		if r.header.Get("X-Robots-Tag") != "noindex" {
			t.Errorf("preview X-Robots-Tag = %q", r.header.Get("X-Robots-Tag"))
		}
		// Whoever may not edit the draft may not preview it either.
		wantStatus(t, a.signIn("other@example.org").get(preview), http.StatusForbidden, "another author's preview")
		wantStatus(t, a.client().get(preview), http.StatusSeeOther, "preview signed out")
		wantStatus(t, a.signIn("ed@example.org").get(preview), http.StatusOK, "an editor's preview")
		wantStatus(t, c.get("/admin/articles/999999/preview"), http.StatusNotFound, "preview of no article")
	})
}

func TestDeleteOnlyDraftsNeverPublished(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		writer := a.user("writer@example.org", auth.RoleContributor)
		a.user("other@example.org", auth.RoleAuthor)
		ed := a.user("ed@example.org", auth.RoleEditor)
		c := a.signIn("writer@example.org")
		id := savedID(t, c.post("/admin/articles/new", articleForm(a.section, writer.AuthorID, "Test headline, please ignore", "Draft text.", "save")))
		del := "/admin/articles/" + itoa(id) + "/delete"
		wantBody(t, c.get("/admin/articles/"+itoa(id)), "editor of a draft", `href="`+del+`"`, "Delete draft")

		wantStatus(t, a.signIn("other@example.org").post(del, url.Values{}), http.StatusForbidden, "another author deleting the draft")
		wantBody(t, c.get(del), "confirmation", "Delete this draft?", "This cannot be undone.")
		if n := a.countArticles(); n != 1 {
			t.Fatalf("%d articles after asking, want the draft kept until confirmed", n)
		}
		r := c.post(del, url.Values{})
		if r.status != http.StatusSeeOther || r.location() != "/admin/articles?done=deleted" {
			t.Fatalf("delete: %d to %q", r.status, r.location())
		}
		wantBody(t, c.get(r.location()), "list after deleting", "The draft is deleted.")
		if n := a.countArticles(); n != 0 {
			t.Fatalf("%d articles after deleting the draft, want 0", n)
		}
		wantStatus(t, c.get(del), http.StatusNotFound, "deleting it again")

		// Published work is unpublished, never deleted.
		live := a.publishedArticle("the-budget", ed.AuthorID)
		e := a.signIn("ed@example.org")
		if strings.Contains(e.get("/admin/articles/"+itoa(live.ID)).body, "Delete draft") {
			t.Error("a published article offers Delete")
		}
		wantStatus(t, e.post("/admin/articles/"+itoa(live.ID)+"/delete", url.Values{}), http.StatusConflict, "deleting a published article")
		if got := a.article(live.ID); got.Status != content.StatusPublished {
			t.Fatalf("published article after a refused delete: %s", got.Status)
		}
	})
}

var versionRE = regexp.MustCompile(`name="version" value="(\d+)"`)

// versionOf is the version the editor page carries in its form.
func versionOf(t *testing.T, r resp) string {
	t.Helper()
	m := versionRE.FindStringSubmatch(r.body)
	if m == nil {
		t.Fatalf("the editor carries no version:\n%s", r.body)
	}
	return m[1]
}

func TestSaveOverAnotherEditorsSaveIsRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		ed := a.user("ed@example.org", auth.RoleEditor)
		a.user("sub@example.org", auth.RoleEditor)
		story := a.publishedArticle("the-budget", ed.AuthorID)
		edit := "/admin/articles/" + itoa(story.ID)
		first, second := a.signIn("ed@example.org"), a.signIn("sub@example.org")
		v1, v2 := versionOf(t, first.get(edit)), versionOf(t, second.get(edit))

		a.clock.Add(time.Minute)
		f := articleForm(a.section, ed.AuthorID, "Budget passes after late vote", "The vote came at midnight.", "save")
		f.Set("version", v1)
		savedID(t, first.post(edit, f))

		// The sub-editor's save, made from the version before it, would undo it.
		a.clock.Add(time.Minute)
		g := articleForm(a.section, ed.AuthorID, "Budget passes", "Councillors approved the budget.", "save")
		g.Set("version", v2)
		r := second.post(edit, g)
		wantStatus(t, r, http.StatusConflict, "save from a stale version")
		wantBody(t, r, "conflict", "this article was saved again at", "Budget passes", "Councillors approved the budget.")
		// The article is published: saves wait as its pending version.
		if got := a.pending(story.ID); got.Headline != "Budget passes after late vote" {
			t.Fatalf("after the refused save the pending headline is %q, want the first editor's", got.Headline)
		}
		// Saving again, having been told, replaces it; the first save stays a revision.
		g.Set("version", versionOf(t, r))
		savedID(t, second.post(edit, g))
		if got := a.pending(story.ID); got.Headline != "Budget passes" {
			t.Fatalf("after the deliberate second save the pending headline is %q", got.Headline)
		}
		if revs, _ := db.ListRevisions(context.Background(), story.ID); len(revs) != 3 {
			t.Errorf("%d revisions, want the original and both saves", len(revs))
		}
	})
}

// A body whose Markdown would cost far more than its size to convert is
// refused with a message, and a draft stored before the limits existed
// says so when it is opened instead of being converted again.
func TestCostlyMarkdownIsRefusedAndExplained(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		ed := a.user("ed@example.org", auth.RoleEditor)
		c := a.signIn("ed@example.org")
		costly := strings.Repeat("- ", 50_000) + "x"

		r := c.post("/admin/articles/new", articleForm(a.section, ed.AuthorID, "Lists", costly, "save"))
		wantStatus(t, r, http.StatusUnprocessableEntity, "deeply nested body")
		wantBody(t, r, "deeply nested body", `<a href="#body">Line 1 nests lists or quotes more than 10 levels deep.</a>`, `id="body-error"`)
		if n := a.countArticles(); n != 0 {
			t.Fatalf("%d articles stored from a refused body", n)
		}

		ctx := context.Background()
		old := content.Article{Slug: "old-draft", Headline: "Old draft", Standfirst: "s", BodySource: costly, SectionID: a.section,
			Status: content.StatusDraft, AuthorIDs: []int64{ed.AuthorID}, CreatedAt: a.clock.Now(), UpdatedAt: a.clock.Now()}
		id, err := db.CreateArticle(ctx, content.ArticleWrite{Article: old, Revision: content.SnapshotOf(old, nil), By: ed.ID})
		if err != nil {
			t.Fatal(err)
		}
		r = c.get("/admin/articles/" + itoa(id))
		wantStatus(t, r, http.StatusOK, "stored costly draft")
		wantBody(t, r, "stored costly draft", "Line 1 nests lists or quotes more than 10 levels deep.", `id="body-checks"`)
	})
}

// The model page's defect: a sentence printed twice inside one paragraph.
func TestRepeatedSentenceBlocksPublishingUntilAnEditorAllowsIt(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		ed := a.user("ed@example.org", auth.RoleEditor)
		sentence := "Russia invaded Ukraine eight years ago, not just in February, and its military has devastated cities far beyond Ukraine."
		body := "The war reached the council chamber on Tuesday.\n\n>> " + sentence + "\n\n" + sentence + " " + sentence + " The motion passed."

		c := a.signIn("ed@example.org")
		r := c.post("/admin/articles/new", articleForm(a.section, ed.AuthorID, "Motion on Ukraine", body, "publish"))
		wantStatus(t, r, http.StatusUnprocessableEntity, "publish with a repeated sentence")
		wantBody(t, r, "blocked publish", "Saved, but not published",
			"Paragraph 2 repeats one of its own sentences: “Russia invaded Ukraine eight years ago, not just in February…”",
			`id="body-checks"`, `name="allow_repeats"`, "Publish even though text repeats")
		arts, _ := db.ListArticles(context.Background(), "", "", content.Cursor{}, 10)
		if len(arts) != 1 || arts[0].Status != content.StatusDraft {
			t.Fatalf("articles %+v, want one draft", arts)
		}
		f := articleForm(a.section, ed.AuthorID, "Motion on Ukraine", body, "publish")
		f.Set("allow_repeats", "1")
		f.Set("version", versionOf(t, r))
		savedID(t, c.post("/admin/articles/"+itoa(arts[0].ID), f))
		if got := a.article(arts[0].ID); got.Status != content.StatusPublished || !got.AllowRepeats {
			t.Errorf("after the override: status %s, allow repeats %v", got.Status, got.AllowRepeats)
		}
	})
}

// Every text field has a limit: 5 MB in one is refused with a message next
// to the field naming the limit, and nothing is stored. Multipart forms
// (the editor, authors, settings) may be up to 11 MB, so the limit is the
// field's own, not the request's.
func TestFiveMegabyteFieldsAreRefusedWithTheirLimit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := newApp(t, db)
		ed := a.user("ed@example.org", auth.RoleAdmin)
		art := a.publishedArticle("limits", ed.AuthorID)
		before := a.article(art.ID)
		revs, _ := db.ListRevisions(ctx, art.ID)
		c := a.signIn("ed@example.org")
		version := versionOf(t, c.get("/admin/articles/"+itoa(art.ID)))
		huge := strings.Repeat("x", 5<<20)
		multipart := func(path string, f url.Values) resp { return c.postFile(path, f, "no_file", "", nil) }

		for field, message := range map[string]string{
			"lead_caption": "The caption can have at most 1,000 characters; this one has 5,242,880.",
			"lead_credit":  "The credit can have at most 300 characters; this one has 5,242,880.",
			"correction":   "The correction note can have at most 5,000 characters; this one has 5,242,880.",
			"lead_alt":     "The alt text can have at most 1,000 characters; this one has 5,242,880.",
			"standfirst":   "The standfirst can have at most 2,000 characters; this one has 5,242,880.",
		} {
			f := articleForm(a.section, ed.AuthorID, before.Headline, before.BodySource, "save")
			f.Set("slug", before.Slug)
			f.Set("version", version)
			f.Set(field, huge)
			r := multipart("/admin/articles/"+itoa(art.ID), f)
			wantStatus(t, r, http.StatusUnprocessableEntity, field)
			wantBody(t, r, field, `<a href="#`+field+`">`+message+`</a>`, `id="`+field+`-error"`)
			r = multipart("/admin/articles/new", f)
			wantStatus(t, r, http.StatusUnprocessableEntity, field+" in a new article")
		}
		if got := a.article(art.ID); !reflect.DeepEqual(got, before) {
			t.Errorf("refused saves changed the article:\n%+v\nwas\n%+v", got, before)
		}
		if now, _ := db.ListRevisions(ctx, art.ID); len(now) != len(revs) {
			t.Errorf("%d revisions after refused saves, want %d", len(now), len(revs))
		}
		if n := a.countArticles(); n != 1 {
			t.Errorf("%d articles, want 1", n)
		}

		st, _ := db.GetSettings(ctx)
		r := multipart("/admin/settings", url.Values{"name": {"The Weekly"}, "time_zone": {"UTC"}, "tagline": {huge}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "5 MB tagline")
		wantBody(t, r, "5 MB tagline", "The tagline can have at most 300 characters; this one has 5,242,880.", `id="tagline-error"`)
		if got, _ := db.GetSettings(ctx); got != st {
			t.Errorf("refused settings were stored: %+v", got)
		}
		r = multipart("/admin/authors/"+itoa(ed.AuthorID), url.Values{"name": {"Ed"}, "bio": {huge}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "5 MB bio")
		wantBody(t, r, "5 MB bio", "The bio can have at most 4,000 characters; this one has 5,242,880.", `id="bio-error"`)
		if au, _ := db.GetAuthor(ctx, ed.AuthorID); au.Bio != "" {
			t.Errorf("refused bio was stored")
		}
		// Sections are a small form: the section's own limit answers first
		// below the 1 MB request limit.
		r = c.post("/admin/sections/"+itoa(a.section), url.Values{"name": {"News"}, "description": {strings.Repeat("d", 100_000)}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "long description")
		wantBody(t, r, "long description", "The description can have at most 2,000 characters; this one has 100,000.", `id="description-error"`)
	})
}
