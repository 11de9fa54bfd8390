package search

import (
	"html"
	"strings"
	"time"

	"masthead/internal/content"
)

// Paging limits. Results are ranked, so a page is an offset into the
// ranking; pages stop at MaxResults, which is also where counting stops
// ("more than 1,000"): nobody reads that deep, and a bound on the offset
// bounds what a request can make the engine rank and skip.
const (
	MaxResults = 1000
	MaxPage    = 100
)

// Request is one search.
type Request struct {
	Query Query
	// Filters; zero means any.
	SectionID, AuthorID, TopicID int64
	SeriesID                     int64
	// From and To bound the publication time: From <= published < To.
	From, To time.Time
	// CreatedFrom and CreatedTo bound the creation time, the same way.
	CreatedFrom, CreatedTo time.Time
	// Staff searches every status (optionally one, Status); readers only
	// see what is published.
	Staff  bool
	Status content.Status
	// ExcludeID leaves one article out ("more like this").
	ExcludeID int64
	// Offset and Limit choose the page of the ranking; Offset+Limit is
	// at most MaxResults.
	Offset, Limit int
	// Snippets asks for a snippet of each hit's body (the engines' snippet
	// functions are the costliest part of a search on PostgreSQL).
	Snippets bool
}

// Hit is one article found, with a snippet of its text around what
// matched: plain text in which the words found are between Mark and
// Unmark (see Highlight).
type Hit struct {
	Article content.Article
	Snippet string
	// Rank is the sum of the weights of the fields the search matches in
	// (the store's ranking, the same on both engines).
	Rank int
}

// Results is one page of hits, best first, and how many there are in all,
// counted up to MaxResults (More: there are more than Total).
type Results struct {
	Hits  []Hit
	Total int
	More  bool
}

// Mark and Unmark surround the words a snippet highlights. They are
// private-use characters, which the index never holds (IndexText removes
// them), so only the engine's snippet function can have put them there.
const (
	Mark   = "\uE000"
	Unmark = "\uE001"
	// Tag starts the index's own tokens (an article's section, topics and
	// authors, which filters match): no word a person types or an article
	// holds can contain it.
	Tag = "\uE002"
)

var markers = strings.NewReplacer(Mark, "", Unmark, "", Tag, "")

// IndexText is text as the index keeps it: without the highlight markers
// and the tag, so that stored text can never pass for a highlight or a
// filter.
func IndexText(s string) string {
	if !strings.ContainsAny(s, Mark+Unmark+Tag) {
		return s
	}
	return markers.Replace(s)
}

// Highlight returns a snippet as HTML: all of its text escaped, and the
// marked words in <mark>, balanced even if the engine cut a snippet
// between a mark and its end.
func Highlight(snippet string) string {
	var b strings.Builder
	b.Grow(len(snippet) + 32)
	open := false
	for snippet != "" {
		i := strings.IndexAny(snippet, Mark+Unmark)
		if i < 0 {
			b.WriteString(html.EscapeString(snippet))
			break
		}
		b.WriteString(html.EscapeString(snippet[:i]))
		marker := snippet[i : i+len(Mark)] // both markers are 3 bytes
		snippet = snippet[i+len(Mark):]
		switch {
		case marker == Mark && !open:
			b.WriteString("<mark>")
			open = true
		case marker == Unmark && open:
			b.WriteString("</mark>")
			open = false
		}
	}
	if open {
		b.WriteString("</mark>")
	}
	return b.String()
}
