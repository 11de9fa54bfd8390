package body

import (
	"regexp"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// RawHTML is editor-only HTML: <div class="raw-html">...</div>. Only
// editors and admins may add or change one (content enforces it). Its
// content is sanitised with a wider allow-list than the body's (tables,
// definition lists, spans, images by address) but never scripts, styles,
// event handlers, frames or forms. Markdown, a fenced block:
//
//	```raw-html
//	<table>...</table>
//	```
type RawHTML struct{ Inner string }

var rawHTMLKind = &Kind{Name: "html",
	match: func(n *html.Node) bool { return n.DataAtom == atom.Div && hasClass(n, "raw-html") },
	parse: func(n *html.Node, r *Report) (Block, bool) {
		var b strings.Builder
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			_ = html.Render(&b, c)
		}
		return NewRawHTML(b.String())
	},
}

// rawPolicy is the allow-list of editor-only HTML.
var rawPolicy = func() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "em", "strong", "b", "i", "u", "s", "del", "ins", "sup", "sub",
		"small", "mark", "code", "pre", "kbd", "abbr", "cite", "q", "blockquote", "ul", "ol", "li", "dl", "dt", "dd",
		"table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "colgroup", "col", "figure", "figcaption", "div", "span", "details", "summary")
	p.AllowAttrs("href").OnElements("a")
	p.AllowAttrs("src", "alt", "width", "height").OnElements("img")
	p.AllowAttrs("colspan", "rowspan").Matching(regexp.MustCompile(`^[0-9]{1,3}$`)).OnElements("td", "th")
	p.AllowAttrs("scope").Matching(regexp.MustCompile(`^(row|col|rowgroup|colgroup)$`)).OnElements("th")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^[a-z][a-z0-9 -]{0,60}$`)).OnElements("div", "span", "table", "p", "figure")
	p.AllowAttrs("title").OnElements("abbr")
	p.AllowStandardURLs()
	p.AllowURLSchemes("http", "https", "mailto")
	p.RequireNoFollowOnLinks(false)
	return p
}()

// NewRawHTML sanitises editor-only HTML into a block; empty is no block.
func NewRawHTML(inner string) (Block, bool) {
	s := rawPolicy.Sanitize(inner)
	// Written back through the HTML parser, so that the stored form is
	// what any parser reads (closed tags, quoted attributes).
	var b strings.Builder
	for _, n := range parseFragment(s) {
		_ = html.Render(&b, n)
	}
	s = strings.TrimSpace(b.String())
	if s == "" {
		return nil, false
	}
	return RawHTML{s}, true
}

func (RawHTML) Kind() string { return "html" }

func (h RawHTML) appendHTML(b *strings.Builder) {
	b.WriteString(`<div class="raw-html">` + h.Inner + `</div>`)
}

func (h RawHTML) appendMarkdown(b *strings.Builder) {
	fence := "```"
	for strings.Contains(h.Inner, fence) {
		fence += "`"
	}
	b.WriteString(fence + "raw-html\n" + h.Inner + "\n" + fence)
}

func (h RawHTML) render(b *strings.Builder, rc *renderState) {
	if rc.base == "" {
		h.appendHTML(b)
		return
	}
	b.WriteString(`<div class="raw-html">` + absoluteLinks(h.Inner, rc.base) + `</div>`)
}

func (h RawHTML) appendText(b *strings.Builder) {
	for _, n := range parseFragment(h.Inner) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data + " ")
		} else if n.Type == html.ElementNode {
			b.WriteString(textContent(n) + " ")
		}
	}
}

// absoluteLinks makes site-relative href and src attributes absolute.
func absoluteLinks(s, base string) string {
	nodes := parseFragment(s)
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			for i, a := range n.Attr {
				if a.Key == "href" || a.Key == "src" {
					n.Attr[i].Val = absolute(base, a.Val)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	var b strings.Builder
	for _, n := range nodes {
		walk(n)
		_ = html.Render(&b, n)
	}
	return b.String()
}
