package admin_test

import (
	"net/http"
	"strings"
	"testing"

	"masthead/internal/browsertest"
	"masthead/internal/content"
	"masthead/internal/store/storetest"
)

// TestDeskPolishBrowserJourney: in Chromium, an editor follows the
// dashboard's "Assigned to me" to the list of open work (the published
// article assigned to him is on neither), opens the draft, adds a desk
// note and deletes it with its Delete button. Every page passes axe.
func TestDeskPolishBrowserJourney(t *testing.T) {
	a := newApp(t, storetest.Open(t, storetest.SQLite))
	p := newDesk(a)
	draft := a.articleBy(p.cy, "Bridge to reopen", content.StatusDraft)
	old := a.articleBy(p.cy, "Old bridge story", content.StatusPublished)
	ed := a.signIn(p.ed.Email)
	ed.get("/admin")
	for _, art := range []content.Article{draft, old} {
		if r := ed.post("/admin/articles/"+itoa(art.ID)+"/assign", map[string][]string{"assignee": {itoa(p.ed.ID)}}); r.status != http.StatusSeeOther {
			t.Fatalf("assign: %d", r.status)
		}
	}

	b := browsertest.Start(t)
	ctx := b.Ctx()
	signInBrowser(t, ctx, a, p.ed.Email)
	if got := browsertest.Text(t, ctx, "#desk-assigned"); !strings.Contains(got, "Bridge to reopen") || strings.Contains(got, "Old bridge story") {
		t.Errorf("Assigned to me reads %q", got)
	}
	browsertest.ClickAndWait(t, ctx, `#desk-assigned a[href="/admin/articles?assignee=me&status=open"]`)
	if got := browsertest.Eval[string](t, ctx, `document.querySelector("#status").value`); got != "open" {
		t.Errorf("the list's status filter is %q, want open", got)
	}
	if got := browsertest.Text(t, ctx, "main"); !strings.Contains(got, "Bridge to reopen") || strings.Contains(got, "Old bridge story") {
		t.Errorf("the open list reads %q", got)
	}
	browsertest.AssertNoAxeViolations(t, ctx)

	browsertest.Navigate(t, ctx, a.srv.URL+"/admin/articles/"+itoa(draft.ID))
	browsertest.SendKeys(t, ctx, "#desk_note", "Check the opening date.")
	browsertest.ClickAndWait(t, ctx, ".desk-form button")
	if got := browsertest.Text(t, ctx, "#desk .desk-items"); !strings.Contains(got, "Check the opening date.") {
		t.Fatalf("the Desk panel reads %q", got)
	}
	browsertest.AssertNoAxeViolations(t, ctx)
	if status := browsertest.ClickAndWait(t, ctx, ".desk-delete button"); status != 200 {
		t.Fatalf("deleting the note answered %d", status)
	}
	if got := browsertest.Text(t, ctx, ".notice"); !strings.Contains(got, "Your note is deleted from the desk.") {
		t.Errorf("after deleting the page says %q", got)
	}
	if got := browsertest.Text(t, ctx, "#desk"); strings.Contains(got, "Check the opening date.") {
		t.Errorf("the deleted note is still in the Desk panel: %q", got)
	}
	if n := deskNotesOf(t, a.db, draft.ID); len(n) != 0 {
		t.Errorf("notes after deleting = %+v", n)
	}
	browsertest.AssertNoAxeViolations(t, ctx)
}
