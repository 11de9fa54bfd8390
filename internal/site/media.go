package site

import (
	"errors"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"masthead/internal/apperr"
	"masthead/internal/media"
)

// mediaCacheControl: uploads and their variants get unique names, so a
// browser or a CDN may keep them.
const mediaCacheControl = "public, max-age=31536000, immutable"

// media serves an uploaded file, a crop or a variant from the media store
// (the data directory or a bucket): GET /media/{path...}. Only the types
// media stores are served, with their own type: an .html or .js file that
// found its way into the store is not served from the site's origin,
// where the CSP would trust it. The name check keeps hidden files and
// directory listings out; the local store also confines names with
// os.Root, symbolic links included.
func (s *Site) media(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("path")
	ctype, ok := media.Types[strings.ToLower(path.Ext(name))]
	if s.files == nil || !ok || !validMediaPath(name) {
		return errNotFound
	}
	f, err := s.files.Open(r.Context(), name)
	if errors.Is(err, fs.ErrNotExist) {
		return errNotFound
	}
	if err != nil {
		// Unreadable, or a link out of the directory: all the reader
		// needs to know is that there is nothing here.
		return apperr.Wrap(apperr.NotFound, "not found", err)
	}
	defer f.Close()
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Cache-Control", mediaCacheControl)
	h.Set("X-Content-Type-Options", "nosniff")
	http.ServeContent(w, r, "", f.Info().ModTime, f)
	return nil
}

// validMediaPath accepts slash-separated relative names without empty,
// dot or hidden elements.
func validMediaPath(name string) bool { return media.ValidName(name) }
