package admin_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"masthead/internal/auth"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// Without JavaScript: the article form's lead image gets a crop and a
// focal point of its own (bad values refused with a message, nothing
// changed), shown again when the article is opened; a Markdown body's
// "Crop:" and "Focus:" lines are kept on the image block.
func TestLeadImageCropInTheArticleForm(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := newApp(t, db)
		ed := a.user("writer@example.org", auth.RoleAuthor)
		c := a.signIn("writer@example.org")
		r := c.postFiles("/admin/media/upload", "files", map[string][]byte{"quay.png": pngBytes(t)})
		wantStatus(t, r, http.StatusSeeOther, "upload")
		imgs, _, _ := db.ListImages(ctx, "quay.png", 1, 10)
		id := imgs[0].ID

		f := articleForm(a.section, ed.AuthorID, "Dawn at the quay", fmt.Sprintf("Words.\n\n![A quay](media:%d)\nCrop: 4:3\nFocus: 0.1,0.9", id), "save")
		f.Set("lead_image_id", itoa(id))
		f.Set("lead_crop", "1x1")
		f.Set("lead_focus_x", "0.2")
		f.Set("lead_focus_y", "0.8")
		art := savedID(t, c.post("/admin/articles/new", f))
		got, err := db.GetArticle(ctx, art)
		if err != nil || got.LeadCrop != "1x1" || got.LeadFocus != "0.20,0.80" {
			t.Fatalf("stored lead crop %q focus %q (%v)", got.LeadCrop, got.LeadFocus, err)
		}
		if !strings.Contains(got.Body, `data-focus="0.10,0.90" data-crop="4x3"`) {
			t.Errorf("Markdown Crop and Focus lines not kept: %s", got.Body)
		}
		page := c.get(fmt.Sprintf("/admin/articles/%d", art))
		wantBody(t, page, "editor", `<option value="1x1" selected>1:1</option>`, `name="lead_focus_x" min="0" max="1" step="0.01" inputmode="decimal" value="0.20"`,
			`value="0.80"`, `data-focus-for="lead_focus_x lead_focus_y"`)

		for _, bad := range []struct{ crop, x, y, field, msg string }{
			{"2x1", "", "", "lead_crop", "Choose the crop from the list"},
			{"1x1", "1.5", "0.5", "lead_focus", "The focal point is two numbers from 0 to 1"},
			{"1x1", "0.5", "", "lead_focus", "The focal point is two numbers from 0 to 1"},
			{`16x9"><script>`, "", "", "lead_crop", "Choose the crop from the list"},
		} {
			f := articleForm(a.section, ed.AuthorID, "Changed headline", "Words.", "save")
			f.Set("lead_image_id", itoa(id))
			f.Set("lead_crop", bad.crop)
			f.Set("lead_focus_x", bad.x)
			f.Set("lead_focus_y", bad.y)
			f.Set("version", versionOf(t, page))
			r := c.post(fmt.Sprintf("/admin/articles/%d", art), f)
			wantStatus(t, r, http.StatusUnprocessableEntity, "bad crop "+bad.crop)
			wantBody(t, r, "bad crop "+bad.crop, bad.msg)
			if strings.Contains(r.body, "<script>") {
				t.Errorf("bad crop %q written back into the page", bad.crop)
			}
			if now, _ := db.GetArticle(ctx, art); now.Headline != "Dawn at the quay" || now.LeadCrop != "1x1" || now.LeadFocus != "0.20,0.80" {
				t.Errorf("refused save changed the article: %q %q %q", now.Headline, now.LeadCrop, now.LeadFocus)
			}
		}
		// Back to the whole picture and the image's own focal point.
		f = articleForm(a.section, ed.AuthorID, "Dawn at the quay", "Words.", "save")
		f.Set("lead_image_id", itoa(id))
		f.Set("version", versionOf(t, page))
		savedID(t, c.post(fmt.Sprintf("/admin/articles/%d", art), f))
		if now, _ := db.GetArticle(ctx, art); now.LeadCrop != "" || now.LeadFocus != "" {
			t.Errorf("cleared crop kept as %q %q", now.LeadCrop, now.LeadFocus)
		}
	})
}
