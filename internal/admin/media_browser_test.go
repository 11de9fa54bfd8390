package admin_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"masthead/internal/auth"
	"masthead/internal/browsertest"
	"masthead/internal/content"
	"masthead/internal/media/mediatest"
	"masthead/internal/store/storetest"
)

// TestMediaLibraryBrowserJourney is a writer in Chromium under the
// production CSP: upload two photos in the library, find one by name,
// click its picture to set the focal point and save it, then try to delete
// an image an article leads with and see that article listed. Every page
// passes axe.
func TestMediaLibraryBrowserJourney(t *testing.T) {
	a := newApp(t, storetest.Open(t, storetest.SQLite))
	ed := a.user("ed@example.org", auth.RoleEditor)
	dir := t.TempDir()
	quay, field := filepath.Join(dir, "quay.jpg"), filepath.Join(dir, "field.png")
	if err := os.WriteFile(quay, mediatest.CameraJPEG(t, 400, 300), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(field, pngBytes(t), 0o600); err != nil {
		t.Fatal(err)
	}

	b := browsertest.Start(t)
	ctx := b.Ctx()
	browsertest.Navigate(t, ctx, a.srv.URL+"/admin/login")
	browsertest.SendKeys(t, ctx, "#email", "ed@example.org")
	browsertest.SendKeys(t, ctx, "#password", password)
	browsertest.ClickAndWait(t, ctx, "button[type=submit]")

	browsertest.Navigate(t, ctx, a.srv.URL+"/admin/media")
	browsertest.AssertNoAxeViolations(t, ctx)
	if _, err := chromedp.Run(ctx, chromedp.SetUploadFiles(chromedp.CSS("#files"), []string{quay, field})); err != nil {
		t.Fatal(err)
	}
	if status := browsertest.ClickAndWait(t, ctx, `form[action="/admin/media/upload"] button[type=submit]`); status != 200 {
		t.Fatalf("upload answered %d", status)
	}
	if got := browsertest.Text(t, ctx, ".notice"); !strings.Contains(got, "2 images uploaded") {
		t.Fatalf("after upload the notice says %q", got)
	}
	if n := browsertest.Eval[int](t, ctx, `document.querySelectorAll(".media-tile").length`); n != 2 {
		t.Fatalf("the library shows %d images, want 2", n)
	}
	browsertest.AssertNoAxeViolations(t, ctx)

	browsertest.SendKeys(t, ctx, "#media-q", "quay")
	browsertest.ClickAndWait(t, ctx, `form[role=search] button[type=submit]`)
	if names := browsertest.Text(t, ctx, ".media-grid"); !strings.Contains(names, "quay.jpg") || strings.Contains(names, "field.png") {
		t.Fatalf("searching quay lists %q", names)
	}
	browsertest.ClickAndWait(t, ctx, ".media-tile a")
	browsertest.AssertNoAxeViolations(t, ctx)

	// Click a quarter across and three quarters down the picture.
	browsertest.Eval[bool](t, ctx, `(img => { const r = img.getBoundingClientRect();
		img.dispatchEvent(new MouseEvent("click", {bubbles: true, clientX: r.left + r.width * 0.25, clientY: r.top + r.height * 0.75})); return true })(document.getElementById("media-image"))`)
	if x, y := browsertest.Eval[string](t, ctx, `document.getElementById("focus_x").value`), browsertest.Eval[string](t, ctx, `document.getElementById("focus_y").value`); x != "0.25" || y != "0.75" {
		t.Fatalf("after the click the focal point reads %s, %s; want 0.25, 0.75", x, y)
	}
	if !browsertest.Eval[bool](t, ctx, `!!document.querySelector(".focus-mark")`) {
		t.Error("no mark shows the focal point")
	}
	browsertest.SetValue(t, ctx, "#alt", "Fishing boats at the quay")
	browsertest.ClickAndWait(t, ctx, `form[action$="/edit"] button[type=submit]`)
	imgs, _, err := a.db.ListImages(context.Background(), "quay", 1, 10)
	if err != nil || len(imgs) != 1 {
		t.Fatal(imgs, err)
	}
	if m := imgs[0]; m.FocusX != 0.25 || m.FocusY != 0.75 || m.Alt != "Fishing boats at the quay" {
		t.Fatalf("saved %+v", m)
	}

	// An article leads with it: delete is refused, naming the article.
	if _, err := a.content.Save(context.Background(), editorActor, content.ArticleInput{Headline: "Boats return to the quay", Slug: "quay",
		Standfirst: "What happened.", SectionID: a.section, AuthorIDs: []int64{ed.AuthorID}, BodySource: "The boats came in.",
		LeadImageID: imgs[0].ID, LeadAlt: "Boats", Action: content.ActionSave}); err != nil {
		t.Fatal(err)
	}
	browsertest.Navigate(t, ctx, a.srv.URL+"/admin/media/"+itoa(imgs[0].ID)+"/edit")
	if status := browsertest.ClickAndWait(t, ctx, `form[action$="/delete"] button[type=submit]`); status != 409 {
		t.Fatalf("delete of an image in use answered %d", status)
	}
	if got := browsertest.Text(t, ctx, ".uses"); !strings.Contains(got, "Boats return to the quay") || !strings.Contains(got, "lead image") {
		t.Fatalf("the refusal lists %q", got)
	}
	if got := browsertest.Text(t, ctx, ".error-summary"); !strings.Contains(got, "cannot be deleted") {
		t.Errorf("the refusal says %q", got)
	}
	screenshot(t, ctx, "media-delete-refused.png")
	browsertest.AssertNoAxeViolations(t, ctx)
}
