package admin

import (
	"errors"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"masthead/internal/apperr"
	"masthead/internal/content"
	"masthead/internal/media"
)

// The media library (issue 9): every uploaded image, searchable, each with
// its default alt text, caption, credit and focal point; files can be
// replaced (same id) and images deleted when nothing uses them. Staff who
// write articles may use it.

type mediaListView struct {
	Q        string
	Items    []content.Image
	Page     int
	PrevURL  string
	NextURL  string
	Uploaded int // images just uploaded, for the notice
}

func pageURL(q string, page int) string {
	v := url.Values{}
	if q != "" {
		v.Set("q", q)
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	if len(v) == 0 {
		return "/admin/media"
	}
	return "/admin/media?" + v.Encode()
}

// mediaLibrary is GET /admin/media?q=&page=.
func (a *Admin) mediaLibrary(w http.ResponseWriter, r *http.Request) error {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	n, _ := strconv.Atoi(r.URL.Query().Get("page"))
	n = max(n, 1)
	imgs, next, err := a.media.List(r.Context(), q, n)
	if err != nil {
		return err
	}
	v := &mediaListView{Q: q, Items: imgs, Page: n}
	if n > 1 {
		v.PrevURL = pageURL(q, n-1)
	}
	if next != 0 {
		v.NextURL = pageURL(q, next)
	}
	p := &page{Title: "Media", Nav: "media", Data: v}
	switch n, _ := strconv.Atoi(r.URL.Query().Get("uploaded")); {
	case n == 1:
		p.Notice = "1 image uploaded."
	case n > 1:
		p.Notice = fmt.Sprintf("%d images uploaded.", n)
	case r.URL.Query().Get("done") == "deleted":
		p.Notice = "Image deleted."
	}
	return a.ok(w, r, "media", p)
}

// uploadMedia is POST /admin/media/upload: one or more files from the
// library's form. Each file is checked on its own; if any is refused, the
// others are still kept and the page says which failed and why.
func (a *Admin) uploadMedia(w http.ResponseWriter, r *http.Request) error {
	sess := sessionFrom(r.Context())
	var files []*multipartFile
	if r.MultipartForm != nil {
		for _, h := range r.MultipartForm.File["files"] {
			files = append(files, &multipartFile{h.Filename, h.Size, h.Open})
		}
	}
	p := &page{Title: "Media", Nav: "media", Data: &mediaListView{}}
	if len(files) == 0 {
		return again("media", a.listInto(r, p), apperr.Fields{"files": "Choose one or more image files to upload."})
	}
	var problems []string
	kept := 0
	for _, f := range files {
		err := a.uploadOne(r, f, sess.User.ID)
		if err != nil {
			msg := apperr.Message(err)
			var bad apperr.Fields
			if errors.As(err, &bad) {
				msg = bad["image"]
			}
			if msg == "" {
				return err
			}
			problems = append(problems, f.name+": "+msg)
			continue
		}
		kept++
	}
	if len(problems) > 0 {
		msg := strings.Join(problems, " ")
		if kept > 0 {
			msg = fmt.Sprintf("%d uploaded; not uploaded: %s", kept, msg)
		}
		return again("media", a.listInto(r, p), apperr.Fields{"files": msg})
	}
	return seeOther(w, r, "/admin/media?uploaded="+strconv.Itoa(kept))
}

// listInto fills p with the library's first page, for a refused upload.
func (a *Admin) listInto(r *http.Request, p *page) *page {
	imgs, next, err := a.media.List(r.Context(), "", 1)
	v := &mediaListView{Page: 1}
	if err == nil {
		v.Items = imgs
		if next != 0 {
			v.NextURL = pageURL("", next)
		}
	}
	p.Data = v
	return p
}

type multipartFile struct {
	name string
	size int64
	open func() (multipart.File, error)
}

func (a *Admin) uploadOne(r *http.Request, f *multipartFile, by int64) error {
	if f.size > media.MaxBytes {
		return apperr.Fields{"image": "The image is larger than 10 MB. Resize it and upload it again."}
	}
	rd, err := f.open()
	if err != nil {
		return apperr.Fields{"image": "The file could not be read. Choose it again."}
	}
	defer rd.Close()
	_, err = a.media.Upload(r.Context(), rd, f.name, by, media.Details{})
	return err
}

type mediaItemView struct {
	Image content.Image
	Uses  []content.ImageUse
	// Typed focal point, kept as typed when refused.
	FocusX, FocusY string
}

func (a *Admin) mediaItemPage(w http.ResponseWriter, r *http.Request) error {
	_, _, p, err := a.mediaItemAt(r)
	if err != nil {
		return err
	}
	switch r.URL.Query().Get("done") {
	case "saved":
		p.Notice = "Saved."
	case "replaced":
		p.Notice = "File replaced. Articles that use this image show the new file; its crops and sizes are being made again."
	case "uploaded":
		p.Notice = "Uploaded."
	}
	return a.ok(w, r, "media_item", p)
}

func mediaTitle(m content.Image) string {
	if m.Name != "" {
		return m.Name
	}
	return "Image " + strconv.FormatInt(m.ID, 10)
}

func (a *Admin) mediaItem(r *http.Request, id int64) (*mediaItemView, error) {
	img, err := a.media.Get(r.Context(), id)
	if err != nil {
		return nil, err
	}
	uses, err := a.media.Uses(r.Context(), id)
	if err != nil {
		return nil, err
	}
	return &mediaItemView{Image: img, Uses: uses, FocusX: formatFocus(img.FocusX), FocusY: formatFocus(img.FocusY)}, nil
}

// mediaItemAt reads the image the path names and the item page showing it,
// which every item handler renders again when it refuses something.
func (a *Admin) mediaItemAt(r *http.Request) (int64, *mediaItemView, *page, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, nil, nil, err
	}
	v, err := a.mediaItem(r, id)
	if err != nil {
		return 0, nil, nil, err
	}
	return id, v, &page{Title: mediaTitle(v.Image), Nav: "media", Data: v, Script: true}, nil
}

func formatFocus(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// saveMediaItem is POST /admin/media/{id}/edit.
func (a *Admin) saveMediaItem(w http.ResponseWriter, r *http.Request) error {
	id, v, p, err := a.mediaItemAt(r)
	if err != nil {
		return err
	}
	d := media.Details{Name: r.PostFormValue("name"), Alt: r.PostFormValue("alt"), Caption: r.PostFormValue("caption"), Credit: r.PostFormValue("credit")}
	v.FocusX, v.FocusY = strings.TrimSpace(r.PostFormValue("focus_x")), strings.TrimSpace(r.PostFormValue("focus_y"))
	v.Image.Name, v.Image.Alt, v.Image.Caption, v.Image.Credit = d.Name, d.Alt, d.Caption, d.Credit
	p.Title = mediaTitle(v.Image)
	var ferr error
	if d.FocusX, ferr = strconv.ParseFloat(v.FocusX, 64); ferr != nil {
		d.FocusX = -1
	}
	if d.FocusY, ferr = strconv.ParseFloat(v.FocusY, 64); ferr != nil {
		d.FocusY = -1
	}
	if _, err := a.media.Update(r.Context(), id, d); err != nil {
		return again("media_item", p, err)
	}
	return seeOther(w, r, fmt.Sprintf("/admin/media/%d/edit?done=saved", id))
}

// replaceMediaFile is POST /admin/media/{id}/replace.
func (a *Admin) replaceMediaFile(w http.ResponseWriter, r *http.Request) error {
	id, _, p, err := a.mediaItemAt(r)
	if err != nil {
		return err
	}
	if r.MultipartForm == nil {
		return again("media_item", p, apperr.Fields{"file": "Choose the new image file."})
	}
	f, hdr, err := r.FormFile("file")
	if err != nil {
		return again("media_item", p, apperr.Fields{"file": "Choose the new image file."})
	}
	defer f.Close()
	if hdr.Size > media.MaxBytes {
		return again("media_item", p, apperr.Fields{"file": "The image is larger than 10 MB. Resize it and upload it again."})
	}
	if _, err := a.media.Replace(r.Context(), id, f, hdr.Filename); err != nil {
		var bad apperr.Fields
		if errors.As(err, &bad) {
			return again("media_item", p, apperr.Fields{"file": bad["image"]})
		}
		return again("media_item", p, err)
	}
	return seeOther(w, r, fmt.Sprintf("/admin/media/%d/edit?done=replaced", id))
}

// deleteMediaItem is POST /admin/media/{id}/delete: refused, listing the
// uses, while anything uses the image.
func (a *Admin) deleteMediaItem(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	err = a.media.Delete(r.Context(), id)
	var inUse *media.InUseError
	if errors.As(err, &inUse) {
		_, _, p, perr := a.mediaItemAt(r)
		if perr != nil {
			return perr
		}
		return &formError{page: "media_item", p: p, err: err}
	}
	if err != nil {
		return err
	}
	return seeOther(w, r, "/admin/media?done=deleted")
}
