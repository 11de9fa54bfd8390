package admin_test

import (
	"slices"
	"strings"
	"testing"

	"masthead/internal/browsertest"
	"masthead/internal/store/storetest"
)

// TestArticleListBrowserJourney: an editor filters the article list by
// section and status and sorts it by headline in Chromium, copies the
// address, opens it in a new tab and sees the same list and the same
// choices in the form; every view passes axe.
func TestArticleListBrowserJourney(t *testing.T) {
	d := newDeskList(t, storetest.Open(t, storetest.SQLite))
	b := browsertest.Start(t)
	ctx := b.Ctx()
	browsertest.Navigate(t, ctx, d.srv.URL+"/admin/login")
	browsertest.SendKeys(t, ctx, "#email", "edie.torres@example.org")
	browsertest.SendKeys(t, ctx, "#password", password)
	browsertest.ClickAndWait(t, ctx, "button[type=submit]")
	browsertest.ClickAndWait(t, ctx, `.mainnav a[href="/admin/articles"]`)
	browsertest.AssertNoAxeViolations(t, ctx)

	const rows = `[...document.querySelectorAll('table.list tbody td.cell-title')].map(td => td.textContent.trim())`
	if got := browsertest.Eval[[]string](t, ctx, rows); len(got) != 25 {
		t.Fatalf("the unfiltered list shows %d rows", len(got))
	}
	browsertest.SetValue(t, ctx, "#section", itoa(d.culture))
	browsertest.SetValue(t, ctx, "#status", "published")
	browsertest.SetValue(t, ctx, "#sort", "headline")
	if status := browsertest.ClickAndWait(t, ctx, ".filters button[type=submit]"); status != 200 {
		t.Fatalf("filtering answered %d", status)
	}
	want := d.want(func(r deskRow) bool { return r.section == d.culture && r.published }, byHeadline)
	got := browsertest.Eval[[]string](t, ctx, rows)
	if len(want) < 2 || !slices.Equal(got, want) {
		t.Fatalf("culture, published, by headline shows %q, want %q", got, want)
	}
	for _, row := range browsertest.Eval[[]string](t, ctx, `[...document.querySelectorAll('table.list tbody tr')].map(tr => tr.textContent)`) {
		if !strings.Contains(row, "published") || !strings.Contains(row, "Culture") || !strings.Contains(row, "edie.torres") {
			t.Errorf("a row of the filtered list reads %q", row)
		}
	}
	screenshot(t, ctx, "article-list.png")
	browsertest.AssertNoAxeViolations(t, ctx)

	addr := browsertest.Location(t, ctx)
	for _, part := range []string{"section=" + itoa(d.culture), "status=published", "sort=headline"} {
		if !strings.Contains(addr, part) {
			t.Errorf("the address %s lacks %s", addr, part)
		}
	}
	tab := b.NewTab(t)
	browsertest.Navigate(t, tab, addr)
	if again := browsertest.Eval[[]string](t, tab, rows); !slices.Equal(again, want) {
		t.Errorf("the copied address shows %q, want %q", again, want)
	}
	form := browsertest.Eval[[]string](t, tab, `['#section', '#status', '#sort'].map(s => document.querySelector(s).value)`)
	if !slices.Equal(form, []string{itoa(d.culture), "published", "headline"}) {
		t.Errorf("the copied address's form holds %q", form)
	}
	browsertest.AssertNoAxeViolations(t, tab)

	// A bad part of an address is said, not an error, and passes axe too.
	// (The form sends its empty fields too: the date replaces one.)
	bad := strings.Replace(addr, "created_from=&", "created_from=2026-02-30&", 1)
	if bad == addr {
		t.Fatalf("the address %s has no empty created_from", addr)
	}
	browsertest.Navigate(t, tab, bad)
	if got := browsertest.Text(t, tab, ".filter-notes"); !strings.Contains(got, "is not a date") {
		t.Errorf("a bad date's note reads %q", got)
	}
	if again := browsertest.Eval[[]string](t, tab, rows); !slices.Equal(again, want) {
		t.Errorf("with a bad date the list shows %q, want %q", again, want)
	}
	browsertest.AssertNoAxeViolations(t, tab)
}
