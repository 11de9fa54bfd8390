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
	"masthead/internal/content"
	"masthead/internal/media/mediatest"
	"masthead/internal/queue"
	"masthead/internal/store/storetest"
)

// TestBrowserJourney is the newsroom as a person uses it, in Chromium under
// the production CSP: set up the first admin, write an article that links to
// an earlier one, publish it, see it published, sign out. Set
// MASTHEAD_SCREENSHOT_DIR to keep screenshots of the editor.
func TestBrowserJourney(t *testing.T) {
	a := newApp(t, storetest.Open(t, storetest.SQLite))
	author := a.saveAuthor("Ada Reporter")
	earlier := a.publishedArticle("council-budget", author)

	b := browsertest.Start(t)
	ctx := b.Ctx()
	browsertest.Navigate(t, ctx, a.srv.URL+"/admin")
	if loc := browsertest.Location(t, ctx); !strings.HasSuffix(loc, "/admin/setup") {
		t.Fatalf("a fresh install opens %s, want the set-up page", loc)
	}
	browsertest.SendKeys(t, ctx, "#name", "Edie Torres")
	browsertest.SendKeys(t, ctx, "#email", "edie@example.org")
	browsertest.SendKeys(t, ctx, "#password", password)
	browsertest.SendKeys(t, ctx, "#password2", password)
	if status := browsertest.ClickAndWait(t, ctx, "button[type=submit]"); status != 200 {
		t.Fatalf("set-up answered %d", status)
	}
	if got := browsertest.Text(t, ctx, ".notice"); !strings.Contains(got, "signed in as its administrator") {
		t.Errorf("after set-up the page says %q", got)
	}

	browsertest.ClickAndWait(t, ctx, ".page-head a.button-primary") // New article
	browsertest.ClickAndWait(t, ctx, ".editor-switch a")            // Write in Markdown instead
	browsertest.SendKeys(t, ctx, "#headline", "Budget passes after late-night session")
	browsertest.SendKeys(t, ctx, "#standfirst", "Councillors approved the plan by one vote.")
	browsertest.SetValue(t, ctx, "#section", itoa(a.section))
	browsertest.SetValue(t, ctx, "#author1", itoa(author))
	browsertest.SetValue(t, ctx, "#topics", "Council, Budget")
	// A mistyped see-also link keeps the article from going live, and says why.
	browsertest.SetValue(t, ctx, "#body", "The vote came at 11pm.\n\n>> We did our job.\n>> — The mayor\n\nSee also: /articles/council-budgt")
	if status := browsertest.ClickAndWait(t, ctx, `button[value="publish"]`); status != 422 {
		t.Fatalf("publishing with a broken see-also answered %d", status)
	}
	if got := browsertest.Text(t, ctx, "#body-checks"); !strings.Contains(got, "council-budgt points to no article") {
		t.Errorf("the body's checks say %q", got)
	}
	screenshot(t, ctx, "editor-checks.png")
	browsertest.SetValue(t, ctx, "#body", "The vote came at 11pm.\n\n>> We did our job.\n>> — The mayor\n\nSee also: /articles/"+earlier.Slug)
	if status := browsertest.ClickAndWait(t, ctx, `button[value="publish"]`); status != 200 {
		t.Fatalf("publish answered %d: %s", status, browsertest.Text(t, ctx, "main"))
	}
	if got := browsertest.Text(t, ctx, ".notice"); !strings.Contains(got, "Published") {
		t.Fatalf("after publishing the page says %q; main: %s", got, browsertest.Text(t, ctx, "main"))
	}
	if got := browsertest.Text(t, ctx, "#actions .status"); got != "PUBLISHED" && got != "published" {
		t.Errorf("status shows %q", got)
	}
	if got := browsertest.Text(t, ctx, "#actions .url"); !strings.HasSuffix(got, "/articles/budget-passes-after-late-night-session") {
		t.Errorf("public address shows %q", got)
	}
	screenshot(t, ctx, "editor.png")
	browsertest.AssertNoAxeViolations(t, ctx)

	browsertest.ClickAndWait(t, ctx, `.mainnav a[href="/admin/articles"]`)
	if got := browsertest.Text(t, ctx, "table.list tbody tr:first-child"); !strings.Contains(got, "Budget passes") || !strings.Contains(strings.ToLower(got), "published") {
		t.Errorf("the article list's first row is %q", got)
	}
	browsertest.AssertNoAxeViolations(t, ctx)

	// An empty article is refused with messages tied to their fields; the
	// photo chosen with it is not kept, and the form says so.
	browsertest.Navigate(t, ctx, a.srv.URL+"/admin/articles/new")
	photo := filepath.Join(t.TempDir(), "IMG_0001.JPG")
	if err := os.WriteFile(photo, mediatest.CameraJPEG(t, 48, 32), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.SetUploadFiles(chromedp.CSS("#lead_image"), []string{photo})); err != nil {
		t.Fatal(err)
	}
	mediaFiles := len(filesUnder(t, a.mediaDir))
	if status := browsertest.ClickAndWait(t, ctx, `button[value="save"]`); status != 422 {
		t.Errorf("saving an empty article answered %d", status)
	}
	if got := browsertest.Text(t, ctx, "#headline-error"); !strings.Contains(got, "Write a headline") {
		t.Errorf("the headline's message is %q", got)
	}
	if got := browsertest.Text(t, ctx, "#lead_image-error"); !strings.Contains(got, "choose it again") {
		t.Errorf("the image's message is %q", got)
	}
	if n := len(filesUnder(t, a.mediaDir)); n != mediaFiles {
		t.Errorf("the refused save left %d media files, had %d", n, mediaFiles)
	}
	screenshot(t, ctx, "editor-errors.png")
	browsertest.AssertNoAxeViolations(t, ctx)
	writer := a.user("writer@example.org", auth.RoleAuthor)
	topics, _ := a.db.ListTopics(context.Background())
	if len(topics) == 0 {
		t.Fatal("the published article's topics are missing")
	}
	draft := savedDraft(t, a, author)
	for _, path := range []string{"/admin/articles/" + itoa(draft) + "/preview", "/admin", "/admin/settings", "/admin/staff",
		"/admin/staff/" + itoa(writer.ID), "/admin/authors/new", "/admin/topics/" + itoa(topics[0].ID),
		"/admin/articles/" + itoa(draft) + "/delete", "/admin/topics"} {
		browsertest.Navigate(t, ctx, a.srv.URL+path)
		browsertest.AssertNoAxeViolations(t, ctx)
	}

	browsertest.ClickAndWait(t, ctx, ".account button")
	if loc := browsertest.Location(t, ctx); !strings.Contains(loc, "/admin/login") {
		t.Fatalf("signing out led to %s", loc)
	}
	browsertest.AssertNoAxeViolations(t, ctx)
	screenshot(t, ctx, "login.png")
}

func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("MASTHEAD_SCREENSHOT_DIR")
	if dir == "" {
		return
	}
	if err := browsertest.Screenshot(ctx, filepath.Join(dir, name)); err != nil {
		t.Error(err)
	}
}

// savedDraft stores a draft through the content service and returns its id.
func savedDraft(t *testing.T, a *app, author int64) int64 {
	t.Helper()
	res, err := a.content.Save(context.Background(), editorActor, content.ArticleInput{Headline: "A draft", Standfirst: "Not yet.",
		SectionID: a.section, AuthorIDs: []int64{author}, BodySource: "Work in progress."})
	if err != nil {
		t.Fatal(err)
	}
	return res.Article.ID
}

// TestNewsletterBrowserJourney is an admin at work on newsletters in
// Chromium: create a newsletter (after a refused try), see it listed, open
// a subscriber and erase them with the confirmation step. Every newsletter
// page passes axe.
func TestNewsletterBrowserJourney(t *testing.T) {
	a := newApp(t, storetest.Open(t, storetest.SQLite))
	a.user("admin@example.org", auth.RoleAdmin)
	weekly := a.newsletter("Daily Briefing")
	secs := a.sectors()
	rd := a.reader("ann@example.org", secs[0].ID, weekly)
	a.reader("bob@example.org", 0, weekly)

	b := browsertest.Start(t)
	ctx := b.Ctx()
	browsertest.Navigate(t, ctx, a.srv.URL+"/admin/login")
	browsertest.SendKeys(t, ctx, "#email", "admin@example.org")
	browsertest.SendKeys(t, ctx, "#password", password)
	browsertest.ClickAndWait(t, ctx, "button[type=submit]")

	browsertest.ClickAndWait(t, ctx, `.mainnav a[href="/admin/newsletters"]`)
	browsertest.AssertNoAxeViolations(t, ctx)
	browsertest.ClickAndWait(t, ctx, ".page-head a.button-primary") // New newsletter
	browsertest.AssertNoAxeViolations(t, ctx)
	browsertest.SendKeys(t, ctx, "#name", "Saturday Guide")
	browsertest.SendKeys(t, ctx, "#cadence", "every Saturday")
	browsertest.SendKeys(t, ctx, "#sender_name", "Test Weekly")
	browsertest.SendKeys(t, ctx, "#sender_email", "not an address")
	if status := browsertest.ClickAndWait(t, ctx, "form.form button[type=submit]"); status != 422 {
		t.Fatalf("a bad sender address answered %d", status)
	}
	if got := browsertest.Text(t, ctx, "#sender_email-error"); !strings.Contains(got, "Enter the address emails come from") {
		t.Errorf("the sender's message is %q", got)
	}
	browsertest.AssertNoAxeViolations(t, ctx)
	browsertest.SetValue(t, ctx, "#sender_email", "news@example.org")
	if status := browsertest.ClickAndWait(t, ctx, "form.form button[type=submit]"); status != 200 {
		t.Fatalf("saving the newsletter answered %d", status)
	}
	if got := browsertest.Text(t, ctx, "table.list tbody"); !strings.Contains(got, "Saturday Guide") || !strings.Contains(got, "every Saturday") {
		t.Errorf("the newsletter list shows %q", got)
	}

	browsertest.ClickAndWait(t, ctx, `a[href="/admin/subscribers"]`)
	browsertest.AssertNoAxeViolations(t, ctx)
	browsertest.ClickAndWait(t, ctx, `a[href="/admin/subscribers/`+itoa(rd.ID)+`"]`)
	if got := browsertest.Text(t, ctx, "h1"); got != "ann@example.org" {
		t.Fatalf("the reader's page is headed %q", got)
	}
	browsertest.AssertNoAxeViolations(t, ctx)
	browsertest.ClickAndWait(t, ctx, "a.button-danger") // Erase this reader…
	browsertest.AssertNoAxeViolations(t, ctx)
	if status := browsertest.ClickAndWait(t, ctx, "button.button-danger"); status != 422 {
		t.Fatalf("erasing without a reason answered %d", status)
	}
	browsertest.AssertNoAxeViolations(t, ctx)
	browsertest.SendKeys(t, ctx, "#reason", "email of 1 December")
	if status := browsertest.ClickAndWait(t, ctx, "button.button-danger"); status != 200 {
		t.Fatalf("erasing answered %d", status)
	}
	if got := browsertest.Text(t, ctx, ".notice"); !strings.Contains(got, "erased") {
		t.Errorf("after erasing the page says %q", got)
	}
	if got := browsertest.Text(t, ctx, "table.subscribers"); strings.Contains(got, "ann@example.org") || !strings.Contains(got, "bob@example.org") {
		t.Errorf("after erasing the list shows %q", got)
	}
	if s, err := a.nl.Suppressed(context.Background(), "ann@example.org"); err != nil || !s {
		t.Errorf("the erased address is not suppressed: %v", err)
	}

	bob, _ := a.nl.ReaderByEmail(context.Background(), "bob@example.org")
	for _, path := range []string{"/admin/subscribers/lookup", "/admin/subscribers/lookup?email=ann%40example.org",
		"/admin/subscribers/lookup?email=nobody", "/admin/subscribers?newsletter=" + itoa(weekly) + "&status=confirmed&q=bob",
		"/admin/consent-wording/1", "/admin/settings/sectors", "/admin/settings/sectors/" + itoa(secs[0].ID),
		"/admin/newsletters/" + itoa(weekly), "/admin/subscribers/" + itoa(bob.ID) + "/erase"} {
		browsertest.Navigate(t, ctx, a.srv.URL+path)
		browsertest.AssertNoAxeViolations(t, ctx)
	}
}

// TestBackgroundJobsBrowserJourney is an admin retrying a failed job in
// Chromium: from Settings to Background jobs, where the failed job shows
// its kind, summary and masked error; Retry runs it again and the list
// empties. The page passes axe with and without failed jobs.
func TestBackgroundJobsBrowserJourney(t *testing.T) {
	a := newApp(t, storetest.Open(t, storetest.SQLite))
	a.user("admin@example.org", auth.RoleAdmin)
	heal, runs := failingKind(a)
	if _, err := a.queue.Enqueue(context.Background(), queue.NewJob{Kind: "test:mail", Payload: "7 ann@example.net"}); err != nil {
		t.Fatal(err)
	}
	a.runJobs()

	b := browsertest.Start(t)
	ctx := b.Ctx()
	browsertest.Navigate(t, ctx, a.srv.URL+"/admin/login")
	browsertest.SendKeys(t, ctx, "#email", "admin@example.org")
	browsertest.SendKeys(t, ctx, "#password", password)
	browsertest.ClickAndWait(t, ctx, "button[type=submit]")
	browsertest.ClickAndWait(t, ctx, `.mainnav a[href="/admin/settings"]`)
	browsertest.ClickAndWait(t, ctx, `a[href="/admin/settings/jobs"]`)
	if got := browsertest.Text(t, ctx, "h1"); got != "Background jobs" {
		t.Fatalf("the page is headed %q", got)
	}
	browsertest.AssertNoAxeViolations(t, ctx)
	got := browsertest.Text(t, ctx, "main")
	if !strings.Contains(got, "letter 7") || !strings.Contains(got, "<[address]>: mailbox unavailable") || strings.Contains(got, "ann@") {
		t.Fatalf("the failed job shows as %q", got)
	}
	heal()
	if status := browsertest.ClickAndWait(t, ctx, ".job-actions button"); status != 200 {
		t.Fatalf("retry answered %d", status)
	}
	if got := browsertest.Text(t, ctx, ".notice"); !strings.Contains(got, "run again") {
		t.Errorf("after retry the page says %q", got)
	}
	a.runJobs()
	if n := runs.Load(); n != 2 {
		t.Fatalf("the job ran %d times, want its failure and the retry", n)
	}
	browsertest.Navigate(t, ctx, a.srv.URL+"/admin/settings/jobs")
	if got := browsertest.Text(t, ctx, "main"); !strings.Contains(got, "No failed jobs") {
		t.Errorf("after the retry ran the page shows %q", got)
	}
	browsertest.AssertNoAxeViolations(t, ctx)
}
