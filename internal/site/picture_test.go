package site

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"masthead/internal/content"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// Once an image has variants, the article page, the cards and the home
// page show it as a <picture>: AVIF and WebP sources, then the original
// type, each listing every width once with its w descriptor, and the
// original itself only when wider than its variants.
func TestLeadImagesRenderAsPictureWithSrcset(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		page := f.get(t, "/articles/council-budget")
		if body := page.Body.String(); strings.Contains(body, "<picture>") || !strings.Contains(body, `<img src="/media/2026/03/harbour.png"`) {
			t.Fatalf("without variants: want the plain <img>\n%s", between(body, `<figure class="lead-image">`, `</figure>`))
		}
		img, err := db.ImageByPath(ctx, leadImagePath)
		if err != nil {
			t.Fatal(err)
		}
		base := strings.TrimSuffix(leadImagePath, ".png")
		for _, w := range []int{320, 640, 960} {
			for _, m := range []struct{ mime, ext string }{{"image/avif", "avif"}, {"image/webp", "webp"}, {"image/png", "png"}} {
				v := content.ImageVariant{Path: fmt.Sprintf("%s.w%d.%s", base, w, m.ext), Mime: m.mime, Width: w, Height: w * 675 / 1200}
				if _, err := db.AddImageVariant(ctx, img.ID, leadImagePath, v, 100); err != nil {
					t.Fatal(err)
				}
			}
		}
		f.site.Purge()
		set := func(ext string) string {
			return fmt.Sprintf("/media/%s.w320.%s 320w, /media/%s.w640.%s 640w, /media/%s.w960.%s 960w", base, ext, base, ext, base, ext)
		}
		want := `<picture><source type="image/avif" srcset="` + set("avif") + `" sizes="` + sizesLead + `">` +
			`<source type="image/webp" srcset="` + set("webp") + `" sizes="` + sizesLead + `">` +
			`<img src="/media/2026/03/harbour.png" srcset="` + set("png") + `, /media/2026/03/harbour.png 1200w" sizes="` + sizesLead + `"` +
			` alt="The Town Hall at dusk, seen across the harbour" width="1200" height="675" fetchpriority="high"></picture>`
		page = f.get(t, "/articles/council-budget")
		if page.Code != http.StatusOK || !strings.Contains(page.Body.String(), want) {
			t.Errorf("article page lead image:\n got %s\nwant %s", between(page.Body.String(), `<figure class="lead-image">`, `</figure>`), want)
		}
		for _, path := range []string{"/", "/sections/news"} {
			body := f.get(t, path).Body.String()
			if !strings.Contains(body, `<source type="image/webp" srcset="`+set("webp")+`"`) || !strings.Contains(body, `<picture>`) {
				t.Errorf("%s: no <picture> with the WebP srcset", path)
			}
		}
	})
}

func between(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return "(" + from + " not found)"
	}
	j := strings.Index(s[i:], to)
	if j < 0 {
		return s[i:]
	}
	return s[i : i+j+len(to)]
}
