package site

import (
	"html"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"masthead/internal/content"
)

// Template data. Everything a template shows is computed here, in Go, so
// templates hold markup and not logic; dates in particular are formatted
// in the publication's time zone, never the machine's.

// pageData is the data of every page: what the layout needs, and one
// page-specific part. The structs have no embedded fields, which keeps
// html/template's field lookups on reflect's fast path.
type pageData struct {
	Site        *shared
	Title       string // <title>
	OGTitle     string // og:title and twitter:title
	Description string // meta description; og: and twitter:description too unless SocialDescription is set
	// SocialDescription is an article's own text for shared links
	// (og:description, twitter:description); "" uses Description.
	SocialDescription string
	Base              string // the public base address, absolute, no trailing slash (baseurl.go)
	Canonical         string // absolute; "" on pages that have no address of their own
	OGType            string
	Image             *socialImage // og:image and twitter:image; nil when the page has none
	Current           string       // slug of the section the page belongs to, for the nav
	IsHome            bool
	Year              int
	Chrome            *chrome       // set by render
	Preview           *previewNote  // set only on a newsroom preview
	NoIndex           bool          // asks search engines not to index the page
	Meta              template.HTML // <head> metadata, set by execute from the fields above
	Feeds             template.HTML // <link rel="alternate"> of the feeds, set by execute (feeds.go)
	JSONLD            template.HTML // structured data for search engines (jsonld.go), set by execute

	// Exactly one of these is set.
	Article     *articleView
	SignUp      *signUpPage
	Home        *homeView
	List        *listView
	Privacy     *privacyView
	Error       *errorView
	Reader      *readerView      // the pages of emailed links (readerlinks.go)
	Search      *searchView      // search.go
	Corrections *correctionsView // corrections.go

	// ArticleForm is the sign-up block of an article page; empty when no
	// newsletter is offered on article pages.
	ArticleForm template.HTML
	// MostRead is the "Most read" lists (views.go); nil shows none.
	MostRead *mostReadView
}

// pageData starts the data of a page rendered for r; path is the page's
// own address ("" for pages that have none, such as emailed links).
func (s *Site) pageData(sh *shared, r *http.Request, title, path string) *pageData {
	full := sh.Settings.Name
	if title != "" {
		full = title + " — " + sh.Settings.Name
	}
	d := &pageData{
		Site:    sh,
		Title:   full,
		OGTitle: firstNonEmpty(title, sh.Settings.Name),
		Base:    s.baseURL(r, sh),
		OGType:  "website",
		Year:    s.now().In(sh.Loc).Year(),
	}
	if path != "" {
		d.Canonical = d.Base + path
	}
	return d
}

// imgAttrs writes the src, alt, width and height attributes of an <img>,
// escaped: four template actions with their escapers cost more than the
// rest of a card, so the templates take them as one (the element and its
// class, loading and priority stay in the template).
func imgAttrs(img *content.Image, alt string) template.HTMLAttr {
	if img == nil {
		return ""
	}
	return template.HTMLAttr(`src="` + html.EscapeString(mediaURL(img.Path)) + `" alt="` + html.EscapeString(alt) +
		`" width="` + strconv.Itoa(img.Width) + `" height="` + strconv.Itoa(img.Height) + `"`)
}

// socialImage is the picture a link to the page shows when shared.
type socialImage struct {
	Path          string // site path, made absolute in headMeta
	Width, Height int    // 0 when unknown
	Alt, Type     string // "" when unknown
}

// imageOf is the social image of an uploaded picture.
func imageOf(img *content.Image, alt string) *socialImage {
	if img == nil {
		return nil
	}
	return &socialImage{Path: mediaURL(img.Path), Width: img.Width, Height: img.Height, Alt: alt, Type: img.Mime}
}

// OGImage is the absolute address of the page's social image, or "": for
// themes that write their own tags from the fields (it was a field once).
func (d *pageData) OGImage() string {
	if d.Image == nil {
		return ""
	}
	return d.absolute(d.Image.Path)
}

// logoImage is the page's social image when it has no picture of its own:
// the publication's logo, or nil.
func (d *pageData) logoImage() *socialImage {
	return imageOf(d.Site.Logo, d.Site.Settings.Name)
}

// headMeta writes the page's <head> metadata after the title: robots,
// description, canonical address, Open Graph, Twitter card and article
// tags. It is built here, not in layout.html, because it is a few dozen
// escaped attributes that every page repeats and each template action
// costs about a microsecond; a theme can leave {{.Meta}} out and write its
// own tags from the fields.
func (d *pageData) headMeta() template.HTML {
	var b strings.Builder
	b.Grow(3072)
	meta := func(attr, key, content string) {
		b.WriteString(`<meta `)
		b.WriteString(attr)
		b.WriteString(`="`)
		b.WriteString(key)
		b.WriteString(`" content="`)
		b.WriteString(html.EscapeString(content))
		b.WriteString("\">\n")
	}
	switch {
	case d.Preview != nil || d.NoIndex:
		meta("name", "robots", "noindex")
	case d.Error == nil && d.Canonical != "":
		// Search engines may show the large picture with the result. Pages
		// without an address of their own (emailed links) are not for them.
		meta("name", "robots", "max-image-preview:large")
	}
	if d.Description != "" {
		meta("name", "description", d.Description)
	}
	if d.Canonical != "" {
		b.WriteString(`<link rel="canonical" href="` + html.EscapeString(d.Canonical) + "\">\n")
	}
	meta("property", "og:site_name", d.Site.Settings.Name)
	meta("property", "og:type", d.OGType)
	meta("property", "og:title", d.OGTitle)
	share := d.shareDescription()
	if share != "" {
		meta("property", "og:description", share)
	}
	if d.Canonical != "" {
		meta("property", "og:url", d.Canonical)
	}
	var image string
	if img := d.Image; img != nil {
		image = d.absolute(img.Path)
	}
	if image != "" {
		img := d.Image
		meta("property", "og:image", image)
		if img.Type != "" {
			meta("property", "og:image:type", img.Type)
		}
		if img.Width > 0 && img.Height > 0 {
			meta("property", "og:image:width", strconv.Itoa(img.Width))
			meta("property", "og:image:height", strconv.Itoa(img.Height))
		}
		if img.Alt != "" {
			meta("property", "og:image:alt", img.Alt)
		}
		meta("name", "twitter:card", "summary_large_image")
	} else {
		meta("name", "twitter:card", "summary")
	}
	meta("name", "twitter:title", d.OGTitle)
	if share != "" {
		meta("name", "twitter:description", share)
	}
	if image != "" {
		meta("name", "twitter:image", image)
		if d.Image.Alt != "" {
			meta("name", "twitter:image:alt", d.Image.Alt)
		}
	}
	if a := d.Article; a != nil {
		meta("property", "article:published_time", a.Published.ISO)
		if a.Updated != nil {
			meta("property", "article:modified_time", a.Updated.ISO)
		}
		meta("property", "article:section", a.Section)
		for _, au := range a.Authors {
			meta("property", "article:author", d.absolute("/authors/"+url.PathEscape(au.Slug)))
		}
		for _, t := range a.Topics {
			meta("property", "article:tag", t.Name)
		}
	}
	return template.HTML(b.String()) // every value above is escaped
}

// shareDescription is the description of a shared link to the page: the
// article's social description when it has one, else the page's description.
func (d *pageData) shareDescription() string {
	return firstNonEmpty(d.SocialDescription, d.Description)
}

// absolute turns a site path into a full URL (a relative og:image is
// useless to a scraper).
func (f *pageData) absolute(path string) string { return f.Base + path }

// stamp is a moment shown to readers.
type stamp struct {
	ISO  string // RFC 3339 in the publication's zone, for <time datetime>
	Text string
}

func dateStamp(t time.Time, loc *time.Location) stamp {
	t = t.In(loc)
	return stamp{ISO: t.Format(time.RFC3339), Text: t.Format("2 January 2006")}
}

func timeStamp(t time.Time, loc *time.Location) stamp {
	t = t.In(loc)
	return stamp{ISO: t.Format(time.RFC3339), Text: t.Format("2 January 2006, 3.04pm")}
}

// card is one article in a list.
type card struct {
	URL, Headline, Standfirst string
	Kicker, KickerURL         string
	Authors                   []bylineName
	Image                     *content.Image
	ImageAlt                  string
	ImageHTML                 template.HTML // the card's <picture> (Picture): alt is empty (the headline beside it says it) except on the home page's lead
	Date                      stamp
	Level                     int // heading level of the headline
}

// cardOpts adapt cards to the list they are in.
type cardOpts struct {
	level   int   // heading level of the headlines
	section int64 // a list of this section: no kicker repeating its name
	compact bool  // headline, kicker and byline only
}

func makeCard(v content.ArticleView, loc *time.Location, o cardOpts) card {
	kicker, kickerURL := v.Kicker()
	if v.Series == nil && v.SectionID == o.section {
		kicker, kickerURL = "", ""
	}
	c := card{
		URL:        "/articles/" + url.PathEscape(v.Slug),
		Headline:   v.Headline,
		Standfirst: v.Standfirst,
		Kicker:     kicker,
		KickerURL:  kickerURL,
		Authors:    bylineOf(v.Authors),
		Image:      v.LeadImageShown(),
		ImageAlt:   v.LeadAlt,
		Date:       dateStamp(v.PublishedAt, loc),
		Level:      o.level,
	}
	if o.compact {
		c.Standfirst, c.Image = "", nil
	}
	c.ImageHTML = Picture(c.Image, "", sizesCard, "card-image", `loading="lazy" decoding="async"`)
	return c
}

func makeCards(vs []content.ArticleView, loc *time.Location, o cardOpts) []card {
	out := make([]card, len(vs))
	for i, v := range vs {
		out[i] = makeCard(v, loc, o)
	}
	return out
}

type articleView struct {
	Headline, Standfirst string
	Kicker, KickerURL    string
	Section              string
	Published            stamp
	Updated              *stamp // nil unless edited after publication
	Authors              []bylineName
	LeadImage            *content.Image
	LeadImageHTML        template.HTML // the lead <picture> (Picture)
	LeadAlt, LeadCaption string
	LeadCredit           string
	HasLeadCaption       bool          // LeadCaption or LeadCredit, kept so the template needs no "or" call
	Body                 template.HTML // sanitised by content.RenderBody
	Notes                []noteView    // corrections and updates, oldest first (corrections.go)
	Topics               []content.Topic
	Related              []card // related.go; empty when turned off

	ld *articleLD // structured data (jsonld.go)
}

type homeView struct {
	Lead   *card
	Latest []card
	// LatestHeading heads Latest: "Top stories" when the desk pinned one
	// of them (front.go), else "Latest".
	LatestHeading string
	Blocks        []sectionBlock
}

type sectionBlock struct {
	Section content.Section
	Cards   []card
}

type listView struct {
	Path    string // the list's first page
	Kind    string // "Section", "Series", ...
	Heading string
	Intro   string
	Photo   *content.Image
	Links   []string
	Cards   []card
	Next    string // address of the next page, "" on the last
	Older   bool   // this is not the first page
	// Lead and Top are a section's pinned stories and the latest that
	// fill its other slots, shown above the list; nil when nothing is
	// pinned there (front.go).
	Lead *card
	Top  []card

	shown map[int64]bool // articles in Lead and Top, left out of Cards
}

type privacyView struct {
	Notice template.HTML // sanitised by content's policy
}

type errorView struct {
	Status           int
	Heading, Message string
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
