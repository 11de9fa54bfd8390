package admin_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"masthead/internal/auth"
	"masthead/internal/browsertest"
	"masthead/internal/content"
	"masthead/internal/store/storetest"
)

// TestRevisionsBrowserJourney: in Chromium, an editor opens an article's
// revisions, compares the two (the changed words marked), opens the older
// one, restores only its headline and finds the article with that
// headline, the newer body and the same address; the list, the compare
// page and the restore form pass axe.
func TestRevisionsBrowserJourney(t *testing.T) {
	a := newApp(t, storetest.Open(t, storetest.SQLite))
	ed := a.user("ed@example.org", auth.RoleEditor)
	ctx := context.Background()
	edActor := content.Actor{UserID: ed.ID, Role: auth.RoleEditor, AuthorID: ed.AuthorID}
	in := content.ArticleInput{Headline: "Council delays the vote", Standfirst: "The budget waits.", SectionID: a.section,
		AuthorIDs: []int64{ed.AuthorID}, BodySource: "The council met on Tuesday.\n\nNothing was decided."}
	res, err := a.content.Save(ctx, edActor, in)
	if err != nil {
		t.Fatal(err)
	}
	id := res.Article.ID
	a.clock.Add(90 * time.Second)
	in.ID, in.Headline, in.Slug = id, "Council passes the budget", "council-passes-the-budget"
	in.BodySource = "The council met on Wednesday.\n\nThe budget passed."
	if _, err := a.content.Save(ctx, edActor, in); err != nil {
		t.Fatal(err)
	}

	b := browsertest.Start(t)
	tab := b.Ctx()
	signInBrowser(t, tab, a, "ed@example.org")
	browsertest.Navigate(t, tab, a.srv.URL+"/admin/articles/"+itoa(id))
	browsertest.ClickAndWait(t, tab, `a[href$="/revisions"]`)
	rows := browsertest.Eval[[]string](t, tab, `[...document.querySelectorAll("table.revisions tbody tr")].map(tr => tr.textContent.replace(/\s+/g, " ").trim())`)
	if len(rows) != 2 || !strings.Contains(rows[0], "ed") || !strings.Contains(rows[0], "10 Nov 2026, 09:01:30") ||
		!strings.Contains(rows[0], "Headline, body (2 paragraphs changed), address") || !strings.Contains(rows[1], "First version") {
		t.Fatalf("the list reads %q", rows)
	}
	browsertest.AssertNoAxeViolations(t, tab)
	screenshot(t, tab, "revisions-list.png")

	// Compare the two: from the older, to the newer.
	browsertest.Click(t, tab, `table.revisions tbody tr:last-child input[name="from"]`)
	browsertest.Click(t, tab, `table.revisions tbody tr:first-child input[name="to"]`)
	browsertest.ClickAndWait(t, tab, `form.revisions-compare button[type=submit]`)
	del := browsertest.Eval[[]string](t, tab, `[...document.querySelectorAll(".diff-body del")].map(d => d.textContent)`)
	ins := browsertest.Eval[[]string](t, tab, `[...document.querySelectorAll(".diff-body ins")].map(d => d.textContent)`)
	if strings.Join(del, "|") != "[removed: Tuesday.]|[removed: Nothing was decided.]" ||
		strings.Join(ins, "|") != "[added: Wednesday.]|[added: The budget passed.]" {
		t.Fatalf("the compared body marks removed %q and added %q", del, ins)
	}
	browsertest.AssertNoAxeViolations(t, tab)
	screenshot(t, tab, "revisions-compare.png")

	// Open the older revision and restore its headline only.
	browsertest.ClickAndWait(t, tab, `dl.facts dd:first-of-type a`)
	if !browsertest.Eval[bool](t, tab, `document.querySelector("#part-body").checked && !document.querySelector("#slug").checked`) {
		t.Fatal("the restore form does not tick the body and leave the address unticked")
	}
	browsertest.AssertNoAxeViolations(t, tab)
	screenshot(t, tab, "revision-restore.png")
	// Nothing ticked: the form says so, and nothing changes.
	browsertest.Click(t, tab, "#part-body")
	browsertest.Click(t, tab, "#part-headline")
	if status := browsertest.ClickAndWait(t, tab, `form[action$="/restore"] button[type=submit]`); status != 422 {
		t.Fatalf("restoring nothing answered %d", status)
	}
	if got := browsertest.Text(t, tab, ".error-summary"); !strings.Contains(got, "Choose at least one part") {
		t.Fatalf("restoring nothing says %q", got)
	}
	browsertest.AssertNoAxeViolations(t, tab)
	browsertest.Click(t, tab, "#part-headline")
	if status := browsertest.ClickAndWait(t, tab, `form[action$="/restore"] button[type=submit]`); status != 200 {
		t.Fatalf("restoring answered %d", status)
	}
	if got := browsertest.Location(t, tab); !strings.HasSuffix(got, "/admin/articles/"+itoa(id)+"?done=restored") {
		t.Fatalf("after restoring: at %s", got)
	}
	form := browsertest.Eval[[]string](t, tab, `[document.querySelector("#headline").value, document.querySelector("#slug").value]`)
	if form[0] != "Council delays the vote" || form[1] != "council-passes-the-budget" {
		t.Fatalf("the editor after restoring the headline holds %q", form)
	}
	if got := a.article(id); got.Headline != "Council delays the vote" || got.Slug != "council-passes-the-budget" || !strings.Contains(got.BodySource, "Wednesday") {
		t.Fatalf("stored after restoring the headline: %q %q %q", got.Headline, got.Slug, got.BodySource)
	}
}
