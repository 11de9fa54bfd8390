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
