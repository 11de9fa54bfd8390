package body

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/microcosm-cc/bluemonday"
)

// Target is a surface a body is rendered for.
type Target int

const (
	// Site is the public article page: pictures with responsive sources,
	// embeds with a click-to-load frame.
	Site Target = iota
	// Email is a newsletter: absolute links, one <img>, link cards.
	Email
	// Feed is an RSS or Atom entry: as Email.
	Feed
	// API is the content API: as Email.
	API
)

// RenderOptions are what a surface knows when it renders.
type RenderOptions struct {
	Target Target
	// Base is the publication's absolute address ("https://example.org");
	// email, feeds and the API make site-relative links absolute with it.
	Base   string
	Lookup Lookup
	// Sizes is the sizes attribute of body images on the site.
	Sizes string
}

// Rendered is a body ready for readers.
type Rendered struct {
	HTML string
	// FrameOrigins are the origins of the frames the page may load
	// (for its Content-Security-Policy frame-src), sorted.
	FrameOrigins []string
}

type renderState struct {
	target Target
	base   string
	lookup Lookup
	sizes  string
	frames []string
}

func (rc *renderState) frame(origin string) {
	if origin != "" && !slices.Contains(rc.frames, origin) {
		rc.frames = append(rc.frames, origin)
	}
}

// DefaultSizes fits the article column of the site's stylesheet.
const DefaultSizes = "(min-width: 46rem) 42rem, calc(100vw - 2rem)"

// Render writes the body for a reader surface and sanitises the result.
func (d Doc) Render(o RenderOptions) Rendered {
	rc := &renderState{target: o.Target, lookup: o.Lookup, sizes: o.Sizes}
	if o.Target != Site {
		rc.base = strings.TrimRight(o.Base, "/")
	}
	if rc.sizes == "" {
		rc.sizes = DefaultSizes
	}
	var b strings.Builder
	for _, bl := range d.Blocks {
		n := b.Len()
		bl.render(&b, rc)
		if b.Len() > n {
			b.WriteByte('\n')
		}
	}
	slices.Sort(rc.frames)
	return Rendered{HTML: strings.TrimSuffix(renderPolicy.Sanitize(b.String()), "\n"), FrameOrigins: rc.frames}
}

// writePicture writes a site image: a <picture> with a <source> per
// modern format when the image has variants, else a plain <img>.
func writePicture(b *strings.Builder, m Media, alt string, rc *renderState) {
	byMime := map[string][]Variant{}
	var own []Variant
	for _, v := range m.Variants {
		if v.Mime == "image/avif" || v.Mime == "image/webp" {
			byMime[v.Mime] = append(byMime[v.Mime], v)
		} else {
			own = append(own, v)
		}
	}
	img := func() {
		fmt.Fprintf(b, `<img src="%s"`, escape(m.URL))
		if len(own) > 0 {
			fmt.Fprintf(b, ` srcset="%s" sizes="%s"`, escape(srcset(own)), escape(rc.sizes))
		}
		if m.Width > 0 && m.Height > 0 {
			fmt.Fprintf(b, ` width="%d" height="%d"`, m.Width, m.Height)
		}
		fmt.Fprintf(b, ` alt="%s" loading="lazy" decoding="async">`, escape(alt))
	}
	if len(m.Variants) == 0 {
		img()
		return
	}
	b.WriteString("<picture>")
	for _, mime := range []string{"image/avif", "image/webp"} {
		if vs := byMime[mime]; len(vs) > 0 {
			fmt.Fprintf(b, `<source type="%s" srcset="%s" sizes="%s">`, mime, escape(srcset(vs)), escape(rc.sizes))
		}
	}
	img()
	b.WriteString("</picture>")
}

func srcset(vs []Variant) string {
	vs = slices.Clone(vs)
	slices.SortFunc(vs, func(a, b Variant) int { return a.Width - b.Width })
	parts := make([]string, 0, len(vs))
	for _, v := range vs {
		parts = append(parts, fmt.Sprintf("%s %dw", v.URL, v.Width))
	}
	return strings.Join(parts, ", ")
}

// renderPolicy is the last word on what reaches a reader: the body's
// allow-list, the attributes renderers add, and frames only from the
// providers' frame hosts.
var renderPolicy = func() *bluemonday.Policy {
	p := StorePolicy()
	p.AllowElements("picture", "details", "summary", "span")
	p.AllowAttrs("type").Matching(regexp.MustCompile(`^image/(avif|webp)$`)).OnElements("source")
	p.AllowAttrs("srcset", "sizes").OnElements("source", "img")
	p.AllowAttrs("loading").Matching(regexp.MustCompile(`^lazy$`)).OnElements("img", "iframe")
	p.AllowAttrs("decoding").Matching(regexp.MustCompile(`^async$`)).OnElements("img")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^(embed-[a-z]+|caption|credit)$`)).OnElements("a", "span", "details")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^(pullquote|image|gallery|embed( embed-[a-z]+)?)$`)).OnElements("figure")
	p.AllowAttrs("src").Matching(frameSrc).OnElements("iframe")
	p.AllowAttrs("title", "referrerpolicy", "allow", "sandbox").OnElements("iframe")
	p.AllowElements("iframe")
	return p
}()

// frameSrc is the frame hosts of the provider registry.
var frameSrc = regexp.MustCompile(`^https://(www\.youtube-nocookie\.com|player\.vimeo\.com|w\.soundcloud\.com|open\.spotify\.com|datawrapper\.dwcdn\.net|flourish\.studio|embed\.documentcloud\.org|docs\.google\.com)/`)

// StorePolicy is the allow-list of the stored body (sanitised on write):
// the inline allow-list and the elements and attributes of the registered
// block kinds. Editor-only HTML blocks are sanitised by their own wider
// list first; on write they are checked against it again by Parse.
func StorePolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "h2", "h3", "h4", "blockquote", "ul", "ol", "li", "em", "strong", "code", "pre", "hr", "br", "sup", "sub", "del",
		"figure", "figcaption", "aside", "div", "span")
	p.AllowAttrs("href").OnElements("a")
	p.AllowStandardURLs()
	p.AllowURLSchemes("http", "https", "mailto")
	p.RequireNoFollowOnLinks(false)
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^see-also$`)).OnElements("aside")
	p.AllowAttrs("data-article-id").Matching(regexp.MustCompile(`^[0-9]{1,18}$`)).OnElements("aside")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^(pullquote|image|gallery|embed)$`)).OnElements("figure")
	p.AllowAttrs("data-media-id").Matching(regexp.MustCompile(`^[0-9]{1,18}$`)).OnElements("figure")
	p.AllowAttrs("data-focus").Matching(regexp.MustCompile(`^[01]\.[0-9]{2},[01]\.[0-9]{2}$`)).OnElements("figure")
	p.AllowAttrs("data-crop").Matching(regexp.MustCompile(`^(16x9|4x3|3x2|1x1|4x5)$`)).OnElements("figure")
	p.AllowAttrs("data-provider").Matching(regexp.MustCompile(`^[a-z0-9-]{1,30}$`)).OnElements("figure")
	p.AllowAttrs("data-url").Matching(regexp.MustCompile(`^https://`)).OnElements("figure")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^(caption|credit)$`)).OnElements("span")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^raw-html$`)).OnElements("div")
	p.AllowAttrs("src", "alt").OnElements("img")
	p.AllowAttrs("width", "height").Matching(regexp.MustCompile(`^[0-9]{1,5}$`)).OnElements("img")
	// Inside editor-only HTML blocks (sanitised by rawPolicy before).
	p.AllowElements("h5", "h6", "b", "i", "u", "s", "ins", "small", "mark", "kbd", "abbr", "cite", "q", "dl", "dt", "dd",
		"table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "colgroup", "col", "details", "summary")
	p.AllowAttrs("colspan", "rowspan").Matching(regexp.MustCompile(`^[0-9]{1,3}$`)).OnElements("td", "th")
	p.AllowAttrs("scope").Matching(regexp.MustCompile(`^(row|col|rowgroup|colgroup)$`)).OnElements("th")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^[a-z][a-z0-9 -]{0,60}$`)).OnElements("p", "table")
	p.AllowAttrs("title").OnElements("abbr")
	return p
}

// storePolicy is StorePolicy, made once.
var storePolicy = StorePolicy()

// Sanitize applies the stored body's allow-list.
func Sanitize(s string) string { return storePolicy.Sanitize(s) }
