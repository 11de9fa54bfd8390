package admin_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"net/http"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"masthead/internal/auth"
	"masthead/internal/browsertest"
	"masthead/internal/store/storetest"
)

// longBody is an article of about words words in paragraphs of 50, with
// images image figures spread through it, as canonical HTML.
func longBody(words, images int) string {
	vocab := strings.Fields("the council said on tuesday that rents in the city rose again as new homes were slow to come and tenants asked for help from a budget already stretched by the cost of energy schools and transport")
	var b strings.Builder
	paras := words / 50
	every := paras / images
	n := 0
	for p := 0; p < paras; p++ {
		b.WriteString("<p>")
		for w := 0; w < 50; w++ {
			if w > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(vocab[(p*50+w)%len(vocab)])
		}
		b.WriteString(".</p>\n")
		if every > 0 && p%every == every-1 && n < images {
			fmt.Fprintf(&b, `<figure class="image" data-media-id="%d"><img src="/admin/bench-media/%d.jpg" alt="Picture %d" width="1200" height="800"><figcaption><span class="caption">Caption %d</span> <span class="credit">Credit %d</span></figcaption></figure>`+"\n", n+1, n, n, n, n)
			n++
		}
	}
	return b.String()
}

// BenchmarkEditorKeystroke measures the rich editor's keystroke-to-paint
// latency on a 10,000-word article with 50 images in Chromium: from the
// keydown to the animation frame that follows the editor's DOM update (the
// frame that paints the character). One iteration is one
// keystroke typed in the middle of the article; it reports p50, p95 and
// max in milliseconds. Run it with
//
//	MASTHEAD_REQUIRE_BROWSER=1 go test -run '^$' -bench EditorKeystroke -benchtime 200x ./internal/admin
//
// MASTHEAD_EDITOR_BENCH_BARE=1 measures TipTap alone for comparison: the
// editor's own listeners (body_html, counts, toolbar state) switched off.
func BenchmarkEditorKeystroke(b *testing.B) {
	a := newBenchApp(b)
	br := browsertest.Start(b)
	ctx := br.Ctx()
	browsertest.Navigate(b, ctx, a.srv.URL+"/admin/login")
	browsertest.SendKeys(b, ctx, "#email", "ed@example.org")
	browsertest.SendKeys(b, ctx, "#password", password)
	browsertest.ClickAndWait(b, ctx, "button[type=submit]")
	browsertest.Navigate(b, ctx, a.srv.URL+"/admin/articles/new")
	body, _ := json.Marshal(longBody(10000, 50))
	got := browsertest.Eval[string](b, ctx, `(() => {
		mastheadEditor.commands.setContent(`+string(body)+`, { emitUpdate: true });
		const imgs = document.querySelectorAll(".rich-image img");
		imgs.forEach((img, i) => { img.benchMark = i; });
		return document.querySelector('textarea[name="body_html"]').value.split(/\s+/).length + " " + imgs.length;
	})()`)
	if !strings.HasSuffix(got, " 50") {
		b.Fatalf("the editor holds %s (tokens, images)", got)
	}
	deadline := time.Now().Add(60 * time.Second)
	for !browsertest.Eval[bool](b, ctx, `[...document.querySelectorAll(".rich-image img")].every(i => i.complete)`) {
		if time.Now().After(deadline) {
			b.Fatal("the images did not load")
		}
		time.Sleep(100 * time.Millisecond)
	}
	browsertest.Eval[bool](b, ctx, `(() => {
		window.lat = [];
		const dom = mastheadEditor.view.dom;
		let t0 = 0, waiting = false;
		const obs = new MutationObserver(() => {
			if (!t0 || waiting) return;
			waiting = true;
			requestAnimationFrame(() => { lat.push(performance.now() - t0); t0 = 0; waiting = false; });
		});
		obs.observe(dom, { childList: true, subtree: true, characterData: true });
		dom.addEventListener("keydown", () => { t0 = performance.now(); }, true);
		// The cursor in the middle of the article, in the 100th paragraph.
		let pos = 0, seen = 0;
		mastheadEditor.state.doc.forEach((n, off) => { if (n.type.name === "paragraph" && ++seen === 100) pos = off + 20; });
		mastheadEditor.commands.focus(pos);
		return true;
	})()`)
	// TipTap gives the focus in the next animation frame: wait for it.
	for n := 0; !browsertest.Eval[bool](b, ctx, `document.activeElement === mastheadEditor.view.dom`); n++ {
		if n > 200 {
			b.Fatal("the editor never took the focus")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if os.Getenv("MASTHEAD_EDITOR_BENCH_BARE") != "" {
		browsertest.Eval[bool](b, ctx, `(mastheadEditor.off("update"), mastheadEditor.off("transaction"), true)`)
	}
	keys := "the quick brown fox jumps over the lazy dog "
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := chromedp.Run(ctx, chromedp.KeyEvent(string(keys[i%len(keys)]))); err != nil {
			b.Fatal(err)
		}
		// Wait for the measurement of this keystroke before the next.
		for n := 0; browsertest.Eval[int](b, ctx, `lat.length`) < i+1; n++ {
			if n > 2000 {
				b.Fatalf("keystroke %d was never painted: %s", i, browsertest.Eval[string](b, ctx, `document.activeElement.className + " " + document.hasFocus() + " " + document.visibilityState + " " + JSON.stringify(lat)`))
			}
			time.Sleep(time.Millisecond)
		}
	}
	b.StopTimer()
	lat := browsertest.Eval[[]float64](b, ctx, `lat`)
	if len(lat) < b.N {
		b.Fatalf("measured %d of %d keystrokes", len(lat), b.N)
	}
	if same := browsertest.Eval[int](b, ctx, `[...document.querySelectorAll(".rich-image img")].filter((img, i) => img.benchMark === i).length`); same != 50 {
		b.Errorf("typing rebuilt %d of the 50 image views", 50-same)
	}
	if os.Getenv("MASTHEAD_EDITOR_BENCH_BARE") == "" && !strings.Contains(browsertest.Eval[string](b, ctx, `document.querySelector('textarea[name="body_html"]').value`), keys[:min(b.N, len(keys))]) {
		b.Error("what was typed is not in body_html")
	}
	sort.Float64s(lat)
	pct := func(p float64) float64 { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.95), "p95-ms")
	b.ReportMetric(lat[len(lat)-1], "max-ms")
	b.ReportMetric(0, "ns/op")
}

// newBenchApp is the test app for a benchmark: an editor, and 50 large
// photographs served where the article's images point.
func newBenchApp(b *testing.B) *app {
	b.Helper()
	a := newApp(b, storetest.Open(b, storetest.SQLite))
	a.user("ed@example.org", auth.RoleEditor)
	img := image.NewRGBA(image.Rect(0, 0, 1200, 800))
	for x := 0; x < 1200; x++ {
		for y := 0; y < 800; y++ {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), uint8(x ^ y), 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 80}); err != nil {
		b.Fatal(err)
	}
	photo := buf.Bytes()
	a.mux.HandleFunc("GET /admin/bench-media/{name}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/jpeg")
		w.Write(photo)
	})
	return a
}
