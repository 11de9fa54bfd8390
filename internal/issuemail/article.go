package issuemail

import (
	"net/url"
	"strings"
	"time"

	"masthead/internal/body"
	"masthead/internal/content"
)

// FromArticle maps a published article, as the site shows it, to what an
// email shows of it. refs are the see-also targets of its body (from
// store.ArticleRefs of content.SeeAlsoIDs), so those blocks show their
// target's current headline and vanish when it is unpublished, as on the
// article page. baseURL is the site's absolute address, such as
// https://news.example.org. BodyHTML is filled; a digest clears it.
// now is the time of the sending: see-also targets under embargo then are
// left out. images are the body's images (store.BodyImages of
// content.MediaIDs, nil for none): an image block shows the media
// library's current file, or its per-use crop once made, as on the site.
func FromArticle(v content.ArticleView, refs map[int64]content.ArticleRef, images map[int64]content.Image, baseURL string, now time.Time) Article {
	base := strings.TrimRight(baseURL, "/")
	kicker, _ := v.Kicker()
	a := Article{
		Headline:   v.Headline,
		Kicker:     kicker,
		Standfirst: v.Standfirst,
		URL:        base + "/articles/" + url.PathEscape(v.Slug),
		Byline:     byline(v.Authors),
		// One absolute <img> for each image: the crop the block asks for
		// when made (in the original's type), else the whole picture,
		// the file the block was saved with when not in images; embeds
		// are link cards.
		BodyHTML: content.Render(v.Body, content.RenderOptions{Target: body.Email, Base: base, Refs: refs, Images: images, Now: now}).HTML,
	}
	if img := v.LeadImageShown(); img != nil {
		// Uploads are kept in one size (at most a few thousand pixels
		// wide); the email shows them at 536 pixels with a width attribute.
		a.ImageURL = base + mediaPath(img.Path) // the use's crop when made
		a.ImageAlt = v.LeadAlt
		if strings.TrimSpace(a.ImageAlt) == "" {
			a.ImageAlt = v.Headline // the image is a link to the article: it needs a name
		}
	}
	return a
}

// FromSettings is the publication as the settings describe it. baseURL
// overrides the settings' site address when not empty (the server's
// configured MASTHEAD_BASE_URL); logo is the settings' logo image or nil.
func FromSettings(s content.Settings, baseURL string, logo *content.Image) Publication {
	if baseURL == "" {
		baseURL = s.BaseURL
	}
	baseURL = strings.TrimRight(baseURL, "/")
	p := Publication{Name: s.Name, BaseURL: baseURL, PostalAddress: s.PostalAddress}
	if logo != nil && logo.Path != "" {
		p.LogoURL = baseURL + mediaPath(logo.Path)
	}
	return p
}

// mediaPath is the site's address of an uploaded file (as site.mediaURL).
func mediaPath(path string) string {
	return "/media/" + (&url.URL{Path: path}).EscapedPath()
}

// byline lays out authors as "By A, B and C".
func byline(authors []content.Author) string {
	if len(authors) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("By ")
	for i, a := range authors {
		switch {
		case i == 0:
		case i == len(authors)-1:
			b.WriteString(" and ")
		default:
			b.WriteString(", ")
		}
		b.WriteString(a.Name)
	}
	return b.String()
}
