package admin_test

import (
	"context"
	"strings"
	"testing"

	"masthead/internal/auth"
	"masthead/internal/browsertest"
	"masthead/internal/campaign"
	"masthead/internal/store/storetest"
)

// TestSendBrowserJourney is an editor sending an issue in Chromium under
// the production CSP: compose it from two articles (after a refused
// save), reorder them, preview it, send a test that a real SMTP server
// receives, send it after the confirmation, watch the progress bar (the
// admin script polling) reach the end and see the results. Every send
// page passes axe.
func TestSendBrowserJourney(t *testing.T) {
	f := newSendFixture(t, storetest.Open(t, storetest.SQLite), nil)
	f.user("boss@example.org", auth.RoleAdmin)

	b := browsertest.Start(t)
	ctx := b.Ctx()
	browsertest.Navigate(t, ctx, f.srv.URL+"/admin/login")
	browsertest.SendKeys(t, ctx, "#email", "editor@example.org")
	browsertest.SendKeys(t, ctx, "#password", password)
	browsertest.ClickAndWait(t, ctx, "button[type=submit]")

	browsertest.ClickAndWait(t, ctx, `.mainnav a[href="/admin/campaigns"]`)
	browsertest.AssertNoAxeViolations(t, ctx)
	browsertest.ClickAndWait(t, ctx, ".page-head a.button-primary") // New issue
	browsertest.AssertNoAxeViolations(t, ctx)
	if status := browsertest.ClickAndWait(t, ctx, `button[name="save"]`); status != 422 {
		t.Fatalf("saving an empty issue answered %d", status)
	}
	if got := browsertest.Text(t, ctx, "#articles-error"); !strings.Contains(got, "Choose at least one published article") {
		t.Errorf("the articles' message is %q", got)
	}
	browsertest.AssertNoAxeViolations(t, ctx)

	browsertest.SetValue(t, ctx, "#newsletter", itoa(f.weekly))
	browsertest.ClickAndWait(t, ctx, `button[name="add"][value="`+itoa(f.arts[0])+`"]`)
	browsertest.ClickAndWait(t, ctx, `button[name="add"][value="`+itoa(f.arts[2])+`"]`)
	browsertest.ClickAndWait(t, ctx, `button[name="up"][value="1"]`)
	if got := browsertest.Text(t, ctx, "ol.chosen"); strings.Index(got, "Story school") > strings.Index(got, "Story harbour") {
		t.Errorf("after moving the second up the issue reads %q", got)
	}
	browsertest.AssertNoAxeViolations(t, ctx)
	browsertest.SendKeys(t, ctx, "#subject", "School and harbour")
	browsertest.SendKeys(t, ctx, "#intro", "Two stories this week.")
	if status := browsertest.ClickAndWait(t, ctx, `button[name="save"]`); status != 200 {
		t.Fatalf("saving the issue answered %d: %s", status, browsertest.Text(t, ctx, "main"))
	}
	if got := browsertest.Text(t, ctx, "h1"); got != "School and harbour" {
		t.Fatalf("the campaign page is headed %q", got)
	}
	list, err := f.camp.List(context.Background(), 0, 0, 5)
	if err != nil || len(list) != 1 {
		t.Fatalf("campaigns: %v %v", list, err)
	}
	id := list[0].ID
	// The HTML preview loads in its sandboxed frame.
	if got := browsertest.Eval[string](t, ctx, `document.querySelector("iframe.email-frame").getAttribute("sandbox")`); got != "" {
		t.Errorf("the preview frame's sandbox is %q", got)
	}
	if got := browsertest.Text(t, ctx, "pre.email-text"); !strings.Contains(got, "Story school") || !strings.Contains(got, "Two stories this week.") {
		t.Errorf("the text preview reads %q", got)
	}
	browsertest.AssertNoAxeViolations(t, ctx)

	// A test to the editor (ticked) and the admin.
	browsertest.Click(t, ctx, `input[name="to"][value="`+itoa(f.editor.ID)+`"]:not(:checked), input[name="to"]:not(:checked)`)
	if status := browsertest.ClickAndWait(t, ctx, "#test button[type=submit]"); status != 200 {
		t.Fatalf("the test send answered %d", status)
	}
	if got := browsertest.Text(t, ctx, "#test .notice"); !strings.Contains(got, "editor@example.org") || !strings.Contains(got, "boss@example.org") {
		t.Errorf("after the test the page says %q", got)
	}
	got := f.sink.Received()
	if len(got) != 2 || !strings.Contains(string(got[0].Data), "Subject: [Test] School and harbour") {
		t.Fatalf("the sink received %d test emails: %+v", len(got), got)
	}
	browsertest.AssertNoAxeViolations(t, ctx)

	browsertest.ClickAndWait(t, ctx, `a[href="/admin/campaigns/`+itoa(id)+`/send"]`)
	if got := browsertest.Text(t, ctx, "main .lead"); !strings.Contains(got, "Weekly Guide") || !strings.Contains(got, "2 confirmed subscribers") {
		t.Errorf("the confirmation says %q", got)
	}
	browsertest.AssertNoAxeViolations(t, ctx)
	browsertest.ClickAndWait(t, ctx, "main form button[type=submit]")
	if got := browsertest.Text(t, ctx, "[data-progress] h2"); got != "Progress" {
		t.Errorf("while sending the panel is headed %q", got)
	}
	browsertest.AssertNoAxeViolations(t, ctx)

	// The worker sends while the page's script follows it; once the send
	// is over the script reloads the page into its results.
	qctx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); f.queue.Run(qctx) }()
	t.Cleanup(func() { stop(); <-done })
	if got := browsertest.Text(t, ctx, `[data-status="sent"] h2`); got != "Results" {
		t.Errorf("after the send the panel is headed %q", got)
	}
	if v := browsertest.Eval[[]float64](t, ctx, `(function(){var p=document.querySelector("#progress-bar");return [p.value,p.max]})()`); v[0] != 2 || v[1] != 2 {
		t.Errorf("the progress bar is at %v", v)
	}
	if got := browsertest.Text(t, ctx, "dl.counts"); !strings.Contains(got, "Sent\n2") && !strings.Contains(got, "Sent 2") {
		t.Errorf("the results read %q", got)
	}
	if c := f.get(id); c.Status != campaign.StatusSent || c.Sent != 2 {
		t.Errorf("the campaign is %s with %+v", c.Status, c.Counts)
	}
	browsertest.AssertNoAxeViolations(t, ctx)

	other := f.campaign("Another", f.weekly, f.arts[1])
	for _, path := range []string{"/admin/campaigns", "/admin/campaigns/" + itoa(other) + "/edit", "/admin/campaigns/" + itoa(other) + "/cancel",
		"/admin/campaigns/" + itoa(other), "/admin/campaigns?newsletter=" + itoa(f.weekly)} {
		browsertest.Navigate(t, ctx, f.srv.URL+path)
		browsertest.AssertNoAxeViolations(t, ctx)
	}
}
