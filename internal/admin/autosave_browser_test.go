package admin_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"masthead/internal/admin"
	"masthead/internal/auth"
	"masthead/internal/browsertest"
	"masthead/internal/content"
	"masthead/internal/site"
	"masthead/internal/store/storetest"
)

// waitUntil waits for a JavaScript condition to hold in the page, failing
// the test with what after a generous bound (not a timing assertion).
func waitUntil(t *testing.T, ctx context.Context, expr, what string) {
	t.Helper()
	deadline := time.Now().Add(25 * time.Second)
	for {
		if browsertest.Eval[bool](t, ctx, expr) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited in vain for %s (%s)", what, expr)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func signInBrowser(t *testing.T, ctx context.Context, a *app, email string) {
	t.Helper()
	browsertest.Navigate(t, ctx, a.srv.URL+"/admin/login")
	browsertest.SendKeys(t, ctx, "#email", email)
	browsertest.SendKeys(t, ctx, "#password", password)
	browsertest.ClickAndWait(t, ctx, "button[type=submit]")
}

const statusJS = `document.getElementById("unsaved").textContent`

// TestAutosaveBrowserJourney: a writer types, sees "Saved at", reloads and
// is offered the autosaved text back; Restore puts it in the form. A new
// article's first autosave moves the page to the draft it created.
func TestAutosaveBrowserJourney(t *testing.T) {
	a := newApp(t, storetest.Open(t, storetest.SQLite))
	w := a.user("writer@example.org", auth.RoleAuthor)
	draft := a.story("draft", "Housing", "First words.", w.AuthorID, content.ActionSave)
	edit := a.srv.URL + "/admin/articles/" + itoa(draft.ID)
	a.clock.Add(time.Minute) // autosaves come after the stored version

	b := browsertest.Start(t)
	ctx := b.Ctx()
	signInBrowser(t, ctx, a, "writer@example.org")
	browsertest.Navigate(t, ctx, edit)
	browsertest.AssertNoAxeViolations(t, ctx)
	browsertest.Click(t, ctx, "#body")
	browsertest.SendKeys(t, ctx, "#body", " Typed in the browser.")
	if got := browsertest.Eval[string](t, ctx, statusJS); !strings.Contains(got, "Unsaved changes") {
		t.Errorf("while typing the status says %q", got)
	}
	waitUntil(t, ctx, statusJS+`.startsWith("Saved at ")`, `"Saved at"`)
	if got := browsertest.Eval[string](t, ctx, statusJS); got != "Saved at "+a.clock.Now().Format("15:04:05") {
		t.Errorf("status %q", got)
	}
	if live := browsertest.Eval[string](t, ctx, `document.getElementById("unsaved").getAttribute("aria-live")`); live != "polite" {
		t.Errorf("the status is not announced (aria-live %q)", live)
	}
	if got := a.article(draft.ID); got.BodySource != "First words." {
		t.Fatalf("the autosave changed the stored article: %q", got.BodySource)
	}
	saved := autosaves(t, a.db, draft.ID)
	if len(saved) != 1 || saved[0].Snapshot.BodySource != "First words. Typed in the browser." {
		t.Fatalf("autosaves: %+v", saved)
	}

	// Reload: the newer autosave is offered; Restore puts it in the form.
	browsertest.Navigate(t, ctx, edit)
	if got := browsertest.Text(t, ctx, "#recovery"); !strings.Contains(got, "You have text autosaved at") {
		t.Fatalf("the restore offer reads %q", got)
	}
	if got := browsertest.Eval[string](t, ctx, `document.getElementById("body").value`); got != "First words." {
		t.Fatalf("before Restore the form holds %q", got)
	}
	browsertest.AssertNoAxeViolations(t, ctx)
	screenshot(t, ctx, "editor-restore-offer.png")
	browsertest.ClickAndWait(t, ctx, "#recovery-restore")
	if got := browsertest.Eval[string](t, ctx, `document.getElementById("body").value`); got != "First words. Typed in the browser." {
		t.Fatalf("after Restore the form holds %q", got)
	}

	// A new article: the first autosave creates the draft and the page follows it.
	browsertest.Navigate(t, ctx, a.srv.URL+"/admin/articles/new")
	browsertest.SendKeys(t, ctx, "#headline", "Written in one go")
	waitUntil(t, ctx, statusJS+`.startsWith("Saved at ")`, `"Saved at" for a new article`)
	loc := browsertest.Location(t, ctx)
	if !strings.HasPrefix(loc, a.srv.URL+"/admin/articles/") || strings.HasSuffix(loc, "/new") {
		t.Fatalf("after the first autosave the address is %s", loc)
	}
	action := browsertest.Eval[string](t, ctx, `document.querySelector("form.editor").getAttribute("action")`)
	if a.srv.URL+action != loc {
		t.Errorf("the form posts to %s, the page is %s", action, loc)
	}
	if n := a.countArticles(); n != 2 {
		t.Fatalf("%d articles after the first autosave of a new one", n)
	}
	browsertest.SendKeys(t, ctx, "#standfirst", "Then a standfirst.")
	waitUntil(t, ctx, statusJS+`.startsWith("Saved at ")`, `"Saved at" again`)
	if n := a.countArticles(); n != 2 {
		t.Fatalf("%d articles after the second autosave", n)
	}
	if status := browsertest.ClickAndWait(t, ctx, `button[value="save"]`); status != 200 {
		t.Fatalf("Save draft answered %d", status)
	}
	if got := browsertest.Text(t, ctx, ".notice"); !strings.Contains(got, "Saved") {
		t.Errorf("after Save draft: %q", got)
	}
}

// TestTakeOverBrowserJourney: two people open one article in two
// browsers. The second sees the first and a read-only form, takes over,
// and the first's editor says so and stops, with their text in the
// revisions.
func TestTakeOverBrowserJourney(t *testing.T) {
	a := newApp(t, storetest.Open(t, storetest.SQLite))
	ana := a.user("ana@example.org", auth.RoleEditor)
	a.user("ben@example.org", auth.RoleEditor)
	story := a.story("budget", "Council", "The budget.", ana.AuthorID, content.ActionSave)
	edit := a.srv.URL + "/admin/articles/" + itoa(story.ID)

	actx := browsertest.Start(t).Ctx()
	bctx := browsertest.Start(t).Ctx()
	signInBrowser(t, actx, a, "ana@example.org")
	signInBrowser(t, bctx, a, "ben@example.org")
	browsertest.Navigate(t, actx, edit)
	browsertest.Navigate(t, bctx, edit)

	if got := browsertest.Text(t, bctx, "#presence-text"); !strings.Contains(got, "ana is editing this article (since") {
		t.Fatalf("ben's editor says %q", got)
	}
	if !browsertest.Eval[bool](t, bctx, `document.querySelector("form.editor").inert`) {
		t.Fatal("ben can edit while ana is editing")
	}
	browsertest.AssertNoAxeViolations(t, bctx)
	screenshot(t, bctx, "editor-someone-else.png")

	browsertest.Click(t, bctx, "#take-over")
	waitUntil(t, bctx, `!document.querySelector("form.editor").inert`, "ben's editor to open after Take over")

	// Ana types on; her editor learns of the take-over and stops, keeping her text.
	browsertest.Click(t, actx, "#body")
	browsertest.SendKeys(t, actx, "#body", " Ana's last words.")
	waitUntil(t, actx, `document.querySelector("form.editor").inert`, "ana's editor to stop")
	msg := browsertest.Text(t, actx, "#presence")
	if !strings.Contains(msg, "ben took over at") || !strings.Contains(msg, "your text is kept as a revision") || !strings.Contains(msg, "Reload the article") {
		t.Fatalf("ana's editor says %q", msg)
	}
	browsertest.AssertNoAxeViolations(t, actx)
	screenshot(t, actx, "editor-taken-over.png")
	var kept bool
	for _, r := range autosaves(t, a.db, story.ID) {
		kept = kept || (r.CreatedBy == ana.ID && r.Snapshot.BodySource == "The budget. Ana's last words.")
	}
	if !kept {
		t.Fatalf("ana's text is not in the revisions: %+v", autosaves(t, a.db, story.ID))
	}
	wantRevisions := browsertest.Navigate(t, actx, edit+"/revisions")
	if wantRevisions != http.StatusOK || !strings.Contains(browsertest.Text(t, actx, "table"), "autosave") {
		t.Error("the revisions page does not list ana's autosave")
	}
}

// TestStagedEditBrowserJourney: an editor changes a published article;
// the reader page (cached, as the binary caches it) keeps the published
// text until Publish changes now, which purges the cache.
func TestStagedEditBrowserJourney(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	pub, err := site.New(site.Options{Store: db, MediaDir: t.TempDir(), Now: time.Now})
	if err != nil {
		t.Fatal(err)
	}
	a := newAppWith(t, db, func(o *admin.Options) {
		o.Content = content.NewService(db, &scheduler{}, o.Now, func(context.Context) { pub.Purge() })
	})
	ed := a.user("ed@example.org", auth.RoleEditor)
	story := a.story("budget", "Council", "The council met.", ed.AuthorID, content.ActionPublish)

	mux := http.NewServeMux()
	pub.Routes(mux)
	reader := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", csp)
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(reader.Close)

	ctx := browsertest.Start(t).Ctx()
	signInBrowser(t, ctx, a, "ed@example.org")
	browsertest.Navigate(t, ctx, a.srv.URL+"/admin/articles/"+itoa(story.ID))
	browsertest.Click(t, ctx, "#body")
	browsertest.SendKeys(t, ctx, "#body", " It voted for the budget.")
	a.clock.Add(time.Minute)
	if status := browsertest.ClickAndWait(t, ctx, `button[value="save"]`); status != 200 {
		t.Fatalf("Save changes answered %d", status)
	}
	if got := browsertest.Text(t, ctx, ".notice"); !strings.Contains(got, "Saved as pending changes") {
		t.Errorf("after Save changes: %q", got)
	}
	if got := browsertest.Text(t, ctx, "#pending"); !strings.Contains(got, "Pending changes, saved") || !strings.Contains(got, "by ed") {
		t.Errorf("the pending panel reads %q", got)
	}
	browsertest.AssertNoAxeViolations(t, ctx)
	screenshot(t, ctx, "editor-pending.png")

	browsertest.Navigate(t, ctx, reader.URL+"/articles/budget")
	if got := browsertest.Text(t, ctx, "article"); strings.Contains(got, "It voted for the budget.") || !strings.Contains(got, "The council met.") {
		t.Fatalf("readers see the pending changes: %q", got)
	}
	browsertest.Navigate(t, ctx, a.srv.URL+"/admin/articles/"+itoa(story.ID)+"/pending/preview")
	if got := browsertest.Text(t, ctx, "article"); !strings.Contains(got, "It voted for the budget.") {
		t.Fatalf("the preview of the pending changes shows %q", got)
	}

	browsertest.Navigate(t, ctx, a.srv.URL+"/admin/articles/"+itoa(story.ID))
	if status := browsertest.ClickAndWait(t, ctx, `button[value="publish"]`); status != 200 {
		t.Fatalf("Publish changes now answered %d", status)
	}
	if got := browsertest.Text(t, ctx, ".notice"); !strings.Contains(got, "Changes published") {
		t.Errorf("after Publish changes now: %q", got)
	}
	if got := a.article(story.ID); got.BodySource != "The council met. It voted for the budget." {
		t.Fatalf("after Publish changes now the stored body is %q", got.BodySource)
	}
	// A query string steps past the browser's own cache (public pages may
	// be kept a minute); the server's cache must have been purged.
	browsertest.Navigate(t, ctx, reader.URL+"/articles/budget?after=publish")
	if got := browsertest.Text(t, ctx, "article"); !strings.Contains(got, "The council met. It voted for the budget.") {
		t.Fatalf("after publishing the changes readers see %q", got)
	}
	browsertest.AssertNoAxeViolations(t, ctx)
}
