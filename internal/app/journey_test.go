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

	browsertest.Navigate(t, tab, ts.URL+"/admin/articles/new")
	browsertest.SetValue(t, tab, "#headline", "Night buses return to the Eastern line")
	browsertest.SetValue(t, tab, "#standfirst", "The council restores the late service after a year of complaints.")
	browsertest.SetValue(t, tab, "#section", strconv.FormatInt(sections[0].ID, 10))
	browsertest.SetValue(t, tab, "#author1", strconv.FormatInt(authors[0].ID, 10))
	browsertest.SetValue(t, tab, "#topics", "Transport, Night life")
	browsertest.SetValue(t, tab, "#body", "The last bus now leaves the city at 1.30am.\n\nSee also: /articles/"+target.Slug+"\n\nDrivers say passengers have already returned.")
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
}
