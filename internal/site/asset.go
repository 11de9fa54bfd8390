package site

import "net/http"

// asset serves a content-hashed static file: GET /assets/{name}.
func (s *Site) asset(w http.ResponseWriter, r *http.Request) error {
	p, ok := s.assets.byName[r.PathValue("name")]
	if !ok {
		return errNotFound
	}
	serve(w, r, p)
	return nil
}
