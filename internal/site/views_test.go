package site

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"masthead/internal/analytics"
	"masthead/internal/store/storetest"
)

const browserUA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"

// counted is a fixture with page views counted and "Most read" shown.
type counted struct {
	*fixture
	counter *analytics.Counter
	ranking *analytics.Ranking
}

func newCounted(t *testing.T, opts ...func(*Options)) *counted {
	t.Helper()
	db := storetest.Open(t, storetest.SQLite)
	now := func() time.Time { return fixtureNow }
	c := &counted{counter: analytics.NewCounter(db, now, nil)}
	var f *fixture
	c.ranking = analytics.NewRanking(db, now, nil, func() { f.site.PurgePages() })
	f = newFixture(t, db, append(opts, func(o *Options) { o.Counter, o.Ranking = c.counter, c.ranking })...)
	c.fixture = f
	return c
}

// flush adds the counts to the database and reloads the lists.
func (c *counted) flush(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	if err := c.counter.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if err := c.ranking.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
}

// views reports the stored views of an article (0: other pages) today.
func (c *counted) views(t *testing.T, id int64) int64 {
	t.Helper()
	day := fixtureNow.Truncate(24 * time.Hour)
	var n int64
	if id == 0 {
		site, err := c.db.SiteViewsPerDay(context.Background(), []time.Time{day})
		if err != nil {
			t.Fatal(err)
		}
		n = site[0]
	} else {
		one, err := c.db.ArticleViewsPerDay(context.Background(), id, []time.Time{day})
		if err != nil {
			t.Fatal(err)
		}
		n = one[0]
	}
	return n
}

// Reader page views count whether the page came from the cache (through
// the router or the fast path before it) or was rendered; bots, HEAD,
// prefetches, revalidations, redirects and errors do not.
func TestPageViewsCounted(t *testing.T) {
	for _, cacheOff := range []bool{false, true} {
		name := "cache on"
		if cacheOff {
			name = "cache off"
		}
		t.Run(name, func(t *testing.T) {
			c := newCounted(t, func(o *Options) { o.CacheOff = cacheOff })
			const path = "/articles/council-budget"
			id := c.ids["council-budget"]
			first := c.get(t, path, "User-Agent", browserUA) // rendered
			if first.Code != 200 {
				t.Fatalf("status %d", first.Code)
			}
			c.get(t, path, "User-Agent", browserUA) // a hit when the cache is on
			r := httptest.NewRequest("GET", path, nil)
			r.Header.Set("User-Agent", browserUA)
			_, fast := c.site.ServeCached(httptest.NewRecorder(), r)
			if fast == cacheOff {
				t.Fatalf("fast path answered: %v", fast)
			}
			want := int64(3)
			if cacheOff {
				want = 2
			}
			for _, h := range [][]string{
				{"User-Agent", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"},
				{"User-Agent", "curl/8.5.0"},
				{}, // no User-Agent
				{"User-Agent", browserUA, "Sec-Purpose", "prefetch;prerender"},
				{"User-Agent", browserUA, "Purpose", "prefetch"},
				{"User-Agent", browserUA, "If-None-Match", first.Header().Get("Etag")},
			} {
				if w := c.get(t, path, h...); w.Code != 200 && w.Code != 304 {
					t.Errorf("%v: status %d", h, w.Code)
				}
			}
			if w := c.do(t, http.MethodHead, path, "User-Agent", browserUA); w.Code != 200 {
				t.Errorf("HEAD: %d", w.Code)
			}
			for _, p := range []string{"/articles/no-such-article", "/no-such-page", "/articles/hidden-draft", "/assets/nothing.css"} {
				if w := c.get(t, p, "User-Agent", browserUA); w.Code != 404 {
					t.Errorf("%s: %d", p, w.Code)
				}
			}
			c.get(t, "/", "User-Agent", browserUA)
			c.get(t, "/sections/news", "User-Agent", browserUA)
			c.flush(t)
			if got := c.views(t, id); got != want {
				t.Errorf("the article has %d views, want %d (the reader's GETs only)", got, want)
			}
			if got := c.views(t, 0); got != want+2 {
				t.Errorf("the site has %d views, want %d: the article's and the home and section pages'", got, want+2)
			}
		})
	}
}

// Nothing that could tell one reader from another is set or stored: no
// cookie on reader pages, and of the Referer only another site's domain.
func TestPageViewsKeepNoReader(t *testing.T) {
	c := newCounted(t)
	for _, p := range []string{"/", "/articles/council-budget", "/articles/council-budget", "/sections/news"} {
		w := c.get(t, p, "User-Agent", browserUA, "Referer", "https://www.google.com/search?q=secret+words")
		if w.Header().Get("Set-Cookie") != "" {
			t.Errorf("%s sets a cookie: %s", p, w.Header().Get("Set-Cookie"))
		}
	}
	c.get(t, "/articles/library-hours", "User-Agent", browserUA, "Referer", "http://example.com/articles/council-budget") // httptest's Host
	c.get(t, "/articles/library-hours", "User-Agent", browserUA, "Referer", "http://10.1.2.3/intranet")
	c.flush(t)
	refs, err := c.db.TopReferrers(context.Background(), fixtureNow.Add(-24*time.Hour), fixtureNow.Add(time.Hour), 10)
	if err != nil {
		t.Fatal(err)
	}
	want := []analytics.DomainViews{{Domain: "google.com", Views: 4}, {Domain: analytics.Other, Views: 1}}
	if len(refs) != len(want) || refs[0] != want[0] || refs[1] != want[1] {
		t.Errorf("referrers %v, want %v (the site's own pages are not referrers, addresses are not stored)", refs, want)
	}
}

func mostReadLists(t *testing.T, body string) map[string][]string {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	doc.Find(".most-read ol").Each(func(_ int, ol *goquery.Selection) {
		id, _ := ol.Attr("aria-labelledby")
		ol.Find("li a").Each(func(_ int, a *goquery.Selection) {
			href, _ := a.Attr("href")
			out[id] = append(out[id], href)
		})
	})
	return out
}

// "Most read" appears once articles are read, re-rendering cached pages
// when the ranking changes; an article page leaves itself out.
func TestMostRead(t *testing.T) {
	c := newCounted(t)
	home := c.get(t, "/").Body.String() // cached before anything was read
	if strings.Contains(home, "Most read") {
		t.Fatal("the home page shows an empty Most read")
	}
	c.flush(t)
	if strings.Contains(c.get(t, "/").Body.String(), "Most read") {
		t.Fatal("Most read with nothing read")
	}
	for range 3 {
		c.get(t, "/articles/river-report", "User-Agent", browserUA)
	}
	c.get(t, "/articles/council-budget", "User-Agent", browserUA)
	c.get(t, "/articles/hidden-unpublished", "User-Agent", browserUA) // 404: not counted, never listed
	c.flush(t)

	lists := mostReadLists(t, c.get(t, "/").Body.String())
	want := []string{"/articles/river-report", "/articles/council-budget"}
	for _, id := range []string{"most-read-day", "most-read-week"} {
		if strings.Join(lists[id], " ") != strings.Join(want, " ") {
			t.Errorf("home page %s: %v, want %v", id, lists[id], want)
		}
	}
	lists = mostReadLists(t, c.get(t, "/articles/river-report").Body.String())
	if got := lists["most-read-day"]; len(got) != 1 || got[0] != "/articles/council-budget" || lists["most-read-week"] != nil {
		t.Errorf("the article page's Most read: %v; want the last 24 hours without the article itself", lists)
	}
	lists = mostReadLists(t, c.get(t, "/articles/library-hours").Body.String())
	if strings.Join(lists["most-read-day"], " ") != strings.Join(want, " ") {
		t.Errorf("another article's Most read: %v, want %v", lists, want)
	}

	// The ranking changes: cached pages follow it.
	for range 5 {
		c.get(t, "/articles/council-budget", "User-Agent", browserUA)
	}
	c.flush(t)
	lists = mostReadLists(t, c.get(t, "/").Body.String())
	if got := lists["most-read-day"]; len(got) != 2 || got[0] != "/articles/council-budget" {
		t.Errorf("after the ranking changed, the home page shows %v", got)
	}
}

// Counting a cached hit allocates nothing, from another site or not.
func TestCountedHitAllocatesNothing(t *testing.T) {
	c := newCounted(t)
	for _, ref := range []string{"", "https://www.google.com/", "http://example.com/"} {
		r := httptest.NewRequest("GET", "/articles/council-budget", nil)
		r.Header.Set("User-Agent", browserUA)
		r.Header.Set("Accept-Encoding", "gzip")
		if ref != "" {
			r.Header.Set("Referer", ref)
		}
		w := &discard{h: http.Header{}}
		c.h.ServeHTTP(w, r)
		c.site.ServeCached(w, r)
		if n := testing.AllocsPerRun(100, func() {
			clear(w.h)
			c.site.ServeCached(w, r)
		}); n != 0 {
			t.Errorf("a counted hit (Referer %q) allocates %.0f times", ref, n)
		}
	}
	c.flush(t)
	if got := c.views(t, c.ids["council-budget"]); got < 300 {
		t.Errorf("%d views counted; the hits above were not", got)
	}
}
