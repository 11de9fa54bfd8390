// Package feed writes the publication's syndication formats: RSS 2.0,
// Atom 1.0 and JSON Feed 1.1 (this file and its siblings) and sitemaps
// (sitemap.go). It knows nothing of the database or HTTP: callers hand it
// absolute URLs and text, and it writes them to an io.Writer.
//
// Text is written with xmlText, which strips what XML 1.0 cannot carry
// (most control characters, invalid UTF-8), so a headline pasted from
// anywhere never makes a feed that parsers reject.
package feed

import (
	"net/url"
	"strings"
	"time"
)

// Feed is one feed: the whole site or one list, newest item first.
type Feed struct {
	Title       string
	Description string
	Language    string // BCP 47, such as "en" or "en-AU"
	HomeURL     string // the page the feed follows, absolute
	SelfURL     string // the feed's own address in the format being written, absolute
	IconURL     string // the publication's logo, absolute; "" when none
	Publisher   string // the publication's name, the author when an item has none
	Updated     time.Time
	Loc         *time.Location // RSS dates are written in the publication's zone
	Items       []Item
}

// Item is one article.
type Item struct {
	ID         string // stable: see ArticleID
	URL        string
	Title      string
	Summary    string // plain text (the standfirst)
	HTML       string // the full text, sanitised, with absolute URLs; "" in summary-only feeds
	Published  time.Time
	Modified   time.Time // zero when never edited after publication
	Authors    []Person
	Categories []string
	Image      *Image
}

// Person is a byline with its page.
type Person struct {
	Name, URL string
}

// Image is an item's lead image.
type Image struct {
	URL    string
	Type   string // MIME type
	Length int64  // bytes; 0 when unknown (no RSS enclosure then)
	Width  int
	Height int
	Alt    string
}

// updated is when the item last changed.
func (it *Item) updated() time.Time {
	if it.Modified.After(it.Published) {
		return it.Modified
	}
	return it.Published
}

// ArticleID is an item's id: a tag URI (RFC 4151) of the site's host, the
// day the article was first published and its database id. Neither a
// changed slug nor a changed headline changes it, so feed readers never
// show an edited article twice.
func ArticleID(base string, id int64, published time.Time) string {
	return "tag:" + tagAuthority(base) + "," + published.UTC().Format("2006-01-02") + ":article:" + itoa(id)
}

// tagAuthority is the host of base without its port, lower case (a tag
// URI's authority is a DNS name).
func tagAuthority(base string) string {
	u, err := url.Parse(base)
	if err != nil || u.Hostname() == "" {
		return "localhost"
	}
	return strings.ToLower(u.Hostname())
}

// Newest returns the latest change among items (zero when there are none).
func Newest(items []Item) time.Time {
	var t time.Time
	for i := range items {
		if u := items[i].updated(); u.After(t) {
			t = u
		}
	}
	return t
}
