package admin_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"masthead/internal/auth"
	"masthead/internal/browsertest"
	"masthead/internal/site"
	"masthead/internal/store/storetest"
)

// bodyHTML is what the rich editor will post as body_html, read once the
// editor has synced it (after the frame that follows a change).
func bodyHTML(t *testing.T, ctx context.Context) string {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](`new Promise(ok => requestAnimationFrame(() => setTimeout(() =>
		ok(document.querySelector('form.editor textarea[name="body_html"]').value), 0)))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("read body_html: %v", err)
	}
	return v
}

// waitFor polls a JavaScript condition until it holds, or fails the test
// saying what did not happen.
func waitFor(t *testing.T, ctx context.Context, expr, what string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !browsertest.Eval[bool](t, ctx, expr) {
		if time.Now().After(deadline) {
			t.Fatalf("%s: still not so after 20 s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// press types keys into whatever has the focus, with modifiers. "\r" is
// Enter as a keyboard sends it: a key press without a typed character
// (chromedp's KeyEvent also types "\r", which would split twice where the
// page handled the key itself, as a rich editor does).
func press(t *testing.T, ctx context.Context, keys string, mods ...kb.Modifier) {
	t.Helper()
	var opts []chromedp.KeyOption
	if len(mods) > 0 {
		opts = append(opts, chromedp.KeyModifiers(mods...))
	}
	for i, part := range strings.Split(keys, "\r") {
		if i > 0 {
			for _, typ := range []input.DispatchKeyEventType{input.DispatchKeyEventTypeRawKeyDown, input.DispatchKeyEventTypeKeyUp} {
				if _, err := chromedp.Call(ctx, input.DispatchKeyEvent, input.DispatchKeyEventParams{Type: typ, Key: "Enter", Code: "Enter",
					WindowsVirtualKeyCode: 13, NativeVirtualKeyCode: 13}); err != nil {
					t.Fatalf("press Enter: %v", err)
				}
			}
		}
		if part == "" {
			continue
		}
		if _, err := chromedp.Run(ctx, chromedp.KeyEvent(part, opts...)); err != nil {
			t.Fatalf("press %q: %v", part, err)
		}
	}
}

// pressButton activates a button from the keyboard (focus, Space), as a
// keyboard user does; a mouse click on the sticky toolbar could land on
// whatever scrolls under it meanwhile.
func pressButton(t *testing.T, ctx context.Context, selector string) {
	t.Helper()
	js, _ := json.Marshal(selector)
	if !browsertest.Eval[bool](t, ctx, `(b => !!b && (b.focus(), document.activeElement === b))(document.querySelector(`+string(js)+`))`) {
		t.Fatalf("no button %s to press", selector)
	}
	press(t, ctx, " ")
}

// caretAtEnd puts the cursor at the end of the rich editor's text and
// waits for the focus, which TipTap gives in the next animation frame.
func caretAtEnd(t *testing.T, ctx context.Context) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`new Promise(ok => { mastheadEditor.commands.focus("end");
		requestAnimationFrame(() => requestAnimationFrame(() => ok(document.activeElement === mastheadEditor.view.dom))) })`, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatalf("put the caret at the end: %v", err)
	}
}

// gradientPNG is a small real PNG of w×h pixels.
func gradientPNG(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := 0; x < w; x++ {
		for y := 0; y < h; y++ {
			img.Set(x, y, color.RGBA{uint8(x * 255 / w), 90, uint8(y * 255 / h), 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// serveMedia serves /media/ as the public site does beside the admin in
// production, so uploaded images show in the editor.
func serveMedia(t *testing.T, a *app) {
	t.Helper()
	pub, err := site.New(site.Options{Store: a.db, MediaDir: a.mediaDir, Now: a.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	pub.Routes(mux)
	a.mux.Handle("GET /media/", mux)
}

func signIn(t *testing.T, ctx context.Context, a *app, email string) {
	t.Helper()
	browsertest.Navigate(t, ctx, a.srv.URL+"/admin/login")
	browsertest.SendKeys(t, ctx, "#email", email)
	browsertest.SendKeys(t, ctx, "#password", password)
	browsertest.ClickAndWait(t, ctx, "button[type=submit]")
}

// wordFragment is what Microsoft Word puts on the clipboard for two
// paragraphs, one word of them bold.
const wordFragment = `<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word">
<head><meta name=Generator content="Microsoft Word 15"><style><!-- p.MsoNormal {mso-style-unhide:no; margin:0cm; font-size:12.0pt;} --></style>
<!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View></w:WordDocument></xml><![endif]--></head>
<body lang=EN-GB style='tab-interval:36.0pt'><!--StartFragment-->
<p class=MsoNormal style='margin-bottom:0cm;mso-line-height-rule:exactly'><span lang=EN-GB style='font-size:12.0pt;font-family:"Calibri",sans-serif;mso-ascii-theme-font:minor-latin'>The council met on Tuesday.<o:p></o:p></span></p>
<p class=MsoNormal><![if !supportLists]><span style='mso-list:Ignore'></span><![endif]><span style='mso-bidi-font-weight:bold'>It voted <b>twice</b> on the plan.</span><o:p></o:p></p>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<!--EndFragment--></body></html>`

// webFragment is a piece of a web page: a script, inline styles, classes
// and spans around one paragraph and a link.
const webFragment = `<div class="article-body" style="font-family: Georgia; color: rgb(34,34,34)"><script>window.stolen = document.cookie</script>
<p class="lede" style="font-size: 19px"><span class="x1" style="background-color: yellow">Rents rose <em>again</em> in May, <a href="https://example.org/report" class="ext" target="_blank" onclick="track()">the report says</a>.</span></p>
<style>.lede{color:red}</style><img src="https://tracker.example/pixel.gif" width="1" height="1"></div>`

// paste fires a paste event carrying html into the rich editor.
func paste(t *testing.T, ctx context.Context, mime, data string) {
	t.Helper()
	js, _ := json.Marshal(data)
	browsertest.Eval[bool](t, ctx, `(() => {
		const dt = new DataTransfer();
		dt.setData(`+"`"+mime+"`"+`, `+string(js)+`);
		if (`+"`"+mime+"`"+` === "text/html") dt.setData("text/plain", "plain");
		const ev = new ClipboardEvent("paste", { clipboardData: dt, bubbles: true, cancelable: true });
		mastheadEditor.view.dom.dispatchEvent(ev);
		return true;
	})()`)
}

// TestRichEditorBrowserJourney writes an article in the rich editor in
// Chromium under the production CSP: typing and formatting with the toolbar
// and keyboard, Markdown shortcuts, a Word fragment and a web fragment
// pasted clean, a see-also chosen with the article picker, an image
// dropped in with its alt text, caption and credit, an embed and a pull
// quote; body_html holds exactly the canonical HTML of each block, the form
// hears every change, and the page passes axe.
func TestRichEditorBrowserJourney(t *testing.T) {
	a := newApp(t, storetest.Open(t, storetest.SQLite))
	serveMedia(t, a)
	ed := a.user("ed@example.org", auth.RoleEditor)
	target := a.story("rents-rise", "Housing", "Rents rose again.", ed.AuthorID, "publish")
	a.story("rents-draft", "Housing", "Not yet.", ed.AuthorID, "save") // a draft: never offered

	b := browsertest.Start(t)
	ctx := b.Ctx()
	signIn(t, ctx, a, "ed@example.org")
	browsertest.Navigate(t, ctx, a.srv.URL+"/admin/articles/new")
	waitFor(t, ctx, `document.querySelector("form.editor").dataset.rich === "on"`, "the rich editor starting")
	if browsertest.Eval[bool](t, ctx, `(b => !b.hidden || !b.disabled)(document.getElementById("body"))`) {
		t.Fatal("the Markdown textarea is still shown or posted beside the rich editor")
	}
	browsertest.AssertNoAxeViolations(t, ctx)
	browsertest.Eval[bool](t, ctx, `(window.errs = [], addEventListener("error", e => errs.push(e.message)), addEventListener("unhandledrejection", e => errs.push(String(e.reason))), true)`)

	browsertest.SendKeys(t, ctx, "#headline", "Council votes twice")
	browsertest.SetValue(t, ctx, "#standfirst", "The plan passed at the second vote.")
	browsertest.SetValue(t, ctx, "#section", itoa(a.section))
	browsertest.SetValue(t, ctx, "#author1", itoa(ed.AuthorID))
	if got := browsertest.Text(t, ctx, "#stat-headline"); got != "19 characters" {
		t.Errorf("the headline length shows %q", got)
	}
	browsertest.Eval[bool](t, ctx, `(window.heard = [], document.querySelector("form.editor").addEventListener("input", e => e.target.name === "body_html" && heard.push(e.target.value)), true)`)

	// Typing and formatting: Ctrl+B and the toolbar's Italic.
	browsertest.Click(t, ctx, "#rich-body")
	press(t, ctx, "Plain ")
	press(t, ctx, "b", kb.ModifierCtrl)
	press(t, ctx, "strong")
	press(t, ctx, "b", kb.ModifierCtrl)
	press(t, ctx, " and ")
	browsertest.Click(t, ctx, `.rich-toolbar button[aria-label="Italic"]`)
	press(t, ctx, "slanted")
	waitFor(t, ctx, `document.querySelector('.rich-toolbar button[aria-label="Italic"]').getAttribute("aria-pressed") === "true"`, "Italic pressed inside italic text")
	if got := browsertest.Eval[string](t, ctx, `document.querySelector('.rich-toolbar button[aria-label="Bold"]').getAttribute("aria-pressed")`); got != "false" {
		t.Errorf("Bold shows aria-pressed=%s outside bold text", got)
	}
	browsertest.Click(t, ctx, `.rich-toolbar button[aria-label="Italic"]`)
	press(t, ctx, ".")
	if got, want := bodyHTML(t, ctx), "<p>Plain <strong>strong</strong> and <em>slanted</em>.</p>"; got != want {
		t.Fatalf("after typing body_html is %q, want %q", got, want)
	}
	// The form hears the changes (autosave listens), body_html up to date each time.
	if heard := browsertest.Eval[[]string](t, ctx, `heard`); len(heard) == 0 || heard[len(heard)-1] != "<p>Plain <strong>strong</strong> and <em>slanted</em>.</p>" {
		t.Errorf("the form heard %d input events from body_html, the last with %q", len(heard), heard)
	}
	// Undo takes the last change back; Redo puts it back.
	press(t, ctx, "z", kb.ModifierCtrl)
	if got := bodyHTML(t, ctx); strings.HasSuffix(got, "</em>.</p>") {
		t.Errorf("Ctrl+Z left %q", got)
	}
	browsertest.Click(t, ctx, `.rich-toolbar button[aria-label="Redo"]`)
	if got := bodyHTML(t, ctx); !strings.HasSuffix(got, "</em>.</p>") {
		t.Errorf("Redo left %q", got)
	}

	// Markdown shortcuts as you type.
	caretAtEnd(t, ctx)
	press(t, ctx, "\r## Subhead\r> Quoted line\r\r- one\rtwo\r\r1. first\r\r---")
	press(t, ctx, "After the rule")
	want := "<p>Plain <strong>strong</strong> and <em>slanted</em>.</p>\n<h2>Subhead</h2>\n<blockquote><p>Quoted line</p></blockquote>\n" +
		"<ul><li>one</li><li>two</li></ul>\n<ol><li>first</li></ol>\n<hr>\n<p>After the rule</p>"
	if got := bodyHTML(t, ctx); got != want {
		t.Fatalf("after the Markdown shortcuts body_html is\n%s\nwant\n%s", got, want)
	}
	// Ctrl+Alt+3 makes the paragraph a level-3 heading, and the toolbar says so.
	press(t, ctx, "3", kb.ModifierCtrl, kb.ModifierAlt)
	if got := bodyHTML(t, ctx); !strings.HasSuffix(got, "<h3>After the rule</h3>") {
		t.Errorf("Ctrl+Alt+3 gave %q", got[strings.LastIndex(got, "\n")+1:])
	}
	waitFor(t, ctx, `document.querySelector('.rich-toolbar button[aria-label="H3 heading"]').getAttribute("aria-pressed") === "true"`, "Heading 3 pressed")
	press(t, ctx, "3", kb.ModifierCtrl, kb.ModifierAlt)
	press(t, ctx, "\r")

	// Paste from Word and from a web page: clean paragraphs only.
	before := bodyHTML(t, ctx)
	paste(t, ctx, "text/html", wordFragment)
	press(t, ctx, "\r")
	paste(t, ctx, "text/html", webFragment)
	pasted := strings.TrimPrefix(bodyHTML(t, ctx), before)
	wantPasted := "\n<p>The council met on Tuesday.</p>\n<p>It voted <strong>twice</strong> on the plan.</p>\n" +
		`<p>Rents rose <em>again</em> in May, <a href="https://example.org/report">the report says</a>.</p>`
	if pasted != wantPasted {
		t.Errorf("the pasted fragments became\n%s\nwant\n%s", pasted, wantPasted)
	}
	for _, bad := range []string{"mso", "class=", "style", "<span", "o:p", "<!--", "script", "stolen", "tracker", "onclick", "target="} {
		if strings.Contains(pasted, bad) {
			t.Errorf("the pasted HTML keeps %q: %s", bad, pasted)
		}
	}
	if browsertest.Eval[bool](t, ctx, `"stolen" in window`) {
		t.Error("a pasted script ran")
	}

	// A see-also link chosen with the picker, which searches as you type.
	caretAtEnd(t, ctx)
	pressButton(t, ctx, `.rich-toolbar button[aria-label="Insert see-also link"]`)
	browsertest.SendKeys(t, ctx, "dialog[open] input[type=search]", "rents")
	waitFor(t, ctx, `document.querySelectorAll("dialog[open] .rich-pick").length === 1`, "one published article offered for “rents”")
	if got := browsertest.Text(t, ctx, "dialog[open] .rich-pick-headline"); got != target.Headline {
		t.Errorf("the picker offers %q", got)
	}
	browsertest.Click(t, ctx, "dialog[open] .rich-pick")
	seeAlso := fmt.Sprintf(`<aside class="see-also" data-article-id="%d"><a href="/articles/rents-rise">%s</a></aside>`, target.ID, target.Headline)
	waitFor(t, ctx, `document.querySelector('textarea[name="body_html"]').value.includes(`+jsString(seeAlso)+`)`, "the see-also block in body_html")

	// An image dropped in, then given alt text, caption and credit.
	caretAtEnd(t, ctx)
	drop(t, ctx, gradientPNG(t, 64, 48))
	waitFor(t, ctx, `!!document.querySelector(".rich-image img") || /:/.test(document.getElementById("rich-status").textContent)`, "the dropped image in the editor")
	if got := browsertest.Text(t, ctx, "#rich-status"); !strings.Contains(got, "Image inserted") {
		t.Fatalf("after the drop the editor says %q", got)
	}
	waitFor(t, ctx, `document.querySelector(".rich-image img").naturalWidth === 64`, "the dropped image loading")
	browsertest.SendKeys(t, ctx, ".rich-image input[data-attr=alt]", "Councillors voting")
	browsertest.SendKeys(t, ctx, ".rich-image input[data-attr=caption]", "The second vote")
	browsertest.SendKeys(t, ctx, ".rich-image input[data-attr=credit]", "Photo: Ada Reporter")
	imgHTML := regexp.MustCompile(`<figure class="image"[^\n]*</figure>`).FindString(bodyHTML(t, ctx))
	wantImg := regexp.QuoteMeta(`<figure class="image" data-media-id="`) + `[0-9]+` + regexp.QuoteMeta(`"><img src="`) + `/[^"]+` +
		regexp.QuoteMeta(`" alt="Councillors voting" width="64" height="48"><figcaption><span class="caption">The second vote</span> <span class="credit">Photo: Ada Reporter</span></figcaption></figure>`)
	if !regexp.MustCompile("^" + wantImg + "$").MatchString(imgHTML) {
		t.Errorf("the image block is %s", imgHTML)
	}

	// An embed from the toolbar, and a pull quote.
	caretAtEnd(t, ctx)
	pressButton(t, ctx, `.rich-toolbar button[aria-label="Insert embed"]`)
	browsertest.SendKeys(t, ctx, "dialog[open] input[type=url]", "https://www.youtube.com/watch?v=abc123")
	browsertest.Click(t, ctx, "dialog[open] .button-primary")
	embed := `<figure class="embed" data-provider="youtube" data-url="https://www.youtube.com/watch?v=abc123"><a href="https://www.youtube.com/watch?v=abc123">https://www.youtube.com/watch?v=abc123</a></figure>`
	waitFor(t, ctx, `document.querySelector('textarea[name="body_html"]').value.includes(`+jsString(embed)+`)`, "the embed in body_html")
	caretAtEnd(t, ctx)
	pressButton(t, ctx, `.rich-toolbar button[aria-label="Insert pull quote"]`)
	browsertest.SendKeys(t, ctx, ".rich-pullquote textarea", "We did our job.")
	browsertest.SendKeys(t, ctx, ".rich-pullquote input", "The mayor")
	pull := `<figure class="pullquote"><blockquote><p>We did our job.</p></blockquote><figcaption>The mayor</figcaption></figure>`
	if got := bodyHTML(t, ctx); !strings.Contains(got, pull) {
		t.Errorf("no pull quote in %s", got)
	}
	// A URL pasted on a line of its own becomes an embed too.
	caretAtEnd(t, ctx)
	press(t, ctx, "\r")
	paste(t, ctx, "text/plain", "https://vimeo.com/76979871")
	waitFor(t, ctx, `document.querySelector('textarea[name="body_html"]').value.includes('data-provider="vimeo"')`, "the pasted Vimeo URL as an embed")

	if errs := browsertest.Eval[[]string](t, ctx, `errs`); len(errs) > 0 {
		t.Errorf("the page threw %q", errs)
	}
	// The side panel counts as you type.
	if got := browsertest.Text(t, ctx, "#stat-words"); got == "0" || got == "" {
		t.Errorf("the word count shows %q", got)
	}
	browsertest.AssertNoAxeViolations(t, ctx)
	screenshot(t, ctx, "rich-editor.png")
	richSaveAndRead(t, ctx, a, []string{seeAlso, embed, pull})
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// drop fires a drop event carrying a PNG file at the end of the editor.
func drop(t *testing.T, ctx context.Context, file []byte) {
	t.Helper()
	js, _ := json.Marshal(file) // base64
	browsertest.Eval[bool](t, ctx, `(() => {
		const bin = atob(`+string(js)+`);
		const bytes = new Uint8Array(bin.length);
		for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
		const dt = new DataTransfer();
		dt.items.add(new File([bytes], "vote.png", { type: "image/png" }));
		const view = mastheadEditor.view;
		mastheadEditor.commands.focus("end");
		const c = view.coordsAtPos(view.state.selection.from);
		view.dom.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true, clientX: c.left + 1, clientY: (c.top + c.bottom) / 2 }));
		return true;
	})()`)
}

// richSaveAndRead publishes what the rich editor holds and checks that the
// stored body keeps each block and the reader page shows them.
func richSaveAndRead(t *testing.T, ctx context.Context, a *app, blocks []string) {
	t.Helper()
	posted := bodyHTML(t, ctx)
	if status := browsertest.ClickAndWait(t, ctx, `button[value="publish"]`); status != 200 {
		t.Fatalf("publish answered %d: %s", status, browsertest.Text(t, ctx, "main"))
	}
	if got := browsertest.Text(t, ctx, ".notice"); !strings.Contains(got, "Published") {
		t.Fatalf("after publishing the page says %q; main: %s", got, browsertest.Text(t, ctx, "main"))
	}
	id := strings.TrimPrefix(strings.SplitN(browsertest.Location(t, ctx), "?", 2)[0], a.srv.URL+"/admin/articles/")
	var art int64
	fmt.Sscan(id, &art)
	stored := a.article(art)
	for _, b := range blocks {
		if !strings.Contains(stored.Body, b) {
			t.Errorf("the stored body lacks %s:\n%s", b, stored.Body)
		}
	}
	// The page opens again in the rich editor with the body it posted.
	waitFor(t, ctx, `document.querySelector("form.editor").dataset.rich === "on"`, "the rich editor after saving")
	if got := bodyHTML(t, ctx); got != posted {
		t.Errorf("reopened, the editor holds\n%s\nnot what it saved\n%s", got, posted)
	}
	browsertest.Navigate(t, ctx, a.srv.URL+"/admin/articles/"+id+"/preview")
	for sel, want := range map[string]string{".see-also a": "Story rents-rise", "figure.pullquote figcaption": "The mayor", "h2": "Subhead"} {
		if got := browsertest.Text(t, ctx, sel); !strings.Contains(got, want) {
			t.Errorf("the reader page's %s shows %q, want %q", sel, got, want)
		}
	}
	if n := browsertest.Eval[int](t, ctx, `document.querySelectorAll('img[alt="Councillors voting"], a[href="https://www.youtube.com/watch?v=abc123"]').length`); n < 2 {
		t.Errorf("the reader page shows %d of the image and the embed", n)
	}
	browsertest.AssertNoAxeViolations(t, ctx)
}
