package site

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"masthead/internal/browsertest"
	"masthead/internal/content"
	"masthead/internal/store/storetest"
)

// appCSP is the policy the application's middleware sends; the pages must
// work under it (no inline scripts or styles).
const appCSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'"

// TestBrowser reads the site as a person would, in Chromium under the
// application's CSP, and checks every kind of page with axe-core in the
// light and dark colour schemes.
//
// MASTHEAD_SCREENSHOT=1 also saves docs/screenshot-article.png for the
// README; MASTHEAD_SCREENSHOT_DIR=dir saves phone and desktop screenshots
// of every page there, for design review.
func TestBrowser(t *testing.T) {
	b := browsertest.Start(t)
	f := newFixture(t, storetest.Open(t, storetest.SQLite))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", appCSP)
		f.h.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)

	t.Run("home to article", func(t *testing.T) {
		ctx := b.NewTab(t)
		if got := browsertest.Navigate(t, ctx, srv.URL+"/"); got != 200 {
			t.Fatalf("home: status %d", got)
		}
		browsertest.AssertNoAxeViolations(t, ctx)
		if got := browsertest.ClickAndWait(t, ctx, ".lead-story-headline a"); got != 200 {
			t.Fatalf("article after click: status %d", got)
		}
		if h1 := browsertest.Text(t, ctx, "h1"); h1 != "Council passes a budget that nobody wanted" {
			t.Errorf("after clicking the lead story, h1 = %q", h1)
		}
		if loc := browsertest.Location(t, ctx); !strings.HasSuffix(loc, "/articles/council-budget") {
			t.Errorf("location = %s", loc)
		}
	})

	t.Run("article", func(t *testing.T) {
		ctx := b.NewTab(t)
		browsertest.Navigate(t, ctx, srv.URL+"/articles/council-budget")
		browsertest.AssertNoAxeViolations(t, ctx)
		// The stylesheet and the lead image loaded under the CSP.
		if font := browsertest.Eval[string](t, ctx, `getComputedStyle(document.querySelector("h1")).fontFamily`); !strings.Contains(font, "Iowan") {
			t.Errorf("headline font = %q: the stylesheet did not apply", font)
		}
		if w := browsertest.Eval[int](t, ctx, `document.querySelector(".lead-image img").naturalWidth`); w != 1200 {
			t.Errorf("lead image natural width = %d: it did not load", w)
		}
		// The credit is not run into the caption: it sits on a line of its own.
		if lines := browsertest.Eval[[]float64](t, ctx, `[".lead-image .caption", ".lead-image .credit"].map(s => document.querySelector(s).getBoundingClientRect()).flatMap(r => [r.top, r.bottom])`); lines[2] < lines[1] {
			t.Errorf("caption spans %v–%v and the credit starts at %v: they share a line", lines[0], lines[1], lines[2])
		}
		// The browser's own JSON parser reads the structured data, which the
		// CSP leaves alone: it is data, never run.
		if got := browsertest.Eval[string](t, ctx, `JSON.parse(document.querySelector('script[type="application/ld+json"]').textContent)["@graph"][0].headline`); got != "Council passes a budget that nobody wanted" {
			t.Errorf("structured data headline in the browser = %q", got)
		}
		if got := browsertest.Text(t, ctx, ".see-also a"); got != "Libraries to open on Sundays from April" {
			t.Errorf("see-also = %q", got)
		}
		if got := browsertest.ClickAndWait(t, ctx, ".topics a"); got != 200 {
			t.Errorf("topic link: status %d", got)
		}
		if h1 := browsertest.Text(t, ctx, "h1"); h1 != "Budget" {
			t.Errorf("topic page h1 = %q", h1)
		}
	})

	for _, path := range []string{"/sections/news", "/authors/clara-bennett", "/series/the-long-table", "/privacy", "/no-such-page"} {
		t.Run(path, func(t *testing.T) {
			ctx := b.NewTab(t)
			browsertest.Navigate(t, ctx, srv.URL+path)
			browsertest.AssertNoAxeViolations(t, ctx)
		})
	}

	// On a 390 px phone every section in the menu is within the screen,
	// with no sideways scrolling that nothing on the page hints at.
	t.Run("section menu on a phone", func(t *testing.T) {
		many := newFixture(t, storetest.Open(t, storetest.SQLite))
		for i, name := range []string{"Environment", "Opinion", "Council and Planning", "Arts and Books", "Work", "Policy", "Sport"} {
			if _, err := many.db.SaveSection(context.Background(), content.Section{Slug: "extra-" + strconv.Itoa(i), Name: name, Position: 10 + i}); err != nil {
				t.Fatal(err)
			}
		}
		many.site.Purge()
		msrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Security-Policy", appCSP)
			many.h.ServeHTTP(w, r)
		}))
		t.Cleanup(msrv.Close)
		ctx := b.NewTab(t)
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(1))); err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{"/", "/articles/council-budget", "/sections/extra-6"} {
			browsertest.Navigate(t, ctx, msrv.URL+path)
			links := browsertest.Eval[[]map[string]any](t, ctx, `[...document.querySelectorAll(".sections a")].map(a => {
				const r = a.getBoundingClientRect();
				return {text: a.textContent, left: r.left, right: r.right, width: r.width};
			})`)
			if len(links) != 10 {
				t.Fatalf("%s: %d links in the menu, want Home and 9 sections", path, len(links))
			}
			width := browsertest.Eval[float64](t, ctx, `document.documentElement.clientWidth`)
			for _, l := range links {
				if l["left"].(float64) < 0 || l["right"].(float64) > width || l["width"].(float64) == 0 {
					t.Errorf("%s: %q spans %v–%v px of a %v px screen", path, l["text"], l["left"], l["right"], width)
				}
			}
			if sw := browsertest.Eval[float64](t, ctx, `document.querySelector(".sections ul").scrollWidth - document.querySelector(".sections ul").clientWidth`); sw > 0 {
				t.Errorf("%s: the menu scrolls sideways by %v px", path, sw)
			}
			browsertest.AssertNoAxeViolations(t, ctx)
		}
	})

	t.Run("keyboard and print", func(t *testing.T) {
		ctx := b.NewTab(t)
		browsertest.Navigate(t, ctx, srv.URL+"/articles/council-budget")
		// The first Tab reaches the skip link, which shows itself with a focus ring.
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatal(err)
		}
		focus := browsertest.Eval[map[string]string](t, ctx, `(() => { const e = document.activeElement, s = getComputedStyle(e);
			return {cls: e.className, outline: s.outlineStyle, top: String(e.getBoundingClientRect().top)}; })()`)
		if focus["cls"] != "skip-link" || focus["outline"] != "solid" || focus["top"] != "0" {
			t.Errorf("after one Tab: %v; want the skip link, visible at the top with a solid outline", focus)
		}
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		if err != nil {
			t.Fatal(err)
		}
		hidden := browsertest.Eval[[]string](t, ctx, `[".support", ".sections", ".site-footer", ".headline"].map(s => getComputedStyle(document.querySelector(s)).display)`)
		if hidden[0] != "none" || hidden[1] != "none" || hidden[2] != "none" || hidden[3] == "none" {
			t.Errorf("print display of banner, nav, footer, headline = %v", hidden)
		}
	})

	t.Run("dark scheme", func(t *testing.T) {
		ctx := b.NewTab(t)
		setScheme(t, ctx, "dark")
		for _, path := range []string{"/", "/articles/council-budget", "/authors/clara-bennett"} {
			browsertest.Navigate(t, ctx, srv.URL+path)
			if bg := browsertest.Eval[string](t, ctx, `getComputedStyle(document.body).backgroundColor`); bg != "rgb(19, 19, 22)" {
				t.Errorf("%s: dark background = %s", path, bg)
			}
			browsertest.AssertNoAxeViolations(t, ctx)
		}
	})

	if os.Getenv("MASTHEAD_SCREENSHOT") == "1" {
		ctx := b.NewTab(t)
		shoot(t, ctx, srv.URL+"/articles/council-budget", 1280, filepath.Join("..", "..", "docs", "screenshot-article.png"))
	}
	if dir := os.Getenv("MASTHEAD_SCREENSHOT_DIR"); dir != "" {
		pages := map[string]string{"home": "/", "article": "/articles/council-budget", "section": "/sections/news",
			"author": "/authors/clara-bennett", "notfound": "/nope", "privacy": "/privacy"}
		for name, path := range pages {
			for _, width := range []int64{390, 1280} {
				for _, scheme := range []string{"light", "dark"} {
					ctx := b.NewTab(t)
					setScheme(t, ctx, scheme)
					shoot(t, ctx, srv.URL+path, width, filepath.Join(dir, name+"-"+scheme+"-"+strconv.FormatInt(width, 10)+".png"))
				}
			}
		}
	}
}

func setScheme(t *testing.T, ctx context.Context, scheme string) {
	t.Helper()
	_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
	})
	if err != nil {
		t.Fatalf("emulate %s scheme: %v", scheme, err)
	}
}

func shoot(t *testing.T, ctx context.Context, url string, width int64, path string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900, chromedp.EmulateScale(1))); err != nil {
		t.Fatal(err)
	}
	browsertest.Navigate(t, ctx, url)
	if err := browsertest.Screenshot(ctx, path); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot %s", path)
}
