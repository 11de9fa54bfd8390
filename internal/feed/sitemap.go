package feed

import (
	"bufio"
	"errors"
	"io"
	"time"
)

// Sitemaps (https://www.sitemaps.org/protocol.html) with Google's image
// and news extensions. Writers stream: each URL is written as it is added,
// so memory does not depend on how many there are.

// MaxSitemapURLs is the protocol's limit of addresses in one sitemap, and
// of sitemaps in one index.
const MaxSitemapURLs = 50_000

// ErrSitemapFull is returned by Add past MaxSitemapURLs.
var ErrSitemapFull = errors.New("feed: a sitemap holds at most 50,000 addresses")

const (
	sitemapNS = "http://www.sitemaps.org/schemas/sitemap/0.9"
	imageNS   = "http://www.google.com/schemas/sitemap-image/1.1"
	newsNS    = "http://www.google.com/schemas/sitemap-news/0.9"
)

// SitemapURL is one address of a sitemap.
type SitemapURL struct {
	Loc     string
	LastMod time.Time // zero: none
	Images  []string  // absolute image addresses (image:image)
	News    *News     // news sitemaps only
}

// News is what a news sitemap says of an article.
type News struct {
	Publication string // the publication's name
	Language    string // ISO 639 code, such as "en"
	Published   time.Time
	Title       string
}

// URLSet writes one sitemap.
type URLSet struct {
	w *bufio.Writer
	n int
}

// NewURLSet starts a sitemap on w; news adds the news namespace.
func NewURLSet(w io.Writer, news bool) *URLSet {
	s := &URLSet{w: bufio.NewWriterSize(w, 32<<10)}
	s.w.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	s.w.WriteString(`<urlset xmlns="` + sitemapNS + `" xmlns:image="` + imageNS + `"`)
	if news {
		s.w.WriteString(` xmlns:news="` + newsNS + `"`)
	}
	s.w.WriteString(">\n")
	return s
}

// Add writes one address.
func (s *URLSet) Add(u SitemapURL) error {
	if s.n >= MaxSitemapURLs {
		return ErrSitemapFull
	}
	s.n++
	w := s.w
	w.WriteString("<url><loc>")
	xmlText(w, u.Loc)
	w.WriteString("</loc>")
	if !u.LastMod.IsZero() {
		w.WriteString("<lastmod>" + W3CTime(u.LastMod) + "</lastmod>")
	}
	if n := u.News; n != nil {
		w.WriteString("<news:news><news:publication><news:name>")
		xmlText(w, n.Publication)
		w.WriteString("</news:name><news:language>")
		xmlText(w, n.Language)
		w.WriteString("</news:language></news:publication><news:publication_date>" + W3CTime(n.Published) + "</news:publication_date><news:title>")
		xmlText(w, n.Title)
		w.WriteString("</news:title></news:news>")
	}
	for _, img := range u.Images {
		w.WriteString("<image:image><image:loc>")
		xmlText(w, img)
		w.WriteString("</image:loc></image:image>")
	}
	_, err := w.WriteString("</url>\n")
	return err // a failed write sticks in the bufio.Writer: reported here
}

// Close ends the sitemap and flushes it.
func (s *URLSet) Close() error {
	s.w.WriteString("</urlset>\n")
	return s.w.Flush()
}

// Index writes a sitemap index.
type Index struct {
	w *bufio.Writer
	n int
}

// NewIndex starts a sitemap index on w.
func NewIndex(w io.Writer) *Index {
	x := &Index{w: bufio.NewWriter(w)}
	x.w.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<sitemapindex xmlns="` + sitemapNS + `">` + "\n")
	return x
}

// Add lists one sitemap.
func (x *Index) Add(loc string, lastMod time.Time) error {
	if x.n >= MaxSitemapURLs {
		return ErrSitemapFull
	}
	x.n++
	x.w.WriteString("<sitemap><loc>")
	xmlText(x.w, loc)
	x.w.WriteString("</loc>")
	if !lastMod.IsZero() {
		x.w.WriteString("<lastmod>" + W3CTime(lastMod) + "</lastmod>")
	}
	_, err := x.w.WriteString("</sitemap>\n")
	return err
}

// Close ends the index and flushes it.
func (x *Index) Close() error {
	x.w.WriteString("</sitemapindex>\n")
	return x.w.Flush()
}

// W3CTime is the W3C Datetime form sitemaps use, in UTC to the second.
func W3CTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z07:00") }
