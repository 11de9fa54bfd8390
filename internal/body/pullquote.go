package body

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// PullQuote is <figure class="pullquote"><blockquote><p>Quote</p></blockquote><figcaption>Name</figcaption></figure>
// (figcaption optional; paragraphs joined by "\n"). Markdown: a quote in a
// quote, its last line "— Name":
//
//	>> Quote
//	>> — Name
type PullQuote struct {
	Paras []inline
	Cite  inline
}

var pullQuoteKind = &Kind{Name: "pull quote",
	match: func(n *html.Node) bool { return n.DataAtom == atom.Figure && hasClass(n, "pullquote") },
	parse: func(n *html.Node, r *Report) (Block, bool) {
		var q PullQuote
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			switch c.DataAtom {
			case atom.Blockquote:
				_, blocks := parseFlow(c, r, false)
				for _, b := range blocks {
					if p, ok := b.(Paragraph); ok {
						q.Paras = append(q.Paras, p.in)
					} else {
						r.drop("a " + b.Kind() + " in a pull quote")
					}
				}
			case atom.Figcaption:
				q.Cite = oneLine(readInline(c, r, false))
			default:
				r.drop(describe(c) + " in a pull quote")
			}
		}
		return q, len(q.Paras) > 0
	},
}

func (PullQuote) Kind() string { return "pull quote" }

func (q PullQuote) appendHTML(b *strings.Builder) { q.write(b, "") }

func (q PullQuote) write(b *strings.Builder, base string) {
	b.WriteString(`<figure class="pullquote"><blockquote>`)
	for i, p := range q.Paras {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString("<p>")
		p.write(b, base)
		b.WriteString("</p>")
	}
	b.WriteString("</blockquote>")
	if len(q.Cite) > 0 {
		b.WriteString("<figcaption>")
		q.Cite.write(b, base)
		b.WriteString("</figcaption>")
	}
	b.WriteString("</figure>")
}

func (q PullQuote) appendMarkdown(b *strings.Builder) {
	var m strings.Builder
	for i, p := range q.Paras {
		if i > 0 {
			m.WriteString("\n\n")
		}
		w := &mdWriter{b: &m, lineStart: true, dash: true}
		w.inline(p)
	}
	if len(q.Cite) > 0 {
		m.WriteString("\n— ")
		w := &mdWriter{b: &m}
		w.inline(q.Cite)
	}
	b.WriteString(indentLines(m.String(), ">> ", ">> ", true))
}

func (q PullQuote) render(b *strings.Builder, rc *renderState) { q.write(b, rc.base) }

// appendText writes the quote and its attribution: readers read them,
// and search finds them (the repeat checks leave pull quotes out).
func (q PullQuote) appendText(b *strings.Builder) {
	quote, cite := q.Text()
	b.WriteString(quote + " " + cite)
}

// Text is the quote's plain text and its attribution.
func (q PullQuote) Text() (quote, cite string) {
	var b strings.Builder
	for _, p := range q.Paras {
		p.appendText(&b)
		b.WriteByte(' ')
	}
	return strings.TrimSpace(b.String()), q.Cite.text()
}
