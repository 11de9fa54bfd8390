package admin_test

import (
	"strings"
	"testing"

	"masthead/internal/browsertest"
	"masthead/internal/content"
	"masthead/internal/store/storetest"
)

// TestWorkflowBrowserJourney: in Chromium, a contributor edits a draft's
// headline and submits it for review from the editor, and sees it held; an editor assigns it to herself, tries to
// send it back without a note (refused, nothing changes), sends it back
// with one; the contributor finds the note in its history and edits it
// again. Every page passes axe.
func TestWorkflowBrowserJourney(t *testing.T) {
	a := newApp(t, storetest.Open(t, storetest.SQLite))
	p := newDesk(a)
	art := a.articleBy(p.cy, "Bridge to reopen", content.StatusDraft)
	path := a.srv.URL + "/admin/articles/" + itoa(art.ID)

	b := browsertest.Start(t)
	ctx := b.Ctx()
	signInBrowser(t, ctx, a, p.cy.Email)
	browsertest.Navigate(t, ctx, path)
	// The writer edits and submits at once, with the rich editor running.
	browsertest.SetValue(t, ctx, "#headline", "Bridge to reopen in May")
	if status := browsertest.ClickAndWait(t, ctx, `form.editor button[value="submit"]`); status != 200 {
		t.Fatalf("submitting answered %d", status)
	}
	if got := browsertest.Text(t, ctx, ".notice"); !strings.Contains(got, "Saved and submitted for review") {
		t.Errorf("after submitting the page says %q", got)
	}
	if got := a.article(art.ID); got.Headline != "Bridge to reopen in May" || got.Status != content.StatusReview {
		t.Errorf("after submitting: %q %s", got.Headline, got.Status)
	}
	if got := browsertest.Text(t, ctx, "#held-hint"); !strings.Contains(got, "cannot be edited") {
		t.Errorf("the held page says %q", got)
	}
	screenshot(t, ctx, "workflow-held.png")
	browsertest.AssertNoAxeViolations(t, ctx)
	browsertest.ClickAndWait(t, ctx, `form[action="/admin/logout"] button`)

	signInBrowser(t, ctx, a, p.ed.Email)
	screenshot(t, ctx, "workflow-dashboard.png")
	browsertest.ClickAndWait(t, ctx, `#desk-waiting a[href="/admin/articles/`+itoa(art.ID)+`"]`)
	browsertest.SetValue(t, ctx, "#assignee", itoa(p.ed.ID))
	browsertest.ClickAndWait(t, ctx, ".workflow-assign button")
	if got := browsertest.Text(t, ctx, "#workflow-assignee"); got != "ed" {
		t.Errorf("assigned to %q", got)
	}
	if status := browsertest.ClickAndWait(t, ctx, `#workflow button[value="send_back"]`); status != 422 {
		t.Fatalf("sending back without a note answered %d", status)
	}
	if got := browsertest.Text(t, ctx, "#workflow"); !strings.Contains(got, "Say what needs to change") {
		t.Errorf("the refused send-back says %q", got)
	}
	screenshot(t, ctx, "workflow.png")
	browsertest.AssertNoAxeViolations(t, ctx)
	browsertest.SendKeys(t, ctx, "#note", "Add the cost of the repairs.")
	browsertest.ClickAndWait(t, ctx, `#workflow button[value="send_back"]`)
	if got := browsertest.Text(t, ctx, "#workflow-state"); !strings.Contains(strings.ToLower(got), "draft") {
		t.Errorf("after the send-back the state is %q", got)
	}
	browsertest.ClickAndWait(t, ctx, `form[action="/admin/logout"] button`)

	signInBrowser(t, ctx, a, p.cy.Email)
	if got := browsertest.Text(t, ctx, "#desk-my-drafts"); !strings.Contains(got, "Bridge to reopen") {
		t.Errorf("the contributor's drafts read %q", got)
	}
	browsertest.Navigate(t, ctx, path)
	if got := browsertest.Text(t, ctx, "#desk .desk-items"); !strings.Contains(got, "Add the cost of the repairs.") || !strings.Contains(got, "ed sent it back to draft") {
		t.Errorf("the history reads %q", got)
	}
	if n := browsertest.Eval[int](t, ctx, `document.querySelectorAll("#headline").length`); n != 1 {
		t.Error("the contributor cannot edit the article sent back")
	}
	browsertest.AssertNoAxeViolations(t, ctx)
}
