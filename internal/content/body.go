package content

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"masthead/internal/body"
)

// The canonical stored body is the HTML of the block registry
// (internal/body, docs/decisions/0035): paragraphs, headings, lists,
// quotes, pull quotes, see-also blocks, images, galleries, embeds,
// dividers and editor-only HTML. The rich editor posts it directly;
// Markdown is an input syntax read into the same blocks, and BodySource
// keeps the Markdown form so the form without JavaScript still edits it.

// Sanitize applies the stored body's allow-list.
func Sanitize(s string) string { return body.Sanitize(s) }

// RefResolver finds an article by slug (current or former).
type RefResolver func(slug string) (ArticleRef, bool)

// BodyLookup is what a body's conversion looks up: articles by slug and
// id, images by id. Nil functions find nothing.
type BodyLookup struct {
	BySlug RefResolver
	ByID   func(id int64) (ArticleRef, bool)
	Image  func(id int64) (Image, bool)
}

// BodyResult is the outcome of converting an editor's body.
type BodyResult struct {
	HTML      string
	Source    string   // the Markdown form of HTML
	LinkedIDs []int64  // articles the body refers to
	Missing   []string // see-also or internal link targets that do not exist
	// Dropped describes what the writer typed that the body cannot keep
	// (images from elsewhere, HTML tags), so a check can say so instead of
	// losing it quietly.
	Dropped []string
	// DroppedAt is where each of Dropped was in the body (places.go).
	DroppedAt []Place
	// RawHTML lists the editor-only HTML blocks, in order (see ChangesRawHTML).
	RawHTML []string
	Doc     body.Doc
}

// ConvertMarkdown turns the editor's Markdown into the canonical body.
// resolve finds see-also and internal link targets. Markdown that would
// cost far more than its size to convert is refused with a *SourceError
// (see CheckSource) before any of it is converted.
func ConvertMarkdown(src string, resolve RefResolver) (BodyResult, error) {
	return ConvertBodyMarkdown(src, BodyLookup{BySlug: resolve})
}

// ConvertBodyMarkdown is ConvertMarkdown with images looked up too.
func ConvertBodyMarkdown(src string, lk BodyLookup) (BodyResult, error) {
	if err := CheckSource(src); err != nil {
		return BodyResult{}, err
	}
	doc, rep, err := body.FromMarkdown(src, lk.body())
	if err != nil {
		return BodyResult{}, err
	}
	res := finish(doc, rep, lk)
	res.Source = src
	return res, nil
}

// ConvertHTML reads a body posted as HTML (the rich editor's body_html)
// through the registry: what it cannot keep is reported, see-also blocks
// and images that point at nothing are reported, and Source is the
// Markdown form of the result.
func ConvertHTML(h string, lk BodyLookup) BodyResult {
	doc, rep := body.Parse(h)
	res := finish(doc, rep, lk)
	res.Source = res.Doc.Markdown()
	return res
}

func finish(doc body.Doc, rep body.Report, lk BodyLookup) BodyResult {
	// Sanitised on write: the registry writes only what the allow-list
	// holds, so this changes nothing unless a kind oversteps it.
	h := doc.HTML()
	if s := body.Sanitize(h); s != h {
		doc, _ = body.Parse(s)
		h = doc.HTML()
	}
	res := BodyResult{HTML: h, Dropped: rep.Dropped, Missing: rep.Missing, Doc: doc}
	seen := map[int64]bool{}
	link := func(id int64) {
		if !seen[id] {
			seen[id] = true
			res.LinkedIDs = append(res.LinkedIDs, id)
		}
	}
	for _, id := range doc.SeeAlsoIDs() {
		if lk.ByID != nil {
			if _, ok := lk.ByID(id); !ok {
				res.Missing = append(res.Missing, "article "+strconv.FormatInt(id, 10))
				continue
			}
		}
		link(id)
	}
	for _, href := range doc.Links() {
		slug, ok := internalSlug(href)
		if !ok {
			continue
		}
		if ref, ok := lk.resolve(slug); ok {
			link(ref.ID)
		} else {
			res.Missing = append(res.Missing, "/articles/"+slug)
		}
	}
	var gone []Place // where each image no longer in the library is
	if lk.Image != nil {
		for i, bl := range doc.Blocks {
			for _, id := range (body.Doc{Blocks: []body.Block{bl}}).MediaIDs() {
				if _, ok := lk.Image(id); !ok {
					res.Dropped = append(res.Dropped, "the image "+strconv.FormatInt(id, 10)+" (no longer in the media library)")
					gone = append(gone, Place{Block: i})
				}
			}
		}
	}
	res.RawHTML = doc.RawHTML()
	res.DroppedAt = append(droppedPlaces(doc, rep, rep.Dropped), gone...)
	return res
}

var internalRef = regexp.MustCompile(`^(?:https?://[^/"]+)?/articles/([a-z0-9-]+)/?$`)

func internalSlug(href string) (string, bool) {
	m := internalRef.FindStringSubmatch(href)
	if m == nil {
		return "", false
	}
	return m[1], true
}

func (lk BodyLookup) resolve(slug string) (ArticleRef, bool) {
	if lk.BySlug == nil {
		return ArticleRef{}, false
	}
	return lk.BySlug(slug)
}

func (lk BodyLookup) body() body.Lookup {
	out := body.Lookup{}
	if lk.BySlug != nil {
		out.RefBySlug = func(slug string) (body.Ref, bool) {
			r, ok := lk.BySlug(slug)
			return BodyRef(r), ok
		}
	}
	if lk.ByID != nil {
		out.RefByID = func(id int64) (body.Ref, bool) {
			r, ok := lk.ByID(id)
			return BodyRef(r), ok
		}
	}
	if lk.Image != nil {
		out.Media = func(id int64) (body.Media, bool) {
			im, ok := lk.Image(id)
			return BodyMedia(im), ok
		}
	}
	return out
}

// BodyRef is an article as a see-also block needs it.
func BodyRef(r ArticleRef) body.Ref {
	return body.Ref{ID: r.ID, URL: r.URL(), Headline: r.Headline, Published: r.Status == StatusPublished}
}

// MediaURL is the site-relative address of a file of the media library.
func MediaURL(path string) string { return "/media/" + (&url.URL{Path: path}).EscapedPath() }

// BodyMedia is an image as an image block needs it.
func BodyMedia(im Image) body.Media {
	m := body.Media{ID: im.ID, URL: MediaURL(im.Path), Width: im.Width, Height: im.Height, Mime: im.Mime, Focus: ImageFocus(im)}
	for _, v := range im.Variants {
		m.Variants = append(m.Variants, body.Variant{URL: MediaURL(v.Path), Width: v.Width, Mime: v.Mime})
	}
	for _, v := range im.UseCrops {
		if _, done := m.Crops[v.Crop]; done {
			continue
		}
		ratio, focus, _ := strings.Cut(v.Crop, "@")
		if c, ok := im.Cropped(ratio, focus); ok {
			if m.Crops == nil {
				m.Crops = map[string]body.Media{}
			}
			c.UseCrops = nil
			m.Crops[v.Crop] = BodyMedia(c)
		}
	}
	return m
}

// SlugFromRef accepts "/articles/slug", a full URL to it, or a bare slug.
func SlugFromRef(ref string) string { return body.SlugFromRef(ref) }

// SeeAlsoIDs lists the article ids referenced by see-also blocks of body.
func SeeAlsoIDs(stored string) []int64 {
	d, _ := body.Parse(stored)
	return d.SeeAlsoIDs()
}

// RenderOptions say for which surface a stored body is rendered.
type RenderOptions struct {
	Target body.Target
	Base   string               // absolute address of the publication (email, feeds, API)
	Refs   map[int64]ArticleRef // see-also targets (store.ArticleRefs of SeeAlsoIDs)
	Images map[int64]Image      // images of the body (by MediaIDs)
	// Now is the time of the reading: a see-also target still under
	// embargo at Now is not published for it (a zero Now hides every
	// target with an embargo).
	Now time.Time
}

// Render prepares a stored body for readers: see-also blocks get the
// target's current slug and headline, and disappear when the target is no
// longer published, so a reader never meets a dead link; images use the
// media library's current file; embeds are link cards (with a frame that
// loads on request on the site).
func Render(stored string, o RenderOptions) body.Rendered {
	d, _ := body.Parse(stored)
	lk := body.Lookup{
		RefByID: func(id int64) (body.Ref, bool) {
			r, ok := o.Refs[id]
			ref := BodyRef(r)
			ref.Published = r.Public(o.Now)
			return ref, ok
		},
		Media: func(id int64) (body.Media, bool) {
			im, ok := o.Images[id]
			return BodyMedia(im), ok
		},
	}
	return d.Render(body.RenderOptions{Target: o.Target, Base: o.Base, Lookup: lk})
}

// RenderBody renders a stored body for the site with these see-also
// targets, read at now (targets under embargo then are left out).
func RenderBody(stored string, refs map[int64]ArticleRef, now time.Time) string {
	return Render(stored, RenderOptions{Target: body.Site, Refs: refs, Now: now}).HTML
}

// MediaIDs lists the images of a stored body.
func MediaIDs(stored string) []int64 {
	d, _ := body.Parse(stored)
	return d.MediaIDs()
}

// PlainText is the text of a body, for descriptions.
func PlainText(stored string) string {
	d, _ := body.Parse(stored)
	return d.PlainText()
}

// SearchText is a stored body as search indexes it: the words readers
// read, image captions and embed titles, without see-also blocks, which
// hold another article's headline.
func SearchText(stored string) string {
	d, _ := body.Parse(stored)
	return d.Text()
}

// ChangesRawHTML reports whether an edit adds or changes an editor-only
// HTML block: after holds one that before does not.
func ChangesRawHTML(before, after []string) bool {
	had := map[string]int{}
	for _, h := range before {
		had[h]++
	}
	for _, h := range after {
		if had[h] == 0 {
			return true
		}
		had[h]--
	}
	return false
}

// RawHTMLBlocks lists the editor-only HTML blocks of a stored body.
func RawHTMLBlocks(stored string) []string {
	d, _ := body.Parse(stored)
	return d.RawHTML()
}
