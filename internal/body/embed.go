package body

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Embed is a link to something on another site:
//
//	<figure class="embed" data-provider="youtube" data-url="https://www.youtube.com/watch?v=ID"><a href="https://www.youtube.com/watch?v=ID">Title or the URL</a><figcaption>Caption</figcaption></figure>
//
// The provider is always the registry's for the address. Markdown, one
// paragraph (Title and Caption lines optional):
//
//	Embed: https://www.youtube.com/watch?v=ID
//	Title: Title
//	Caption: Caption
type Embed struct {
	Provider       string
	URL            string
	Title, Caption string
}

var embedKind = &Kind{Name: "embed",
	match: func(n *html.Node) bool { return n.DataAtom == atom.Figure && hasClass(n, "embed") },
	parse: func(n *html.Node, r *Report) (Block, bool) {
		raw := attr(n, "data-url")
		a := findElement(n, atom.A)
		if raw == "" && a != nil {
			raw = attr(a, "href")
		}
		e := Embed{}
		if a != nil {
			e.Title = plain(textContent(a))
		}
		if fc := childElement(n, atom.Figcaption); fc != nil {
			e.Caption = plain(textContent(fc))
		}
		return newEmbed(raw, e.Title, e.Caption, r)
	},
}

// NewEmbed makes an embed block for an address, or says why it cannot.
func NewEmbed(raw, title, caption string) (Embed, bool) {
	b, ok := newEmbed(raw, title, caption, nil)
	if !ok {
		return Embed{}, false
	}
	return b.(Embed), true
}

func newEmbed(raw, title, caption string, r *Report) (Block, bool) {
	p, clean, ok := ProviderOf(raw)
	if !ok {
		r.drop("the embed " + raw + " (only https addresses can be embedded)")
		return nil, false
	}
	e := Embed{Provider: p.ID, URL: clean, Title: plain(title), Caption: plain(caption)}
	if e.Title == "" {
		e.Title = clean
	}
	return e, true
}

func (Embed) Kind() string { return "embed" }

func (e Embed) appendHTML(b *strings.Builder) {
	b.WriteString(`<figure class="embed" data-provider="` + escape(e.Provider) + `" data-url="` + escape(e.URL) + `">`)
	b.WriteString(`<a href="` + escape(e.URL) + `">` + escape(e.Title) + `</a>`)
	if e.Caption != "" {
		b.WriteString("<figcaption>" + escape(e.Caption) + "</figcaption>")
	}
	b.WriteString("</figure>")
}

func (e Embed) appendMarkdown(b *strings.Builder) {
	b.WriteString("Embed: " + e.URL)
	if e.Title != e.URL {
		b.WriteString("\nTitle: " + mdText(e.Title))
	}
	if e.Caption != "" {
		b.WriteString("\nCaption: " + mdText(e.Caption))
	}
}

func (e Embed) appendText(b *strings.Builder) { b.WriteString(e.Title + " " + e.Caption) }

// provider is the registry's provider of the block.
func (e Embed) provider() *Provider {
	p, _, ok := ProviderOf(e.URL)
	if !ok {
		return LinkProvider
	}
	return p
}

// render writes a link card; on the site, a provider with a frame adds a
// frame inside <details> that loads only when the reader opens it.
func (e Embed) render(b *strings.Builder, rc *renderState) {
	p := e.provider()
	b.WriteString(`<figure class="embed embed-` + escape(p.Kind) + `" data-provider="` + escape(p.ID) + `">`)
	b.WriteString(`<a class="embed-card" href="` + escape(e.URL) + `"><span class="embed-title">` + escape(e.Title) + `</span>`)
	if p != LinkProvider {
		b.WriteString(` <span class="embed-provider">` + escape(p.Name) + `</span>`)
	}
	b.WriteString(` <span class="embed-url">` + escape(e.URL) + `</span></a>`)
	if frame := p.Frame(e.URL); frame != "" && rc.target == Site {
		rc.frame(FrameOrigin(frame))
		b.WriteString(`<details class="embed-frame"><summary>Load the ` + escape(kindNoun(p.Kind)) + ` from ` + escape(p.Name) + `</summary>`)
		b.WriteString(`<iframe src="` + escape(frame) + `" title="` + escape(e.Title) + `" loading="lazy" referrerpolicy="strict-origin-when-cross-origin" allow="encrypted-media; picture-in-picture; fullscreen" sandbox="allow-scripts allow-same-origin allow-popups allow-presentation"></iframe></details>`)
	}
	if e.Caption != "" {
		b.WriteString("<figcaption>" + escape(e.Caption) + "</figcaption>")
	}
	b.WriteString("</figure>")
}

func kindNoun(kind string) string {
	switch kind {
	case "video", "audio", "chart", "document":
		return kind
	}
	return "content"
}
