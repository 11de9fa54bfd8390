package body

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Markdown is an input syntax: FromMarkdown turns it into the same blocks
// the rich editor writes, and Doc.Markdown writes blocks back as Markdown.
// goldmark reads CommonMark with strikethrough and typographic quotes and
// dashes; HTML in it is read by Parse like any other HTML (and what the
// registry cannot keep is reported). The Masthead blocks are paragraphs
// of their own, found in goldmark's syntax tree before it is written as
// HTML, so that an escaped "See also\:" stays a paragraph:
//
//	See also: /articles/slug                   see-also
//	>> Quote / >> — Name                       pull quote
//	![Alt](media:12 "Caption")                 image (+ "Credit: ...", "Crop: 16:9" and "Focus: x,y" lines)
//	Gallery: caption / image lines             gallery
//	Embed: https://... (+ Title:, Caption:)    embed
//	```raw-html ... ```                        editor-only HTML
//	---                                        divider

var markdown = goldmark.New(
	goldmark.WithExtensions(extension.Strikethrough, extension.Typographer),
	goldmark.WithRendererOptions(gmhtml.WithUnsafe(),
		renderer.WithNodeRenderers(util.Prioritized(blockRenderer{}, 100))),
)

// FromMarkdown reads Markdown into blocks. lk finds see-also targets (by
// slug) and media (by id); what it cannot find is reported: see-also
// targets in Report.Missing, images in Report.Dropped.
func FromMarkdown(src string, lk Lookup) (Doc, Report, error) {
	var r Report
	source := []byte(src)
	doc := markdown.Parser().Parse(text.NewReader(source))
	st := &mdState{src: source, lk: lk, r: &r}
	for n := doc.FirstChild(); n != nil; {
		next := n.NextSibling()
		if repl := st.block(n); repl != nil {
			doc.ReplaceChild(doc, n, repl)
		}
		n = next
	}
	var buf bytes.Buffer
	if err := markdown.Renderer().Render(&buf, source, doc); err != nil {
		return Doc{}, r, fmt.Errorf("body: markdown: %w", err)
	}
	blocks := parseBlocks(parseFragment(buf.String()), &r)
	return Doc{Blocks: blocks}, r, nil
}

type mdState struct {
	src []byte
	lk  Lookup
	r   *Report
}

// lines are a paragraph's source lines, trimmed.
func (st *mdState) lines(n ast.Node) []string {
	ls := n.Lines()
	out := make([]string, ls.Len())
	for i := range out {
		seg := ls.At(i)
		out[i] = strings.TrimSpace(string(seg.Value(st.src)))
	}
	return out
}

// block returns the node that replaces a top-level node, or nil.
func (st *mdState) block(n ast.Node) ast.Node {
	switch n := n.(type) {
	case *ast.Paragraph:
		if b, ok := st.paragraph(st.lines(n)); ok {
			var h strings.Builder
			b.appendHTML(&h)
			return &rawNode{html: h.String()}
		}
	case *ast.Blockquote:
		return st.pullQuote(n)
	case *ast.FencedCodeBlock:
		if string(n.Language(st.src)) == "raw-html" {
			var b strings.Builder
			for i := 0; i < n.Lines().Len(); i++ {
				seg := n.Lines().At(i)
				b.Write(seg.Value(st.src))
			}
			bl, ok := NewRawHTML(b.String())
			if !ok {
				return &rawNode{}
			}
			var h strings.Builder
			bl.appendHTML(&h)
			return &rawNode{html: h.String()}
		}
	}
	return nil
}

// paragraph reads a Masthead block written as a paragraph.
func (st *mdState) paragraph(lines []string) (Block, bool) {
	if len(lines) == 0 {
		return nil, false
	}
	first := lines[0]
	switch {
	case len(lines) == 1 && strings.HasPrefix(first, "See also:"):
		target := strings.TrimSpace(strings.TrimPrefix(first, "See also:"))
		if target == "" || strings.ContainsAny(target, " \t[]()<>`*") {
			return nil, false
		}
		if st.lk.RefBySlug != nil {
			if ref, ok := st.lk.RefBySlug(SlugFromRef(unescapeMD(target))); ok {
				return SeeAlsoFor(ref), true
			}
		}
		st.r.Missing = append(st.r.Missing, unescapeMD(target))
		return nil, false
	case strings.HasPrefix(first, "Embed:"):
		raw := strings.TrimSpace(strings.TrimPrefix(first, "Embed:"))
		var title, caption string
		for _, l := range lines[1:] {
			switch {
			case strings.HasPrefix(l, "Title:"):
				title = unescapeMD(strings.TrimPrefix(l, "Title:"))
			case strings.HasPrefix(l, "Caption:"):
				caption = unescapeMD(strings.TrimPrefix(l, "Caption:"))
			default:
				return nil, false
			}
		}
		return newEmbed(raw, title, caption, st.r)
	case strings.HasPrefix(first, "Gallery:"):
		g := Gallery{Caption: plain(unescapeMD(strings.TrimPrefix(first, "Gallery:")))}
		rest := lines[1:]
		for len(rest) > 0 {
			im, n, ok := st.image(rest)
			if !ok {
				return nil, false
			}
			if im.MediaID != 0 {
				g.Images = append(g.Images, im)
			}
			rest = rest[n:]
		}
		return g.check(st.r)
	case strings.HasPrefix(first, "!["):
		im, n, ok := st.image(lines)
		if !ok || n != len(lines) || im.MediaID == 0 {
			return nil, false
		}
		return im, true
	}
	return nil, false
}

// image reads an image line and its Credit and Focus lines; n is how many
// lines it used. An image not in the media library is reported and has
// no MediaID.
func (st *mdState) image(lines []string) (im Image, n int, ok bool) {
	alt, dest, title, ok := imageLine(lines[0])
	if !ok {
		return im, 0, false
	}
	n = 1
	for ; n < len(lines); n++ {
		l := lines[n]
		if v, ok := strings.CutPrefix(l, "Credit:"); ok {
			im.Credit = plain(unescapeMD(v))
		} else if v, ok := strings.CutPrefix(l, "Focus:"); ok {
			im.Focus = cleanFocus(v)
		} else if v, ok := strings.CutPrefix(l, "Crop:"); ok {
			im.Crop = CleanCrop(v)
		} else {
			break
		}
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(dest, "media:"), 10, 64)
	if !strings.HasPrefix(dest, "media:") || err != nil {
		st.r.drop("the image " + dest + ` (images come from the media library: ![alt](media:ID "caption"))`)
		return im, n, true
	}
	m, found := st.lk.media(id)
	if !found {
		st.r.drop("the image " + dest + " (no such image in the media library)")
		return im, n, true
	}
	im2 := ImageFor(m, unescapeMD(alt), unescapeMD(title), im.Credit)
	im2.Focus, im2.Crop = im.Focus, im.Crop
	return im2, n, true
}

// imageLine reads ![alt](dest "title") with backslash escapes.
func imageLine(l string) (alt, dest, title string, ok bool) {
	if !strings.HasPrefix(l, "![") {
		return "", "", "", false
	}
	i := 2
	end := func(close byte) (string, bool) {
		start := i
		for ; i < len(l); i++ {
			if l[i] == '\\' {
				i++
				continue
			}
			if l[i] == close {
				s := l[start:i]
				i++
				return s, true
			}
		}
		return "", false
	}
	if alt, ok = end(']'); !ok || i >= len(l) || l[i] != '(' {
		return "", "", "", false
	}
	i++
	start := i
	for i < len(l) && l[i] != ' ' && l[i] != ')' {
		i++
	}
	dest = l[start:i]
	if i < len(l) && l[i] == ' ' {
		i++
		if i >= len(l) || l[i] != '"' {
			return "", "", "", false
		}
		i++
		if title, ok = end('"'); !ok {
			return "", "", "", false
		}
	}
	if i != len(l)-1 || l[i] != ')' {
		return "", "", "", false
	}
	return alt, dest, title, true
}

func unescapeMD(s string) string {
	b := util.UnescapePunctuations([]byte(strings.TrimSpace(s)))
	return string(util.ResolveEntityNames(util.ResolveNumericReferences(b)))
}

// pullQuote turns a quote holding only a quote of paragraphs into a pull
// quote; a last line "— Name" (or "-- Name") is the attribution.
func (st *mdState) pullQuote(outer *ast.Blockquote) ast.Node {
	inner, ok := outer.FirstChild().(*ast.Blockquote)
	if !ok || outer.ChildCount() != 1 || inner.ChildCount() == 0 {
		return nil
	}
	for c := inner.FirstChild(); c != nil; c = c.NextSibling() {
		if _, ok := c.(*ast.Paragraph); !ok {
			return nil
		}
	}
	pq := &pullQuoteNode{}
	last := inner.LastChild().(*ast.Paragraph)
	cite := st.cite(last)
	for c := inner.FirstChild(); c != nil; {
		next := c.NextSibling()
		pq.AppendChild(pq, c)
		c = next
	}
	if cite != nil {
		pq.AppendChild(pq, cite)
	}
	return pq
}

// cite moves the attribution line out of the last paragraph of a pull
// quote, or returns nil.
func (st *mdState) cite(p *ast.Paragraph) *citeNode {
	lines := p.Lines()
	if lines.Len() < 2 {
		return nil
	}
	lastLine := lines.At(lines.Len() - 1)
	raw := string(lastLine.Value(st.src))
	trimmed := strings.TrimLeft(raw, " \t")
	var prefix string
	for _, pre := range []string{"— ", "-- "} {
		if strings.HasPrefix(trimmed, pre) {
			prefix = pre
		}
	}
	if prefix == "" {
		return nil
	}
	start := lastLine.Start + (len(raw) - len(trimmed))
	// The attribution is the children after the last line break, the
	// first a text starting the line.
	var first ast.Node
	for c := p.FirstChild(); c != nil; c = c.NextSibling() {
		if t, ok := c.(*ast.Text); ok && t.Segment.Start == start {
			first = c
		}
	}
	if first == nil {
		return nil
	}
	prev, ok := first.PreviousSibling().(*ast.Text)
	if !ok || !prev.SoftLineBreak() && !prev.HardLineBreak() {
		return nil
	}
	prev.SetSoftLineBreak(false)
	prev.SetHardLineBreak(false)
	t := first.(*ast.Text)
	t.Segment = t.Segment.WithStart(t.Segment.Start + len(prefix))
	c := &citeNode{}
	for n := first; n != nil; {
		next := n.NextSibling()
		c.AppendChild(c, n)
		n = next
	}
	return c
}

var (
	kindRaw       = ast.NewNodeKind("MastheadRaw")
	kindPullQuote = ast.NewNodeKind("MastheadPullQuote")
	kindCite      = ast.NewNodeKind("MastheadCite")
)

// rawNode is a block already written as canonical HTML.
type rawNode struct {
	ast.BaseBlock
	html string
}

func (n *rawNode) Kind() ast.NodeKind                  { return kindRaw }
func (n *rawNode) Dump(source []byte, level int)       { ast.DumpHelper(n, source, level, nil, nil) }
func (n *pullQuoteNode) Kind() ast.NodeKind            { return kindPullQuote }
func (n *pullQuoteNode) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }
func (n *citeNode) Kind() ast.NodeKind                 { return kindCite }
func (n *citeNode) Dump(source []byte, level int)      { ast.DumpHelper(n, source, level, nil, nil) }

type pullQuoteNode struct{ ast.BaseBlock }

type citeNode struct{ ast.BaseBlock }

type blockRenderer struct{}

func (blockRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindRaw, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString(n.(*rawNode).html + "\n")
		}
		return ast.WalkSkipChildren, nil
	})
	reg.Register(kindPullQuote, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString(`<figure class="pullquote"><blockquote>`)
		} else {
			if _, ok := n.LastChild().(*citeNode); !ok {
				_, _ = w.WriteString("</blockquote>")
			}
			_, _ = w.WriteString("</figure>\n")
		}
		return ast.WalkContinue, nil
	})
	reg.Register(kindCite, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString("</blockquote><figcaption>")
		} else {
			_, _ = w.WriteString("</figcaption>")
		}
		return ast.WalkContinue, nil
	})
}

// SlugFromRef accepts "/articles/slug", a full URL to it, or a bare slug.
func SlugFromRef(ref string) string {
	ref = strings.TrimSpace(ref)
	if i := strings.Index(ref, "/articles/"); i >= 0 {
		ref = ref[i+len("/articles/"):]
	}
	ref = strings.Trim(ref, "/")
	if i := strings.IndexAny(ref, "?#/"); i >= 0 {
		ref = ref[:i]
	}
	return strings.ToLower(ref)
}
