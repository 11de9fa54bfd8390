package issuemail

import (
	"net/url"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// An article body is sanitised HTML (decision record 0005), but Article
// may be filled from elsewhere, so the email keeps its own allow-list:
// prose elements, links and images with absolute http(s) URLs. Scripts,
// styles, forms and the like go with their content; embedded players
// (iframe, video, audio, object, embed) become a link to what they show;
// any other element is unwrapped, keeping its text.

// keep lists the elements kept as they are, without attributes.
var keep = map[atom.Atom]bool{
	atom.P: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.Blockquote: true,
	atom.Ul: true, atom.Ol: true, atom.Li: true, atom.Em: true, atom.Strong: true, atom.B: true,
	atom.I: true, atom.U: true, atom.Code: true, atom.Pre: true, atom.Hr: true, atom.Br: true,
	atom.Sup: true, atom.Sub: true, atom.Del: true, atom.S: true, atom.Figure: true, atom.Figcaption: true,
}

// rename folds headings the email cannot use (its headline is the h1).
var rename = map[atom.Atom]atom.Atom{atom.H1: atom.H2, atom.H5: atom.H4, atom.H6: atom.H4}

// drop lists elements removed with everything inside them.
var drop = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Form: true, atom.Input: true, atom.Button: true,
	atom.Select: true, atom.Textarea: true, atom.Noscript: true, atom.Template: true, atom.Svg: true,
	atom.Math: true, atom.Head: true, atom.Title: true, atom.Meta: true, atom.Link: true, atom.Base: true,
	atom.Frameset: true, atom.Frame: true, atom.Canvas: true, atom.Map: true, atom.Dialog: true,
}

// embeds become a link to their source.
var embeds = map[atom.Atom]string{
	atom.Iframe: "src", atom.Embed: "src", atom.Object: "data", atom.Video: "src", atom.Audio: "src",
}

// maxImageWidth is the content column's width in pixels.
const maxImageWidth = 536

// bodyNodes parses an article body as the children of a <div>.
func bodyNodes(body string) []*html.Node {
	ctx := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	nodes, err := html.ParseFragment(strings.NewReader(body), ctx)
	if err != nil { // html.ParseFragment fails only on reader errors
		return nil
	}
	return nodes
}

// emailBody returns body rewritten for email: allow-listed elements,
// links and image sources made absolute against base (the article URL).
func emailBody(body, base string) string {
	baseURL, _ := url.Parse(base)
	var b strings.Builder
	for _, n := range bodyNodes(body) {
		writeNode(&b, n, baseURL)
	}
	return b.String()
}

func writeNode(b *strings.Builder, n *html.Node, base *url.URL) {
	switch n.Type {
	case html.TextNode:
		b.WriteString(html.EscapeString(n.Data))
		return
	case html.ElementNode:
	default:
		return // comments (which could hide conditional markup), doctypes
	}
	children := func() {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			writeNode(b, c, base)
		}
	}
	a := n.DataAtom
	if r, ok := rename[a]; ok {
		a = r
	}
	switch {
	case drop[a]:
	case embeds[a] != "":
		if src := embedSource(n, base); src != "" {
			b.WriteString(`<p class="embed"><a href="` + html.EscapeString(src) + `">` +
				html.EscapeString(embedLabel(a, src)) + `</a></p>`)
		}
	case a == atom.A:
		href, ok := absolute(attr(n, "href"), base, true)
		if !ok {
			children()
			return
		}
		b.WriteString(`<a href="` + html.EscapeString(href) + `">`)
		children()
		b.WriteString(`</a>`)
	case a == atom.Img:
		src, ok := absolute(attr(n, "src"), base, false)
		if !ok {
			if alt := strings.TrimSpace(attr(n, "alt")); alt != "" {
				b.WriteString(html.EscapeString("[" + alt + "]"))
			}
			return
		}
		w, size := maxImageWidth, ""
		v, err := strconv.Atoi(attr(n, "width"))
		if err == nil && v > 0 && v < w {
			w = v
		}
		if h, err2 := strconv.Atoi(attr(n, "height")); err == nil && err2 == nil && v > 0 && h > 0 {
			// The height of the picture's ratio at the width shown, so
			// that mail programs keep its shape (a per-use crop's too).
			size = `" height="` + strconv.Itoa(max(h*w/v, 1))
		}
		b.WriteString(`<img src="` + html.EscapeString(src) + `" alt="` + html.EscapeString(oneLine(attr(n, "alt"))) +
			`" width="` + strconv.Itoa(w) + size + `" style="display:block;width:100%;max-width:` + strconv.Itoa(w) + `px;height:auto;">`)
	case a == atom.Aside && attr(n, "class") == "see-also":
		b.WriteString(`<p class="see-also">`)
		children()
		b.WriteString(`</p>`)
	case a == atom.Figure && attr(n, "class") == "pullquote":
		b.WriteString(`<div class="pullquote">`)
		children()
		b.WriteString(`</div>`)
	case keep[a]:
		b.WriteString("<" + a.String() + ">")
		if a == atom.Br || a == atom.Hr {
			return
		}
		children()
		b.WriteString("</" + a.String() + ">")
	default:
		children()
	}
}

// embedSource finds the address an embedded player shows, made absolute;
// a YouTube player becomes its watch page.
func embedSource(n *html.Node, base *url.URL) string {
	raw := attr(n, embeds[n.DataAtom])
	if raw == "" {
		for c := n.FirstChild; c != nil && raw == ""; c = c.NextSibling {
			if c.DataAtom == atom.Source {
				raw = attr(c, "src")
			}
		}
	}
	src, ok := absolute(raw, base, false)
	if !ok {
		return ""
	}
	u, _ := url.Parse(src)
	if id, found := strings.CutPrefix(u.Path, "/embed/"); found && (u.Host == "www.youtube.com" || u.Host == "youtube.com" || u.Host == "www.youtube-nocookie.com") && id != "" {
		return "https://www.youtube.com/watch?v=" + url.QueryEscape(id)
	}
	return src
}

func embedLabel(a atom.Atom, src string) string {
	what := "Open the embedded content"
	switch a {
	case atom.Video:
		what = "Watch the video"
	case atom.Audio:
		what = "Listen to the audio"
	}
	if u, err := url.Parse(src); err == nil && u.Host != "" {
		return what + " (" + strings.TrimPrefix(u.Host, "www.") + ")"
	}
	return what
}

// absolute resolves raw against base and keeps it only when it is http(s),
// or mailto when mailto is allowed.
func absolute(raw string, base *url.URL, mailto bool) (string, bool) {
	raw = strings.TrimSpace(raw)
	if raw == "" || base == nil {
		return "", false
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", false
	}
	u = base.ResolveReference(u)
	switch {
	case (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && u.User == nil:
	case mailto && u.Scheme == "mailto" && u.Opaque != "":
	default:
		return "", false
	}
	return u.String(), true
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}
