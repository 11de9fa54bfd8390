package issuemail_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"masthead/internal/content"
	"masthead/internal/issuemail"
)

// A newsletter of an article whose body image asks for a square crop
// shows the whole picture until the crop is made, then the crop's JPEG
// (never WebP or AVIF) at the column's width, square, with absolute
// addresses like the rest of the email.
func TestEmailBodyImageUsesItsCropOnceMade(t *testing.T) {
	whole := content.Image{ID: 12, Path: "2026/12/harbour.jpg", Mime: "image/jpeg", Width: 3000, Height: 2000, FocusX: 0.3, FocusY: 0.4}
	v := content.ArticleView{Article: content.Article{Slug: "harbour", Headline: "The harbour", Body: `<p>Before.</p>` +
		`<figure class="image" data-media-id="12" data-crop="1x1"><img src="/media/2026/12/harbour.jpg" alt="Boats" width="3000" height="2000"></figure>`}}
	email := func(images map[int64]content.Image) string {
		t.Helper()
		is := sampleIssue()
		is.Articles = []issuemail.Article{issuemail.FromArticle(v, nil, images, "https://news.example.org", time.Now())}
		return build(t, is).Message.HTML
	}
	imgs := func(doc string) []string {
		var out []string
		for _, n := range elements(t, doc, "img") {
			var s []string
			for _, a := range n.Attr {
				if a.Key != "style" {
					s = append(s, a.Key+"="+a.Val)
				}
			}
			out = append(out, strings.Join(s, " "))
		}
		return out
	}
	wholeImg := "src=https://news.example.org/media/2026/12/harbour.jpg alt=Boats width=536 height=357"
	before := imgs(email(map[int64]content.Image{12: whole}))
	if !slices.Contains(before, wholeImg) {
		t.Errorf("before the crop is made: %q, want %q", before, wholeImg)
	}
	if without := imgs(email(nil)); !slices.Contains(without, wholeImg) {
		t.Errorf("without the image lookup: %q, want %q", without, wholeImg)
	}

	cropped := whole
	for _, w := range []int{320, 640, 960, 1280, 1600, 2000} {
		for _, typ := range []string{"avif", "webp", "jpeg"} {
			ext := map[string]string{"jpeg": "jpg"}[typ]
			if ext == "" {
				ext = typ
			}
			cropped.UseCrops = append(cropped.UseCrops, content.ImageVariant{Crop: "1x1@0.30,0.40", Mime: "image/" + typ,
				Path: "2026/12/harbour.c1x1-30-40.w" + strconv.Itoa(w) + "." + ext, Width: w, Height: w})
		}
	}
	after := imgs(email(map[int64]content.Image{12: cropped}))
	want := "src=https://news.example.org/media/2026/12/harbour.c1x1-30-40.w640.jpg alt=Boats width=536 height=536"
	if !slices.Contains(after, want) || slices.Contains(after, wholeImg) {
		t.Errorf("once the crop is made: %q, want %q", after, want)
	}
	// Another focal point asks for another crop, not made: the whole picture.
	v.Body = strings.Replace(v.Body, `data-crop`, `data-focus="0.90,0.10" data-crop`, 1)
	if other := imgs(email(map[int64]content.Image{12: cropped})); !slices.Contains(other, wholeImg) {
		t.Errorf("a crop of another focal point: %q, want %q", other, wholeImg)
	}
}
