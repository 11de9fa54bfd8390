package feed

import (
	"bufio"
	"io"
	"strconv"
	"time"
)

// Media types of the three formats, for Content-Type and <link rel=alternate>.
const (
	RSSType  = "application/rss+xml"
	AtomType = "application/atom+xml"
	JSONType = "application/feed+json"
)

// rssDate is RFC 822 as RSS 2.0 asks, with a four-digit year (RFC 1123)
// as every reader expects.
const rssDate = time.RFC1123Z

// WriteRSS writes f as RSS 2.0: the full text in content:encoded, the
// byline in dc:creator (RSS's own author element wants an email address),
// the lead image as an enclosure and a media:content element.
func WriteRSS(out io.Writer, f *Feed) error {
	w := bufio.NewWriter(out)
	loc := f.Loc
	if loc == nil {
		loc = time.UTC
	}
	w.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	w.WriteString(`<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/">` + "\n<channel>\n")
	element(w, "", "title", f.Title)
	element(w, "", "link", f.HomeURL)
	// RSS requires a description; the title stands in for a missing one.
	element(w, "", "description", firstNonEmpty(f.Description, f.Title))
	w.WriteString(`<atom:link rel="self" type="` + RSSType + `" href="`)
	xmlText(w, f.SelfURL)
	w.WriteString("\"/>\n")
	element(w, "", "language", f.Language)
	if !f.Updated.IsZero() {
		element(w, "", "lastBuildDate", f.Updated.In(loc).Format(rssDate))
	}
	element(w, "", "generator", "Masthead")
	if f.IconURL != "" {
		w.WriteString("<image>\n")
		element(w, "", "url", f.IconURL)
		element(w, "", "title", f.Title)
		element(w, "", "link", f.HomeURL)
		w.WriteString("</image>\n")
	}
	for i := range f.Items {
		it := &f.Items[i]
		w.WriteString("<item>\n")
		element(w, "", "title", it.Title)
		element(w, "", "link", it.URL)
		w.WriteString(`<guid isPermaLink="false">`)
		xmlText(w, it.ID)
		w.WriteString("</guid>\n")
		element(w, "", "description", it.Summary)
		element(w, "", "content:encoded", it.HTML)
		element(w, "", "pubDate", it.Published.In(loc).Format(rssDate))
		for _, a := range it.Authors {
			element(w, "", "dc:creator", a.Name)
		}
		for _, c := range it.Categories {
			element(w, "", "category", c)
		}
		if img := it.Image; img != nil {
			if img.Length > 0 {
				w.WriteString(`<enclosure url="`)
				xmlText(w, img.URL)
				w.WriteString(`" length="` + strconv.FormatInt(img.Length, 10) + `" type="`)
				xmlText(w, img.Type)
				w.WriteString("\"/>\n")
			}
			mediaContent(w, img)
		}
		w.WriteString("</item>\n")
	}
	w.WriteString("</channel>\n</rss>\n")
	return w.Flush()
}

// mediaContent writes the Media RSS element of an image, with its size
// and its alternative text.
func mediaContent(w *bufio.Writer, img *Image) {
	w.WriteString(`<media:content url="`)
	xmlText(w, img.URL)
	w.WriteString(`" medium="image" type="`)
	xmlText(w, img.Type)
	w.WriteString(`"`)
	if img.Length > 0 {
		w.WriteString(` fileSize="` + strconv.FormatInt(img.Length, 10) + `"`)
	}
	if img.Width > 0 && img.Height > 0 {
		w.WriteString(` width="` + strconv.Itoa(img.Width) + `" height="` + strconv.Itoa(img.Height) + `"`)
	}
	if img.Alt == "" {
		w.WriteString("/>\n")
		return
	}
	w.WriteString(">")
	w.WriteString(`<media:description type="plain">`)
	xmlText(w, img.Alt)
	w.WriteString("</media:description></media:content>\n")
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
