package body

import (
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// MaxGallery is how many images a gallery holds at most.
const MaxGallery = 50

// Gallery is <figure class="gallery"> holding 2 to 50 image figures and an
// optional <figcaption>. Markdown, one paragraph:
//
//	Gallery: Gallery caption
//	![Alt](media:1 "Caption")
//	Credit: Credit
//	![Alt](media:2)
type Gallery struct {
	Images  []Image
	Caption string
}

var galleryKind = &Kind{Name: "gallery",
	match: func(n *html.Node) bool { return n.DataAtom == atom.Figure && hasClass(n, "gallery") },
	parse: func(n *html.Node, r *Report) (Block, bool) {
		var g Gallery
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			switch {
			case c.DataAtom == atom.Figure:
				if im, ok := parseImage(c, r); ok {
					g.Images = append(g.Images, im)
				}
			case c.DataAtom == atom.Figcaption:
				g.Caption = plain(textContent(c))
			default:
				r.drop(describe(c) + " in a gallery")
			}
		}
		return g.check(r)
	},
}

// check keeps a gallery of 2 to 50 images; one image is an image block.
func (g Gallery) check(r *Report) (Block, bool) {
	switch {
	case len(g.Images) == 0:
		return nil, false
	case len(g.Images) == 1:
		if g.Caption != "" {
			r.drop("the caption of a gallery of one image")
		}
		return g.Images[0], true
	case len(g.Images) > MaxGallery:
		r.drop("images after the " + strconv.Itoa(MaxGallery) + "th of a gallery")
		g.Images = g.Images[:MaxGallery]
	}
	return g, true
}

func (Gallery) Kind() string { return "gallery" }

func (g Gallery) appendHTML(b *strings.Builder) {
	b.WriteString(`<figure class="gallery">`)
	for _, im := range g.Images {
		im.appendHTML(b)
	}
	g.caption(b)
	b.WriteString("</figure>")
}

func (g Gallery) caption(b *strings.Builder) {
	if g.Caption != "" {
		b.WriteString("<figcaption>" + escape(g.Caption) + "</figcaption>")
	}
}

func (g Gallery) appendMarkdown(b *strings.Builder) {
	b.WriteString("Gallery:")
	if g.Caption != "" {
		b.WriteString(" " + mdText(g.Caption))
	}
	for _, im := range g.Images {
		b.WriteByte('\n')
		im.appendMarkdown(b)
	}
}

func (g Gallery) render(b *strings.Builder, rc *renderState) {
	b.WriteString(`<figure class="gallery">`)
	for _, im := range g.Images {
		im.render(b, rc)
	}
	g.caption(b)
	b.WriteString("</figure>")
}

func (g Gallery) appendText(b *strings.Builder) {
	b.WriteString(g.Caption)
	for _, im := range g.Images {
		b.WriteByte(' ')
		im.appendText(b)
	}
}
