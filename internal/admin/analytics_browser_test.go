package admin_test

import (
	"strings"
	"testing"

	"masthead/internal/auth"
	"masthead/internal/browsertest"
	"masthead/internal/store/storetest"
)

// An editor opens Analytics from the menu, changes the period and opens
// an article's own chart; axe finds nothing on either page.
func TestAnalyticsBrowserJourney(t *testing.T) {
	a := newApp(t, storetest.Open(t, storetest.SQLite))
	a.user("editor@example.org", auth.RoleEditor)
	popular, _ := seedViews(t, a)

	b := browsertest.Start(t)
	ctx := b.Ctx()
	browsertest.Navigate(t, ctx, a.srv.URL+"/admin/login")
	browsertest.SendKeys(t, ctx, "#email", "editor@example.org")
	browsertest.SendKeys(t, ctx, "#password", password)
	browsertest.ClickAndWait(t, ctx, "button[type=submit]")
	browsertest.ClickAndWait(t, ctx, `.mainnav a[href="/admin/analytics"]`)
	if got := browsertest.Text(t, ctx, "h1"); got != "Analytics" {
		t.Fatalf("the page is headed %q", got)
	}
	if got := browsertest.Text(t, ctx, "main"); !strings.Contains(got, "207 in all") || !strings.Contains(got, "google.com") {
		t.Fatalf("the analytics page shows %q", got)
	}
	browsertest.AssertNoAxeViolations(t, ctx)
	browsertest.ClickAndWait(t, ctx, `.page-head .chart-ranges a[href="/admin/analytics?days=7"]`)
	if got := browsertest.Text(t, ctx, `.page-head [aria-current="true"]`); got != "7 days" {
		t.Errorf("the current period is %q", got)
	}
	browsertest.ClickAndWait(t, ctx, `a[href="/admin/analytics/articles/`+itoa(popular)+`?days=7"]`)
	if got := browsertest.Text(t, ctx, "h1"); got != "Story popular" {
		t.Fatalf("the article's page is headed %q", got)
	}
	if got := browsertest.Text(t, ctx, "main"); !strings.Contains(got, "150 in all") {
		t.Errorf("the article's page shows %q", got)
	}
	browsertest.AssertNoAxeViolations(t, ctx)
}
