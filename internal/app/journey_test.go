package app_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"masthead/internal/auth"
	"masthead/internal/browsertest"
	"masthead/internal/content"
	"masthead/internal/store/storetest"
)

// TestNewsroomToReaderJourney is the core journey in a real browser: an
// editor signs in, writes an article with a see-also block, publishes it,
// and a reader opens it on the public site, which passes axe-core.
func TestNewsroomToReaderJourney(t *testing.T) {
	b := browsertest.Start(t)
	srv, ts := newServer(t, storetest.SQLite, true)
	ctx := context.Background()
	srv.Auth.SetHashCost(4)
	if _, err := srv.Auth.CreateUser(ctx, "editor@example.org", "Eddie Editor", "a long enough password", auth.RoleEditor); err != nil {
		t.Fatal(err)
	}
	latest, err := srv.DB.ListPublished(ctx, content.Filter{}, content.Cursor{}, 1)
	if err != nil || len(latest) == 0 {
		t.Fatalf("demo articles: %v", err)
	}
	target := latest[0]
	sections, _ := srv.DB.ListSections(ctx)
	authors, _ := srv.DB.ListAuthors(ctx)

	tab := b.Ctx()
	browsertest.Navigate(t, tab, ts.URL+"/admin/login")
	browsertest.SetValue(t, tab, "#email", "editor@example.org")
	browsertest.SetValue(t, tab, "#password", "a long enough password")
	browsertest.ClickAndWait(t, tab, `form button[type="submit"]`)
	if loc := browsertest.Location(t, tab); strings.Contains(loc, "/admin/login") {
		t.Fatalf("still on the login page after signing in: %s", loc)
	}

	browsertest.Navigate(t, tab, ts.URL+"/admin/articles/new?editor=markdown") // the Markdown form (the rich editor: internal/admin)
	browsertest.SetValue(t, tab, "#headline", "Night buses return to the Eastern line")
	browsertest.SetValue(t, tab, "#standfirst", "The council restores the late service after a year of complaints.")
	browsertest.SetValue(t, tab, "#section", strconv.FormatInt(sections[0].ID, 10))
	browsertest.SetValue(t, tab, "#author1", strconv.FormatInt(authors[0].ID, 10))
	browsertest.SetValue(t, tab, "#topics", "Transport, Night life")
	browsertest.SetValue(t, tab, "#body", "The last bus now leaves the city at 1.30am.\n\nSee also: /articles/"+target.Slug+"\n\nDrivers say passengers have already returned.")
	browsertest.ClickAndWait(t, tab, `button[name="action"][value="save"]`)

	// The saved draft can be previewed as readers will see it, then edited on.
	browsertest.ClickAndWait(t, tab, `.head-links a[href$="/preview"]`)
	if h1 := browsertest.Text(t, tab, "h1.headline"); h1 != "Night buses return to the Eastern line" {
		t.Fatalf("preview h1 = %q; page: %s", h1, browsertest.Text(t, tab, "body"))
	}
	if note := browsertest.Text(t, tab, ".preview-note"); !strings.Contains(note, "readers cannot see it") {
		t.Fatalf("preview banner = %q", note)
	}
	if got := browsertest.Text(t, tab, "aside.see-also a"); got != target.Headline {
		t.Fatalf("preview see-also link = %q, want %q", got, target.Headline)
	}
	browsertest.AssertNoAxeViolations(t, tab)
	browsertest.ClickAndWait(t, tab, ".preview-note a")
	browsertest.ClickAndWait(t, tab, `button[name="action"][value="publish"]`)

	a, err := srv.DB.GetArticleBySlug(ctx, "night-buses-return-to-the-eastern-line")
	if err != nil {
		t.Fatalf("the article was not saved: %v (page: %s)", err, browsertest.Text(t, tab, "main"))
	}
	if a.Status != content.StatusPublished {
		t.Fatalf("status after Publish = %s; page says: %s", a.Status, browsertest.Text(t, tab, "main"))
	}

	reader := b.NewTab(t)
	if code := browsertest.Navigate(t, reader, ts.URL+"/articles/"+a.Slug); code != 200 {
		t.Fatalf("public article: HTTP %d", code)
	}
	if h1 := browsertest.Text(t, reader, "h1"); h1 != "Night buses return to the Eastern line" {
		t.Fatalf("h1 = %q", h1)
	}
	if got := browsertest.Text(t, reader, "aside.see-also a"); got != target.Headline {
		t.Fatalf("see-also link = %q, want the target's headline %q", got, target.Headline)
	}
	browsertest.AssertNoAxeViolations(t, reader)
	// Following the see-also link reaches the target article.
	browsertest.ClickAndWait(t, reader, "aside.see-also a")
	if h1 := browsertest.Text(t, reader, "h1"); h1 != target.Headline {
		t.Fatalf("after following see-also, h1 = %q", h1)
	}
	// The demo's other page kinds pass axe-core too.
	for _, path := range []string{"/", "/sections/" + sections[0].Slug, "/authors/" + authors[0].Slug, "/privacy"} {
		if code := browsertest.Navigate(t, reader, ts.URL+path); code != 200 {
			t.Fatalf("%s: HTTP %d", path, code)
		}
		browsertest.AssertNoAxeViolations(t, reader)
	}
}

// TestEditorJourneys clicks through the newsroom's other everyday tasks in
// a real browser: settings reach the public site, a revision is restored,
// an article is scheduled, including the "publish now?" question, two
// windows save one article, a leaver's access is removed, a topic is merged
// and a draft is deleted.
func TestEditorJourneys(t *testing.T) {
	b := browsertest.Start(t)
	srv, ts := newServer(t, storetest.SQLite, true)
	ctx := context.Background()
	srv.Auth.SetHashCost(4)
	if _, err := srv.Auth.CreateUser(ctx, "admin@example.org", "Ada Admin", "a long enough password", auth.RoleAdmin); err != nil {
		t.Fatal(err)
	}
	tab := b.Ctx()
	browsertest.Navigate(t, tab, ts.URL+"/admin/login")
	browsertest.SetValue(t, tab, "#email", "admin@example.org")
	browsertest.SetValue(t, tab, "#password", "a long enough password")
	browsertest.ClickAndWait(t, tab, `form button[type="submit"]`)

	// Settings: a new support banner shows on the public site.
	browsertest.Navigate(t, tab, ts.URL+"/admin/settings")
	browsertest.SetValue(t, tab, "#support_text", "Readers keep us independent")
	browsertest.ClickAndWait(t, tab, `main form button[type="submit"]`)
	reader := b.NewTab(t)
	browsertest.Navigate(t, reader, ts.URL+"/")
	if got := browsertest.Text(t, reader, "aside.support"); !strings.Contains(got, "Readers keep us independent") {
		t.Fatalf("support banner after saving settings = %q", got)
	}

	// Revisions: change a headline, then restore the first revision. The
	// article is published, so each change is published with "Publish
	// changes now" (a plain save would stage it, decision 0039).
	arts, _ := srv.DB.ListPublished(ctx, content.Filter{}, content.Cursor{}, 1)
	a := arts[0]
	edit := ts.URL + "/admin/articles/" + strconv.FormatInt(a.ID, 10)
	browsertest.Navigate(t, tab, edit)
	browsertest.SetValue(t, tab, "#headline", "A headline we will take back")
	browsertest.ClickAndWait(t, tab, `button[name="action"][value="publish"]`)
	browsertest.Navigate(t, reader, ts.URL+"/articles/"+a.Slug)
	if h1 := browsertest.Text(t, reader, "h1"); h1 != "A headline we will take back" {
		t.Fatalf("after the edit, h1 = %q (admin says: %s)", h1, browsertest.Text(t, tab, "main"))
	}
	browsertest.Navigate(t, tab, edit+"/revisions")
	browsertest.ClickAndWait(t, tab, "table.list tbody tr:last-child a")
	browsertest.ClickAndWait(t, tab, `form[action$="/restore"] button`)
	if got := browsertest.Text(t, tab, ".notice"); !strings.Contains(got, "restored as pending changes") {
		t.Fatalf("after Restore the notice says %q", got)
	}
	browsertest.ClickAndWait(t, tab, `button[name="action"][value="publish"]`)
	// Pages may be kept by browsers for a minute (Cache-Control max-age=60):
	// a new query string asks the server, whose page cache was purged.
	browsertest.Navigate(t, reader, ts.URL+"/articles/"+a.Slug+"?after-restore")
	if h1 := browsertest.Text(t, reader, "h1"); h1 != a.Headline {
		t.Fatalf("after restoring the first revision, h1 = %q, want %q", h1, a.Headline)
	}

	// Scheduling: a past time asks to publish now; a future time schedules.
	sections, _ := srv.DB.ListSections(ctx)
	authors, _ := srv.DB.ListAuthors(ctx)
	browsertest.Navigate(t, tab, ts.URL+"/admin/articles/new?editor=markdown") // the Markdown form (the rich editor: internal/admin)
	browsertest.SetValue(t, tab, "#headline", "Budget hearing moves to the library")
	browsertest.SetValue(t, tab, "#standfirst", "The hall is closed for repairs.")
	browsertest.SetValue(t, tab, "#section", strconv.FormatInt(sections[0].ID, 10))
	browsertest.SetValue(t, tab, "#author1", strconv.FormatInt(authors[0].ID, 10))
	browsertest.SetValue(t, tab, "#body", "The hearing starts at 6pm.")
	browsertest.SetValue(t, tab, "#schedule_at", "2020-01-01T09:00")
	browsertest.ClickAndWait(t, tab, `button[name="action"][value="schedule"]`)
	if got := browsertest.Text(t, tab, "#publish-now"); !strings.Contains(got, "publish now") {
		t.Fatalf("a past schedule did not ask to publish now: %q", browsertest.Text(t, tab, "main"))
	}
	browsertest.SetValue(t, tab, "#schedule_at", "2099-06-01T09:00")
	browsertest.ClickAndWait(t, tab, `button[name="action"][value="schedule"]`)
	s, err := srv.DB.GetArticleBySlug(ctx, "budget-hearing-moves-to-the-library")
	if err != nil || s.Status != content.StatusScheduled || s.ScheduledAt.Year() != 2099 {
		t.Fatalf("after scheduling: %+v, %v (page: %s)", s.Status, err, browsertest.Text(t, tab, "main"))
	}
	if code := browsertest.Navigate(t, reader, ts.URL+"/articles/"+s.Slug); code != 404 {
		t.Fatalf("a scheduled article is public: HTTP %d", code)
	}

	// Two windows on one article: the later save from the older version is
	// refused and keeps what was typed in it. The article is published, so
	// the first save is its pending version.
	other := b.NewTab(t)
	browsertest.Navigate(t, tab, edit)
	browsertest.Navigate(t, other, edit)
	browsertest.SetValue(t, tab, "#headline", "Edited in the first window")
	browsertest.ClickAndWait(t, tab, `button[name="action"][value="save"]`)
	browsertest.SetValue(t, other, "#headline", "Edited in the second window")
	browsertest.ClickAndWait(t, other, `button[name="action"][value="save"]`)
	if got := browsertest.Text(t, other, "main"); !strings.Contains(got, "was saved again at") {
		t.Fatalf("the second window's save was not refused; page: %s", got)
	}
	if got, _ := srv.DB.GetPending(ctx, a.ID); got.Snapshot.Headline != "Edited in the first window" {
		t.Fatalf("after the refused save the pending headline is %q", got.Snapshot.Headline)
	}
	if got := browsertest.Eval[string](t, other, `document.querySelector("#headline").value`); got != "Edited in the second window" {
		t.Fatalf("the refused form shows %q, want what was typed", got)
	}

	// Staff: removing a leaver's access signs them out everywhere.
	leaver, err := srv.Auth.CreateUser(ctx, "leaver@example.org", "Lee Leaver", "a long enough password", auth.RoleAuthor)
	if err != nil {
		t.Fatal(err)
	}
	token, _, err := srv.Auth.Login(ctx, "leaver@example.org", "a long enough password", auth.Client{IP: "192.0.2.7"})
	if err != nil {
		t.Fatal(err)
	}
	browsertest.Navigate(t, tab, ts.URL+"/admin/staff")
	browsertest.ClickAndWait(t, tab, `a[href="/admin/staff/`+strconv.FormatInt(leaver.ID, 10)+`"]`)
	browsertest.ClickAndWait(t, tab, `button[name="access"][value="remove"]`)
	if got := browsertest.Text(t, tab, ".notice"); !strings.Contains(got, "Access removed") {
		t.Fatalf("after Remove access the notice says %q", got)
	}
	if _, err := srv.Auth.SessionFor(ctx, token); err == nil {
		t.Fatal("the leaver's session still works after their access was removed")
	}

	// Topics: a duplicate topic is merged into another; its address follows.
	topics, _ := srv.DB.ListTopics(ctx)
	from, into := topics[0], topics[1]
	browsertest.Navigate(t, tab, ts.URL+"/admin/topics")
	browsertest.ClickAndWait(t, tab, `a[href="/admin/topics/`+strconv.FormatInt(from.ID, 10)+`"]`)
	browsertest.SetValue(t, tab, "#into", strconv.FormatInt(into.ID, 10))
	browsertest.ClickAndWait(t, tab, `form[action$="/merge"] button`)
	if got := browsertest.Text(t, tab, ".notice"); !strings.Contains(got, "Merged") {
		t.Fatalf("after merging, the notice says %q", got)
	}
	browsertest.Navigate(t, reader, ts.URL+"/topics/"+from.Slug+"?after-merge")
	if loc := browsertest.Location(t, reader); !strings.HasSuffix(loc, "/topics/"+into.Slug) {
		t.Fatalf("the merged topic's address leads to %s, want /topics/%s", loc, into.Slug)
	}

	// Deleting: a draft started by mistake is deleted after a confirmation.
	browsertest.Navigate(t, tab, ts.URL+"/admin/articles/new?editor=markdown") // the Markdown form (the rich editor: internal/admin)
	browsertest.SetValue(t, tab, "#headline", "Test draft, please ignore")
	browsertest.SetValue(t, tab, "#section", strconv.FormatInt(sections[0].ID, 10))
	browsertest.SetValue(t, tab, "#author1", strconv.FormatInt(authors[0].ID, 10))
	browsertest.ClickAndWait(t, tab, `button[name="action"][value="save"]`)
	if _, err := srv.DB.GetArticleBySlug(ctx, "test-draft-please-ignore"); err != nil {
		t.Fatalf("the draft was not saved: %v (page: %s)", err, browsertest.Text(t, tab, "main"))
	}
	browsertest.ClickAndWait(t, tab, ".head-links a.danger-link")
	browsertest.ClickAndWait(t, tab, `form[action$="/delete"] button`)
	if got := browsertest.Text(t, tab, ".notice"); got != "The draft is deleted." {
		t.Fatalf("after deleting, the notice says %q", got)
	}
	if _, err := srv.DB.GetArticleBySlug(ctx, "test-draft-please-ignore"); err == nil {
		t.Fatal("the draft is still stored after deleting it")
	}
}
