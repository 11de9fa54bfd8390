package site

import (
	"encoding/json"
	"html/template"
	"net/url"
	"strings"
	"sync/atomic"
	"unicode"
)

// Structured data (schema.org in JSON-LD) for search engines: NewsArticle
// and BreadcrumbList on articles, WebSite with a SearchAction and the
// Organization on the home page, ProfilePage on writers' pages and
// CollectionPage on section, series and topic pages. Every address is
// absolute. It is written by encoding/json, which escapes <, >, & and
// U+2028/U+2029, so no stored text can end the <script> element or the
// JSON string it is in. See decision 0030.

// maxLDHeadline is the longest headline search engines take in
// structured data; longer ones are cut at a word there, and only there.
const maxLDHeadline = 110

const schemaContext = "https://schema.org"

type ldThing struct {
	Type string `json:"@type"`
	ID   string `json:"@id,omitempty"`
	Name string `json:"name,omitempty"`
	URL  string `json:"url,omitempty"`
}

type ldImage struct {
	Type   string `json:"@type"`
	URL    string `json:"url"`
	Width  int    `json:"width,omitempty"`
	Height int    `json:"height,omitempty"`
}

type ldOrganization struct {
	Type string   `json:"@type"`
	ID   string   `json:"@id"`
	Name string   `json:"name"`
	URL  string   `json:"url"`
	Logo *ldImage `json:"logo,omitempty"`
}

type ldPerson struct {
	Type        string   `json:"@type"`
	Name        string   `json:"name"`
	URL         string   `json:"url"`
	Description string   `json:"description,omitempty"`
	Image       *ldImage `json:"image,omitempty"`
	SameAs      []string `json:"sameAs,omitempty"`
}

type ldNewsArticle struct {
	Type     string `json:"@type"`
	ID       string `json:"@id"`
	Headline string `json:"headline"`
	// AlternativeHeadline is the article's SEO title, when it has one.
	AlternativeHeadline string          `json:"alternativeHeadline,omitempty"`
	Description         string          `json:"description,omitempty"`
	Image               []string        `json:"image,omitempty"`
	DatePublished       string          `json:"datePublished"`
	DateModified        string          `json:"dateModified"`
	Author              []ldPerson      `json:"author,omitempty"`
	Publisher           *ldOrganization `json:"publisher"`
	MainEntityOfPage    ldThing         `json:"mainEntityOfPage"`
	ArticleSection      string          `json:"articleSection,omitempty"`
	Keywords            []string        `json:"keywords,omitempty"`
	IsPartOf            *ldThing        `json:"isPartOf,omitempty"`
	InLanguage          string          `json:"inLanguage"`
}

type ldListItem struct {
	Type     string `json:"@type"`
	Position int    `json:"position"`
	Name     string `json:"name"`
	Item     string `json:"item"`
}

type ldBreadcrumbs struct {
	Type            string       `json:"@type"`
	ItemListElement []ldListItem `json:"itemListElement"`
}

type ldSearchAction struct {
	Type       string  `json:"@type"`
	Target     ldEntry `json:"target"`
	QueryInput string  `json:"query-input"`
}

type ldEntry struct {
	Type        string `json:"@type"`
	URLTemplate string `json:"urlTemplate"`
}

type ldWebSite struct {
	Type            string          `json:"@type"`
	ID              string          `json:"@id"`
	Name            string          `json:"name"`
	URL             string          `json:"url"`
	Description     string          `json:"description,omitempty"`
	InLanguage      string          `json:"inLanguage"`
	Publisher       ldThing         `json:"publisher"`
	PotentialAction *ldSearchAction `json:"potentialAction,omitempty"`
}

type ldPage struct {
	Type        string    `json:"@type"`
	ID          string    `json:"@id"`
	URL         string    `json:"url"`
	Name        string    `json:"name"`
	Description string    `json:"description,omitempty"`
	IsPartOf    ldThing   `json:"isPartOf"`
	MainEntity  *ldPerson `json:"mainEntity,omitempty"`
	InLanguage  string    `json:"inLanguage"`
}

// crumb is one step of a breadcrumb trail: a name and a site path.
type crumb struct{ name, path string }

// articleLD is what an article's structured data says, with site paths;
// it is built with the article's fragment, and made absolute per base
// address when the page is rendered (rendered keeps the last result, with
// the page's <head> metadata).
type articleLD struct {
	headline, description string
	alternative           string   // the SEO title, "" when none or the headline
	images                []string // site paths: the crops, else the original
	published, modified   string   // RFC 3339 in the publication's zone
	authors               []crumb
	section, series       crumb // series.name is "" when none
	topics                []string
	rendered              atomic.Pointer[renderedLD]
}

// renderedLD is an article page's <head> metadata and structured data
// made absolute from one base address. Both depend only on the fragment
// and the base, so a page render with the page cache off reuses them.
type renderedLD struct {
	base       string
	meta, html template.HTML
}

// head is the page's <head> metadata and structured data; an article
// page's are kept with its fragment for the last base address asked.
func (d *pageData) head() (meta, ld template.HTML) {
	a := d.Article
	if a == nil || a.ld == nil || d.Preview != nil || d.NoIndex {
		return d.headMeta(), d.structuredData()
	}
	if r := a.ld.rendered.Load(); r != nil && r.base == d.Base {
		return r.meta, r.html
	}
	r := &renderedLD{base: d.Base, meta: d.headMeta(), html: d.structuredData()}
	a.ld.rendered.Store(r)
	return r.meta, r.html
}

// structuredData is the page's <script type="application/ld+json">, or ""
// for pages search engines are not meant to read.
func (d *pageData) structuredData() template.HTML {
	if d.Preview != nil || d.NoIndex || d.Error != nil || d.Canonical == "" {
		return ""
	}
	switch {
	case d.Article != nil && d.Article.ld != nil:
		return ldScript(d.articleGraph(d.Base, d.Article.ld))
	case d.Home != nil:
		return ldScript(d.homeGraph(d.Base))
	case d.List != nil:
		return ldScript(d.listGraph(d.Base))
	}
	return ""
}

// ldScript encodes a graph into its script element.
func ldScript(graph []any) template.HTML {
	b, err := json.Marshal(struct {
		Context string `json:"@context"`
		Graph   []any  `json:"@graph"`
	}{schemaContext, graph})
	if err != nil {
		return "" // only plain strings and numbers above: cannot happen
	}
	// json.Marshal escapes <, > and &, so the text cannot close the element.
	return template.HTML(`<script type="application/ld+json">` + string(b) + "</script>\n")
}

func (d *pageData) organization(base string) *ldOrganization {
	o := &ldOrganization{Type: "Organization", ID: base + "/#organization", Name: d.Site.Settings.Name, URL: base + "/"}
	if l := d.Site.Logo; l != nil {
		o.Logo = &ldImage{Type: "ImageObject", URL: base + mediaURL(l.Path), Width: l.Width, Height: l.Height}
	}
	return o
}

func breadcrumbs(base string, trail ...crumb) ldBreadcrumbs {
	bl := ldBreadcrumbs{Type: "BreadcrumbList", ItemListElement: make([]ldListItem, 0, len(trail)+1)}
	bl.ItemListElement = append(bl.ItemListElement, ldListItem{Type: "ListItem", Position: 1, Name: "Home", Item: base + "/"})
	for _, c := range trail {
		bl.ItemListElement = append(bl.ItemListElement, ldListItem{Type: "ListItem", Position: len(bl.ItemListElement) + 1, Name: c.name, Item: base + c.path})
	}
	return bl
}

func (d *pageData) articleGraph(base string, ld *articleLD) []any {
	page := d.Canonical
	a := ldNewsArticle{
		Type: "NewsArticle", ID: page + "#article",
		Headline: clipLDHeadline(ld.headline), AlternativeHeadline: ld.alternative, Description: ld.description,
		DatePublished: ld.published, DateModified: ld.modified,
		Publisher:        d.organization(base),
		MainEntityOfPage: ldThing{Type: "WebPage", ID: page},
		ArticleSection:   ld.section.name, Keywords: ld.topics, InLanguage: d.Site.Settings.Language,
	}
	for _, p := range ld.images {
		a.Image = append(a.Image, base+p)
	}
	for _, au := range ld.authors {
		a.Author = append(a.Author, ldPerson{Type: "Person", Name: au.name, URL: base + au.path})
	}
	trail := []crumb{ld.section}
	if ld.series.name != "" {
		a.IsPartOf = &ldThing{Type: "CreativeWorkSeries", Name: ld.series.name, URL: base + ld.series.path}
		trail = append(trail, ld.series)
	}
	bc := breadcrumbs(base, trail...)
	bc.ItemListElement = append(bc.ItemListElement, ldListItem{Type: "ListItem", Position: len(bc.ItemListElement) + 1, Name: ld.headline, Item: page})
	return []any{a, bc}
}

func (d *pageData) homeGraph(base string) []any {
	org := d.organization(base)
	site := ldWebSite{Type: "WebSite", ID: base + "/#website", Name: d.Site.Settings.Name, URL: base + "/",
		Description: d.Description, InLanguage: d.Site.Settings.Language, Publisher: ldThing{Type: "Organization", ID: org.ID},
		PotentialAction: &ldSearchAction{Type: "SearchAction",
			Target:     ldEntry{Type: "EntryPoint", URLTemplate: base + "/search?q={search_term_string}"},
			QueryInput: "required name=search_term_string"}}
	return []any{site, org}
}

func (d *pageData) listGraph(base string) []any {
	lv := d.List
	page := ldPage{Type: "CollectionPage", ID: d.Canonical, URL: d.Canonical, Name: lv.Heading, Description: d.Description,
		IsPartOf: ldThing{Type: "WebSite", ID: base + "/#website"}, InLanguage: d.Site.Settings.Language}
	if lv.Kind == "Writer" {
		page.Type = "ProfilePage"
		p := &ldPerson{Type: "Person", Name: lv.Heading, URL: base + lv.Path, Description: lv.Intro, SameAs: lv.Links}
		if lv.Photo != nil {
			p.Image = &ldImage{Type: "ImageObject", URL: base + mediaURL(lv.Photo.Path), Width: lv.Photo.Width, Height: lv.Photo.Height}
		}
		page.MainEntity = p
	}
	return []any{page, breadcrumbs(base, crumb{lv.Heading, lv.Path})}
}

// clipLDHeadline cuts a headline longer than maxLDHeadline characters at
// the last space that leaves room for an ellipsis (inside a word only when
// there is none in the second half, as in Chinese).
func clipLDHeadline(h string) string {
	r := []rune(h)
	if len(r) <= maxLDHeadline {
		return h
	}
	limit := maxLDHeadline - 1
	cut := limit
	for cut > limit/2 && !unicode.IsSpace(r[cut]) {
		cut--
	}
	if !unicode.IsSpace(r[cut]) {
		cut = limit
	}
	return strings.TrimRightFunc(string(r[:cut]), unicode.IsSpace) + "…"
}

// newArticleLD gathers an article's structured data; images are the lead
// image's crops (site paths) or, when there are none yet, the original.
func newArticleLD(av *articleView, description, sectionSlug string, series *crumb, topics, images []string, modified string) *articleLD {
	ld := &articleLD{
		headline: av.Headline, description: description, images: images,
		published: av.Published.ISO, modified: modified,
		section: crumb{av.Section, "/sections/" + url.PathEscape(sectionSlug)}, topics: topics,
	}
	if series != nil {
		ld.series = *series
	}
	for _, a := range av.Authors {
		ld.authors = append(ld.authors, crumb{a.Name, "/authors/" + url.PathEscape(a.Slug)})
	}
	return ld
}
