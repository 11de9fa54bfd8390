package admin

import (
	"errors"
	"io/fs"
	"net/http"

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
	name := img.Path
	if r.URL.Query().Get("thumb") != "" {
		name = thumbOf(img)
	}
	f, err := a.media.Files.Open(r.Context(), name)
	if errors.Is(err, fs.ErrNotExist) {
		return errNotFound
	}
	if err != nil {
		return err
	}
	defer f.Close()
	h := w.Header()
	h.Set("Content-Type", f.Info().Mime)
	// Private, and short: a replaced file keeps the id.
	h.Set("Cache-Control", "private, max-age=60")
	http.ServeContent(w, r, "", f.Info().ModTime, f)
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

// thumbOf is the file a thumbnail of img shows: its narrowest variant in a
// type every browser reads (JPEG or PNG), else the original.
func thumbOf(img content.Image) string {
	for _, v := range img.Variants { // narrowest first within a type
		if v.Mime == "image/jpeg" || v.Mime == "image/png" {
			return v.Path
		}
	}
	return img.Path
}
