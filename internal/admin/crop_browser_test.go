package admin_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"masthead/internal/admin"
	"masthead/internal/auth"
	"masthead/internal/browsertest"
	"masthead/internal/content"
	"masthead/internal/media"
	"masthead/internal/site"
	"masthead/internal/store/storetest"
)

// In the rich editor: drop in an image, choose the 1:1 crop and a focal
// point (a click on the picture, then the keyboard's number field), see
// the crop's preview, add an embed, publish. Once the queue has made the
// crop, the published reader page shows a square picture, passes axe,
// and (recorded from its first request) asks nothing of any other host:
// not the embed's provider, nor anyone else.
func TestRichEditorCropAndReaderPageBrowserJourney(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	dir := t.TempDir()
	var lib *media.Library
	a := newAppWith(t, db, func(o *admin.Options) {
		lib = media.New(dir, db, db.Now)
		o.Media = lib
	})
	lib.AVIF = false // the variants' AVIF is tested in internal/media
	reader, err := site.New(site.Options{Store: db, MediaDir: dir, Now: a.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	lib.UseQueue(a.queue, slog.New(slog.DiscardHandler), func(context.Context) { reader.Purge() })
	a.content.OnCrops(lib.QueueUseCrops)
	readerMux := http.NewServeMux()
	reader.Routes(readerMux)
	a.mux.Handle("GET /media/", readerMux) // the editor shows uploads from the same files
	readerSrv := httptest.NewServer(readerMux)
	t.Cleanup(readerSrv.Close)
	ed := a.user("ed@example.org", auth.RoleEditor)

	b := browsertest.Start(t)
	ctx := b.Ctx()
	signIn(t, ctx, a, "ed@example.org")
	browsertest.Navigate(t, ctx, a.srv.URL+"/admin/articles/new")
	waitFor(t, ctx, `document.querySelector("form.editor").dataset.rich === "on"`, "the rich editor starting")
	browsertest.SendKeys(t, ctx, "#headline", "A square view")
	browsertest.SetValue(t, ctx, "#standfirst", "The harbour, cut square.")
	browsertest.SetValue(t, ctx, "#section", itoa(a.section))
	browsertest.SetValue(t, ctx, "#author1", itoa(ed.AuthorID))
	browsertest.Click(t, ctx, "#rich-body")
	press(t, ctx, "The view from the quay this morning.")

	caretAtEnd(t, ctx)
	drop(t, ctx, gradientPNG(t, 400, 200))
	waitFor(t, ctx, `!!document.querySelector(".rich-image img") && document.querySelector(".rich-focus img").naturalWidth === 400`, "the dropped image loading")
	browsertest.SendKeys(t, ctx, ".rich-image input[data-attr=alt]", "The quay at dawn")
	if browsertest.Eval[bool](t, ctx, `!document.querySelector(".rich-crop").hidden`) {
		t.Error("a crop preview shows before a crop is chosen")
	}
	// The crop, chosen from the select with the keyboard.
	if !browsertest.Eval[bool](t, ctx, `(s => (s.focus(), document.activeElement === s))(document.querySelector(".rich-image select"))`) {
		t.Fatal("the crop select cannot take the focus")
	}
	for range 4 { // Original, 16:9, 4:3, 3:2, 1:1
		press(t, ctx, kb.ArrowDown)
	}
	if got := browsertest.Eval[string](t, ctx, `document.querySelector(".rich-image select").value`); got != "1x1" {
		t.Errorf("the crop select shows %q after four steps down", got)
	}
	waitFor(t, ctx, `document.querySelector('textarea[name="body_html"]').value.includes('data-crop="1x1"')`, "the 1:1 crop in body_html")
	// The focal point: a click a quarter of the way across the picture.
	rect := browsertest.Eval[[]float64](t, ctx, `(r => [r.left, r.top, r.width, r.height])(document.querySelector(".rich-focus img").getBoundingClientRect())`)
	if _, err := chromedp.Run(ctx, chromedp.MouseClickXY(rect[0]+rect[2]*0.25, rect[1]+rect[3]*0.5)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `document.querySelector('textarea[name="body_html"]').value.includes('data-focus="0.25,0.50" data-crop="1x1"')`, "the clicked focal point in body_html")
	if got := browsertest.Eval[[]string](t, ctx, `[...document.querySelectorAll(".rich-focus-num")].map(i => i.value)`); len(got) != 2 || got[0] != "0.25" || got[1] != "0.50" {
		t.Errorf("after the click the focal point fields show %v", got)
	}
	// The keyboard's way: type the numbers.
	browsertest.SetValue(t, ctx, ".rich-focus-num", "")
	browsertest.SendKeys(t, ctx, ".rich-focus-num", "0.2\t")
	waitFor(t, ctx, `document.querySelector('textarea[name="body_html"]').value.includes('data-focus="0.20,0.50" data-crop="1x1"')`, "the typed focal point in body_html")
	// The preview shows the crop's shape.
	if wh := browsertest.Eval[[]float64](t, ctx, `(r => [r.width, r.height])(document.querySelector(".rich-crop-preview").getBoundingClientRect())`); wh[0] < 10 || wh[0]-wh[1] > 1 || wh[1]-wh[0] > 1 {
		t.Errorf("the crop preview is %v pixels, want a square", wh)
	}

	if _, err := chromedp.Run(ctx, chromedp.ScrollIntoView(".rich-image")); err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "rich-editor-crop.png")
	caretAtEnd(t, ctx)
	pressButton(t, ctx, `.rich-toolbar button[aria-label="Insert embed"]`)
	browsertest.SendKeys(t, ctx, "dialog[open] input[type=url]", "https://www.youtube.com/watch?v=abc123")
	browsertest.Click(t, ctx, "dialog[open] .button-primary")
	waitFor(t, ctx, `document.querySelector('textarea[name="body_html"]').value.includes('data-provider="youtube"')`, "the embed in body_html")
	browsertest.AssertNoAxeViolations(t, ctx)

	if status := browsertest.ClickAndWait(t, ctx, `button[value="publish"]`); status != 200 {
		t.Fatalf("publish answered %d: %s", status, browsertest.Text(t, ctx, "main"))
	}
	if got := browsertest.Text(t, ctx, ".notice"); !strings.Contains(got, "Published") {
		t.Fatalf("after publishing the page says %q", got)
	}
	// The reader page before the crop is made: the whole picture.
	page := httpGet(t, readerSrv.URL+"/articles/a-square-view")
	if !strings.Contains(page, `alt="The quay at dawn"`) || strings.Contains(page, ".c1x1-") {
		t.Errorf("before the crop is made the page shows\n%s", page)
	}
	if err := a.queue.Drain(context.Background()); err != nil {
		t.Fatal(err)
	}

	tab := b.NewTab(t)
	requests := browsertest.RecordRequests(t, tab)
	if got := browsertest.Navigate(t, tab, readerSrv.URL+"/articles/a-square-view"); got != 200 {
		t.Fatalf("the reader page answered %d", got)
	}
	if _, err := chromedp.Run(tab, chromedp.ScrollIntoView(`img[alt="The quay at dawn"]`)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, tab, `(i => i.complete && i.naturalWidth > 0)(document.querySelector('img[alt="The quay at dawn"]'))`, "the picture loading")
	got := browsertest.Eval[[]any](t, tab, `(i => [i.naturalWidth, i.naturalHeight, i.currentSrc])(document.querySelector('img[alt="The quay at dawn"]'))`)
	if len(got) != 3 || got[0] != got[1] || !strings.Contains(got[2].(string), ".c1x1-20-50.") {
		t.Errorf("the reader page's picture is %v, want the square crop", got)
	}
	browsertest.AssertNoAxeViolations(t, tab)
	if len(requests.All()) < 2 {
		t.Fatalf("requests recorded: %v; the listener is not working", requests.All())
	}
	if other := requests.Elsewhere(readerSrv.URL); len(other) > 0 {
		t.Errorf("the reader page asked other hosts: %v", other)
	}

	// The article form's lead image: with JavaScript, a click on its
	// picture sets the focal point's numbers, which the save keeps.
	imgs, _, err := db.ListImages(context.Background(), "", 1, 10)
	if err != nil || len(imgs) != 1 {
		t.Fatalf("library: %v %v", imgs, err)
	}
	draft := a.story("lead-crop", "A lead with a crop", "Words.", ed.AuthorID, "save")
	art := a.article(draft.ID)
	if _, err := a.content.Save(context.Background(), editorActor, content.ArticleInput{ID: art.ID, Headline: art.Headline, Standfirst: art.Standfirst,
		SectionID: art.SectionID, AuthorIDs: []int64{ed.AuthorID}, BodySource: art.BodySource, LeadImageID: imgs[0].ID, LeadAlt: "The quay"}); err != nil {
		t.Fatal(err)
	}
	browsertest.Navigate(t, ctx, a.srv.URL+"/admin/articles/"+itoa(art.ID))
	browsertest.SetValue(t, ctx, "#lead_crop", "4x3")
	if _, err := chromedp.Run(ctx, chromedp.ScrollIntoView("#lead-crop figure img")); err != nil {
		t.Fatal(err)
	}
	rect = browsertest.Eval[[]float64](t, ctx, `(r => [r.left, r.top, r.width, r.height])(document.querySelector("#lead-crop figure img").getBoundingClientRect())`)
	if _, err := chromedp.Run(ctx, chromedp.MouseClickXY(rect[0]+rect[2]*0.75, rect[1]+rect[3]*0.25)); err != nil {
		t.Fatal(err)
	}
	if got := browsertest.Eval[[]string](t, ctx, `[lead_focus_x.value, lead_focus_y.value]`); len(got) != 2 || got[0] != "0.75" || got[1] != "0.25" {
		t.Errorf("after a click on the lead image the focal point fields show %v", got)
	}
	browsertest.AssertNoAxeViolations(t, ctx)
	if status := browsertest.ClickAndWait(t, ctx, `button[value="save"]`); status != 200 {
		t.Fatalf("save answered %d", status)
	}
	if got := a.article(art.ID); got.LeadCrop != "4x3" || got.LeadFocus != "0.75,0.25" {
		t.Errorf("saved lead crop %q focus %q", got.LeadCrop, got.LeadFocus)
	}
}

func httpGet(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	buf := make([]byte, 32<<10)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return b.String()
}
