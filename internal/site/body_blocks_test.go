package site

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"masthead/internal/content"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// bodyWithBlocks is a stored body with an image of the library, an embed
// with a frame, a link card and an editor's HTML block.
func bodyWithBlocks(imageID int64) string {
	return `<p>The doors opened at ten.</p>` + "\n" +
		`<figure class="image" data-media-id="` + itoa(imageID) + `"><img src="/media/2026/03/harbour.png" alt="The harbour" width="1200" height="675"><figcaption><span class="caption">The harbour at dusk</span> <span class="credit">Sam Lee</span></figcaption></figure>` + "\n" +
		`<figure class="embed" data-provider="youtube" data-url="https://www.youtube.com/watch?v=dQw4w9WgXcQ"><a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">The opening night</a><figcaption>Filmed by the gallery</figcaption></figure>` + "\n" +
		`<figure class="embed" data-provider="link" data-url="https://example.org/report.pdf"><a href="https://example.org/report.pdf">The report</a></figure>` + "\n" +
		`<div class="raw-html"><table><tbody><tr><td>Cost</td><td>$3m</td></tr></tbody></table></div>`
}

// The article page renders every block kind through the registry: images
// as pictures with their responsive variants, embeds as a link card with
// a frame loaded only on request, and a Content-Security-Policy that lets
// exactly that frame's origin in, on that page only. Feeds show the same
// blocks with absolute addresses and no frame.
func TestArticlePageRendersBodyBlocks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		imgs, _, err := db.ListImages(ctx, "", 1, 10)
		if err != nil || len(imgs) == 0 {
			t.Fatalf("images %v %v", imgs, err)
		}
		img := imgs[0]
		for _, v := range []content.ImageVariant{{Path: "2026/03/harbour.w640.webp", Mime: "image/webp", Width: 640, Height: 360},
			{Path: "2026/03/harbour.w1200.webp", Mime: "image/webp", Width: 1200, Height: 675},
			{Path: "2026/03/harbour.w640.png", Mime: "image/png", Width: 640, Height: 360}} {
			if _, err := db.AddImageVariant(ctx, img.ID, img.Path, v, 100); err != nil {
				t.Fatal(err)
			}
		}
		f.update(t, "gallery-reopens", func(a *content.Article) { a.Body = bodyWithBlocks(img.ID) })
		w := f.get(t, "/articles/gallery-reopens")
		if w.Code != http.StatusOK {
			t.Fatalf("status %d", w.Code)
		}
		page := w.Body.String()
		contains(t, "article", page,
			`<picture><source type="image/webp" srcset="/media/2026/03/harbour.w640.webp 640w, /media/2026/03/harbour.w1200.webp 1200w" sizes="`,
			`<img src="/media/2026/03/harbour.png" srcset="/media/2026/03/harbour.w640.png 640w" sizes="`,
			`width="1200" height="675" alt="The harbour" loading="lazy" decoding="async"></picture>`,
			`<span class="caption">The harbour at dusk</span> <span class="credit">Sam Lee</span>`,
			`<a class="embed-card" href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"><span class="embed-title">The opening night</span> <span class="embed-provider">YouTube</span>`,
			`<details class="embed-frame"><summary>Load the video from YouTube</summary><iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"`,
			`loading="lazy"`,
			`<a class="embed-card" href="https://example.org/report.pdf"><span class="embed-title">The report</span>`,
			`<td>Cost</td>`)
		if strings.Count(page, "<iframe") != 1 {
			t.Errorf("%d frames, want one (the link card has none)", strings.Count(page, "<iframe"))
		}
		csp := w.Header().Get("Content-Security-Policy")
		if !strings.HasSuffix(csp, "; frame-src https://www.youtube-nocookie.com") || !strings.HasPrefix(csp, "default-src 'self'") {
			t.Errorf("CSP of the page with an embed: %q", csp)
		}
		if csp := f.get(t, "/articles/library-hours").Header().Get("Content-Security-Policy"); strings.Contains(csp, "frame-src") {
			t.Errorf("a page without embeds allows frames: %q", csp)
		}
		// Served again from the cache, with the same policy.
		if again := f.get(t, "/articles/gallery-reopens").Header().Get("Content-Security-Policy"); again != csp && !strings.Contains(again, "youtube-nocookie") {
			t.Errorf("cached page's CSP: %q", again)
		}

		feedXML := f.get(t, "/feed.xml").Body.String()
		contains(t, "feed", feedXML, "https://news.example.org/media/2026/03/harbour.png", "The opening night", "https://www.youtube.com/watch?v=dQw4w9WgXcQ")
		if strings.Contains(feedXML, "iframe") {
			t.Error("the feed has a frame")
		}
	})
}
