package content

import (
	"bytes"
	"fmt"
	"html"
	"regexp"
	"strconv"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// The canonical stored body is sanitised HTML limited to an allow-list of
// prose elements plus two Masthead blocks:
//
//	<aside class="see-also" data-article-id="42"><a href="/articles/slug">Headline</a></aside>
//	<figure class="pullquote"><blockquote><p>Quote</p></blockquote><figcaption>Name</figcaption></figure>
//
// A see-also block stores the target's id, so a renamed or re-headlined
// target renders with its current slug and headline. Markdown is only an
// input syntax: the editor keeps the source for re-editing, and a rich
// editor can write the same HTML directly.

var markdown = goldmark.New(goldmark.WithExtensions(extension.Strikethrough, extension.Typographer))

// bodyPolicy is applied on write and again on render.
var bodyPolicy = func() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "h2", "h3", "h4", "blockquote", "ul", "ol", "li", "em", "strong", "code", "pre", "hr", "br", "sup", "sub", "del", "figcaption")
	p.AllowAttrs("href").OnElements("a")
	p.AllowStandardURLs()
	p.AllowURLSchemes("http", "https", "mailto")
	p.RequireNoFollowOnLinks(false) // our own links are followed; AllowStandardURLs turns this on
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^see-also$`)).OnElements("aside")
	p.AllowAttrs("data-article-id").Matching(regexp.MustCompile(`^[0-9]{1,18}$`)).OnElements("aside")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^pullquote$`)).OnElements("figure")
	return p
}()

// Sanitize applies the body allow-list.
func Sanitize(body string) string { return bodyPolicy.Sanitize(body) }

var (
	seeAlsoTag  = regexp.MustCompile(`<aside class="see-also" data-article-id="([0-9]+)">.*?</aside>`)
	internalRef = regexp.MustCompile(`href="(?:https?://[^/"]+)?/articles/([a-z0-9-]+)/?"`)
	imageTag    = regexp.MustCompile(`<img src="([^"]*)"`)
	// The headline is the page's h1 and the allow-list stops at h4, so
	// Markdown's outer heading levels are folded into the kept ones.
	headingFold = strings.NewReplacer("<h1>", "<h2>", "</h1>", "</h2>", "<h5>", "<h4>", "</h5>", "</h4>", "<h6>", "<h4>", "</h6>", "</h4>")
)

// rawHTMLOmitted is what goldmark writes in place of HTML in Markdown.
const rawHTMLOmitted = "<!-- raw HTML omitted -->"

// RefResolver finds an article by slug (current or former).
type RefResolver func(slug string) (ArticleRef, bool)

// BodyResult is the outcome of converting an editor's Markdown.
type BodyResult struct {
	HTML      string
	LinkedIDs []int64  // articles the body refers to
	Missing   []string // see-also or internal link targets that do not exist
	// Dropped describes what the writer typed that the body cannot keep
	// (images, HTML), so a check can say so instead of losing it quietly.
	Dropped []string
	// DroppedAt is where each of Dropped was in the body.
	DroppedAt []Place
}

// ConvertMarkdown turns the editor's Markdown into the canonical body.
// resolve finds see-also and internal link targets. Markdown that would
// cost far more than its size to convert is refused with a *SourceError
// (see CheckSource) before any of it is converted.
func ConvertMarkdown(src string, resolve RefResolver) (BodyResult, error) {
	if err := CheckSource(src); err != nil {
		return BodyResult{}, err
	}
	var buf bytes.Buffer
	if err := markdown.Convert([]byte(src), &buf); err != nil {
		return BodyResult{}, fmt.Errorf("content: markdown: %w", err)
	}
	out := buf.String()
	var res BodyResult
	out = headingFold.Replace(out)
	seen := map[int64]bool{}
	link := func(id int64) {
		if !seen[id] {
			seen[id] = true
			res.LinkedIDs = append(res.LinkedIDs, id)
		}
	}
	out = replaceSeeAlsoParas(out, func(target string) (string, bool) {
		target = html.UnescapeString(target)
		ref, ok := resolve(SlugFromRef(target))
		if !ok {
			res.Missing = append(res.Missing, target)
			return "", false // kept as text so the writer sees it; the check blocks publishing
		}
		link(ref.ID)
		return seeAlsoHTML(ref), true
	})
	out = replacePullQuotes(out)
	for _, m := range internalRef.FindAllStringSubmatch(out, -1) {
		if ref, ok := resolve(m[1]); ok {
			link(ref.ID)
		} else {
			res.Missing = append(res.Missing, "/articles/"+m[1])
		}
	}
	// Each block above became one block, so places found here are those
	// of the sanitised body.
	res.Dropped, res.DroppedAt = droppedPlaces(out)
	res.HTML = Sanitize(out)
	return res, nil
}

func seeAlsoHTML(ref ArticleRef) string {
	return `<aside class="see-also" data-article-id="` + strconv.FormatInt(ref.ID, 10) + `"><a href="` +
		html.EscapeString(ref.URL()) + `">` + html.EscapeString(ref.Headline) + `</a></aside>`
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

// SeeAlsoIDs lists the article ids referenced by see-also blocks of body.
func SeeAlsoIDs(body string) []int64 {
	var ids []int64
	for _, m := range seeAlsoTag.FindAllStringSubmatch(body, -1) {
		if id, err := strconv.ParseInt(m[1], 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	return ids
}

// RenderBody prepares a stored body for readers: see-also blocks get the
// target's current slug and headline, and disappear when the target is no
// longer published, so a reader never meets a dead link.
func RenderBody(body string, refs map[int64]ArticleRef) string {
	body = seeAlsoTag.ReplaceAllStringFunc(body, func(m string) string {
		id, _ := strconv.ParseInt(seeAlsoTag.FindStringSubmatch(m)[1], 10, 64)
		ref, ok := refs[id]
		if !ok || ref.Status != StatusPublished {
			return ""
		}
		return seeAlsoHTML(ref)
	})
	return Sanitize(body)
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

// PlainText strips markup, for descriptions and search.
func PlainText(body string) string {
	return strings.Join(strings.Fields(html.UnescapeString(tagRE.ReplaceAllString(body, " "))), " ")
}

// SearchText is a stored body as search indexes it: the words readers
// read, without markup and without see-also blocks, which hold another
// article's headline.
func SearchText(body string) string {
	return PlainText(seeAlsoTag.ReplaceAllString(body, " "))
}
