package admin

import (
	"net/http"
	"os"
	"path/filepath"

	"masthead/internal/content"
)

// serveImage shows staff an uploaded image (previews in the forms), whether
// or not anything published uses it yet.
func (a *Admin) serveImage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	img, err := a.store.GetImage(r.Context(), id)
	if err != nil {
		return err
	}
	f, err := os.OpenInRoot(a.media.Dir, filepath.FromSlash(img.Path))
	if err != nil {
		if os.IsNotExist(err) {
			return errNotFound
		}
		return err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", img.Mime)
	h.Set("Cache-Control", "private, max-age=3600")
	http.ServeContent(w, r, "", info.ModTime(), f)
	return nil
}

// image loads an image record for a preview; nil when there is none.
func (a *Admin) image(r *http.Request, id int64) *content.Image {
	if id == 0 {
		return nil
	}
	img, err := a.store.GetImage(r.Context(), id)
	if err != nil {
		return nil
	}
	return &img
}
