package admin_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"masthead/internal/auth"
	"masthead/internal/browsertest"
	"masthead/internal/store/storetest"
)

// TestSubscriberImportBrowserJourney is an admin importing a list in
// Chromium: upload a CSV, read the dry run, confirm, and find the readers
// in the list and in the chart. axe passes every page on the way.
func TestSubscriberImportBrowserJourney(t *testing.T) {
	a := newApp(t, storetest.Open(t, storetest.SQLite))
	a.user("admin@example.org", auth.RoleAdmin)
	weekly := a.newsletter("Weekly Guide")
	a.newsletter("Daily Briefing")
	a.reader("already@example.org", 0, weekly)
	csvFile := filepath.Join(t.TempDir(), "town-hall.csv")
	if err := os.WriteFile(csvFile, []byte("Name,Email,Sector\r\nAnn,ann@example.org,Marketing\r\nBob,bob@example.org,\r\nOops,not an address,\r\nAgain,already@example.org,\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	b := browsertest.Start(t)
	ctx := b.Ctx()
	browsertest.Navigate(t, ctx, a.srv.URL+"/admin/login")
	browsertest.SendKeys(t, ctx, "#email", "admin@example.org")
	browsertest.SendKeys(t, ctx, "#password", password)
	browsertest.ClickAndWait(t, ctx, "button[type=submit]")

	browsertest.Navigate(t, ctx, a.srv.URL+"/admin/subscribers")
	browsertest.AssertNoAxeViolations(t, ctx)
	browsertest.ClickAndWait(t, ctx, `a[href="/admin/subscribers/import"]`)
	browsertest.AssertNoAxeViolations(t, ctx)
	// Without a source the form comes back with the message at its field.
	if _, err := chromedp.Run(ctx, chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{csvFile})); err != nil {
		t.Fatal(err)
	}
	browsertest.Click(t, ctx, "#nl-"+itoa(weekly))
	if status := browsertest.ClickAndWait(t, ctx, "form.form button[type=submit]"); status != 422 {
		t.Fatalf("a dry run without a source answered %d", status)
	}
	if got := browsertest.Text(t, ctx, "#source-error"); !strings.Contains(got, "Say where these people gave their consent") {
		t.Errorf("the source's message is %q", got)
	}
	browsertest.AssertNoAxeViolations(t, ctx)
	if _, err := chromedp.Run(ctx, chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{csvFile})); err != nil {
		t.Fatal(err)
	}
	browsertest.SendKeys(t, ctx, "#source", "Town hall sign-up sheet, 2026-11-20")
	if status := browsertest.ClickAndWait(t, ctx, "form.form button[type=submit]"); status != 200 {
		t.Fatalf("the dry run answered %d: %s", status, browsertest.Text(t, ctx, "main"))
	}
	if got := browsertest.Text(t, ctx, "#report-totals"); !strings.Contains(got, "2 (2 new readers, 2 subscriptions)") {
		t.Errorf("the dry run's totals say %q", got)
	}
	if got := browsertest.Text(t, ctx, "table.report-lines"); !strings.Contains(got, "not an address") || !strings.Contains(got, "already subscribed") {
		t.Errorf("the dry run's lines say %q", got)
	}
	if n, _ := a.db.CountReaders(context.Background()); n != 1 {
		t.Fatalf("the dry run made readers: %d", n)
	}
	screenshot(t, ctx, "import-dry-run.png")
	browsertest.AssertNoAxeViolations(t, ctx)
	if status := browsertest.ClickAndWait(t, ctx, "form.form button.button-primary"); status != 200 {
		t.Fatalf("confirming answered %d", status)
	}
	if got := browsertest.Text(t, ctx, ".notice"); !strings.Contains(got, "Imported: 2 new readers, 2 subscriptions confirmed.") {
		t.Errorf("after the import the page says %q", got)
	}
	if got := browsertest.Text(t, ctx, "table.subscribers"); !strings.Contains(got, "ann@example.org") || !strings.Contains(got, "bob@example.org") {
		t.Errorf("the list shows %q", got)
	}
	if got := browsertest.Text(t, ctx, ".chart-legend"); !strings.Contains(got, "Weekly Guide: 3") || !strings.Contains(got, "Daily Briefing: 0") {
		t.Errorf("the chart's legend says %q", got)
	}
	if n := browsertest.Eval[int](t, ctx, `document.querySelectorAll("svg.chart-svg polyline").length`); n != 2 {
		t.Errorf("the chart draws %d lines", n)
	}
	screenshot(t, ctx, "subscribers-chart.png")
	browsertest.AssertNoAxeViolations(t, ctx)
	browsertest.Click(t, ctx, ".chart-table summary")
	browsertest.AssertNoAxeViolations(t, ctx)
	browsertest.ClickAndWait(t, ctx, `.chart-ranges a[href*="days=365"]`)
	browsertest.AssertNoAxeViolations(t, ctx)
}
