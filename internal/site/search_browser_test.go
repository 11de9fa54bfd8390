package site

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"masthead/internal/browsertest"
	"masthead/internal/store/storetest"
)

// TestBrowserSearch is a reader's search in Chromium under the
// application's CSP: from the search box on the home page to the results,
// a filter, and the article found, with axe on every search page.
func TestBrowserSearch(t *testing.T) {
	b := browsertest.Start(t)
	db := storetest.Open(t, storetest.SQLite)
	f := newFixture(t, db)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", appCSP)
		f.h.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)

	tab := b.NewTab(t)
	browsertest.Navigate(t, tab, srv.URL+"/")
	browsertest.AssertNoAxeViolations(t, tab)
	browsertest.SendKeys(t, tab, "#site-search-q", "libraries")
	if got := browsertest.ClickAndWait(t, tab, ".site-search button[type=submit]"); got != http.StatusOK {
		t.Fatalf("search from the home page: status %d", got)
	}
	if count := browsertest.Text(t, tab, ".search-count"); count != "2 results for “libraries”" {
		t.Errorf("count = %q", count)
	}
	if first := browsertest.Text(t, tab, ".search-results li:first-child .card-headline"); first != "Libraries to open on Sundays from April" {
		t.Errorf("first result = %q", first)
	}
	if marks := browsertest.Eval[int](t, tab, `document.querySelectorAll(".search-snippet mark").length`); marks == 0 {
		t.Error("no word is highlighted in the snippets")
	}
	browsertest.AssertNoAxeViolations(t, tab)

	// Narrow to Culture: nothing there, and the page says what to do.
	browsertest.SetValue(t, tab, "#search-section", strconv.FormatInt(f.ids["culture"], 10))
	if got := browsertest.ClickAndWait(t, tab, ".search-form button[type=submit]"); got != http.StatusOK {
		t.Fatalf("filtered search: status %d", got)
	}
	if count := browsertest.Text(t, tab, ".search-count"); count != "No results for “libraries”" {
		t.Errorf("in Culture: %q", count)
	}
	browsertest.AssertNoAxeViolations(t, tab)
	// Back to every section with the suggestion's link, then open the result.
	if got := browsertest.ClickAndWait(t, tab, ".search-tips a"); got != http.StatusOK {
		t.Fatalf("unfiltered: status %d", got)
	}
	browsertest.SetValue(t, tab, "#search-section", strconv.FormatInt(f.ids["news"], 10))
	if got := browsertest.ClickAndWait(t, tab, ".search-form button[type=submit]"); got != http.StatusOK {
		t.Fatalf("filtered search: status %d", got)
	}
	if count := browsertest.Text(t, tab, ".search-count"); count != "2 results for “libraries”" {
		t.Errorf("in News: %q", count)
	}
	if got := browsertest.ClickAndWait(t, tab, ".search-results li:first-child .card-headline a"); got != http.StatusOK {
		t.Fatalf("open the result: status %d", got)
	}
	if h1 := browsertest.Text(t, tab, "h1"); h1 != "Libraries to open on Sundays from April" {
		t.Errorf("the result opened %q", h1)
	}
	if loc := browsertest.Location(t, tab); !strings.HasSuffix(loc, "/articles/library-hours") {
		t.Errorf("at %s", loc)
	}
}
