package site

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"masthead/internal/ratelimit"
	"masthead/internal/search"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// resultHeadlines lists the headlines of a search page's results in order.
func resultHeadlines(body string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`<h3 class="card-headline"><a href="[^"]*">([^<]*)</a>`).FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

func searchURL(q string, extra ...string) string {
	v := url.Values{"q": {q}}
	for i := 0; i+1 < len(extra); i += 2 {
		v.Set(extra[i], extra[i+1])
	}
	return "/search?" + v.Encode()
}

// A reader searches: ranked published articles with highlighted snippets,
// never drafts; the page is not cached and asks not to be indexed.
func TestSearchPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		w := f.get(t, searchURL("libraries"))
		body := w.Body.String()
		if w.Code != http.StatusOK {
			t.Fatalf("status %d", w.Code)
		}
		got := resultHeadlines(body)
		// The headline match ranks above the article that says it in its standfirst.
		if len(got) != 2 || got[0] != "Libraries to open on Sundays from April" || got[1] != "Council passes a budget that nobody wanted" {
			t.Errorf("results %q", got)
		}
		for _, want := range []string{`<meta name="robots" content="noindex">`, "2 results for “libraries”", `<mark>`,
			`<input type="search" name="q" id="search-q" value="libraries"`} {
			if !strings.Contains(body, want) {
				t.Errorf("the page lacks %q", want)
			}
		}
		if strings.Contains(body, "Hidden") {
			t.Error("an unpublished article is in the results")
		}
		if cc := w.Header().Get("Cache-Control"); cc != "private, no-store" {
			t.Errorf("Cache-Control %q", cc)
		}
		if w.Header().Get("X-Robots-Tag") != "noindex" {
			t.Error("no X-Robots-Tag")
		}
		// The page is not in the page cache: a new article is found at once.
		f.add(t, seed{slug: "new-library", headline: "A new library for the north", section: "news",
			authors: []string{"clara-bennett"}, published: fixtureNow.Add(-time.Hour), body: "Built in 2026."})
		if got := resultHeadlines(f.get(t, searchURL("libraries")).Body.String()); len(got) != 3 {
			t.Errorf("after publishing another, found %q", got)
		}
		if pages, _ := f.site.CacheSize(); pages != 0 {
			t.Errorf("the page cache holds %d pages after searches", pages)
		}
		// Drafts are found by nobody, even by their exact words.
		if got := resultHeadlines(f.get(t, searchURL(`"Hidden draft"`)).Body.String()); len(got) != 0 {
			t.Errorf("a draft was found: %q", got)
		}
		// The search box is on every page, with a label.
		home := f.get(t, "/").Body.String()
		if !strings.Contains(home, `<form class="site-search" role="search" method="get" action="/search"`) ||
			!strings.Contains(home, `<label for="site-search-q">Search</label>`) {
			t.Error("the home page has no labelled search box")
		}
	})
}

// Filters narrow the results and pagination keeps them; junk in the
// address is left out with a note.
func TestSearchFiltersAndPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		for i := range 45 {
			f.add(t, seed{slug: fmt.Sprintf("tide-%02d", i), headline: fmt.Sprintf("Tide report %02d", i), section: "culture",
				authors: []string{"daniel-okafor"}, topics: []string{"Water"}, published: time.Date(2026, 2, 1+i%28, 9, 0, 0, 0, time.UTC),
				body: "The tide came in at dawn."})
		}
		culture := strconv.FormatInt(f.ids["culture"], 10)
		okafor := strconv.FormatInt(f.ids["daniel-okafor"], 10)
		first := f.get(t, searchURL("tide", "section", culture, "author", okafor, "from", "2026-02-01", "to", "2026-02-28")).Body.String()
		if !strings.Contains(first, "45 results for “tide”, page 1 of 5") {
			t.Fatalf("first page: %s", regexp.MustCompile(`<h2 class="search-count">[^<]*`).FindString(first))
		}
		m := regexp.MustCompile(`<a href="([^"]*)" rel="next">`).FindStringSubmatch(first)
		if m == nil {
			t.Fatal("no next link")
		}
		next := strings.ReplaceAll(m[1], "&amp;", "&")
		for _, p := range []string{"section=" + culture, "author=" + okafor, "from=2026-02-01", "to=2026-02-28", "page=2", "q=tide"} {
			if !strings.Contains(next, p) {
				t.Errorf("the next link %q lost %s", next, p)
			}
		}
		second := f.get(t, next).Body.String()
		if got := resultHeadlines(second); len(got) != 10 || !strings.Contains(second, "page 2 of 5") || !strings.Contains(second, `rel="prev"`) {
			t.Errorf("second page: %d results", len(got))
		}
		// The section filter leaves out the News articles.
		news := strconv.FormatInt(f.ids["news"], 10)
		if got := resultHeadlines(f.get(t, searchURL("tide", "section", news)).Body.String()); len(got) != 0 {
			t.Errorf("tides in News: %q", got)
		}
		// The selected filters stay selected in the form.
		if !strings.Contains(first, `<option value="`+culture+`" selected>Culture</option>`) || !strings.Contains(first, `value="2026-02-28"`) {
			t.Error("the form forgot the filters")
		}
		// Junk parameters are left out with a note, never a failure.
		for _, c := range []struct{ path, note string }{
			{searchURL("tide", "section", "abc"), "The section filter was not one of the choices"},
			{searchURL("tide", "author", "999999"), "The writer filter was not one of the choices"},
			{searchURL("tide", "topic", "-4"), "The topic filter was not one of the choices"},
			{searchURL("tide", "from", "2026-13-45"), "is not a date like 2026-03-31"},
			{searchURL("tide", "from", "2026-03-01", "to", "2026-02-01"), "The from date is after the to date"},
			{searchURL("tide", "page", "x"), "The page number was not a number"},
			{searchURL("tide", "page", "99999999999999999999"), "The page number was not a number"},
			{searchURL("tide", "page", "5000"), "Results stop at page 100"},
			{searchURL(strings.Repeat("tide ", 100)), "Only the first 256 characters"},
		} {
			w := f.get(t, c.path)
			if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), c.note) {
				t.Errorf("%s: status %d, note %q missing", c.path, w.Code, c.note)
			}
		}
		// A page past the end says so and links to the first.
		if body := f.get(t, searchURL("tide", "page", "9")).Body.String(); !strings.Contains(body, "There are no results on this page") {
			t.Error("a page past the end does not say so")
		}
	})
}

// Whatever is typed, the answer is a page: results or "No results", with
// the reader's text escaped, never an error.
func TestSearchNeverFails(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		for _, q := range []string{`"`, `*`, `-`, `OR`, `AND NOT`, `NEAR(`, `:`, `^`, `%`, `_`, `.,;!?`, `<script>alert(1)</script>`,
			`"unclosed`, `-libraries`, "🎉", "Москва", "北京", "القاهرة", "a\x00b", "\xff\xfe", strings.Repeat("x", 10000),
			strings.Repeat(`"a" OR `, 300), `' OR 1=1 --`, `$1`, `?`} {
			w := f.get(t, "/search?q="+url.QueryEscape(q))
			body := w.Body.String()
			if w.Code != http.StatusOK {
				t.Errorf("%.30q: status %d", q, w.Code)
				continue
			}
			if strings.Contains(body, "<script>alert") {
				t.Errorf("%.30q: the query came back unescaped", q)
			}
			if !strings.Contains(body, "No results for") && !strings.Contains(body, "Add a word to look for") && resultHeadlines(body) == nil {
				t.Errorf("%.30q: neither results nor a message", q)
			}
		}
		if body := f.get(t, searchURL("zzzzqqq")).Body.String(); !strings.Contains(body, "No results for “zzzzqqq”") || !strings.Contains(body, "Check the spelling") {
			t.Error("no friendly message for a search without results")
		}
		if body := f.get(t, searchURL("-libraries")).Body.String(); !strings.Contains(body, "Add a word to look for") {
			t.Error("only an exclusion: no explanation")
		}
		// No query: the form alone.
		if w := f.get(t, "/search"); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `id="search-q"`) {
			t.Errorf("the empty search page: %d", w.Code)
		}
		if w := f.do(t, http.MethodHead, searchURL("libraries")); w.Code != http.StatusOK || w.Body.Len() != 0 {
			t.Errorf("HEAD: %d with %d bytes", w.Code, w.Body.Len())
		}
	})
}

// Markup in an article's text shows as text in its snippet; only the
// engine's highlights become <mark>.
func TestSearchSnippetsAreEscaped(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.add(t, seed{slug: "markup", headline: "Markup in the text", section: "news", authors: []string{"clara-bennett"},
			published: fixtureNow.Add(-time.Hour), body: "A `<script>alert(1)</script>` walrus and a `<b>bold</b>` walrus."})
		body := f.get(t, searchURL("walrus")).Body.String()
		snippet := regexp.MustCompile(`<p class="search-snippet">(.*?)</p>`).FindStringSubmatch(body)
		if snippet == nil {
			t.Fatal("no snippet")
		}
		if strings.Contains(snippet[1], "<script") || strings.Contains(snippet[1], "<b>") {
			t.Errorf("markup came through: %s", snippet[1])
		}
		// SQLite's snippet keeps the text of the tags, escaped here;
		// PostgreSQL's ts_headline leaves tags out.
		if !strings.Contains(snippet[1], "<mark>walrus</mark>") || strings.Count(snippet[1], "<mark>") != strings.Count(snippet[1], "</mark>") {
			t.Errorf("snippet %s", snippet[1])
		}
		if db.Dialect() == store.SQLite && !strings.Contains(snippet[1], "&lt;script&gt;") {
			t.Errorf("the text of the tag is missing: %s", snippet[1])
		}
	})
}

// One client searching far more than a person is asked to wait.
func TestSearchLimitPerClient(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	f := newFixture(t, db, func(o *Options) { o.Limits = ratelimit.New(db, func() time.Time { return fixtureNow }) })
	for i := range searchesPerMinute {
		if w := f.get(t, searchURL("libraries")); w.Code != http.StatusOK {
			t.Fatalf("search %d: %d", i+1, w.Code)
		}
	}
	w := f.get(t, searchURL("libraries"))
	if w.Code != http.StatusTooManyRequests || !strings.Contains(w.Body.String(), "Please wait a moment") {
		t.Errorf("over the limit: %d", w.Code)
	}
}

// slowSearchStore answers every search as a search stopped by the store's
// time limit does (the store's own test makes one run past it).
type slowSearchStore struct{ Store }

func (slowSearchStore) Search(context.Context, search.Request) (search.Results, error) {
	return search.Results{}, fmt.Errorf("store: search: %w", store.ErrSearchTooLong)
}

// A search that took too long is a normal page saying so, with the form
// to try again, not an error page.
func TestSearchTooLongSaysSo(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, func(o *Options) { o.Store = slowSearchStore{o.Store} })
		w := f.get(t, searchURL("libraries"))
		body := w.Body.String()
		if w.Code != http.StatusOK {
			t.Fatalf("status %d", w.Code)
		}
		if !strings.Contains(body, "That search took too long; try fewer or more specific words.") || !strings.Contains(body, `id="search-q"`) {
			t.Errorf("no message and form on the page:\n%s", body)
		}
		if strings.Contains(body, "No results for") {
			t.Error("a search that was stopped says it found nothing")
		}
	})
}
