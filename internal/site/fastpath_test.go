package site

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"masthead/internal/store/storetest"
)

// ServeCached answers exactly what the routed handlers have cached, and
// leaves everything else to the mux.
func TestServeCached(t *testing.T) {
	f := newFixture(t, storetest.Open(t, storetest.SQLite))
	fast := func(method, target string) (int, bool, *httptest.ResponseRecorder) {
		w := httptest.NewRecorder()
		code, ok := f.site.ServeCached(w, httptest.NewRequest(method, target, nil))
		return code, ok, w
	}
	const path = "/articles/council-budget"
	if _, ok, _ := fast("GET", path); ok {
		t.Fatal("answered a page nobody has asked for yet")
	}
	routed := f.get(t, path)
	f.get(t, "/no-such-page") // caches the 404 page under its own key

	hits, _ := f.site.CacheStats()
	code, ok, w := fast("GET", path)
	if !ok || code != 200 || w.Body.String() != routed.Body.String() || w.Header().Get("Etag") != routed.Header().Get("Etag") {
		t.Fatalf("cached page: ok %v, status %d", ok, code)
	}
	if h, _ := f.site.CacheStats(); h != hits+1 {
		t.Errorf("a fast-path hit was not counted")
	}
	r := httptest.NewRequest("GET", path, nil)
	r.Header.Set("If-None-Match", routed.Header().Get("Etag"))
	if code, ok := f.site.ServeCached(httptest.NewRecorder(), r); !ok || code != http.StatusNotModified {
		t.Errorf("conditional request: %d, %v", code, ok)
	}
	for _, tc := range []struct{ method, target string }{
		{"POST", path},
		{"GET", path + "?utm_source=x"}, // the routed handler normalises queries
		{"GET", "/no-such-page"},
		{"GET", "/articles/unknown"},
	} {
		if _, ok, _ := fast(tc.method, tc.target); ok {
			t.Errorf("%s %s answered from the cache; it must go through the mux", tc.method, tc.target)
		}
	}

	off := newFixture(t, storetest.Open(t, storetest.SQLite), func(o *Options) { o.CacheOff = true })
	off.get(t, path)
	if _, ok := off.site.ServeCached(httptest.NewRecorder(), httptest.NewRequest("GET", path, nil)); ok {
		t.Error("answered with the cache off")
	}
}
