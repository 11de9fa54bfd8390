package site

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"masthead/internal/content"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

func TestPageCache(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		const path = "/articles/council-budget"

		first := f.get(t, path)
		h0, m0 := f.site.CacheStats()
		second := f.get(t, path, "X-Ignored", "1")
		h1, m1 := f.site.CacheStats()
		if h1 != h0+1 || m1 != m0 {
			t.Fatalf("second request: hits %d→%d, misses %d→%d; want one more hit", h0, h1, m0, m1)
		}
		if first.Body.String() != second.Body.String() {
			t.Fatal("a cache hit served different bytes")
		}
		// Tracking parameters share the entry instead of making new ones.
		f.get(t, path+"?utm_source=newsletter&fbclid=abc")
		if h2, _ := f.site.CacheStats(); h2 != h1+1 {
			t.Error("a query string the page does not use missed the cache")
		}

		etag := first.Header().Get("Etag")
		lastMod := first.Header().Get("Last-Modified")
		if !strings.HasPrefix(etag, `"`) || strings.HasPrefix(etag, "W/") || lastMod == "" {
			t.Fatalf("validators: ETag %q, Last-Modified %q; want a strong ETag and a date", etag, lastMod)
		}
		if v := first.Header().Get("Vary"); v != "Accept-Encoding" {
			t.Errorf("Vary = %q", v)
		}
		if cc := first.Header().Get("Cache-Control"); cc != "public, max-age=60, stale-while-revalidate=300" {
			t.Errorf("Cache-Control = %q", cc)
		}

		conditional := []struct {
			name   string
			header []string
			status int
		}{
			{"matching If-None-Match", []string{"If-None-Match", etag}, 304},
			{"one of several If-None-Match", []string{"If-None-Match", `"x", ` + etag}, 304},
			{"weak form of the tag", []string{"If-None-Match", "W/" + etag}, 304},
			{"other If-None-Match", []string{"If-None-Match", `"other"`}, 200},
			{"If-Modified-Since the same date", []string{"If-Modified-Since", lastMod}, 304},
			{"If-Modified-Since an earlier date", []string{"If-Modified-Since", "Mon, 02 Jan 2006 15:04:05 GMT"}, 200},
			{"If-None-Match wins over If-Modified-Since", []string{"If-None-Match", `"other"`, "If-Modified-Since", lastMod}, 200},
		}
		for _, c := range conditional {
			w := f.get(t, path, c.header...)
			if w.Code != c.status {
				t.Errorf("%s: status %d, want %d", c.name, w.Code, c.status)
			}
			if w.Code == 304 && (w.Body.Len() != 0 || w.Header().Get("Etag") != etag) {
				t.Errorf("%s: 304 with %d body bytes and ETag %q", c.name, w.Body.Len(), w.Header().Get("Etag"))
			}
		}

		gz := f.get(t, path, "Accept-Encoding", "br, gzip;q=0.8")
		if gz.Header().Get("Content-Encoding") != "gzip" {
			t.Fatalf("Accept-Encoding gzip: Content-Encoding %q", gz.Header().Get("Content-Encoding"))
		}
		if gz.Header().Get("Etag") == etag {
			t.Error("the gzip representation has the same strong ETag as the plain one")
		}
		zr, err := gzip.NewReader(bytes.NewReader(gz.Body.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		plain, err := io.ReadAll(zr)
		if err != nil || !bytes.Equal(plain, first.Body.Bytes()) {
			t.Fatalf("gunzipped body differs from the plain one (err %v)", err)
		}
		if gz.Body.Len() >= first.Body.Len()/2 {
			t.Errorf("gzip body %d bytes for %d plain", gz.Body.Len(), first.Body.Len())
		}
		if w := f.get(t, path, "If-None-Match", gz.Header().Get("Etag"), "Accept-Encoding", "gzip"); w.Code != 304 {
			t.Errorf("revalidating the gzip copy: %d", w.Code)
		}
		for _, ae := range []string{"", "identity", "gzip;q=0", "br"} {
			w := f.get(t, path, "Accept-Encoding", ae)
			if w.Header().Get("Content-Encoding") != "" || w.Body.String() != first.Body.String() {
				t.Errorf("Accept-Encoding %q: got Content-Encoding %q", ae, w.Header().Get("Content-Encoding"))
			}
		}

		// A change readers can see shows after Purge, and not before.
		ctx := context.Background()
		st, _ := db.GetSettings(ctx)
		st.Name = "The Northbridge Daily"
		if err := db.SaveSettings(ctx, st); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(f.get(t, path).Body.String(), "Northbridge Daily") {
			t.Fatal("the change showed before Purge: the page was not cached")
		}
		f.site.Purge()
		after := f.get(t, path)
		if !strings.Contains(after.Body.String(), "The Northbridge Daily") {
			t.Fatal("Purge did not make the new name visible")
		}
		if after.Header().Get("Etag") == etag {
			t.Error("changed page kept its ETag")
		}
		if w := f.get(t, path, "If-None-Match", etag); w.Code != 200 {
			t.Errorf("the old ETag still answers 304 after a change: %d", w.Code)
		}
	})
}

func TestCacheOff(t *testing.T) {
	f := newFixture(t, storetest.Open(t, storetest.SQLite), func(o *Options) { o.CacheOff = true })
	const path = "/articles/library-hours"
	first := f.get(t, path, "Accept-Encoding", "gzip")
	if first.Code != 200 || first.Header().Get("Content-Encoding") != "" {
		t.Fatalf("cache off: %d, Content-Encoding %q (compression is left to the middleware)", first.Code, first.Header().Get("Content-Encoding"))
	}
	if w := f.get(t, path, "If-None-Match", first.Header().Get("Etag")); w.Code != 304 {
		t.Errorf("cache off still answers conditional requests: %d", w.Code)
	}
	f.update(t, "library-hours", func(a *content.Article) { a.Headline = "Sunday hours from May" })
	// Without the page cache every request renders the page, from data kept
	// until the next Purge (which every change readers can see triggers).
	f.site.Purge()
	if !strings.Contains(f.get(t, path).Body.String(), "Sunday hours from May") {
		t.Error("with the cache off, a changed article is not shown after Purge")
	}
	if hits, misses := f.site.CacheStats(); hits != 0 || misses != 3 {
		t.Errorf("cache off: %d hits, %d misses", hits, misses)
	}
}

// A Purge during a rendering must win: the page rendered from old data is
// served to its request but not kept.
func TestCachePurgeDuringRender(t *testing.T) {
	c := newCache(1 << 20)
	gen := c.generation()
	c.purge()
	c.put(gen, "/x", newPage(200, []byte("old"), htmlType, pageCacheControl, fixtureNow, false))
	if c.get("/x") != nil {
		t.Fatal("a page rendered before Purge was stored after it")
	}
	c.put(c.generation(), "/x", newPage(200, []byte("new"), htmlType, pageCacheControl, fixtureNow, false))
	if p := c.get("/x"); p == nil || string(p.body) != "new" {
		t.Fatal("a fresh page was not stored")
	}
}

func TestCacheBounds(t *testing.T) {
	mk := func(n int) *page {
		return newPage(200, bytes.Repeat([]byte("x"), n), htmlType, pageCacheControl, fixtureNow, false)
	}
	one := mk(1000).size() + len("/a") + entryOverhead
	c := newCache(3*one*10/9 + 10) // room for three pages in the main segment
	for _, k := range []string{"/a", "/b", "/c", "/d"} {
		c.put(c.generation(), k, mk(1000))
	}
	if n, b := c.stats(); n != 3 || b > c.main.max || c.get("/a") != nil || c.get("/d") == nil {
		t.Errorf("byte bound: %d bytes in %d entries (max %d), /a kept %v", b, n, c.main.max, c.get("/a") != nil)
	}
	// Storing a key again replaces it without growing the accounting.
	_, before := c.stats()
	c.put(c.generation(), "/d", mk(1000))
	if n, b := c.stats(); b != before || n != 3 {
		t.Errorf("after replacing /d: %d bytes in %d entries, want %d in 3", b, n, before)
	}
	// A page larger than its segment is served but not kept.
	c.put(c.generation(), "/huge", mk(10*one))
	if c.get("/huge") != nil {
		t.Error("a page larger than the budget was stored")
	}
}

// CLOCK: a page read since it was stored survives a run of pages nobody
// reads again; FIFO would drop it first.
func TestCacheKeepsPagesThatAreRead(t *testing.T) {
	mk := func() *page {
		return newPage(200, bytes.Repeat([]byte("x"), 1000), htmlType, pageCacheControl, fixtureNow, false)
	}
	one := mk().size() + len("/popular") + entryOverhead
	c := newCache(10 * one * 10 / 9)
	c.put(c.generation(), "/popular", mk())
	for i := range 100 {
		if c.get("/popular") == nil {
			t.Fatalf("the page read before every store was evicted after %d others", i)
		}
		c.put(c.generation(), "/once-"+strconv.Itoa(i), mk())
	}
	if n, b := c.stats(); b > c.main.max || n > 10 {
		t.Errorf("%d pages, %d bytes; budget %d", n, b, c.main.max)
	}
	if c.get("/once-0") != nil {
		t.Error("the oldest page nobody read again is still cached")
	}
}

// Anyone can ask for any number of distinct valid cursors. However many,
// the cache stays within its budget, and the pages cached before (the
// article readers come back to, the first page of a list) are still hits.
func TestCursorFloodKeepsPopularPages(t *testing.T) {
	const budget = 400 << 10
	f := newFixture(t, storetest.Open(t, storetest.SQLite), func(o *Options) { o.CacheBytes = budget })
	popular := []string{"/articles/council-budget", "/sections/news", "/"}
	for _, p := range popular {
		if w := f.get(t, p); w.Code != 200 {
			t.Fatalf("GET %s: %d", p, w.Code)
		}
	}
	start := time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC).UnixMicro()
	stored := 0
	for i := range 600 {
		path := "/sections/news?after=" + strconv.FormatInt(start-int64(i), 10) + "-" + strconv.Itoa(i+1)
		w := f.get(t, path)
		if w.Code != 200 {
			t.Fatalf("GET %s: %d", path, w.Code)
		}
		stored += w.Body.Len()
		if _, b := f.site.CacheSize(); b > budget {
			t.Fatalf("after %d cursor pages the cache holds %d bytes, budget %d", i+1, b, budget)
		}
	}
	if stored < 2*budget {
		t.Fatalf("the flood rendered only %d bytes, not enough to test a %d-byte budget", stored, budget)
	}
	for _, p := range popular {
		h0, _ := f.site.CacheStats()
		f.get(t, p)
		if h1, _ := f.site.CacheStats(); h1 != h0+1 {
			t.Errorf("%s was cached before the flood and missed after it", p)
		}
	}
}

func TestConcurrentMissesRenderOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := newCache(1 << 20)
		release := make(chan struct{})
		var renders atomic.Int32
		done := make(chan *page)
		for i := 0; i < 5; i++ {
			go func() {
				p, _ := c.do("/k", func() (*page, error) {
					renders.Add(1)
					<-release
					return newPage(200, []byte("p"), htmlType, pageCacheControl, fixtureNow, false), nil
				})
				done <- p
			}()
		}
		synctest.Wait() // one renders, four wait for it
		close(release)
		for i := 0; i < 5; i++ {
			if p := <-done; p == nil || string(p.body) != "p" {
				t.Fatal("a waiter got no page")
			}
		}
		if n := renders.Load(); n != 1 {
			t.Fatalf("5 concurrent misses rendered %d times, want 1", n)
		}
	})
}

func TestAcceptsGzip(t *testing.T) {
	for ae, want := range map[string]bool{
		"gzip": true, "gzip, deflate, br": true, "br;q=1.0, gzip;q=0.5": true, "GZIP": true, "*": true,
		"": false, "identity": false, "gzip;q=0": false, "gzip; q=0.0": false, "deflate": false, "x-gzip-not": false,
	} {
		if got := acceptsGzip(ae); got != want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", ae, got, want)
		}
	}
}

func TestHitPathAllocations(t *testing.T) {
	f := newFixture(t, storetest.Open(t, storetest.SQLite))
	r, _ := http.NewRequest(http.MethodGet, "/articles/council-budget", nil)
	r.Header.Set("Accept-Encoding", "gzip")
	w := &discard{h: http.Header{}}
	f.h.ServeHTTP(w, r) // warm
	allocs := testing.AllocsPerRun(100, func() {
		clear(w.h)
		f.h.ServeHTTP(w, r)
	})
	// The mux allocates once; serving the cached page itself nothing.
	if allocs > 2 {
		t.Errorf("a cache hit allocates %.0f times", allocs)
	}
}

type discard struct{ h http.Header }

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(b []byte) (int, error) { return len(b), nil }
func (d *discard) WriteHeader(int)             {}
