package admin_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"masthead/internal/auth"
	"masthead/internal/media/mediatest"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// postFiles sends a multipart form with several files in one field.
func (c *client) postFiles(path, field string, files map[string][]byte) resp {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf", c.csrf)
	for name, data := range files {
		fw, _ := mw.CreateFormFile(field, name)
		fw.Write(data)
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.app.srv.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

// The library without JavaScript: upload several files (a bad one is
// named with its reason, the good ones kept), search, edit the details
// and focal point (bad numbers refused, nothing changed), replace the file
// keeping the id, and a delete refused while an article uses the image,
// listing it, then allowed once it does not.
func TestMediaLibraryPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := newApp(t, db)
		ed := a.user("writer@example.org", auth.RoleAuthor)
		c := a.signIn("writer@example.org")
		wantBody(t, c.get("/admin/media"), "empty library", "No images yet", `<a href="/admin/media" aria-current="page">Media</a>`)

		r := c.postFiles("/admin/media/upload", "files", map[string][]byte{"quay.png": pngBytes(t), "camera.jpg": mediatest.CameraJPEG(t, 64, 48), "drawing.svg": []byte("<svg></svg>")})
		wantStatus(t, r, http.StatusUnprocessableEntity, "one bad file")
		wantBody(t, r, "one bad file", "2 uploaded; not uploaded: drawing.svg: SVG drawings are not accepted")
		r = c.postFiles("/admin/media/upload", "files", map[string][]byte{"harbour.png": pngBytes(t)})
		wantStatus(t, r, http.StatusSeeOther, "upload")
		wantBody(t, c.get(r.location()), "after upload", "1 image uploaded.", "harbour.png", "quay.png", "camera.jpg")

		r = c.get("/admin/media?q=HARB")
		wantBody(t, r, "search", "harbour.png")
		if strings.Contains(r.body, "quay.png") {
			t.Error("search for HARB lists quay.png")
		}
		wantBody(t, c.get("/admin/media?q=zzz"), "no match", "No image’s name, caption or credit holds “zzz”")

		imgs, _, _ := db.ListImages(ctx, "harbour", 1, 10)
		id := imgs[0].ID
		item := fmt.Sprintf("/admin/media/%d/edit", id)
		wantBody(t, c.get(item), "item page", `id="focus_x"`, `value="0.5"`)
		r = c.post(item, url.Values{"name": {"harbour.png"}, "alt": {"Boats"}, "caption": {"Dawn"}, "credit": {"Sam Lee"}, "focus_x": {"1.5"}, "focus_y": {"0.2"}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "bad focus")
		wantBody(t, r, "bad focus", "two numbers from 0 to 1", `value="1.5"`)
		if got, _ := db.GetImage(ctx, id); got.Alt != "" || got.FocusX != 0.5 {
			t.Errorf("refused save changed %+v", got)
		}
		r = c.post(item, url.Values{"name": {"harbour.png"}, "alt": {"Boats"}, "caption": {"Dawn"}, "credit": {"Sam Lee"}, "focus_x": {"0.8"}, "focus_y": {"0.2"}})
		wantStatus(t, r, http.StatusSeeOther, "save")
		if got, _ := db.GetImage(ctx, id); got.Alt != "Boats" || got.Credit != "Sam Lee" || got.FocusX != 0.8 || got.FocusY != 0.2 {
			t.Errorf("saved %+v", got)
		}
		wantBody(t, c.get("/admin/media?q=sam+lee"), "search by credit", "harbour.png")

		// Replace: same id, new file.
		before, _ := db.GetImage(ctx, id)
		r = c.postFile(fmt.Sprintf("/admin/media/%d/replace", id), url.Values{}, "file", "notes.txt", []byte("not a picture"))
		wantStatus(t, r, http.StatusUnprocessableEntity, "bad replacement")
		wantBody(t, r, "bad replacement", "This file is not an image")
		r = c.postFile(fmt.Sprintf("/admin/media/%d/replace", id), url.Values{}, "file", "new.jpg", mediatest.CameraJPEG(t, 80, 60))
		wantStatus(t, r, http.StatusSeeOther, "replace")
		after, _ := db.GetImage(ctx, id)
		if after.Path == before.Path || after.Mime != "image/jpeg" || after.Alt != "Boats" {
			t.Errorf("after replace %+v (before %+v)", after, before)
		}

		// In use by an article's lead image: refused, listing the article.
		f := articleForm(a.section, ed.AuthorID, "Dawn at the quay", "Words.", "save")
		f.Set("lead_image_id", itoa(id))
		art := savedID(t, c.post("/admin/articles/new", f))
		r = c.post(fmt.Sprintf("/admin/media/%d/delete", id), url.Values{})
		wantStatus(t, r, http.StatusConflict, "delete in use")
		wantBody(t, r, "delete in use", "cannot be deleted", fmt.Sprintf(`<a href="/admin/articles/%d">Dawn at the quay</a>`, art), "(lead image)")
		if _, err := db.GetImage(ctx, id); err != nil {
			t.Fatal("refused delete removed the image")
		}
		other, _, _ := db.ListImages(ctx, "quay.png", 1, 10)
		r = c.post(fmt.Sprintf("/admin/media/%d/delete", other[0].ID), url.Values{})
		wantStatus(t, r, http.StatusSeeOther, "delete unused")
		if _, err := db.GetImage(ctx, other[0].ID); err == nil {
			t.Error("unused image not deleted")
		}
	})
}
