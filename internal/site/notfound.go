package site

import "net/http"

// notFound answers any address the site does not know with the styled 404.
func (s *Site) notFound(http.ResponseWriter, *http.Request) error {
	return errNotFound
}
