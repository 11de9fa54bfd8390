package site

import (
	"errors"
	"io/fs"
	"net/http"
	"os"
	"path"
	"strings"

	"masthead/internal/apperr"
)

// mediaCacheControl: uploads get unique names, so a browser may keep them.
const mediaCacheControl = "public, max-age=31536000"

// mediaTypes are the uploads the site serves, by extension. Anything else
// (an .html or .js file that found its way into the directory) is not
// served from the site's own origin, where the CSP would trust it.
var mediaTypes = map[string]string{
	".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".gif": "image/gif",
	".webp": "image/webp", ".avif": "image/avif", ".pdf": "application/pdf",
}

// media serves an uploaded file: GET /media/{path...}. os.Root confines
// every lookup to MediaDir, symbolic links included; the name check before
// it keeps hidden files and directory listings out.
func (s *Site) media(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("path")
	ctype, ok := mediaTypes[strings.ToLower(path.Ext(name))]
	if s.mediaDir == "" || !ok || !validMediaPath(name) {
		return errNotFound
	}
	root, err := os.OpenRoot(s.mediaDir)
	if errors.Is(err, fs.ErrNotExist) {
		return errNotFound // nothing uploaded yet
	}
	if err != nil {
		return err
	}
	defer root.Close()
	f, err := root.Open(name)
	if err != nil {
		// Missing, unreadable, or a link out of the directory: all the
		// reader needs to know is that there is nothing here.
		return apperr.Wrap(apperr.NotFound, "not found", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if st.IsDir() {
		return errNotFound
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Cache-Control", mediaCacheControl)
	h.Set("X-Content-Type-Options", "nosniff")
	http.ServeContent(w, r, "", st.ModTime(), f)
	return nil
}

// validMediaPath accepts slash-separated relative names without empty,
// dot or hidden elements.
func validMediaPath(name string) bool {
	if !fs.ValidPath(name) || name == "." || strings.ContainsAny(name, "\\\x00") {
		return false
	}
	for _, part := range strings.Split(name, "/") {
		if strings.HasPrefix(part, ".") {
			return false
		}
	}
	return true
}
