package content

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"masthead/internal/body"
)

// Where a check points in the body, so an editor can take the writer to
// it: the 0-based index of the top-level block it is in (a paragraph, a
// heading, a list, a quote, a pull quote, a see-also...; NoBlock when it is
// not in the body) and an excerpt, a piece of that block's text as readers
// see it (markup removed, spaces collapsed), verbatim, so it can be found
// in the block. The blocks are those of the block registry's parsed Doc
// (internal/body); each one's text and links are read from its canonical
// HTML with the HTML tokenizer.

// NoBlock is the block of a check that points at no block of the body.
const NoBlock = -1

// maxExcerpt is the most characters an excerpt carries; a longer text is
// cut (without an ellipsis: the excerpt stays a piece of the text).
const maxExcerpt = 200

// topBlock is one top-level element of a body.
type topBlock struct {
	text       string // what readers read of it, spaces collapsed
	links      []blockLink
	seeAlso    int64    // the target of a see-also block, else 0
	paragraphs []string // its paragraphs (body.Doc.Paragraphs)
}

// placesOf is the blocks of a body: those of d, its parsed Doc when the
// caller has it, else those of the stored HTML.
func placesOf(stored string, d body.Doc) []topBlock {
	if len(d.Blocks) == 0 && stored != "" {
		d, _ = body.Parse(stored)
	}
	out := make([]topBlock, len(d.Blocks))
	for i, bl := range d.Blocks {
		one := body.Doc{Blocks: []body.Block{bl}}
		var text []string
		for _, tb := range topBlocks(one.HTML()) {
			text = append(text, tb.text)
			out[i].links = append(out[i].links, tb.links...)
			if tb.seeAlso != 0 {
				out[i].seeAlso = tb.seeAlso
			}
		}
		out[i].text = strings.Join(text, " ")
		out[i].paragraphs = one.Paragraphs()
	}
	return out
}

type blockLink struct{ href, text string }

// voidElements have no end tag.
var voidElements = map[atom.Atom]bool{atom.Area: true, atom.Br: true, atom.Col: true, atom.Embed: true, atom.Hr: true,
	atom.Img: true, atom.Input: true, atom.Link: true, atom.Meta: true, atom.Source: true, atom.Track: true, atom.Wbr: true}

// inlineElements do not separate words; every other element does.
var inlineElements = map[atom.Atom]bool{atom.A: true, atom.Em: true, atom.Strong: true, atom.Code: true, atom.Sup: true,
	atom.Sub: true, atom.Del: true, atom.Span: true, atom.B: true, atom.I: true, atom.U: true, atom.S: true}

// topBlocks splits HTML into its top-level elements. Text outside any
// element (not in canonical bodies, but possible in pasted HTML) is a
// block of its own; comments and spaces between blocks are not blocks.
func topBlocks(h string) []topBlock {
	var out []topBlock
	z := html.NewTokenizer(strings.NewReader(h))
	depth := 0
	var cur *topBlock
	var text strings.Builder
	var link *blockLink // the open link, if any
	var linkText strings.Builder
	finish := func() {
		cur.text = strings.Join(strings.Fields(text.String()), " ")
		out = append(out, *cur)
		cur = nil
	}
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		switch tt {
		case html.TextToken:
			t := string(z.Text())
			if depth == 0 {
				if strings.TrimSpace(t) != "" {
					cur, text = &topBlock{}, strings.Builder{}
					text.WriteString(t)
					finish()
				}
				continue
			}
			text.WriteString(t)
			if link != nil {
				linkText.WriteString(t)
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			attrs := map[string]string{}
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				attrs[string(k)] = string(v)
			}
			if depth == 0 {
				cur, text = &topBlock{}, strings.Builder{}
				if a == atom.Aside && attrs["class"] == "see-also" {
					cur.seeAlso, _ = strconv.ParseInt(attrs["data-article-id"], 10, 64)
				}
			}
			if !inlineElements[a] {
				text.WriteByte(' ')
			}
			if a == atom.A && link == nil {
				link = &blockLink{href: attrs["href"]}
				linkText.Reset()
			}
			if tt == html.SelfClosingTagToken || voidElements[a] {
				if depth == 0 {
					finish()
				}
				continue
			}
			depth++
		case html.EndTagToken:
			if depth == 0 {
				continue // a stray end tag
			}
			name, _ := z.TagName()
			if !inlineElements[atom.Lookup(name)] {
				text.WriteByte(' ')
			}
			if atom.Lookup(name) == atom.A && link != nil {
				link.text = strings.Join(strings.Fields(linkText.String()), " ")
				cur.links = append(cur.links, *link)
				link = nil
			}
			if depth--; depth == 0 {
				finish()
			}
		}
	}
	if cur != nil { // an element left open at the end
		finish()
	}
	return out
}

// excerpt cuts s to at most maxExcerpt characters.
func excerpt(s string) string {
	if utf8.RuneCountInString(s) <= maxExcerpt {
		return s
	}
	return string([]rune(s)[:maxExcerpt])
}

// linkPlace finds the first link of the body whose address leads to the
// article slug: its block, and its text as the excerpt.
func linkPlace(blocks []topBlock, slug string) (int, string, bool) {
	for i, b := range blocks {
		for _, l := range b.links {
			if strings.Contains(l.href, "/articles/") && SlugFromRef(l.href) == slug {
				return i, excerpt(l.text), true
			}
		}
	}
	return NoBlock, "", false
}

// missingPlace finds where a target that points to no article is: a link
// to it, or a see-also line kept as text (the writer's target as typed).
func missingPlace(blocks []topBlock, target string) (int, string) {
	if strings.HasPrefix(target, "/articles/") {
		if i, text, ok := linkPlace(blocks, SlugFromRef(target)); ok {
			return i, text
		}
	}
	for i, b := range blocks {
		if strings.HasPrefix(b.text, "See also:") && strings.Contains(b.text, target) {
			return i, excerpt(target)
		}
	}
	return NoBlock, ""
}

// linkedPlace finds a link to the article ref: its see-also block (the
// excerpt is the headline it shows) or a link in the text.
func linkedPlace(blocks []topBlock, ref ArticleRef) (int, string) {
	for i, b := range blocks {
		if b.seeAlso == ref.ID {
			return i, excerpt(b.text)
		}
	}
	if i, text, ok := linkPlace(blocks, ref.Slug); ok {
		return i, text
	}
	return NoBlock, ""
}

// droppedPlaces says where each of dropped (rep's, then those finish
// added) was: the block the registry was reading when it left it out, and
// that block's text; NoBlock when it was between blocks or its block went
// with it.
func droppedPlaces(d body.Doc, rep body.Report, dropped []string) []Place {
	var blocks []topBlock
	out := make([]Place, len(dropped))
	for i := range dropped {
		out[i].Block = NoBlock
		if i >= len(rep.DroppedIn) {
			continue
		}
		b := rep.DroppedIn[i]
		if b < 0 || b >= len(d.Blocks) {
			continue
		}
		if blocks == nil {
			blocks = placesOf("", d)
		}
		out[i] = Place{Block: b, Excerpt: excerpt(blocks[b].text)}
	}
	return out
}

// Place is where a check points in the body (see NoBlock).
type Place struct {
	Block   int
	Excerpt string
}

// bodyDoc parses a stored body.
func bodyDoc(stored string) body.Doc {
	d, _ := body.Parse(stored)
	return d
}
