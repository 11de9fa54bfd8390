package site

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"masthead/internal/content"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// An article whose lead image and a body image use a square crop shows
// the whole pictures until the crop is made, then the crop's files with
// its own srcset and width and height (no layout shift); the home page's
// card too, and the structured data follows the lead's own focal point.
func TestPerUseCropsOnTheArticlePage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		img, err := db.ImageByPath(ctx, leadImagePath)
		if err != nil {
			t.Fatal(err)
		}
		a, err := db.GetArticle(ctx, f.ids["council-budget"])
		if err != nil {
			t.Fatal(err)
		}
		a.LeadCrop, a.LeadFocus = "1x1", "0.30,0.50"
		a.Body += "\n" + `<figure class="image" data-media-id="` + strconv.FormatInt(img.ID, 10) + `" data-focus="0.30,0.50" data-crop="1x1"><img src="/media/` + leadImagePath + `" alt="Body square" width="1200" height="675"></figure>`
		if err := db.UpdateArticle(ctx, content.ArticleWrite{Article: a}); err != nil {
			t.Fatal(err)
		}
		f.site.Purge()
		page := f.get(t, "/articles/council-budget").Body.String()
		lead := between(page, `<figure class="lead-image">`, `</figure>`)
		if !strings.Contains(lead, `<img src="/media/2026/03/harbour.png"`) || !strings.Contains(lead, `width="1200" height="675"`) {
			t.Fatalf("before the crop is made: want the whole picture\n%s", lead)
		}
		if !strings.Contains(page, `alt="Body square" loading="lazy"`) || !strings.Contains(page, `<img src="/media/2026/03/harbour.png" width="1200" height="675" alt="Body square"`) {
			t.Errorf("body image before the crop is made:\n%s", between(page, `data-media-id="`+strconv.FormatInt(img.ID, 10)+`">`, `</figure>`))
		}

		key := "1x1@0.30,0.50"
		base := "2026/03/harbour.c1x1-30-50"
		var files []content.ImageVariant
		var sizes []int64
		for _, w := range []int{320, 640, 675} {
			for _, m := range []struct{ mime, ext string }{{"image/avif", "avif"}, {"image/webp", "webp"}, {"image/png", "png"}} {
				files = append(files, content.ImageVariant{Path: fmt.Sprintf("%s.w%d.%s", base, w, m.ext), Mime: m.mime, Width: w, Height: w, Crop: key})
				sizes = append(sizes, 100)
			}
		}
		if ok, err := db.AddImageCrop(ctx, img.ID, leadImagePath, key, files, sizes); !ok || err != nil {
			t.Fatal(ok, err)
		}
		for _, r := range []string{"16x9", "4x3"} {
			v := content.ImageVariant{Path: "2026/03/harbour.c" + r + "-30-50.w640.png", Mime: "image/png", Width: 640, Height: 360, Crop: r + "@0.30,0.50"}
			if ok, err := db.AddImageCrop(ctx, img.ID, leadImagePath, v.Crop, []content.ImageVariant{v}, []int64{100}); !ok || err != nil {
				t.Fatal(ok, err)
			}
		}
		f.site.Purge() // as the job's purge does
		set := func(ext string) string {
			return fmt.Sprintf("/media/%s.w320.%s 320w, /media/%s.w640.%s 640w, /media/%s.w675.%s 675w", base, ext, base, ext, base, ext)
		}
		page = f.get(t, "/articles/council-budget").Body.String()
		want := `<picture><source type="image/avif" srcset="` + set("avif") + `" sizes="` + sizesLead + `">` +
			`<source type="image/webp" srcset="` + set("webp") + `" sizes="` + sizesLead + `">` +
			`<img src="/media/` + base + `.w675.png" srcset="` + set("png") + `" sizes="` + sizesLead + `"` +
			` alt="The Town Hall at dusk, seen across the harbour" width="675" height="675" fetchpriority="high"></picture>`
		if !strings.Contains(page, want) {
			t.Errorf("article page lead image:\n got %s\nwant %s", between(page, `<figure class="lead-image">`, `</figure>`), want)
		}
		if !strings.Contains(page, `<source type="image/webp" srcset="`+set("webp")+`" sizes="`) ||
			!strings.Contains(page, `<img src="/media/`+base+`.w675.png" srcset="`+set("png")+`" sizes="`+"(min-width: 46rem) 42rem, calc(100vw - 2rem)"+`" width="675" height="675" alt="Body square"`) {
			t.Errorf("body image with its crop:\n%s", page[strings.LastIndex(page, `data-media-id="`+strconv.FormatInt(img.ID, 10)):])
		}
		// Structured data and the social preview: the crops around the
		// article's own focal point.
		if ld := between(page, `application/ld+json`, `</script>`); !strings.Contains(ld, `"image":["https://news.example.org/media/2026/03/harbour.c16x9-30-50.w640.png","https://news.example.org/media/2026/03/harbour.c4x3-30-50.w640.png","https://news.example.org/media/`+base+`.w675.png"]`) {
			t.Errorf("structured data without the 16:9 crop around the article's focal point:\n%s", between(page, `application/ld+json`, `</script>`))
		}
		if !strings.Contains(page, `<meta property="og:image" content="`) || !strings.Contains(between(page, `og:image"`, `>`), "harbour.c16x9-30-50.w640.png") {
			t.Errorf("og:image: %s", between(page, `og:image"`, `>`))
		}
		home := f.get(t, "/")
		if home.Code != http.StatusOK || !strings.Contains(home.Body.String(), `srcset="`+set("webp")+`"`) {
			t.Errorf("home page card without the crop")
		}
	})
}
