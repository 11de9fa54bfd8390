package body

import (
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// SeeAlso is <aside class="see-also" data-article-id="42"><a href="/articles/slug">Headline</a></aside>.
// The link and headline are those of the target when the body was saved;
// readers see the target's current ones, and nothing once it is not
// published. Markdown: a paragraph "See also: /articles/slug".
type SeeAlso struct {
	ID       int64
	URL      string
	Headline string
}

var seeAlsoKind = &Kind{Name: "see-also",
	match: func(n *html.Node) bool { return n.DataAtom == atom.Aside && hasClass(n, "see-also") },
	parse: func(n *html.Node, r *Report) (Block, bool) {
		id, err := strconv.ParseInt(attr(n, "data-article-id"), 10, 64)
		if err != nil || id <= 0 {
			r.drop("a see-also block without an article")
			return nil, false
		}
		s := SeeAlso{ID: id}
		if a := findElement(n, atom.A); a != nil {
			s.URL, _ = cleanHref(attr(a, "href"))
			s.Headline = strings.Join(strings.Fields(textContent(a)), " ")
		}
		return s, true
	},
}

func (SeeAlso) Kind() string { return "see-also" }

// SeeAlsoFor is the block for a target as it is now.
func SeeAlsoFor(ref Ref) SeeAlso { return SeeAlso{ID: ref.ID, URL: ref.URL, Headline: ref.Headline} }

func (s SeeAlso) appendHTML(b *strings.Builder) { s.write(b, s.URL, s.Headline) }

func (s SeeAlso) write(b *strings.Builder, url, headline string) {
	b.WriteString(`<aside class="see-also" data-article-id="`)
	b.WriteString(strconv.FormatInt(s.ID, 10))
	b.WriteString(`"><a href="`)
	b.WriteString(escape(url))
	b.WriteString(`">`)
	b.WriteString(escape(headline))
	b.WriteString(`</a></aside>`)
}

// appendMarkdown writes "See also: /articles/slug"; a block whose link is
// not an article's address is written as its HTML.
func (s SeeAlso) appendMarkdown(b *strings.Builder) {
	if !articleURL.MatchString(s.URL) {
		rawMarkdown(b, s)
		return
	}
	b.WriteString("See also: " + s.URL)
}

var articleURL = regexp.MustCompile(`^/articles/[a-z0-9-]+$`)

func (s SeeAlso) render(b *strings.Builder, rc *renderState) {
	ref, ok := rc.lookup.ref(s.ID)
	if !ok || !ref.Published {
		return
	}
	s.write(b, absolute(rc.base, ref.URL), ref.Headline)
}

func (SeeAlso) appendText(*strings.Builder) {}

func findElement(n *html.Node, a atom.Atom) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			if c.DataAtom == a {
				return c
			}
			if f := findElement(c, a); f != nil {
				return f
			}
		}
	}
	return nil
}

// SeeAlsoIDs lists the targets of the see-also blocks, in order.
func (d Doc) SeeAlsoIDs() []int64 {
	var ids []int64
	for _, b := range d.Blocks {
		if s, ok := b.(SeeAlso); ok {
			ids = append(ids, s.ID)
		}
	}
	return ids
}
