package site

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"masthead/internal/content"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// An article under embargo is on no reader surface before its embargo,
// whatever its status says, and on every one from the embargo on, with the
// page cache on and no purge (decision 0042). The clock is injected into
// the site and the store.
func TestEmbargoOnEveryReaderSurface(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		clock := fixtureNow
		now := func() time.Time { return clock }
		db.Now = now
		f := newFixture(t, db, func(o *Options) { o.Now = now })
		embargo := fixtureNow.Add(time.Hour)
		at := func(day, hour int) time.Time { return time.Date(2026, 3, day, hour, 0, 0, 0, time.UTC) }
		id := f.add(t, seed{slug: "budget-leak", headline: "Leaked papers show deeper cuts", section: "news",
			standfirst: "The draft budget cut twice what was announced.", authors: []string{"clara-bennett"},
			topics: []string{"Budget"}, published: at(9, 12), body: "Leaked papers show the cuts."})
		f.update(t, "budget-leak", func(a *content.Article) { a.EmbargoUntil = embargo })
		f.add(t, seed{slug: "cuts-reaction", headline: "Councillors react to the cuts", section: "culture",
			standfirst: "Anger in the chamber.", authors: []string{"daniel-okafor"}, published: at(9, 13),
			body: "Councillors were angry.\n\nSee also: /articles/budget-leak\n\nThe debate goes on."})

		surfaces := []string{"/", "/sections/news", "/topics/budget", "/authors/clara-bennett",
			"/feed.xml", "/feed.atom", "/feed.json", "/sections/news/feed.xml", "/topics/budget/feed.json", "/authors/clara-bennett/feed.atom",
			newsSitemapPath, "/search?q=leaked", "/articles/cuts-reaction"}
		sitemaps := func() string {
			t.Helper()
			var all strings.Builder
			index := f.get(t, "/sitemap.xml").Body.String()
			for _, m := range regexp.MustCompile(`<loc>https://news\.example\.org(/sitemaps/[^<]+)</loc>`).FindAllStringSubmatch(index, -1) {
				all.WriteString(f.get(t, m[1]).Body.String())
			}
			return all.String()
		}
		// shows lists the surfaces that link to or carry the article.
		shows := func() []string {
			t.Helper()
			var on []string
			if w := f.get(t, "/articles/budget-leak"); w.Code == http.StatusOK {
				on = append(on, "article page")
			} else if w.Code != http.StatusNotFound {
				t.Fatalf("article page answers %d", w.Code)
			}
			for _, path := range surfaces {
				w := f.get(t, path)
				if w.Code != http.StatusOK {
					t.Fatalf("%s answers %d", path, w.Code)
				}
				if strings.Contains(w.Body.String(), "budget-leak") {
					on = append(on, path)
				}
			}
			if strings.Contains(sitemaps(), "budget-leak") {
				on = append(on, "sitemaps")
			}
			return on
		}

		if on := shows(); len(on) != 0 {
			t.Errorf("before the embargo the article is on %v", on)
		}
		// Staff see it, labelled.
		w := httptest.NewRecorder()
		if err := f.site.Preview(w, httptest.NewRequest(http.MethodGet, "/admin/articles/1/preview", nil), id, "/admin/articles/1"); err != nil {
			t.Fatal(err)
		}
		if body := w.Body.String(); !strings.Contains(body, "Embargoed until 11 March 2026 00:00 AEDT") || !strings.Contains(body, "Leaked papers show deeper cuts") {
			t.Errorf("staff preview lacks the article or its embargo label:\n%s", body)
		}

		clock = embargo.Add(-time.Second)
		if on := shows(); len(on) != 0 {
			t.Errorf("a second before the embargo the article is on %v", on)
		}
		// At the embargo, every surface has it, though the pages were cached before.
		clock = embargo
		on := shows()
		if want := 2 + len(surfaces); len(on) != want {
			t.Errorf("at the embargo the article is on %v; want the article page, %v and the sitemaps", on, surfaces)
		}
	})
}
