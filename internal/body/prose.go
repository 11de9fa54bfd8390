package body

import (
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The prose kinds: paragraph, heading, list, quote, code and divider.
// Lists and quotes hold "flow" blocks (paragraphs, headings, lists,
// quotes, code, dividers), written as goldmark writes them so that bodies
// stored before the registry keep their bytes.

// Paragraph is <p>inline</p>.
type Paragraph struct{ in inline }

var paragraphKind = &Kind{Name: "paragraph",
	match: func(n *html.Node) bool { return n.DataAtom == atom.P },
	parse: parseParagraph,
}

func parseParagraph(n *html.Node, r *Report) (Block, bool) {
	in := parseInline(n, r)
	return Paragraph{in}, !in.empty()
}

func (Paragraph) Kind() string { return "paragraph" }

func (p Paragraph) appendHTML(b *strings.Builder) {
	b.WriteString("<p>")
	p.in.appendHTML(b)
	b.WriteString("</p>")
}

func (p Paragraph) appendMarkdown(b *strings.Builder) {
	var m strings.Builder
	p.in.appendMarkdown(&m)
	if magicLine(m.String()) {
		rawMarkdown(b, p)
		return
	}
	b.WriteString(m.String())
}

func (p Paragraph) render(b *strings.Builder, rc *renderState) {
	b.WriteString("<p>")
	p.in.write(b, rc.base)
	b.WriteString("</p>")
}

func (p Paragraph) appendText(b *strings.Builder) { p.in.appendText(b) }

// Text is the paragraph's plain text.
func (p Paragraph) Text() string { return p.in.text() }

// Heading is <h2>, <h3> or <h4>; h1 folds to h2, h5 and h6 to h4.
type Heading struct {
	Level int
	in    inline
}

var headingKind = &Kind{Name: "heading",
	match: func(n *html.Node) bool {
		switch n.DataAtom {
		case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
			return true
		}
		return false
	},
	parse: parseHeading,
}

func parseHeading(n *html.Node, r *Report) (Block, bool) {
	level := min(max(int(n.Data[1]-'0'), 2), 4)
	in := oneLine(readInline(n, r, false))
	return Heading{level, in}, !in.empty()
}

func (Heading) Kind() string { return "heading" }

func (h Heading) tag() string { return "h" + strconv.Itoa(h.Level) }

func (h Heading) appendHTML(b *strings.Builder) {
	b.WriteString("<" + h.tag() + ">")
	h.in.appendHTML(b)
	b.WriteString("</" + h.tag() + ">")
}

func (h Heading) appendMarkdown(b *strings.Builder) {
	b.WriteString(strings.Repeat("#", h.Level) + " ")
	w := &mdWriter{b: b, heading: true}
	w.inline(h.in)
}

func (h Heading) render(b *strings.Builder, rc *renderState) {
	b.WriteString("<" + h.tag() + ">")
	h.in.write(b, rc.base)
	b.WriteString("</" + h.tag() + ">")
}

func (h Heading) appendText(b *strings.Builder) { h.in.appendText(b) }

// flowParser returns the parser of a kind a list item or a quote may
// hold (paragraph, heading, list, quote, code, divider), or nil.
func flowParser(n *html.Node) func(*html.Node, *Report) (Block, bool) {
	switch n.DataAtom {
	case atom.P:
		return parseParagraph
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return parseHeading
	case atom.Ul, atom.Ol:
		return parseList
	case atom.Blockquote:
		return parseQuote
	case atom.Pre:
		return parseCode
	case atom.Hr:
		return parseDivider
	}
	return nil
}

// parseFlow reads the children of a container as flow blocks; inline
// content between them becomes paragraphs. lead, when asked for, is the
// inline content before the first block (a list item's text).
func parseFlow(n *html.Node, r *Report, wantLead bool) (lead inline, blocks []Block) {
	var loose inline
	first := true
	flush := func() {
		in := normBlockInline(loose)
		loose = nil
		if in.empty() {
			return
		}
		if first && wantLead && len(blocks) == 0 {
			lead = in
			return
		}
		blocks = append(blocks, Paragraph{in})
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			parse := flowParser(c)
			if parse == nil && (c.DataAtom == atom.Div || c.DataAtom == atom.Figure || c.DataAtom == atom.Aside || c.DataAtom == atom.Section) {
				flush()
				first = false
				_, sub := parseFlow(c, r, false)
				blocks = append(blocks, sub...)
				continue
			}
			if parse != nil {
				flush()
				first = false
				if b, ok := parse(c, r); ok {
					blocks = append(blocks, b)
				}
				continue
			}
		}
		loose = append(loose, readOne(c, r, false)...)
	}
	flush()
	return lead, blocks
}

// writeFlow writes flow blocks as goldmark does: each followed by "\n".
func writeFlow(b *strings.Builder, blocks []Block, each func(Block)) {
	for _, bl := range blocks {
		each(bl)
		b.WriteByte('\n')
	}
}

// Quote is <blockquote> holding flow blocks.
type Quote struct{ Blocks []Block }

var quoteKind = &Kind{Name: "quote",
	match: func(n *html.Node) bool { return n.DataAtom == atom.Blockquote },
	parse: parseQuote,
}

func parseQuote(n *html.Node, r *Report) (Block, bool) {
	_, blocks := parseFlow(n, r, false)
	return Quote{blocks}, len(blocks) > 0
}

func (Quote) Kind() string { return "quote" }

func (q Quote) appendHTML(b *strings.Builder) {
	b.WriteString("<blockquote>\n")
	writeFlow(b, q.Blocks, func(bl Block) { bl.appendHTML(b) })
	b.WriteString("</blockquote>")
}

func (q Quote) appendMarkdown(b *strings.Builder) {
	var m strings.Builder
	for i, bl := range q.Blocks {
		if i > 0 {
			m.WriteString("\n\n")
			if sameListKind(q.Blocks[i-1], bl) {
				m.WriteString("<!-- -->\n\n")
			}
		}
		bl.appendMarkdown(&m)
	}
	b.WriteString(indentLines(m.String(), "> ", "> ", true))
}

func (q Quote) render(b *strings.Builder, rc *renderState) {
	b.WriteString("<blockquote>\n")
	writeFlow(b, q.Blocks, func(bl Block) { bl.render(b, rc) })
	b.WriteString("</blockquote>")
}

func (q Quote) appendText(b *strings.Builder) {
	for _, bl := range q.Blocks {
		bl.appendText(b)
		b.WriteByte(' ')
	}
}

// indentLines prefixes the first line with first and the others with
// rest; blank lines get the prefix trimmed (or kept, for quotes).
func indentLines(s, first, rest string, keepBlank bool) string {
	lines := strings.Split(s, "\n")
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		p := rest
		if i == 0 {
			p = first
		}
		if l == "" {
			if keepBlank {
				b.WriteString(strings.TrimRight(p, " "))
			}
			continue
		}
		b.WriteString(p + l)
	}
	return b.String()
}

// List is <ul> or <ol> of items.
type List struct {
	Ordered bool
	Items   []Item
}

// Item is a list item: its text, then any blocks. In a list whose items
// hold paragraphs (a loose list) every item's text is a paragraph.
type Item struct {
	lead   inline
	Blocks []Block
}

var listKind = &Kind{Name: "list",
	match: func(n *html.Node) bool { return n.DataAtom == atom.Ul || n.DataAtom == atom.Ol },
	parse: parseList,
}

func parseList(n *html.Node, r *Report) (Block, bool) {
	l := List{Ordered: n.DataAtom == atom.Ol}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.DataAtom == atom.Li {
			lead, blocks := parseFlow(c, r, true)
			l.Items = append(l.Items, Item{lead, blocks})
		} else if c.Type == html.ElementNode || c.Type == html.TextNode && strings.TrimSpace(c.Data) != "" {
			wrap := &html.Node{Type: html.ElementNode, Data: "li", DataAtom: atom.Li}
			lead, blocks := parseFlow(wrapOne(c, wrap), r, true)
			if len(lead) > 0 || len(blocks) > 0 {
				l.Items = append(l.Items, Item{lead, blocks})
			}
		}
	}
	if len(l.Items) == 0 {
		return nil, false
	}
	loose := false
	for _, it := range l.Items {
		for _, bl := range it.Blocks {
			if _, ok := bl.(Paragraph); ok {
				loose = true
			}
		}
	}
	if loose {
		for i, it := range l.Items {
			if len(it.lead) > 0 {
				l.Items[i] = Item{Blocks: append([]Block{Paragraph{it.lead}}, it.Blocks...)}
			}
		}
	}
	return l, true
}

// wrapOne reads a stray child of a list as if it were in an item, without
// moving it.
func wrapOne(c, wrap *html.Node) *html.Node {
	clone := &html.Node{Type: c.Type, Data: c.Data, DataAtom: c.DataAtom, Attr: c.Attr}
	for k := c.FirstChild; k != nil; k = k.NextSibling {
		clone.AppendChild(cloneNode(k))
	}
	wrap.AppendChild(clone)
	return wrap
}

func cloneNode(n *html.Node) *html.Node {
	c := &html.Node{Type: n.Type, Data: n.Data, DataAtom: n.DataAtom, Attr: n.Attr}
	for k := n.FirstChild; k != nil; k = k.NextSibling {
		c.AppendChild(cloneNode(k))
	}
	return c
}

func (List) Kind() string { return "list" }

func (l List) tag() string {
	if l.Ordered {
		return "ol"
	}
	return "ul"
}

func (l List) appendHTML(b *strings.Builder) { l.write(b, func(bl Block) { bl.appendHTML(b) }, "") }

func (l List) render(b *strings.Builder, rc *renderState) {
	l.write(b, func(bl Block) { bl.render(b, rc) }, rc.base)
}

func (l List) write(b *strings.Builder, each func(Block), base string) {
	b.WriteString("<" + l.tag() + ">\n")
	for _, it := range l.Items {
		b.WriteString("<li>")
		if len(it.lead) > 0 {
			it.lead.write(b, base)
		}
		if len(it.Blocks) > 0 {
			b.WriteByte('\n')
			writeFlow(b, it.Blocks, each)
		}
		b.WriteString("</li>\n")
	}
	b.WriteString("</" + l.tag() + ">")
}

func (l List) appendMarkdown(b *strings.Builder) {
	loose := false
	for _, it := range l.Items {
		if len(it.lead) == 0 && len(it.Blocks) > 0 {
			if _, ok := it.Blocks[0].(Paragraph); ok {
				loose = true
			}
		}
	}
	for i, it := range l.Items {
		if i > 0 {
			b.WriteByte('\n')
			if loose {
				b.WriteByte('\n')
			}
		}
		marker := "- "
		if l.Ordered {
			marker = strconv.Itoa(i+1) + ". "
		}
		pad := strings.Repeat(" ", len(marker))
		var m strings.Builder
		if len(it.lead) > 0 {
			it.lead.appendMarkdown(&m)
		}
		for j, bl := range it.Blocks {
			if m.Len() > 0 {
				m.WriteByte('\n')
				if loose || j > 0 {
					m.WriteByte('\n')
				}
				if j > 0 && sameListKind(it.Blocks[j-1], bl) {
					m.WriteString("<!-- -->\n\n")
				}
			}
			bl.appendMarkdown(&m)
		}
		if m.Len() == 0 {
			b.WriteString(strings.TrimRight(marker, " "))
			continue
		}
		b.WriteString(indentLines(m.String(), marker, pad, false))
	}
}

func (l List) appendText(b *strings.Builder) {
	for _, it := range l.Items {
		it.lead.appendText(b)
		b.WriteByte(' ')
		for _, bl := range it.Blocks {
			bl.appendText(b)
			b.WriteByte(' ')
		}
	}
}

// sameListKind reports whether two blocks are lists Markdown would merge.
func sameListKind(a, b Block) bool {
	la, ok1 := a.(List)
	lb, ok2 := b.(List)
	return ok1 && ok2 && la.Ordered == lb.Ordered
}

// Code is <pre><code>text</code></pre>, kept for bodies written with
// Markdown code blocks.
type Code struct{ Text string }

var codeKind = &Kind{Name: "code",
	match: func(n *html.Node) bool { return n.DataAtom == atom.Pre },
	parse: parseCode,
}

func parseCode(n *html.Node, r *Report) (Block, bool) {
	t := strings.ReplaceAll(textContent(n), "\r\n", "\n")
	if strings.TrimSpace(t) == "" {
		return nil, false
	}
	if !strings.HasSuffix(t, "\n") {
		t += "\n"
	}
	return Code{t}, true
}

func (Code) Kind() string { return "code" }

func (c Code) appendHTML(b *strings.Builder) {
	b.WriteString("<pre><code>")
	b.WriteString(escape(c.Text))
	b.WriteString("</code></pre>")
}

func (c Code) appendMarkdown(b *strings.Builder) {
	fence := "```"
	for strings.Contains(c.Text, fence) {
		fence += "`"
	}
	b.WriteString(fence + "\n" + strings.TrimSuffix(c.Text, "\n") + "\n" + fence)
}

func (c Code) render(b *strings.Builder, _ *renderState) { c.appendHTML(b) }

func (c Code) appendText(b *strings.Builder) { b.WriteString(c.Text) }

// Divider is <hr>.
type Divider struct{}

var dividerKind = &Kind{Name: "divider",
	match: func(n *html.Node) bool { return n.DataAtom == atom.Hr },
	parse: parseDivider,
}

func parseDivider(*html.Node, *Report) (Block, bool) { return Divider{}, true }

func (Divider) Kind() string                              { return "divider" }
func (Divider) appendHTML(b *strings.Builder)             { b.WriteString("<hr>") }
func (Divider) appendMarkdown(b *strings.Builder)         { b.WriteString("---") }
func (Divider) render(b *strings.Builder, _ *renderState) { b.WriteString("<hr>") }
func (Divider) appendText(*strings.Builder)               {}

// magicLine reports whether a paragraph's Markdown would be read as a
// block of another kind (see-also, embed, gallery).
func magicLine(md string) bool {
	for _, p := range []string{"See also:", "Embed:", "Gallery:"} {
		if strings.HasPrefix(md, p) {
			return true
		}
	}
	return false
}

// rawMarkdown writes a block as an HTML block of Markdown: its canonical
// HTML, with blank lines (only possible in code) written as character
// references so that the HTML block does not end early.
func rawMarkdown(b *strings.Builder, bl Block) {
	var h strings.Builder
	bl.appendHTML(&h)
	lines := strings.Split(h.String(), "\n")
	b.WriteString(lines[0])
	for _, l := range lines[1:] {
		switch {
		case l == "":
			b.WriteString("&#10;") // the line break, on the line before
		case strings.TrimSpace(l) == "":
			b.WriteString("\n" + strings.NewReplacer(" ", "&#32;", "\t", "&#9;", "\f", "&#12;", "\r", "&#13;").Replace(l))
		default:
			b.WriteString("\n" + l)
		}
	}
}
