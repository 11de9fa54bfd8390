package app_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"masthead/internal/app"
	"masthead/internal/auth"
	"masthead/internal/browsertest"
	"masthead/internal/content"
	"masthead/internal/store/storetest"
)

// deskWorld is a small publication for the desk's journeys: News with two
// articles, Culture with one, and an editor.
func deskWorld(t *testing.T, srv *app.Server) (news, culture int64, ids map[string]int64) {
	t.Helper()
	ctx := context.Background()
	srv.Auth.SetHashCost(4)
	if _, err := srv.Auth.CreateUser(ctx, "editor@example.org", "Eddie Editor", "a long enough password", auth.RoleEditor); err != nil {
		t.Fatal(err)
	}
	var err error
	if news, err = srv.DB.SaveSection(ctx, content.Section{Slug: "news", Name: "News", Position: 1}); err != nil {
		t.Fatal(err)
	}
	if culture, err = srv.DB.SaveSection(ctx, content.Section{Slug: "culture", Name: "Culture", Position: 2}); err != nil {
		t.Fatal(err)
	}
	ids = map[string]int64{}
	at := time.Now().Add(-3 * time.Hour)
	for i, a := range []struct {
		slug, headline string
		section        int64
	}{
		{"ferry-museum", "A museum for the city's old ferries", culture},
		{"harbour-ferry", "The harbour ferry returns on Monday", news},
		{"night-buses", "Night buses to run all week", news},
	} {
		when := at.Add(time.Duration(i) * time.Minute)
		w := content.ArticleWrite{Article: content.Article{Slug: a.slug, Headline: a.headline, SectionID: a.section,
			Status: content.StatusPublished, PublishedAt: when, CreatedAt: when, UpdatedAt: when, Body: "<p>" + a.headline + ".</p>"},
			Revision: content.Snapshot{Headline: a.headline}}
		if ids[a.slug], err = srv.DB.CreateArticle(ctx, w); err != nil {
			t.Fatal(err)
		}
	}
	return news, culture, ids
}

func signInEditor(t *testing.T, tab context.Context, base string) {
	t.Helper()
	browsertest.Navigate(t, tab, base+"/admin/login")
	browsertest.SetValue(t, tab, "#email", "editor@example.org")
	browsertest.SetValue(t, tab, "#password", "a long enough password")
	browsertest.ClickAndWait(t, tab, `form button[type="submit"]`)
	if loc := browsertest.Location(t, tab); strings.Contains(loc, "/admin/login") {
		t.Fatalf("still on the login page after signing in: %s", loc)
	}
}

// An editor pins an older story as the home page's lead with a headline
// of the page's own, previews the draft, publishes it, and sees it lead
// the home page, which readers had in the page cache before. axe finds
// nothing on the form, the preview or the home page.
func TestPinTheHomePageLeadJourney(t *testing.T) {
	b := browsertest.Start(t)
	srv, ts := newServer(t, storetest.SQLite, false)
	_, _, ids := deskWorld(t, srv)
	tab := b.Ctx()

	browsertest.Navigate(t, tab, ts.URL+"/") // a reader's visit puts the page in the cache
	if got := browsertest.Text(t, tab, ".lead-story-headline"); got != "Night buses to run all week" {
		t.Fatalf("uncurated lead = %q, want the newest", got)
	}

	signInEditor(t, tab, ts.URL)
	browsertest.Navigate(t, tab, ts.URL+"/admin/front")
	browsertest.AssertNoAxeViolations(t, tab)
	browsertest.SetValue(t, tab, "#slot_0", strconv.FormatInt(ids["ferry-museum"], 10))
	browsertest.SendKeys(t, tab, "#slot_0_headline", "Ferries get a museum of their own")
	browsertest.ClickAndWait(t, tab, ".front-form > button[type=submit]")
	if got := browsertest.Text(t, tab, ".front-status"); !strings.Contains(got, "readers do not see it yet") {
		t.Fatalf("after saving the draft: %q", got)
	}

	// Readers still see the old lead; the preview shows the new one.
	browsertest.ClickAndWait(t, tab, `a[href="/admin/front/preview"]`)
	if got := browsertest.Text(t, tab, ".lead-story-headline"); got != "Ferries get a museum of their own" {
		t.Fatalf("preview lead = %q", got)
	}
	if got := browsertest.Text(t, tab, ".preview-note"); !strings.Contains(got, "draft front page") {
		t.Errorf("preview banner = %q", got)
	}
	browsertest.AssertNoAxeViolations(t, tab)
	if _, body := get(t, ts.URL+"/"); strings.Contains(body, "Ferries get a museum") {
		t.Fatal("readers see the draft before it is published")
	}

	browsertest.ClickAndWait(t, tab, `.preview-note a`)
	browsertest.ClickAndWait(t, tab, `form[action="/admin/front/publish"] button`)
	if got := browsertest.Text(t, tab, ".notice"); !strings.Contains(got, "Published: readers see this layout now") {
		t.Errorf("after publishing: %q", got)
	}

	browsertest.Navigate(t, tab, ts.URL+"/")
	if _, err := chromedp.Run(tab, chromedp.Reload()); err != nil { // not the browser's own copy
		t.Fatal(err)
	}
	if got := browsertest.Text(t, tab, ".lead-story-headline"); got != "Ferries get a museum of their own" {
		t.Fatalf("home page lead after publishing = %q", got)
	}
	if got := browsertest.Eval[string](t, tab, `document.querySelector(".lead-story-headline a").getAttribute("href")`); got != "/articles/ferry-museum" {
		t.Errorf("the lead links to %q", got)
	}
	if got := browsertest.Text(t, tab, "#latest-heading + ol li:first-child .card-headline"); got != "Night buses to run all week" {
		t.Errorf("the newest story fills the first top slot: %q", got)
	}
	browsertest.AssertNoAxeViolations(t, tab)

	// A section page: the older story leads it, and the list below does not repeat it.
	browsertest.Navigate(t, tab, ts.URL+"/admin/front/sections/news")
	browsertest.SetValue(t, tab, "#slot_0", strconv.FormatInt(ids["harbour-ferry"], 10))
	browsertest.ClickAndWait(t, tab, ".front-form > button[type=submit]")
	browsertest.ClickAndWait(t, tab, `form[action="/admin/front/sections/news/publish"] button`)
	browsertest.Navigate(t, tab, ts.URL+"/sections/news")
	if _, err := chromedp.Run(tab, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	if got := browsertest.Text(t, tab, ".lead-story-headline"); got != "The harbour ferry returns on Monday" {
		t.Fatalf("News lead = %q", got)
	}
	if n := browsertest.Eval[int](t, tab, `document.querySelectorAll('main a[href="/articles/harbour-ferry"]').length`); n != 1 {
		t.Errorf("the News lead is linked %d times on its page, want once", n)
	}
	browsertest.AssertNoAxeViolations(t, tab)
}

// An admin sees a pending invitation on the Staff page (axe finds nothing
// there) and withdraws it; its link then no longer works.
func TestWithdrawAnInvitationJourney(t *testing.T) {
	b := browsertest.Start(t)
	srv, ts := newServer(t, storetest.SQLite, false)
	ctx := context.Background()
	srv.Auth.SetHashCost(4)
	boss, err := srv.Auth.CreateUser(ctx, "boss@example.org", "Bea Boss", "a long enough password", auth.RoleAdmin)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.DB.CreateToken(ctx, auth.Token{TokenHash: auth.HashToken("the-link"), Purpose: "invite", Email: "new@example.org",
		Role: auth.RoleEditor, CreatedBy: boss.ID, ExpiresAt: time.Now().Add(auth.InviteLifetime)}); err != nil {
		t.Fatal(err)
	}
	tab := b.Ctx()
	browsertest.Navigate(t, tab, ts.URL+"/admin/login")
	browsertest.SetValue(t, tab, "#email", "boss@example.org")
	browsertest.SetValue(t, tab, "#password", "a long enough password")
	browsertest.ClickAndWait(t, tab, `form button[type="submit"]`)
	browsertest.Navigate(t, tab, ts.URL+"/admin/staff")
	row := browsertest.Text(t, tab, "#pending-title + table tbody tr")
	for _, want := range []string{"new@example.org", "editor", "Bea Boss"} {
		if !strings.Contains(row, want) {
			t.Errorf("pending invitation row %q lacks %q", row, want)
		}
	}
	browsertest.AssertNoAxeViolations(t, tab)
	if status := browsertest.Navigate(t, b.NewTab(t), ts.URL+"/admin/invite/the-link"); status != 200 {
		t.Fatalf("the invitation link before withdrawing: %d", status)
	}
	browsertest.ClickAndWait(t, tab, `form[action="/admin/staff/invitations/withdraw"] button`)
	if got := browsertest.Text(t, tab, ".notice"); !strings.Contains(got, "Invitation withdrawn") {
		t.Errorf("after withdrawing: %q", got)
	}
	if got := browsertest.Text(t, tab, "#pending-title + p"); !strings.Contains(got, "No invitations are waiting") {
		t.Errorf("pending list after withdrawing: %q", got)
	}
	if status := browsertest.Navigate(t, b.NewTab(t), ts.URL+"/admin/invite/the-link"); status != 404 {
		t.Errorf("the withdrawn link answers %d, want 404", status)
	}
}

// An editor deletes News, which has two articles, after moving them to
// Culture; the old address leads to Culture, which lists them.
func TestDeleteASectionWithArticlesJourney(t *testing.T) {
	b := browsertest.Start(t)
	srv, ts := newServer(t, storetest.SQLite, false)
	news, culture, _ := deskWorld(t, srv)
	tab := b.Ctx()
	signInEditor(t, tab, ts.URL)

	browsertest.Navigate(t, tab, ts.URL+"/admin/sections")
	browsertest.ClickAndWait(t, tab, `a[href="/admin/sections/`+strconv.FormatInt(news, 10)+`/delete"]`)
	if got := browsertest.Text(t, tab, "main"); !strings.Contains(got, "This section has 2 articles") {
		t.Fatalf("delete page: %q", got)
	}
	browsertest.AssertNoAxeViolations(t, tab)
	browsertest.SetValue(t, tab, "#move_to", strconv.FormatInt(culture, 10))
	browsertest.ClickAndWait(t, tab, "button.button-danger")
	if loc := browsertest.Location(t, tab); !strings.HasSuffix(loc, "/admin/sections?done=deleted") {
		t.Fatalf("after deleting: %s", loc)
	}
	if got := browsertest.Text(t, tab, "table.list"); strings.Contains(got, "News") || !strings.Contains(got, "Culture") {
		t.Errorf("sections after deleting News: %q", got)
	}

	browsertest.Navigate(t, tab, ts.URL+"/sections/news")
	if loc := browsertest.Location(t, tab); !strings.HasSuffix(loc, "/sections/culture") {
		t.Fatalf("the old address leads to %s", loc)
	}
	list := browsertest.Text(t, tab, "main")
	for _, h := range []string{"The harbour ferry returns on Monday", "Night buses to run all week", "A museum for the city"} {
		if !strings.Contains(list, h) {
			t.Errorf("Culture does not list %q", h)
		}
	}
	browsertest.AssertNoAxeViolations(t, tab)
}
