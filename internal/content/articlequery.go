package content

import "time"

// ArticleQuery is one view of the newsroom's article list: which articles
// (filters, each zero for any), in which order, and where the page starts.
type ArticleQuery struct {
	Status                     Status
	SectionID, SeriesID        int64
	TopicID, AuthorID          int64
	CreatedFrom, CreatedTo     time.Time // From <= created_at < To
	PublishedFrom, PublishedTo time.Time // From <= published_at < To
	// AssigneeID keeps the articles assigned to that user; Unassigned
	// the articles assigned to nobody (workflow.go).
	AssigneeID int64
	Unassigned bool
	// Open, when Status is empty, keeps the articles still being worked
	// on: one of OpenStatuses (decision 0045).
	Open bool
	// IDs, when Only is set, restricts the list to these articles (a
	// search's matches); Only with no IDs lists nothing.
	IDs  []int64
	Only bool
	Sort ArticleSort
	// After is the last row of the previous page; zero starts at the top.
	After ListCursor
	Limit int
}

// OpenStatuses are the statuses of work still open: neither published
// nor unpublished.
var OpenStatuses = []Status{StatusDraft, StatusReview, StatusReady, StatusScheduled}

// ArticleSort is an order of the article list. The zero value is
// SortChanged.
type ArticleSort string

const (
	SortChanged      ArticleSort = "changed"       // last change, newest first
	SortChangedAsc   ArticleSort = "changed-asc"   // last change, oldest first
	SortPublished    ArticleSort = "published"     // publication, newest first; never published last
	SortPublishedAsc ArticleSort = "published-asc" // publication, oldest first; never published last
	SortHeadline     ArticleSort = "headline"      // headline A to Z
	SortHeadlineDesc ArticleSort = "headline-desc" // headline Z to A
	SortScheduled    ArticleSort = "scheduled"     // scheduled time, soonest first; never scheduled last
)

// ArticleSorts are the list's orders, in the order the list offers them.
var ArticleSorts = []ArticleSort{SortChanged, SortChangedAsc, SortPublished, SortPublishedAsc, SortScheduled, SortHeadline, SortHeadlineDesc}

// Valid reports whether s is one of ArticleSorts.
func (s ArticleSort) Valid() bool {
	for _, k := range ArticleSorts {
		if s == k {
			return true
		}
	}
	return false
}

// Label is how the list names the order.
func (s ArticleSort) Label() string {
	switch s {
	case SortChangedAsc:
		return "Last change, oldest first"
	case SortPublished:
		return "Publication, newest first"
	case SortPublishedAsc:
		return "Publication, oldest first"
	case SortHeadline:
		return "Headline, A to Z"
	case SortHeadlineDesc:
		return "Headline, Z to A"
	case SortScheduled:
		return "Scheduled time, soonest first"
	}
	return "Last change, newest first"
}

// ListCursor is where a page of the article list starts: after the row
// with this ID and this value of the sort key (Time for the time orders,
// Headline for the headline orders). Undated is the part of a publication
// (or the scheduled) order holding articles never published (scheduled),
// ordered by id.
type ListCursor struct {
	ID       int64
	Time     time.Time
	Headline string
	Undated  bool
}

// IsZero reports whether c is the top of the list.
func (c ListCursor) IsZero() bool { return c.ID == 0 }

// Edit is who last saved an article and when (its newest revision).
type Edit struct {
	UserID int64
	Name   string // "" when the account is gone or the save had no author
	At     time.Time
}
