package site

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// Both the database and its prepared-statement reader can back the site.
var (
	_ Store = (*store.DB)(nil)
	_ Store = (*store.SiteReader)(nil)
)

var stylesheetRE = regexp.MustCompile(`href="(/assets/site\.[0-9a-f]{8}\.css)"`)

func TestRoutes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		home := f.get(t, "/")
		css := stylesheetRE.FindStringSubmatch(body(t, home))
		if css == nil {
			t.Fatal("home page links no hashed stylesheet")
		}
		tests := []struct {
			path    string
			status  int
			want    []string
			notWant []string
		}{
			{"/", 200, []string{
				`<h1 class="brand-name">The Northbridge Weekly</h1>`,
				// The newest article with a picture leads; the newest of all is in Latest.
				`<article class="lead-story has-image">`, `<h2 class="lead-story-headline"><a href="/articles/council-budget">`,
				`id="latest-heading"`, `<h3 class="card-headline"><a href="/articles/river-report">Wattle River safe for swimming again</a></h3>`,
				`id="section-news"`, `id="section-culture"`, "More in Culture",
				`href="/support">Support 25 years of independent journalism</a>`,
			}, []string{"Hidden draft", "Hidden scheduled", "Hidden unpublished"}},
			{"/articles/council-budget", 200, []string{"<h1 class=\"headline\">Council passes a budget that nobody wanted</h1>"}, nil},
			{"/sections/news", 200, []string{"<h1>News</h1>", "What happened in Northbridge this week.",
				"Council passes a budget", "Libraries to open on Sundays", `aria-current="page">News</a>`},
				[]string{"The Corn Exchange gallery", "Hidden draft", `rel="next"`}},
			{"/sections/culture", 200, []string{"The Corn Exchange gallery reopens", "The people who drive the night buses"}, []string{"Wattle River"}},
			{"/series/the-long-table", 200, []string{"<h1>The Long Table</h1>", "The people who drive the night buses"}, []string{"Corn Exchange"}},
			{"/topics/budget", 200, []string{"<h1>Budget</h1>", "Council passes a budget"}, []string{"Hidden", "Wattle River"}},
			{"/authors/clara-bennett", 200, []string{"<h1>Clara Bennett</h1>", "edited the Weekly since 2017",
				`href="https://example.org/people/clara-bennett"`, "The people who drive the night buses", "Council passes a budget"},
				[]string{"Wattle River", "Hidden"}},
			{"/privacy", 200, []string{"We keep as little personal data", "<h2>Your rights</h2>"}, []string{"<script", "alert(1)"}},
			{"/media/" + leadImagePath, 200, nil, nil},
			{css[1], 200, []string{".story-body"}, nil},
			{"/robots.txt", 200, []string{"User-agent: *\nDisallow: /admin/\n"}, nil},
			{"/assets/site.css", 404, []string{"Page not found"}, nil},
			{"/assets/site.00000000.css", 404, nil, nil},
			{"/media/2026/03", 404, nil, nil},
			{"/media/2026/03/missing.png", 404, nil, nil},
			{"/sections/nope", 404, []string{"Page not found"}, nil},
			{"/series/nope", 404, nil, nil},
			{"/topics/nope", 404, nil, nil},
			{"/authors/nope", 404, nil, nil},
			{"/articles/nope", 404, nil, nil},
			{"/articles/Not_A_Slug", 404, nil, nil},
			{"/articles/hidden-draft", 404, nil, []string{"Hidden draft"}},
			{"/articles/hidden-scheduled", 404, nil, []string{"Hidden scheduled"}},
			{"/articles/hidden-unpublished", 404, nil, []string{"Hidden unpublished"}},
			{"/articles/", 404, nil, nil},
			{"/no/such/page", 404, []string{
				"<title>Page not found — The Northbridge Weekly</title>", `<h1>Page not found</h1>`,
				css[1], `<nav class="sections" aria-label="Sections">`, `href="/sections/culture">Culture</a>`,
			}, nil},
			{"/sections/news?after=yesterday", 400, []string{"This address is not valid", "after", css[1]}, []string{"strconv"}},
			{"/authors/clara-bennett?after=1-0", 400, nil, nil},
		}
		for _, tt := range tests {
			w := f.get(t, tt.path)
			b := body(t, w)
			if w.Code != tt.status {
				t.Errorf("GET %s: status %d, want %d", tt.path, w.Code, tt.status)
				continue
			}
			contains(t, "GET "+tt.path, b, tt.want...)
			for _, s := range tt.notWant {
				if strings.Contains(b, s) {
					t.Errorf("GET %s shows %q", tt.path, s)
				}
			}
			if ct := w.Header().Get("Content-Type"); tt.status != 200 && ct != htmlType {
				t.Errorf("GET %s: error page has Content-Type %q", tt.path, ct)
			}
		}

		t.Run("headers", func(t *testing.T) {
			if w := f.get(t, css[1]); w.Header().Get("Cache-Control") != "public, max-age=31536000, immutable" ||
				!strings.HasPrefix(w.Header().Get("Content-Type"), "text/css") {
				t.Errorf("stylesheet headers = %v", w.Header())
			}
			if w := f.get(t, "/media/"+leadImagePath); w.Header().Get("Content-Type") != "image/png" ||
				!strings.Contains(w.Header().Get("Cache-Control"), "max-age=31536000") {
				t.Errorf("media headers = %v", w.Header())
			}
			if w := f.get(t, "/articles/gallery-reopens"); w.Header().Get("Cache-Control") != pageCacheControl {
				t.Errorf("page Cache-Control = %q", w.Header().Get("Cache-Control"))
			}
			if w := f.get(t, "/nope"); w.Header().Get("Cache-Control") != errorCacheControl {
				t.Errorf("404 Cache-Control = %q", w.Header().Get("Cache-Control"))
			}
			if w := f.get(t, "/sections/news?after=x"); w.Header().Get("Cache-Control") != "no-store" {
				t.Errorf("400 Cache-Control = %q", w.Header().Get("Cache-Control"))
			}
		})

		t.Run("HEAD", func(t *testing.T) {
			w := f.do(t, http.MethodHead, "/articles/council-budget")
			if w.Code != 200 || w.Body.Len() != 0 || w.Header().Get("Content-Length") == "" {
				t.Errorf("HEAD: status %d, %d body bytes, Content-Length %q", w.Code, w.Body.Len(), w.Header().Get("Content-Length"))
			}
		})

		t.Run("not found pages are not cached per address", func(t *testing.T) {
			before := f.site.cache.len()
			for _, p := range []string{"/a", "/b", "/c/d", "/articles/x1", "/articles/x2", "/topics/x3"} {
				if w := f.get(t, p); w.Code != 404 {
					t.Fatalf("GET %s = %d", p, w.Code)
				}
			}
			if n := f.site.cache.len(); n > before+1 {
				t.Errorf("cache grew from %d to %d entries on unknown addresses", before, n)
			}
		})
	})
}
