package content

import "time"

// SitemapKinds are the kinds of address a sitemap lists, in the order the
// sitemap index gives them.
var SitemapKinds = []string{"articles", "sections", "series", "topics", "authors"}

// SitemapEntry is what a sitemap says of one address: a published article,
// or a list (section, series, topic, author) with published articles.
type SitemapEntry struct {
	ID          int64
	Slug        string
	Headline    string    // articles of the news sitemap only
	PublishedAt time.Time // articles only
	LastMod     time.Time // an article's last change; a list's newest article's
	ImagePath   string    // an article's lead image under the media root, "" when none
}

// SitemapPage is one sitemap of a kind: it covers the ids from
// (N-1)*size+1 to N*size, so an address never moves to another page.
type SitemapPage struct {
	N       int64
	LastMod time.Time // the newest change among its addresses
}

// IDRange is the ids page n of the given size covers.
func (p SitemapPage) IDRange(size int) (afterID, lastID int64) {
	return (p.N - 1) * int64(size), p.N * int64(size)
}

// ArticleText is the stored body of an article and its correction note.
type ArticleText struct {
	Body, Correction string
}
