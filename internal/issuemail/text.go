package issuemail

import (
	"net/url"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/text/width"
)

// textWidth is where the plain-text part wraps; URLs are never broken.
const textWidth = 72

// renderText lays out the plain-text part. Links are written in full
// after their text and are never tracked: the text part is for readers
// who want plain mail.
func renderText(is Issue) string {
	var t textBuilder
	t.para(is.Publication.Name, "")
	t.para(oneLine(is.Newsletter.Name), "")
	t.blank()
	for _, p := range paragraphs(is.Intro) {
		t.para(p, "")
		t.blank()
	}
	if len(is.Articles) == 1 && strings.TrimSpace(is.Articles[0].BodyHTML) != "" {
		a := is.Articles[0]
		t.rule()
		if a.Kicker != "" {
			t.para(strings.ToUpper(a.Kicker), "")
		}
		t.para(a.Headline, "")
		t.underline(a.Headline)
		if a.Byline != "" {
			t.para(a.Byline, "")
		}
		t.blank()
		if a.Standfirst != "" {
			t.para(oneLine(a.Standfirst), "")
			t.blank()
		}
		t.body(a.BodyHTML, a.URL)
		t.para("Read it on the website: "+a.URL, "")
		t.blank()
	} else {
		for _, a := range is.Articles {
			t.rule()
			if a.Kicker != "" {
				t.para(strings.ToUpper(a.Kicker), "")
			}
			t.para(a.Headline, "")
			t.underline(a.Headline)
			t.blank()
			if a.Standfirst != "" {
				t.para(oneLine(a.Standfirst), "")
				t.blank()
			}
			t.para("Read more: "+a.URL, "")
			t.blank()
		}
	}
	t.rule()
	t.para("You are receiving "+oneLine(is.Newsletter.Name)+" because you subscribed to it at "+is.Publication.Name+".", "")
	t.blank()
	t.line("Unsubscribe: " + PlaceholderUnsubscribe)
	t.line("Manage your newsletters: " + PlaceholderPreferences)
	t.blank()
	for _, l := range addressLines(is.Publication) {
		t.para(l, "")
	}
	t.line(is.Publication.BaseURL)
	return t.String()
}

type textBuilder struct {
	strings.Builder
}

func (t *textBuilder) line(s string) { t.WriteString(s + "\n") }

// blank ends a paragraph with one empty line, never two.
func (t *textBuilder) blank() {
	s := t.String()
	if s == "" || strings.HasSuffix(s, "\n\n") {
		return
	}
	if !strings.HasSuffix(s, "\n") {
		t.WriteString("\n")
	}
	t.WriteString("\n")
}

func (t *textBuilder) rule() {
	t.blank()
	t.line(strings.Repeat("-", textWidth))
	t.WriteString("\n")
}

func (t *textBuilder) underline(s string) {
	t.line(strings.Repeat("=", min(columns(s), textWidth)))
}

// para writes s wrapped at textWidth, each line after the first prefixed
// by indent (the first carries whatever the caller wrote before it).
func (t *textBuilder) para(s, prefix string) {
	t.WriteString(wrap(s, prefix))
}

// wrap breaks s into lines of at most textWidth columns where it can,
// prefixing each with prefix. A URL longer than a line gets a line of its
// own, unbroken; any other overlong run (Chinese or Japanese text, which
// has no spaces) is cut between characters. Wide characters count two
// columns, as terminals show them.
func wrap(s, prefix string) string {
	var b strings.Builder
	limit := textWidth - columns(prefix)
	n := 0 // columns on the current line
	newline := func() {
		b.WriteString("\n" + prefix)
		n = 0
	}
	for _, w := range strings.Fields(s) {
		wl := columns(w)
		switch {
		case b.Len() == 0:
			b.WriteString(prefix)
		case n+1+wl <= limit:
			b.WriteByte(' ')
			n++
		case isURL(w) || wl <= limit:
			newline()
		default: // cut below
			if n+1 < limit {
				b.WriteByte(' ')
				n++
			} else {
				newline()
			}
		}
		if wl <= limit-n || isURL(w) {
			b.WriteString(w)
			n += wl
			continue
		}
		for _, r := range w {
			rw := runeColumns(r)
			if n+rw > limit {
				newline()
			}
			b.WriteRune(r)
			n += rw
		}
	}
	if b.Len() > 0 {
		b.WriteByte('\n')
	}
	return b.String()
}

func isURL(w string) bool {
	return strings.Contains(w, "://") || strings.HasPrefix(w, "<mailto:") || strings.HasPrefix(w, "mailto:")
}

func columns(s string) int {
	n := 0
	for _, r := range s {
		n += runeColumns(r)
	}
	return n
}

func runeColumns(r rune) int {
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}

// body writes an article body as text: paragraphs wrapped, headings
// underlined, list items bulleted, quotes prefixed with "> ", links as
// "text <URL>" and images as their alt text.
func (t *textBuilder) body(body, base string) {
	baseURL, _ := url.Parse(base)
	w := &textWalker{t: t, base: baseURL}
	for _, n := range bodyNodes(body) {
		w.walk(n)
	}
	w.flush()
	t.blank()
}

type textWalker struct {
	t      *textBuilder
	base   *url.URL
	cur    strings.Builder // the paragraph being gathered
	quote  int
	lists  []int // per open list: 0 bulleted, else the next number
	bullet string
	pre    bool
}

func (w *textWalker) prefix() string { return strings.Repeat("> ", w.quote) }

// flush writes the gathered paragraph.
func (w *textWalker) flush() {
	s := w.cur.String()
	w.cur.Reset()
	if w.pre {
		for _, l := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
			w.t.line(w.prefix() + "    " + l)
		}
		w.t.blank()
		return
	}
	if strings.TrimSpace(s) == "" {
		return
	}
	lead := w.prefix() + w.bullet
	text := wrap(s, strings.Repeat(" ", utf8.RuneCountInString(w.bullet)))
	// The first line carries the bullet in place of its indent.
	text = strings.TrimPrefix(text, strings.Repeat(" ", utf8.RuneCountInString(w.bullet)))
	for i, l := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		if i == 0 {
			w.t.line(lead + l)
		} else {
			w.t.line(w.prefix() + l)
		}
	}
	w.bullet = ""
	if len(w.lists) == 0 {
		w.t.blank()
	}
}

func (w *textWalker) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		w.cur.WriteString(n.Data)
		return
	case html.ElementNode:
	default:
		return
	}
	kids := func() {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			w.walk(c)
		}
	}
	a := n.DataAtom
	if r, ok := rename[a]; ok {
		a = r
	}
	switch {
	case drop[a]:
	case embeds[a] != "":
		if src := embedSource(n, w.base); src != "" {
			w.flush()
			w.cur.WriteString(embedLabel(a, src) + ": " + src)
			w.flush()
		}
	case a == atom.A:
		start := w.cur.Len()
		kids()
		href, ok := absolute(attr(n, "href"), w.base, true)
		label := strings.TrimSpace(w.cur.String()[start:])
		if ok && label != href {
			w.cur.WriteString(" <" + strings.TrimPrefix(href, "mailto:") + ">")
		}
	case a == atom.Img:
		if alt := oneLine(attr(n, "alt")); alt != "" {
			w.cur.WriteString("[" + alt + "]")
		}
	case a == atom.Br:
		if w.pre {
			w.cur.WriteString("\n")
		} else {
			w.cur.WriteString(" ")
		}
	case a == atom.Hr:
		w.flush()
		w.t.line(w.prefix() + strings.Repeat("-", 24))
		w.t.blank()
	case a == atom.Pre:
		w.flush()
		w.pre = true
		kids()
		w.flush()
		w.pre = false
	case a == atom.H2 || a == atom.H3 || a == atom.H4:
		w.flush()
		kids()
		s := oneLine(w.cur.String())
		w.cur.Reset()
		if s != "" {
			w.t.para(s, w.prefix())
			w.t.line(w.prefix() + strings.Repeat("-", min(columns(s), textWidth)))
			w.t.blank()
		}
	case a == atom.Blockquote || (a == atom.Figure && attr(n, "class") == "pullquote"):
		w.flush()
		w.quote++
		kids()
		w.flush()
		w.quote--
		w.t.blank()
	case a == atom.Ul || a == atom.Ol:
		w.flush()
		start := 0
		if a == atom.Ol {
			start = 1
		}
		w.lists = append(w.lists, start)
		kids()
		w.flush()
		w.lists = w.lists[:len(w.lists)-1]
		if len(w.lists) == 0 {
			w.t.blank()
		}
	case a == atom.Li:
		w.flush()
		depth := len(w.lists)
		indent := strings.Repeat("  ", max(depth-1, 0))
		if depth > 0 && w.lists[depth-1] > 0 {
			w.bullet = indent + itoa(w.lists[depth-1]) + ". "
			w.lists[depth-1]++
		} else {
			w.bullet = indent + "* "
		}
		kids()
		w.flush()
	case a == atom.P || a == atom.Div || a == atom.Aside || a == atom.Figure || a == atom.Figcaption || a == atom.Table || a == atom.Tr:
		w.flush()
		kids()
		w.flush()
	default:
		kids()
	}
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
