package site

import (
	"net/http"
	"sync"
)

// The public base address (decision 0029) is, in order: the operator's
// MASTHEAD_BASE_URL, the address set in the newsroom's settings, or the
// scheme and host the request asked for (through a trusted proxy's
// X-Forwarded-Proto and -Host). Canonical addresses, Open Graph tags,
// feeds and sitemaps are built on it, so they are absolute.
//
// When the base can come from the request, a rendered page holds the
// request's host, and the page cache keys it by origin too: a page asked
// for as http://localhost:8080 is never served to https://news.example.org.
// Anyone can send any Host header, so pages are stored for a few origins
// only (the first maxOrigins seen); others are rendered for each request.

// maxOrigins bounds the origins whose pages are stored in the cache.
const maxOrigins = 4

// origins are the origins admitted to the page cache.
type origins struct {
	mu   sync.Mutex
	seen map[string]bool
}

// admit reports whether pages for origin may be stored, admitting it if
// there is room.
func (o *origins) admit(origin string) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.seen[origin] {
		return true
	}
	if len(o.seen) >= maxOrigins {
		return false
	}
	if o.seen == nil {
		o.seen = make(map[string]bool)
	}
	o.seen[origin] = true
	return true
}

// fixedBase is the base address that does not depend on the request, or
// "": the operator's, else the settings' when they are loaded. known is
// false when the settings are not loaded (after a Purge), when it cannot
// yet be told.
func (s *Site) fixedBase() (base string, known bool) {
	if s.publicBase != "" {
		return s.publicBase, true
	}
	sh := s.shared.cur.Load()
	if sh == nil {
		return "", false
	}
	return sh.Settings.BaseURL, true
}

// baseURL is the public base address for a page rendered for r, without a
// trailing slash.
func (s *Site) baseURL(r *http.Request, sh *shared) string {
	if s.publicBase != "" {
		return s.publicBase
	}
	if sh.Settings.BaseURL != "" {
		return sh.Settings.BaseURL
	}
	origin, _ := s.proxies.Origin(r)
	return origin
}

// cacheKey is the page cache's key for the page at pathKey (a path, with
// its ?after= cursor on list pages) asked for by r, and whether the page
// may be stored under it. With a fixed base the path is the key; without
// one the request's origin is part of it. Call it after s.common, so that
// the settings' base address is known.
func (s *Site) cacheKey(r *http.Request, pathKey string) (key string, storable bool) {
	if base, _ := s.fixedBase(); base != "" {
		return pathKey, true
	}
	origin, ok := s.proxies.Origin(r)
	if !ok {
		return "", false
	}
	return origin + pathKey, s.origins.admit(origin)
}

// cachedKey is cacheKey for a lookup on the fast path, which does not load
// the settings: ok is false when the key cannot be told without them.
func (s *Site) cachedKey(r *http.Request) (key string, ok bool) {
	base, known := s.fixedBase()
	if !known {
		return "", false
	}
	if base != "" {
		return r.URL.Path, true
	}
	origin, ok := s.proxies.Origin(r)
	if !ok {
		return "", false
	}
	return origin + r.URL.Path, true
}
