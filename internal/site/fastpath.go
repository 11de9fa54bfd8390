package site

import "net/http"

// ServeCached answers a GET or HEAD without a query string straight from
// the page cache, before routing and middleware, and reports whether it did
// (with the status written). Only pages the mux already routed to a page
// handler are ever stored under their path, so answering here is the same
// as answering after routing, minus the work.
func (s *Site) ServeCached(w http.ResponseWriter, r *http.Request) (int, bool) {
	if s.cache == nil || r.URL.RawQuery != "" || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
		return 0, false
	}
	key, ok := s.cachedKey(r)
	if !ok {
		return 0, false
	}
	p := s.cache.get(key)
	if p == nil {
		return 0, false
	}
	s.hits.Add(1)
	code := serve(w, r, p)
	s.count(r, p, code)
	return code, true
}
