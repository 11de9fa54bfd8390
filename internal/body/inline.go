package body

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/util"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Inline content everywhere is text plus a[href] (http, https, mailto or
// relative), em, strong, code, br, sup, sub and del: the inline allow-list.
// b, i, s and strike are read as strong, em and del; other inline tags are
// unwrapped (their text kept, the loss reported); active or embedded
// elements are dropped with their content and reported.

// inode is one inline node: text when tag is 0.
type inode struct {
	tag  atom.Atom
	text string // text nodes and code
	href string // a
	kids inline
}

type inline []inode

// inlineTags maps the inline elements kept to their canonical tag.
var inlineTags = map[atom.Atom]atom.Atom{
	atom.A: atom.A, atom.Em: atom.Em, atom.I: atom.Em, atom.Strong: atom.Strong, atom.B: atom.Strong,
	atom.Code: atom.Code, atom.Kbd: atom.Code, atom.Samp: atom.Code, atom.Tt: atom.Code,
	atom.Br: atom.Br, atom.Sup: atom.Sup, atom.Sub: atom.Sub, atom.Del: atom.Del, atom.S: atom.Del, atom.Strike: atom.Del,
}

// droppedInline are elements whose content is never kept inline.
var droppedInline = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Iframe: true, atom.Object: true, atom.Embed: true, atom.Img: true,
	atom.Svg: true, atom.Math: true, atom.Input: true, atom.Button: true, atom.Select: true, atom.Textarea: true,
	atom.Template: true, atom.Noscript: true, atom.Video: true, atom.Audio: true, atom.Canvas: true, atom.Form: true,
	atom.Picture: true, atom.Source: true, atom.Link: true, atom.Meta: true, atom.Base: true, atom.Head: true, atom.Title: true,
}

// plainInline are inline elements unwrapped without comment: they carry
// no formatting the body could keep or lose.
var plainInline = map[atom.Atom]bool{atom.Span: true, atom.Font: true, atom.Abbr: true, atom.Time: true, atom.Small: true,
	atom.Cite: true, atom.Dfn: true, atom.Var: true,
	atom.Label: true, atom.Wbr: true, atom.Bdi: true, atom.Bdo: true, atom.Data: true}

// isInlineElement reports whether a top-level element is inline content
// (it goes into a paragraph rather than being a block of its own).
func isInlineElement(n *html.Node) bool {
	_, ok := inlineTags[n.DataAtom]
	return ok || plainInline[n.DataAtom]
}

// parseInline reads the children of n as canonical inline content of a
// block (edges trimmed).
func parseInline(n *html.Node, r *Report) inline {
	return normBlockInline(readInline(n, r, false))
}

func readInline(n *html.Node, r *Report, inLink bool) inline {
	var out inline
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		out = append(out, readOne(c, r, inLink)...)
	}
	return out
}

// readOne reads one node as inline content.
func readOne(c *html.Node, r *Report, inLink bool) inline {
	switch c.Type {
	case html.TextNode:
		return inline{{text: c.Data}}
	case html.ElementNode:
	default:
		return nil
	}
	tag, ok := inlineTags[c.DataAtom]
	switch {
	case droppedInline[c.DataAtom]:
		r.drop(describe(c))
		return nil
	case !ok:
		if !plainInline[c.DataAtom] {
			r.drop("HTML tags (<" + c.Data + ">)")
		}
		kids := readInline(c, r, inLink)
		if isBlockish(c) {
			kids = append(inline{{text: "\n"}}, kids...)
		}
		return kids
	case tag == atom.Br:
		return inline{{tag: atom.Br}}
	case tag == atom.Code:
		return inline{{tag: atom.Code, text: textContent(c)}}
	case tag == atom.A:
		href, okURL := cleanHref(attr(c, "href"))
		kids := readInline(c, r, true)
		if inLink || !okURL {
			if !okURL && attr(c, "href") != "" {
				r.drop("a link to " + attr(c, "href"))
			}
			return kids
		}
		return inline{{tag: atom.A, href: href, kids: kids}}
	}
	return inline{{tag: tag, kids: readInline(c, r, inLink)}}
}

func isBlockish(n *html.Node) bool {
	switch n.DataAtom {
	case atom.P, atom.Div, atom.Li, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Blockquote, atom.Ul, atom.Ol, atom.Pre, atom.Tr, atom.Figure, atom.Figcaption:
		return true
	}
	return false
}

func textContent(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				b.WriteString(c.Data)
			case html.ElementNode:
				if c.DataAtom == atom.Br {
					b.WriteByte('\n')
				} else if !droppedInline[c.DataAtom] {
					walk(c)
				}
			}
		}
	}
	walk(n)
	return b.String()
}

// cleanHref returns the canonical form of a link target and whether it
// is allowed: http, https, mailto, or relative (no scheme).
func cleanHref(h string) (string, bool) {
	h = strings.TrimSpace(h)
	if h == "" {
		return "", false
	}
	u, err := url.Parse(h)
	if err != nil {
		return "", false
	}
	switch strings.ToLower(u.Scheme) {
	case "", "http", "https", "mailto":
	default:
		return "", false
	}
	if u.Scheme == "" && strings.Contains(strings.SplitN(h, "/", 2)[0], ":") {
		return "", false
	}
	h = string(util.URLEscape([]byte(h), false))
	if _, err := url.Parse(h); err != nil {
		return "", false
	}
	return h, true
}

// norm makes inline content canonical: adjacent text merged, empty
// elements removed, spaces and line breaks at element edges moved outside,
// code on one line, runs of spaces with a line break one "\n".
func norm(in inline) inline {
	var out inline
	add := func(n inode) {
		if n.tag == 0 {
			if n.text == "" {
				return
			}
			if k := len(out); k > 0 && out[k-1].tag == 0 {
				out[k-1].text += n.text
				return
			}
		}
		out = append(out, n)
	}
	for _, n := range in {
		switch n.tag {
		case 0, atom.Br:
			add(n)
		case atom.Code:
			t := strings.Map(func(r rune) rune {
				if r == '\n' || r == '\r' || r == '\t' || r == '\f' {
					return ' '
				}
				return r
			}, n.text)
			if t == "" {
				continue
			}
			n.text = t
			add(n)
		default:
			kids := norm(n.kids)
			var lead, trail inline
			for len(kids) > 0 && isSpaceNode(kids[0]) {
				lead = append(lead, kids[0])
				kids = kids[1:]
			}
			if len(kids) > 0 && kids[0].tag == 0 {
				t := kids[0].text
				s := strings.TrimLeft(t, spaces)
				if len(s) < len(t) {
					lead = append(lead, inode{text: t[:len(t)-len(s)]})
					kids = append(inline{{text: s}}, kids[1:]...)
				}
			}
			for len(kids) > 0 && isSpaceNode(kids[len(kids)-1]) {
				trail = append(inline{kids[len(kids)-1]}, trail...)
				kids = kids[:len(kids)-1]
			}
			if k := len(kids); k > 0 && kids[k-1].tag == 0 {
				t := kids[k-1].text
				s := strings.TrimRight(t, spaces)
				if len(s) < len(t) {
					trail = append(inline{{text: t[len(s):]}}, trail...)
					kids = append(kids[:k-1:k-1], inode{text: s})
				}
			}
			for _, l := range lead {
				add(l)
			}
			if len(kids) > 0 {
				n.kids = kids
				add(n)
			}
			for _, t := range trail {
				add(t)
			}
		}
	}
	for i := range out {
		if out[i].tag == 0 {
			out[i].text = collapse(out[i].text)
		}
	}
	// A line break is always followed by a new line, and preceded by none.
	var fixed inline
	for i, n := range out {
		if n.tag == atom.Br {
			if k := len(fixed); k > 0 && fixed[k-1].tag == 0 {
				fixed[k-1].text = strings.TrimRight(fixed[k-1].text, spaces)
				if fixed[k-1].text == "" {
					fixed = fixed[:k-1]
				}
			}
			fixed = append(fixed, n)
			if i+1 < len(out) && out[i+1].tag == 0 {
				out[i+1].text = "\n" + strings.TrimLeft(out[i+1].text, spaces)
			} else {
				fixed = append(fixed, inode{text: "\n"})
			}
			continue
		}
		fixed = append(fixed, n)
	}
	return fixed
}

const spaces = " \t\n\r\f"

func isSpaceNode(n inode) bool {
	return n.tag == atom.Br || (n.tag == 0 && strings.Trim(n.text, spaces) == "")
}

// collapse turns each run of white space holding a line break into "\n"
// and other tabs and form feeds into spaces.
func collapse(s string) string {
	if !strings.ContainsAny(s, "\t\n\r\f") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if strings.IndexByte(spaces, s[i]) < 0 {
			b.WriteByte(s[i])
			i++
			continue
		}
		j := i
		nl := false
		for j < len(s) && strings.IndexByte(spaces, s[j]) >= 0 {
			nl = nl || s[j] == '\n' || s[j] == '\r'
			j++
		}
		if nl {
			b.WriteByte('\n')
		} else {
			for k := i; k < j; k++ {
				b.WriteByte(' ')
			}
		}
		i = j
	}
	return b.String()
}

// normBlockInline is norm plus the block's edges trimmed: no leading or
// trailing spaces or line breaks.
func normBlockInline(in inline) inline {
	out := norm(in)
	for len(out) > 0 {
		n := &out[0]
		if n.tag == atom.Br {
			out = out[1:]
			continue
		}
		if n.tag == 0 {
			n.text = strings.TrimLeft(n.text, spaces)
			if n.text == "" {
				out = out[1:]
				continue
			}
		}
		break
	}
	for len(out) > 0 {
		n := &out[len(out)-1]
		if n.tag == atom.Br {
			out = out[:len(out)-1]
			continue
		}
		if n.tag == 0 {
			n.text = strings.TrimRight(n.text, spaces)
			if n.text == "" {
				out = out[:len(out)-1]
				continue
			}
		}
		break
	}
	return out
}

// oneLine makes inline content a single line (headings, captions): line
// breaks become spaces.
func oneLine(in inline) inline {
	var out inline
	for _, n := range in {
		switch n.tag {
		case atom.Br:
			out = append(out, inode{text: " "})
		case 0:
			n.text = strings.ReplaceAll(n.text, "\n", " ")
			out = append(out, n)
		case atom.Code:
			out = append(out, n)
		default:
			n.kids = oneLine(n.kids)
			out = append(out, n)
		}
	}
	return normBlockInline(out)
}

func (in inline) empty() bool { return len(in) == 0 }

// appendHTML writes the canonical inline HTML.
func (in inline) appendHTML(b *strings.Builder) { in.write(b, "") }

// write writes inline HTML; base, when not empty, makes relative links
// absolute.
func (in inline) write(b *strings.Builder, base string) {
	for _, n := range in {
		switch n.tag {
		case 0:
			b.WriteString(escape(n.text))
		case atom.Br:
			b.WriteString("<br>")
		case atom.Code:
			b.WriteString("<code>")
			b.WriteString(escape(n.text))
			b.WriteString("</code>")
		case atom.A:
			b.WriteString(`<a href="`)
			b.WriteString(escape(absolute(base, n.href)))
			b.WriteString(`">`)
			n.kids.write(b, base)
			b.WriteString("</a>")
		default:
			b.WriteString("<" + n.tag.String() + ">")
			n.kids.write(b, base)
			b.WriteString("</" + n.tag.String() + ">")
		}
	}
}

// absolute makes a site-relative URL absolute against base ("" leaves it).
func absolute(base, href string) string {
	if base == "" || !strings.HasPrefix(href, "/") || strings.HasPrefix(href, "//") {
		return href
	}
	return strings.TrimRight(base, "/") + href
}

// appendText writes the plain text.
func (in inline) appendText(b *strings.Builder) {
	for _, n := range in {
		switch n.tag {
		case 0, atom.Code:
			b.WriteString(n.text)
		case atom.Br:
			b.WriteByte(' ')
		default:
			n.kids.appendText(b)
		}
	}
}

func (in inline) text() string {
	var b strings.Builder
	in.appendText(&b)
	return b.String()
}

// mdWriter writes Markdown, knowing whether it is at the start of a line.
type mdWriter struct {
	b         *strings.Builder
	lineStart bool
	heading   bool // escape every '#'
	dash      bool // escape a dash opening a line (pull quotes: "— Name" is the attribution)
}

func (w *mdWriter) raw(s string) {
	if s == "" {
		return
	}
	w.b.WriteString(s)
	w.lineStart = s[len(s)-1] == '\n'
}

// appendMarkdown writes inline content as Markdown that goldmark (with the
// extensions of markdown.go) reads back as the same inline content.
func (in inline) appendMarkdown(b *strings.Builder) {
	w := &mdWriter{b: b, lineStart: true}
	w.inline(in)
}

func (w *mdWriter) inline(in inline) {
	for _, n := range in {
		switch n.tag {
		case 0:
			w.text(n.text)
		case atom.Br:
			w.raw("\\")
		case atom.Code:
			w.code(n.text)
		case atom.A:
			w.link(n)
		case atom.Em, atom.Strong, atom.Del:
			mark := map[atom.Atom]string{atom.Em: "*", atom.Strong: "**", atom.Del: "~~"}[n.tag]
			if delimitable(n) {
				w.raw(mark)
				w.inline(n.kids)
				w.raw(mark)
			} else {
				w.rawTag(n)
			}
		default:
			w.rawTag(n)
		}
	}
}

func (w *mdWriter) rawTag(n inode) {
	w.raw("<" + n.tag.String() + ">")
	w.inline(n.kids)
	w.raw("</" + n.tag.String() + ">")
}

// delimitable reports whether *x*, **x** or ~~x~~ reads back as n: its
// content starts and ends with a letter or digit of a text node and holds
// no element of the same kind.
func delimitable(n inode) bool {
	if len(n.kids) == 0 || n.kids[0].tag != 0 || n.kids[len(n.kids)-1].tag != 0 {
		return false
	}
	first, _ := utf8.DecodeRuneInString(n.kids[0].text)
	last, _ := utf8.DecodeLastRuneInString(n.kids[len(n.kids)-1].text)
	if !isWordRune(first) || !isWordRune(last) {
		return false
	}
	var same func(in inline) bool
	same = func(in inline) bool {
		for _, k := range in {
			if k.tag == n.tag || k.tag == atom.Em && n.tag == atom.Strong || k.tag == atom.Strong && n.tag == atom.Em || same(k.kids) {
				return true
			}
		}
		return false
	}
	return !same(n.kids)
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func (w *mdWriter) code(t string) {
	longest, run := 0, 0
	for i := 0; i < len(t); i++ {
		if t[i] == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	if w.lineStart && len(fence) >= 3 {
		w.raw("<code>")
		w.text(t)
		w.raw("</code>")
		return
	}
	pad := ""
	if strings.Trim(t, " ") != "" && (t[0] == '`' || t[len(t)-1] == '`' || t[0] == ' ' && t[len(t)-1] == ' ') {
		pad = " "
	}
	w.raw(fence + pad + t + pad + fence)
}

func (w *mdWriter) link(n inode) {
	h := n.href
	plain := !strings.ContainsAny(h, " ()<>\\\n\t") && !entityRef(h)
	angle := !strings.ContainsAny(h, "<>\\\n") && !entityRef(h)
	if !plain && !angle {
		w.raw(`<a href="` + escape(h) + `">`)
		w.inline(n.kids)
		w.raw("</a>")
		return
	}
	w.raw("[")
	w.inline(n.kids)
	if plain {
		w.raw("](" + h + ")")
	} else {
		w.raw("](<" + h + ">)")
	}
}

// entityRef reports whether s holds something goldmark would read as an
// HTML character reference ("&amp;").
func entityRef(s string) bool {
	for i := strings.IndexByte(s, '&'); i >= 0; {
		j := i + 1
		for j < len(s) && (isAlnum(s[j]) || s[j] == '#') {
			j++
		}
		if j > i+1 && j < len(s) && s[j] == ';' {
			return true
		}
		k := strings.IndexByte(s[i+1:], '&')
		if k < 0 {
			break
		}
		i += 1 + k
	}
	return false
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// text writes text with every character Markdown (or the typographer)
// would read as syntax escaped.
func (w *mdWriter) text(s string) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if w.lineStart && w.dash && strings.HasPrefix(s[i:], "—") {
			w.b.WriteString("&#8212;")
			i += len("—") - 1
			w.lineStart = false
			continue
		}
		if w.lineStart {
			switch {
			case c == '#' || c == '+' || c == '-' || c == '=' || c == '|':
				w.b.WriteByte('\\')
			case c >= '0' && c <= '9':
				j := i
				for j < len(s) && s[j] >= '0' && s[j] <= '9' {
					j++
				}
				w.b.WriteString(s[i:j])
				i = j - 1
				if j < len(s) && (s[j] == '.' || s[j] == ')') {
					w.b.WriteByte('\\')
					w.b.WriteByte(s[j])
					i = j
				}
				w.lineStart = false
				continue
			}
		}
		switch c {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '~', '"', '\'':
			w.b.WriteByte('\\')
		case '#':
			if w.heading {
				w.b.WriteByte('\\')
			}
		case '-', '.':
			if i+1 < len(s) && s[i+1] == c {
				w.b.WriteByte('\\')
			}
		case '&':
			if i+1 < len(s) && (isAlnum(s[i+1]) || s[i+1] == '#') {
				w.b.WriteByte('\\')
			}
		case '!':
			// "![" would start an image; '[' is escaped, so '!' never does.
		}
		w.b.WriteByte(c)
		w.lineStart = c == '\n'
	}
}

// mdText is plain text (captions, names) as Markdown on one line.
func mdText(s string) string {
	var b strings.Builder
	w := &mdWriter{b: &b}
	w.text(strings.Join(strings.Fields(s), " "))
	return b.String()
}
