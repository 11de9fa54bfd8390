package site

import (
	"net/http"
	"testing"

	"masthead/internal/analytics"
	"masthead/internal/store/storetest"
)

// BenchmarkArticlePage measures the handler cost of the article page with
// the rendered-page cache warm and off (settings and lists still cached):
//
//	go test ./internal/site -run '^$' -bench ArticlePage -benchmem
//
// The end-to-end comparison with nginx serving the same bytes is done over
// HTTP by the script in bench/.
func BenchmarkArticlePage(b *testing.B) {
	for _, tc := range []struct {
		name     string
		cacheOff bool
		encoding string
		signUp   bool // with the newsletter sign-up block
	}{
		{"cached", false, "", false},
		{"cached-gzip", false, "gzip", false},
		{"uncached", true, "", false},
		{"cached-signup", false, "", true},
		{"uncached-signup", true, "", true},
	} {
		b.Run(tc.name, func(b *testing.B) {
			cacheOff := func(o *Options) { o.CacheOff = tc.cacheOff }
			var f *fixture
			if tc.signUp {
				f = newSignUpFixture(b, storetest.Open(b, storetest.SQLite), true, cacheOff).fixture
			} else {
				f = newFixture(b, storetest.Open(b, storetest.SQLite), cacheOff)
			}
			r, _ := http.NewRequest(http.MethodGet, "/articles/council-budget", nil)
			if tc.encoding != "" {
				r.Header.Set("Accept-Encoding", tc.encoding)
			}
			f.h.ServeHTTP(&discard{h: http.Header{}}, r)
			b.ReportAllocs()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				w := &discard{h: http.Header{}}
				for pb.Next() {
					clear(w.h)
					f.h.ServeHTTP(w, r)
				}
			})
		})
	}
}

// BenchmarkCachedReaderHit measures a page-cache hit as a reader's browser
// makes it (a browser's User-Agent, so that it is counted as a page view,
// decision 0033), through the fast path the application puts before the
// router, and through the router:
//
//	go test ./internal/site -run '^$' -bench CachedReaderHit -benchmem
func BenchmarkCachedReaderHit(b *testing.B) {
	const ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
	for _, tc := range []struct {
		name, referer string
		fast          bool
	}{
		{"fastpath", "", true},
		{"fastpath-own-referer", "http://example.org/", true},
		{"fastpath-search-referer", "https://www.google.com/", true},
		{"routed", "", false},
	} {
		b.Run(tc.name, func(b *testing.B) {
			f := newFixture(b, storetest.Open(b, storetest.SQLite))
			r, _ := http.NewRequest(http.MethodGet, "/articles/council-budget", nil)
			r.Host = "example.org"
			r.Header.Set("User-Agent", ua)
			r.Header.Set("Accept-Encoding", "gzip, deflate, br")
			if tc.referer != "" {
				r.Header.Set("Referer", tc.referer)
			}
			f.h.ServeHTTP(&discard{h: http.Header{}}, r)
			b.ReportAllocs()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				w := &discard{h: http.Header{}}
				for pb.Next() {
					clear(w.h)
					if tc.fast {
						f.site.ServeCached(w, r)
					} else {
						f.h.ServeHTTP(w, r)
					}
				}
			})
		})
	}
}

// BenchmarkCountView measures what counting adds to each page served
// (decision 0033): the bot check, the atomic add and, with a Referer,
// the referring host (the site's own, or another site already seen):
//
//	go test ./internal/site -run '^$' -bench CountView -benchmem
func BenchmarkCountView(b *testing.B) {
	const ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
	for _, tc := range []struct{ name, referer string }{
		{"no-referer", ""},
		{"own-referer", "http://example.org/"},
		{"search-referer", "https://www.google.com/"},
	} {
		b.Run(tc.name, func(b *testing.B) {
			s := &Site{counter: analytics.NewCounter(nil, nil, nil)}
			p := &page{views: s.counter.Slot(1)}
			r, _ := http.NewRequest(http.MethodGet, "/articles/council-budget", nil)
			r.Host = "example.org"
			r.Header.Set("User-Agent", ua)
			r.Header.Set("Accept-Encoding", "gzip, deflate, br")
			if tc.referer != "" {
				r.Header.Set("Referer", tc.referer)
			}
			b.ReportAllocs()
			for b.Loop() {
				s.count(r, p, http.StatusOK)
			}
		})
	}
}
