package admin_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"masthead/internal/auth"
	"masthead/internal/browsertest"
	"masthead/internal/content"
	"masthead/internal/site"
	"masthead/internal/store/storetest"
)

// TestSeeAlsoSuggestionBrowserJourney is an editor linking a related
// article in Chromium under the production CSP: the edit page suggests it,
// Insert puts its see-also line in the body where the cursor is and marks
// the form unsaved, Publish changes now publishes it, and the reader page then shows the
// see-also block and a Related list led by it. Both pages pass axe.
func TestSeeAlsoSuggestionBrowserJourney(t *testing.T) {
	a := newApp(t, storetest.Open(t, storetest.SQLite))
	ed := a.user("ed@example.org", auth.RoleEditor)
	target := a.story("rents-rise", "Housing, Rents", "Rents rose again.", ed.AuthorID, content.ActionPublish)
	weekly := a.story("housing-weekly", "Housing", "The week in housing.", ed.AuthorID, content.ActionPublish)
	source := a.story("source", "Housing, Rents", "First paragraph,\nstill the first.\n\nSecond paragraph.", ed.AuthorID, content.ActionPublish)

	// The reader site on the same database, as the binary serves it.
	pub, err := site.New(site.Options{Store: a.db, MediaDir: a.mediaDir, Now: a.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	pub.Routes(mux)
	reader := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", csp)
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(reader.Close)

	b := browsertest.Start(t)
	ctx := b.Ctx()
	browsertest.Navigate(t, ctx, a.srv.URL+"/admin/login")
	browsertest.SendKeys(t, ctx, "#email", "ed@example.org")
	browsertest.SendKeys(t, ctx, "#password", password)
	browsertest.ClickAndWait(t, ctx, "button[type=submit]")

	// The Markdown form (the rich editor's journey is in editor_browser_test.go).
	browsertest.Navigate(t, ctx, a.srv.URL+"/admin/articles/"+itoa(source.ID)+"?editor=markdown")
	panel := browsertest.Text(t, ctx, ".panel-suggestions")
	if !strings.Contains(panel, target.Headline) || !strings.Contains(panel, weekly.Headline) {
		t.Fatalf("the suggestions panel shows %q", panel)
	}
	browsertest.AssertNoAxeViolations(t, ctx)
	if browsertest.Eval[bool](t, ctx, `!document.getElementById("unsaved").hidden`) {
		t.Fatal("a form nobody changed says it has unsaved changes")
	}

	// The cursor in the first paragraph (two lines); Insert puts the line after the paragraph.
	browsertest.Click(t, ctx, "#body")
	browsertest.Eval[bool](t, ctx, `(b => { b.setSelectionRange(5, 5); return true })(document.getElementById("body"))`)
	insert := `button[data-see-also="See also: /articles/rents-rise"]`
	browsertest.Click(t, ctx, insert)
	want := "First paragraph,\nstill the first.\n\nSee also: /articles/rents-rise\n\nSecond paragraph."
	if got := browsertest.Eval[string](t, ctx, `document.getElementById("body").value`); got != want {
		t.Fatalf("after Insert the body is %q, want %q", got, want)
	}
	if got := browsertest.Text(t, ctx, "#unsaved"); !strings.Contains(got, "Unsaved changes") {
		t.Errorf("after Insert the form says %q, want that it has unsaved changes", got)
	}
	screenshot(t, ctx, "editor-suggestions.png")
	if browsertest.Eval[string](t, ctx, `document.querySelector("form.editor").dataset.dirty`) != "true" {
		t.Error("the editor form is not marked dirty after Insert")
	}
	if stored := a.article(source.ID); strings.Contains(stored.BodySource, "See also") {
		t.Fatal("Insert with JavaScript saved the article by itself")
	}
	if status := browsertest.ClickAndWait(t, ctx, `button[value="publish"]`); status != 200 {
		t.Fatalf("Publish changes now answered %d", status)
	}
	if got := browsertest.Text(t, ctx, ".notice"); !strings.Contains(got, "Changes published") {
		t.Errorf("after Publish changes now the page says %q", got)
	}
	if stored := a.article(source.ID); stored.BodySource != want || len(stored.LinkedIDs) != 1 || stored.LinkedIDs[0] != target.ID {
		t.Fatalf("stored body %q links %v", stored.BodySource, stored.LinkedIDs)
	}
	if panel := browsertest.Text(t, ctx, ".panel-suggestions"); strings.Contains(panel, target.Headline) {
		t.Errorf("the linked article is still suggested: %q", panel)
	}

	browsertest.Navigate(t, ctx, reader.URL+"/articles/source")
	if got := browsertest.Text(t, ctx, ".see-also a"); got != target.Headline {
		t.Errorf("the reader page's see-also block shows %q", got)
	}
	related := browsertest.Eval[[]string](t, ctx, `[...document.querySelectorAll(".related .card-headline a")].map(a => a.textContent)`)
	if len(related) != 2 || related[0] != target.Headline || related[1] != weekly.Headline {
		t.Errorf("the Related list is %q, want the see-also article first, then the computed one", related)
	}
	if got := browsertest.Text(t, ctx, "#related-heading"); got != "Related" && got != "RELATED" {
		t.Errorf("the Related heading reads %q", got)
	}
	browsertest.AssertNoAxeViolations(t, ctx)
	screenshot(t, ctx, "related.png")
}
