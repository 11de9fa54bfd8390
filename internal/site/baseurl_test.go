package site

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"masthead/internal/content"
	"masthead/internal/httpx"
	"masthead/internal/store/storetest"
)

// withoutBaseURL clears the fixture's base address setting, so the site
// takes it from each request.
func withoutBaseURL(t *testing.T, f *fixture) {
	t.Helper()
	ctx := context.Background()
	st, err := f.db.GetSettings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	st.BaseURL = ""
	if err := f.db.SaveSettings(ctx, st); err != nil {
		t.Fatal(err)
	}
	f.site.Purge()
}

// getFrom asks for path as a client of host would, through the fast path
// and the mux as the application does.
func (f *fixture) getFrom(t *testing.T, host, path string, header ...string) string {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, path, nil)
	r.Host = host
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	if _, ok := f.site.ServeCached(w, r); !ok {
		f.h.ServeHTTP(w, r)
	}
	if w.Code != http.StatusOK {
		t.Fatalf("GET %s%s: %d", host, path, w.Code)
	}
	return w.Body.String()
}

func canonicalOf(t *testing.T, page string) string {
	t.Helper()
	const open = `<link rel="canonical" href="`
	i := strings.Index(page, open)
	if i < 0 {
		t.Fatal("no canonical link")
	}
	rest := page[i+len(open):]
	return rest[:strings.IndexByte(rest, '"')]
}

// Without a configured base, each reader gets addresses on the host they
// asked for, and the cache never serves one host's page to another, on
// the fast path or after routing.
func TestBaseURLFromRequestHost(t *testing.T) {
	f := newFixture(t, storetest.Open(t, storetest.SQLite))
	withoutBaseURL(t, f)
	const path = "/articles/council-budget"
	for range 2 { // the second round is served from the cache
		for host, want := range map[string]string{
			"news.example.org":      "http://news.example.org" + path,
			"NEWS.example.org:80":   "http://news.example.org" + path,
			"localhost:8080":        "http://localhost:8080" + path,
			"staging.example.org.":  "http://staging.example.org" + path,
			"[::1]:8080":            "http://[::1]:8080" + path,
			"news.example.org:8443": "http://news.example.org:8443" + path,
		} {
			page := f.getFrom(t, host, path)
			if got := canonicalOf(t, page); got != want {
				t.Errorf("Host %s: canonical %s, want %s", host, got, want)
			}
			if !strings.Contains(page, `<meta property="og:url" content="`+want+`">`) {
				t.Errorf("Host %s: og:url is not %s", host, want)
			}
		}
	}
	// Only maxOrigins origins have pages stored; the rest are rendered anew.
	if n := f.site.cache.len(); n != maxOrigins {
		t.Errorf("%d pages cached for 5 origins, want %d", n, maxOrigins)
	}
}

// A trusted proxy's X-Forwarded-Proto and -Host name the public address;
// anyone else's are ignored, and a host that is not a host is never
// written into a page or stored.
func TestBaseURLThroughProxies(t *testing.T) {
	f := newFixture(t, storetest.Open(t, storetest.SQLite), func(o *Options) {
		o.Proxies = httpx.NewProxies([]netip.Prefix{netip.MustParsePrefix("192.0.2.0/24")}) // httptest's peer
	})
	withoutBaseURL(t, f)
	const path = "/sections/news"
	page := f.getFrom(t, "backend:8080", path, "X-Forwarded-Proto", "https", "X-Forwarded-Host", "news.example.org")
	if got := canonicalOf(t, page); got != "https://news.example.org"+path {
		t.Errorf("through the proxy: canonical %s", got)
	}
	before := f.site.cache.len()
	page = f.getFrom(t, "backend:8080", path, "X-Forwarded-Host", `x"><script>alert(1)</script>`)
	if strings.Contains(page, "<script>alert") {
		t.Error("a forged host reached the page")
	}
	if got := canonicalOf(t, page); got != "http://localhost"+path {
		t.Errorf("forged host: canonical %s", got)
	}
	if f.site.cache.len() != before {
		t.Error("a page for a forged host was stored")
	}

	g := newFixture(t, storetest.Open(t, storetest.SQLite)) // trusts no proxy
	withoutBaseURL(t, g)
	page = g.getFrom(t, "news.example.org", path, "X-Forwarded-Proto", "https", "X-Forwarded-Host", "evil.example")
	if got := canonicalOf(t, page); got != "http://news.example.org"+path {
		t.Errorf("untrusted forwarding headers were believed: canonical %s", got)
	}
}

// The operator's MASTHEAD_BASE_URL wins over the settings and the request;
// the settings' address wins over the request.
func TestBaseURLPrecedence(t *testing.T) {
	f := newFixture(t, storetest.Open(t, storetest.SQLite)) // settings: https://news.example.org
	if got := canonicalOf(t, f.getFrom(t, "other.example", "/privacy")); got != "https://news.example.org/privacy" {
		t.Errorf("settings' base: canonical %s", got)
	}
	g := newFixture(t, storetest.Open(t, storetest.SQLite), func(o *Options) { o.BaseURL = "https://www.northbridge.example/" })
	for _, host := range []string{"news.example.org", "other.example"} {
		page := g.getFrom(t, host, "/articles/council-budget")
		if got := canonicalOf(t, page); got != "https://www.northbridge.example/articles/council-budget" {
			t.Errorf("operator's base, Host %s: canonical %s", host, got)
		}
		if !strings.Contains(page, `<meta property="og:image" content="https://www.northbridge.example/media/`+leadImagePath) {
			t.Errorf("operator's base, Host %s: og:image not absolute on it", host)
		}
	}
	// With a fixed base, one page is stored whatever the host.
	if n := g.site.cache.len(); n != 1 {
		t.Errorf("%d cached pages for one address", n)
	}
	// A page a change to the settings makes stale is dropped with them.
	st, err := g.db.GetSettings(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	st.BaseURL = ""
	if err := g.db.SaveSettings(context.Background(), content.Settings(st)); err != nil {
		t.Fatal(err)
	}
	g.site.Purge()
	if got := canonicalOf(t, g.getFrom(t, "x.example", "/articles/council-budget")); got != "https://www.northbridge.example/articles/council-budget" {
		t.Errorf("after a purge: canonical %s", got)
	}
}
