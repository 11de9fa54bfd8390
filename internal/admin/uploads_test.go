package admin_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"masthead/internal/auth"
	"masthead/internal/media/mediatest"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

func (a *app) countImages() int {
	a.t.Helper()
	imgs, err := a.db.ImagesToStrip(context.Background(), 0, 1000, true)
	if err != nil {
		a.t.Fatal(err)
	}
	return len(imgs)
}

// Staff previews show the stripped image: no GPS, camera or serial number.
func TestUploadedPhotoIsServedWithoutCameraMetadata(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		ed := a.user("ed@example.org", auth.RoleEditor)
		c := a.signIn("ed@example.org")
		c.get("/admin/articles/new")
		id := savedID(t, c.postFile("/admin/articles/new", articleForm(a.section, ed.AuthorID, "From the scene", "Words.", "save"),
			"lead_image", "IMG_0001.JPG", mediatest.CameraJPEG(t, 48, 32)))
		img := c.get("/admin/media/" + itoa(a.article(id).LeadImageID))
		if img.status != http.StatusOK || !strings.Contains(img.body, string(mediatest.ICCProfile)) {
			t.Fatalf("preview: %d, %d bytes", img.status, len(img.body))
		}
		for _, s := range mediatest.Secrets {
			if strings.Contains(img.body, s) {
				t.Errorf("the admin serves the upload with %q", s)
			}
		}
	})
}

// A save refused with 422 keeps neither the file uploaded with it nor its
// record, says so on the field, and goes back to the image the form had.
func TestRefusedSaveKeepsNoUpload(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := newApp(t, db)
		ed := a.user("ed@example.org", auth.RoleAdmin)
		c := a.signIn("ed@example.org")
		c.get("/admin/articles/new")

		// A new article without a headline.
		f := articleForm(a.section, ed.AuthorID, "", "Words I typed.", "save")
		r := c.postFile("/admin/articles/new", f, "lead_image", "photo.png", pngBytes(t))
		wantStatus(t, r, http.StatusUnprocessableEntity, "no headline")
		wantBody(t, r, "no headline", "Words I typed.", "the image you chose was not kept", `id="lead_image-error"`, `name="lead_image_id" value=""`)
		if n, files := a.countImages(), filesUnder(t, a.mediaDir); n != 0 || len(files) != 0 {
			t.Errorf("refused save kept %d image records and files %v", n, files)
		}

		// An article with an image; a refused save that replaces it keeps the old one.
		f.Set("headline", "With a picture")
		id := savedID(t, c.postFile("/admin/articles/new", f, "lead_image", "photo.png", pngBytes(t)))
		old := a.article(id)
		images, files := a.countImages(), len(filesUnder(t, a.mediaDir))
		f.Set("lead_image_id", itoa(old.LeadImageID))
		f.Set("version", itoa(old.UpdatedAt.UnixMicro()))
		f.Set("slug", "Not A Slug!")
		r = c.postFile("/admin/articles/"+itoa(id), f, "lead_image", "other.png", pngBytes(t))
		wantStatus(t, r, http.StatusUnprocessableEntity, "bad slug")
		wantBody(t, r, "bad slug", "the image you chose was not kept", `name="lead_image_id" value="`+itoa(old.LeadImageID)+`"`,
			`src="/admin/media/`+itoa(old.LeadImageID)+`"`)
		if n, fs := a.countImages(), len(filesUnder(t, a.mediaDir)); n != images || fs != files {
			t.Errorf("refused replacement: %d records and %d files, want %d and %d", n, fs, images, files)
		}
		if got, err := db.GetImage(ctx, old.LeadImageID); err != nil || a.article(id).LeadImageID != old.LeadImageID {
			t.Errorf("the article's image was lost: %+v, %v", got, err)
		}

		// Publishing a new article that fails its checks saves it as a draft:
		// the image is then in use and stays.
		pub := articleForm(a.section, ed.AuthorID, "Published with a picture", "Words.", "publish")
		pub.Set("standfirst", "")
		r = c.postFile("/admin/articles/new", pub, "lead_image", "photo.png", pngBytes(t))
		if r.status == http.StatusUnprocessableEntity && strings.Contains(r.body, "Saved, but not published") {
			if n := a.countImages(); n != images+1 {
				t.Errorf("the image of an article saved as a draft was discarded: %d records, want %d", n, images+1)
			}
			if strings.Contains(r.body, "was not kept") {
				t.Error("the form says an image in use was not kept")
			}
		} else {
			t.Errorf("publish without a standfirst: %d, want it saved as a draft and refused", r.status)
		}
		images, files = a.countImages(), len(filesUnder(t, a.mediaDir))

		// Author and settings forms alike.
		r = c.postFile("/admin/authors/new", url.Values{"name": {"Ada Reporter"}, "links": {"not a link"}}, "photo", "ada.png", pngBytes(t))
		wantStatus(t, r, http.StatusUnprocessableEntity, "bad author link")
		wantBody(t, r, "bad author link", "the image you chose was not kept", `id="photo-error"`)
		r = c.postFile("/admin/settings", url.Values{"name": {"Weekly"}, "time_zone": {"Mars/Olympus"}}, "logo", "logo.png", pngBytes(t))
		wantStatus(t, r, http.StatusUnprocessableEntity, "bad time zone")
		wantBody(t, r, "bad time zone", "the image you chose was not kept", `id="logo-error"`)
		if n, fs := a.countImages(), len(filesUnder(t, a.mediaDir)); n != images || fs != files {
			t.Errorf("refused author and settings saves: %d records and %d files, want %d and %d", n, fs, images, files)
		}
	})
}
