// Package body is the article body: a sequence of top-level blocks, each
// of a kind registered here (paragraph, heading, list, quote, pull quote,
// see-also, image, gallery, embed, divider, code, editor-only HTML). The
// stored form is the canonical HTML of docs/decisions/0035: Parse reads any
// HTML into blocks, keeping what the registry can keep and reporting the
// rest; Doc.HTML writes the canonical form, Doc.Markdown the Markdown form,
// and Render each reader surface's HTML. Parse(d.HTML()) is d.
package body

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Block is one top-level block of a body.
type Block interface {
	// Kind is the registry name of the block's kind.
	Kind() string
	// appendHTML writes the canonical HTML.
	appendHTML(b *strings.Builder)
	// appendMarkdown writes the Markdown form (docs/decisions/0035).
	appendMarkdown(b *strings.Builder)
	// render writes the block for a reader surface.
	render(b *strings.Builder, rc *renderState)
	// appendText writes the words search indexes.
	appendText(b *strings.Builder)
}

// Kind is one registry entry: which top-level elements it reads and how.
type Kind struct {
	Name string
	// match reports whether the element n is a block of this kind.
	match func(n *html.Node) bool
	// parse reads n; ok false drops it (what was lost is in the report).
	parse func(n *html.Node, r *Report) (Block, bool)
}

// registry is every block kind, tried in order; the first match reads the
// element. Kinds with a class come before the plain element they use.
var registry = []*Kind{
	pullQuoteKind, imageKind, galleryKind, embedKind, seeAlsoKind, rawHTMLKind,
	paragraphKind, headingKind, listKind, quoteKind, codeKind, dividerKind,
}

// Kinds lists the names of the registered block kinds.
func Kinds() []string {
	out := make([]string, len(registry))
	for i, k := range registry {
		out[i] = k.Name
	}
	return out
}

// Doc is a parsed body.
type Doc struct {
	Blocks []Block
}

// Report says what Parse could not keep, so a check can tell the writer
// instead of losing it quietly.
type Report struct {
	// Dropped describes each thing left out ("the image x.jpg", "HTML tags (<u>)").
	Dropped []string
	// DroppedIn is, for each of Dropped, the 0-based index of the
	// top-level block it was in, or -1 when it was between blocks or found
	// before the blocks were read (Markdown image lines).
	DroppedIn []int
	// Missing are see-also targets (from Markdown) that name no article.
	Missing []string
	seen    map[string]bool
	depth   int // nesting of parseBlocks
	in      int // 1 + the top-level block being read; 0 outside one
}

func (r *Report) drop(what string) {
	if r == nil {
		return
	}
	if r.seen == nil {
		r.seen = map[string]bool{}
	}
	if !r.seen[what] {
		r.seen[what] = true
		r.Dropped = append(r.Dropped, what)
		r.DroppedIn = append(r.DroppedIn, r.in-1)
	}
}

// Parse reads an HTML body into blocks. It never fails: what cannot be kept
// is described in the report.
func Parse(s string) (Doc, Report) {
	var r Report
	return Doc{Blocks: parseBlocks(parseFragment(s), &r)}, r
}

// parseBlocks reads sibling nodes as top-level blocks: inline content
// outside any block becomes a paragraph, wrappers (div, section) are
// unwrapped, and elements no kind reads are reported.
func parseBlocks(nodes []*html.Node, r *Report) []Block {
	var out []Block
	var loose []*html.Node
	// At the top level, what is dropped is placed in the block being read.
	r.depth++
	defer func() { r.depth-- }()
	at := func(i int) {
		if r.depth == 1 {
			r.in = i + 1
		}
	}
	flush := func() {
		if len(loose) == 0 {
			return
		}
		p := &html.Node{Type: html.ElementNode, Data: "p", DataAtom: atom.P}
		for _, n := range loose {
			if n.Parent != nil {
				n.Parent.RemoveChild(n)
			}
			p.AppendChild(n)
		}
		loose = nil
		at(len(out))
		from := len(r.DroppedIn)
		if b, ok := paragraphKind.parse(p, r); ok {
			out = append(out, b)
		} else if r.depth == 1 {
			for i := from; i < len(r.DroppedIn); i++ {
				r.DroppedIn[i] = -1 // the block is gone with it
			}
		}
		at(-1)
	}
	for _, n := range nodes {
		switch n.Type {
		case html.TextNode:
			if strings.TrimSpace(n.Data) != "" {
				loose = append(loose, n)
			}
			continue
		case html.ElementNode:
		default:
			continue
		}
		k := kindOf(n)
		if k == nil {
			if isInlineElement(n) {
				loose = append(loose, n)
				continue
			}
			flush()
			if unwrapContainer(n) {
				at(len(out)) // what its blocks drop: placed at the first of them
				out = append(out, parseBlocks(childList(n), r)...)
				at(-1)
				continue
			}
			r.drop(describe(n))
			continue
		}
		flush()
		at(len(out))
		from := len(r.DroppedIn)
		if b, ok := k.parse(n, r); ok {
			out = append(out, b)
		} else if r.depth == 1 {
			for i := from; i < len(r.DroppedIn); i++ {
				r.DroppedIn[i] = -1 // the block is gone with it
			}
		}
		at(-1)
	}
	flush()
	return out
}

func childList(n *html.Node) []*html.Node {
	var out []*html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		out = append(out, c)
	}
	return out
}

// unwrapContainer reports whether n is a wrapper whose blocks are kept
// without it (div, section, article, main, span around blocks).
func unwrapContainer(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Div, atom.Section, atom.Article, atom.Main, atom.Header, atom.Footer, atom.Center, atom.Body:
		return true
	}
	return false
}

func kindOf(n *html.Node) *Kind {
	for _, k := range registry {
		if k.match(n) {
			return k
		}
	}
	return nil
}

// parseFragment parses s as the content of a <body>.
func parseFragment(s string) []*html.Node {
	ctx := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(s), ctx)
	if err != nil { // only a reader error, impossible with strings.Reader
		return nil
	}
	return nodes
}

// HTML is the canonical stored form: blocks joined with "\n".
func (d Doc) HTML() string {
	var b strings.Builder
	for i, bl := range d.Blocks {
		if i > 0 {
			b.WriteByte('\n')
		}
		bl.appendHTML(&b)
	}
	return b.String()
}

// Markdown is the Markdown form: FromMarkdown of it gives d back.
func (d Doc) Markdown() string {
	var b strings.Builder
	for i, bl := range d.Blocks {
		if i > 0 {
			b.WriteString("\n\n")
			if sameListKind(d.Blocks[i-1], bl) {
				b.WriteString("<!-- -->\n\n") // else Markdown joins the two lists
			}
		}
		writeMarkdown(&b, bl)
	}
	if b.Len() > 0 {
		b.WriteByte('\n')
	}
	return b.String()
}

// writeMarkdown writes a block's Markdown form. Prose is checked: when
// goldmark would read it back as something else (shapes Markdown cannot
// say, such as a quote holding only a quote, which is a pull quote), the
// block is written as HTML, which Markdown passes through.
func writeMarkdown(b *strings.Builder, bl Block) {
	switch bl.(type) {
	case Paragraph, Heading, List, Quote:
	default:
		bl.appendMarkdown(b)
		return
	}
	var m, want strings.Builder
	bl.appendMarkdown(&m)
	bl.appendHTML(&want)
	back, _, err := FromMarkdown(m.String(), Lookup{})
	if err == nil && back.HTML() == want.String() {
		b.WriteString(m.String())
		return
	}
	rawMarkdown(b, bl)
}

// Text is the words of the body search indexes: the text readers read
// (pull quotes included), image and gallery captions, embed titles and
// captions; not see-also blocks, which hold another article's headline.
func (d Doc) Text() string {
	var b strings.Builder
	for _, bl := range d.Blocks {
		bl.appendText(&b)
		b.WriteByte(' ')
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// Normalize parses s and writes it back in the canonical form.
func Normalize(s string) (string, Report) {
	d, r := Parse(s)
	return d.HTML(), r
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return a.Val
		}
	}
	return ""
}

func hasClass(n *html.Node, class string) bool {
	for _, c := range strings.Fields(attr(n, "class")) {
		if c == class {
			return true
		}
	}
	return false
}

// describe names an element that was left out, for the report.
func describe(n *html.Node) string {
	switch n.DataAtom {
	case atom.Img:
		if src := attr(n, "src"); src != "" {
			return "the image " + src
		}
		return "an image"
	case atom.Iframe, atom.Object, atom.Embed, atom.Video, atom.Audio:
		return "embedded content (<" + n.Data + ">): use an embed block"
	case atom.Table:
		return "a table (editors can use an HTML block)"
	case atom.Script, atom.Style, atom.Form, atom.Input, atom.Button, atom.Select, atom.Textarea:
		return "HTML tags (<" + n.Data + ">)"
	}
	return "HTML tags (<" + n.Data + ">)"
}

func escape(s string) string { return html.EscapeString(s) }

// Links lists the link targets of the body's text, in order.
func (d Doc) Links() []string {
	var out []string
	var walk func(in inline)
	walk = func(in inline) {
		for _, n := range in {
			if n.tag == atom.A {
				out = append(out, n.href)
			}
			walk(n.kids)
		}
	}
	d.eachInline(walk)
	return out
}

// eachInline calls f with every run of inline content of the body.
func (d Doc) eachInline(f func(inline)) {
	var blocks func(bs []Block)
	blocks = func(bs []Block) {
		for _, b := range bs {
			switch b := b.(type) {
			case Paragraph:
				f(b.in)
			case Heading:
				f(b.in)
			case List:
				for _, it := range b.Items {
					f(it.lead)
					blocks(it.Blocks)
				}
			case Quote:
				blocks(b.Blocks)
			case PullQuote:
				for _, p := range b.Paras {
					f(p)
				}
				f(b.Cite)
			}
		}
	}
	blocks(d.Blocks)
}

// MediaIDs lists the media library images of the body, in order.
func (d Doc) MediaIDs() []int64 {
	var ids []int64
	for _, im := range d.Images() {
		ids = append(ids, im.MediaID)
	}
	return ids
}

// RawHTML lists the contents of the editor-only HTML blocks.
func (d Doc) RawHTML() []string {
	var out []string
	for _, b := range d.Blocks {
		if h, ok := b.(RawHTML); ok {
			out = append(out, h.Inner)
		}
	}
	return out
}

// PlainText is all the text of the body a reader sees, pull quotes and
// see-also headlines included, for descriptions.
func (d Doc) PlainText() string {
	var b strings.Builder
	for _, bl := range d.Blocks {
		switch bl := bl.(type) {
		case PullQuote:
			q, c := bl.Text()
			b.WriteString(q + " " + c)
		case SeeAlso:
			b.WriteString(bl.Headline)
		default:
			bl.appendText(&b)
		}
		b.WriteByte(' ')
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// Paragraphs is the plain text of every paragraph of the body, in reading
// order, those in quotes and loose lists included; pull quotes, see-also
// blocks and the text of tight list items are not paragraphs.
func (d Doc) Paragraphs() []string {
	var out []string
	var blocks func(bs []Block)
	blocks = func(bs []Block) {
		for _, b := range bs {
			switch b := b.(type) {
			case Paragraph:
				out = append(out, b.Text())
			case List:
				for _, it := range b.Items {
					blocks(it.Blocks)
				}
			case Quote:
				blocks(b.Blocks)
			}
		}
	}
	blocks(d.Blocks)
	return out
}

// Images lists the image blocks of the body, those of galleries included,
// in order.
func (d Doc) Images() []Image {
	var out []Image
	for _, b := range d.Blocks {
		switch b := b.(type) {
		case Image:
			out = append(out, b)
		case Gallery:
			out = append(out, b.Images...)
		}
	}
	return out
}

// EmptyItems counts the list items with nothing in them.
func (d Doc) EmptyItems() int {
	n := 0
	var blocks func(bs []Block)
	blocks = func(bs []Block) {
		for _, b := range bs {
			switch b := b.(type) {
			case List:
				for _, it := range b.Items {
					if len(it.lead) == 0 && len(it.Blocks) == 0 {
						n++
					}
					blocks(it.Blocks)
				}
			case Quote:
				blocks(b.Blocks)
			}
		}
	}
	blocks(d.Blocks)
	return n
}
