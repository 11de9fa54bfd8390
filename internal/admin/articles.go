package admin

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"masthead/internal/content"
	"masthead/internal/search"
)

// listSize is how many articles one page of the list shows.
const listSize = 25

// sortRelevance is the order of a search's best matches first; it is the
// default order of a search and means nothing without words.
const sortRelevance = "relevance"

type articleListView struct {
	f        listFilters
	Q        string
	Status   content.Status
	Statuses []content.Status
	Open     bool // status=open: work not published nor unpublished (article_open.go)
	// The filters' choices and what is chosen (0: any).
	Sections                   []content.Section
	Series                     []content.Series
	Topics                     []content.Topic
	Authors                    []content.Author
	SectionID, SeriesID        int64
	TopicID, AuthorID          int64
	CreatedFrom, CreatedTo     string // as typed: 2006-01-02
	PublishedFrom, PublishedTo string
	Sort                       string
	Sorts                      []sortChoice
	Filtered                   bool // some filter or words narrow the list
	Rows                       []articleRow
	Next                       string // address of the next page, "" on the last
	First                      string // address of the first page with the same filters and order
	Paged                      bool   // this is not the first page
	// Count says how many a search found ("12 articles match"); empty
	// when the list is not a search.
	Count string
	// Ignored says which parts of the address were not understood and
	// left out of the list.
	Ignored []string
	// The assignee filter (workflow_list.go): "me", "nobody", a user id, "" for any.
	Assignee        string
	AssigneeChoices []assigneeChoice
}

type sortChoice struct {
	Value, Label string
}

// listFilters is what the address asks the list for, once checked.
type listFilters struct {
	q      content.ArticleQuery
	words  string
	sort   string // a content.ArticleSort or sortRelevance
	values url.Values
}

// articleList is the newsroom's article list: filtered by status, section,
// series, topic, author and dates, in one of six orders, paged by a
// keyset cursor; with words to look for it is the site's full-text search
// over every status (headline, standfirst, body, topics, bylines), best
// match first and paged by number, or the matches in one of the orders.
// Every filter, the order and the page are in the address (a GET form),
// so a view can be bookmarked and shared; what the address holds that is
// not understood is left out and said so, never an error.
func (a *Admin) articleList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	st, err := a.store.GetSettings(ctx)
	if err != nil {
		return err
	}
	v := articleListView{Statuses: statuses}
	if v.Sections, err = a.store.ListSections(ctx); err != nil {
		return err
	}
	if v.Series, err = a.store.ListSeries(ctx); err != nil {
		return err
	}
	if v.Topics, err = a.store.ListTopics(ctx); err != nil {
		return err
	}
	if v.Authors, err = a.store.ListAuthors(ctx); err != nil {
		return err
	}
	v.read(r.URL.Query(), st.Location())
	users, err := a.auth.ListUsers(ctx)
	if err != nil {
		return err
	}
	v.readAssignee(r.URL.Query().Get("assignee"), sessionFrom(ctx).User.ID, users)
	if v.f.words != "" && v.f.sort == sortRelevance {
		err = a.articleSearch(ctx, r, &v)
	} else {
		err = a.articlePage(ctx, r, &v)
	}
	if err != nil {
		return err
	}
	p := &page{Title: "Articles", Nav: "articles", Data: v, Loc: st.Location()}
	if r.URL.Query().Get("done") == "deleted" {
		p.Notice = "The draft is deleted."
	}
	return a.ok(w, r, "articles", p)
}

// read checks the address's filters; each one not understood is left
// out, with a line in v.Ignored.
func (v *articleListView) read(in url.Values, loc *time.Location) {
	f := &v.f
	f.values = url.Values{}
	v.Q = strings.TrimSpace(strings.ToValidUTF8(in.Get("q"), "\uFFFD"))
	if utf8.RuneCountInString(v.Q) > search.MaxQueryRunes {
		v.Q = string([]rune(v.Q)[:search.MaxQueryRunes])
	}
	if v.Q != "" {
		f.words = v.Q
		f.values.Set("q", v.Q)
	}
	if s := in.Get("status"); s == statusOpen {
		v.Open, f.q.Open = true, true
		f.values.Set("status", s)
	} else if s != "" {
		if st := content.Status(s); st.Valid() {
			v.Status, f.q.Status = st, st
			f.values.Set("status", s)
		} else {
			v.ignore("There is no status %q; the list is not filtered by status.", s)
		}
	}
	pick := func(key, what string, known func(int64) bool) int64 {
		s := in.Get(key)
		if s == "" {
			return 0
		}
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 || !known(id) {
			v.ignore("There is no %s %q; the list is not filtered by %s.", what, s, what)
			return 0
		}
		f.values.Set(key, s)
		return id
	}
	v.SectionID = pick("section", "section", func(id int64) bool { return hasID(v.Sections, id, func(s content.Section) int64 { return s.ID }) })
	v.SeriesID = pick("series", "series", func(id int64) bool { return hasID(v.Series, id, func(s content.Series) int64 { return s.ID }) })
	v.TopicID = pick("topic", "topic", func(id int64) bool { return hasID(v.Topics, id, func(t content.Topic) int64 { return t.ID }) })
	v.AuthorID = pick("author", "author", func(id int64) bool { return hasID(v.Authors, id, func(a content.Author) int64 { return a.ID }) })
	f.q.SectionID, f.q.SeriesID, f.q.TopicID, f.q.AuthorID = v.SectionID, v.SeriesID, v.TopicID, v.AuthorID
	f.q.CreatedFrom, f.q.CreatedTo, v.CreatedFrom, v.CreatedTo = v.dateRange(in, "created", "creation", loc)
	f.q.PublishedFrom, f.q.PublishedTo, v.PublishedFrom, v.PublishedTo = v.dateRange(in, "published", "publication", loc)

	f.sort = string(content.SortChanged)
	if f.words != "" {
		f.sort = sortRelevance
	}
	if s := in.Get("sort"); s != "" {
		switch {
		case content.ArticleSort(s).Valid(), s == sortRelevance && f.words != "":
			f.sort = s
			f.values.Set("sort", s)
		case s == sortRelevance: // best match without words: the default order
		default:
			v.ignore("There is no order %q; the list is in its usual order.", s)
		}
	}
	if f.q.Open && f.sort == sortRelevance {
		f.sort = openSearchSort(f)
	}
	f.q.Sort = content.ArticleSort(f.sort)
	v.Sort = f.sort
	if f.words != "" && !f.q.Open {
		v.Sorts = append(v.Sorts, sortChoice{sortRelevance, "Best match"})
	}
	for _, s := range content.ArticleSorts {
		v.Sorts = append(v.Sorts, sortChoice{string(s), s.Label()})
	}
	v.Filtered = len(f.values) > 0 && !(len(f.values) == 1 && f.values.Has("sort"))
}

// dateRange reads the dates <key>_from and <key>_to (2006-01-02 in the
// publication's zone, both days included) as From <= t < To.
func (v *articleListView) dateRange(in url.Values, key, what string, loc *time.Location) (from, to time.Time, fromText, toText string) {
	day := func(name string) (time.Time, string) {
		s := strings.TrimSpace(in.Get(name))
		if s == "" {
			return time.Time{}, ""
		}
		t, err := time.ParseInLocation("2006-01-02", s, loc)
		if err != nil || t.Year() < 1000 {
			v.ignore("%q is not a date (year-month-day, such as 2026-03-31); the list is not limited by that %s date.", s, what)
			return time.Time{}, ""
		}
		return t, s
	}
	from, fromText = day(key + "_from")
	to, toText = day(key + "_to")
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		v.ignore("The %s dates are the wrong way round (%s is after %s); the list is not limited by %s date.", what, fromText, toText, what)
		return time.Time{}, time.Time{}, "", ""
	}
	if fromText != "" {
		v.f.values.Set(key+"_from", fromText)
	}
	if toText != "" {
		v.f.values.Set(key+"_to", toText)
		to = to.AddDate(0, 0, 1) // the whole last day
	}
	return from, to, fromText, toText
}

func (v *articleListView) ignore(format string, args ...any) {
	v.Ignored = append(v.Ignored, fmt.Sprintf(format, args...))
}

func hasID[T any](list []T, id int64, key func(T) int64) bool {
	for _, x := range list {
		if key(x) == id {
			return true
		}
	}
	return false
}

// address is the list's address with the checked filters and extra.
func (f listFilters) address(extra ...string) string {
	vals := url.Values{}
	for k, vs := range f.values {
		vals[k] = vs
	}
	for i := 0; i+1 < len(extra); i += 2 {
		vals.Set(extra[i], extra[i+1])
	}
	if len(vals) == 0 {
		return "/admin/articles"
	}
	return "/admin/articles?" + vals.Encode()
}

// articlePage is one keyset page of the list in one of the orders; with
// words, of the search's matches (the newest search.MaxResults).
func (a *Admin) articlePage(ctx context.Context, r *http.Request, v *articleListView) error {
	q := v.f.q
	if s := r.URL.Query().Get("after"); s != "" {
		c, ok := parseListCursor(q.Sort, s)
		if !ok {
			v.ignore("The link to this page was damaged; this is the first page.")
		}
		q.After = c
	}
	v.Paged = !q.After.IsZero()
	if v.f.words != "" {
		ids, more, err := a.store.SearchIDs(ctx, v.searchRequest())
		if err != nil {
			return err
		}
		q.IDs, q.Only = ids, true
		v.Count = matchCount(len(ids), more, "listed")
	}
	q.Limit = listSize + 1
	arts, err := a.store.ListArticlesBy(ctx, q)
	if err != nil {
		return err
	}
	v.First = v.f.address()
	if len(arts) > listSize {
		arts = arts[:listSize]
		v.Next = v.f.address("after", formatListCursor(q.Sort, arts[len(arts)-1]))
	}
	v.Rows, err = a.listRows(ctx, arts)
	return err
}

// articleSearch is the list as a search, best match first: ranked pages
// of listSize, by number (?page=), up to search.MaxResults.
func (a *Admin) articleSearch(ctx context.Context, r *http.Request, v *articleListView) error {
	n := 1
	if s := r.URL.Query().Get("page"); s != "" {
		p, err := strconv.Atoi(s)
		switch {
		case s != "" && strings.Trim(s, "0123456789") == "" && (err != nil || p > search.MaxResults/listSize):
			n = search.MaxResults / listSize // past the last page a search can have
		case err != nil || p < 1:
			v.ignore("There is no page %q; this is the first page.", s)
		default:
			n = p
		}
	}
	req := v.searchRequest()
	req.Offset, req.Limit = (n-1)*listSize, listSize
	res, err := a.store.Search(ctx, req)
	if err != nil {
		return err
	}
	arts := make([]content.Article, len(res.Hits))
	for i, h := range res.Hits {
		arts[i] = h.Article
	}
	v.First = v.f.address()
	v.Paged = n > 1
	if n*listSize < res.Total {
		v.Next = v.f.address("page", strconv.Itoa(n+1))
	}
	v.Count = matchCount(res.Total, res.More, "ranked")
	if res.Total > 1 && !res.More {
		v.Count = fmt.Sprintf("%d articles match, best first.", res.Total)
	}
	v.Rows, err = a.listRows(ctx, arts)
	return err
}

// searchRequest is the list's words and filters as a staff search.
func (v *articleListView) searchRequest() search.Request {
	q := v.f.q
	return search.Request{Query: search.Parse(v.f.words), Staff: true, Status: q.Status,
		SectionID: q.SectionID, SeriesID: q.SeriesID, TopicID: q.TopicID, AuthorID: q.AuthorID,
		From: q.PublishedFrom, To: q.PublishedTo, CreatedFrom: q.CreatedFrom, CreatedTo: q.CreatedTo}
}

func matchCount(n int, more bool, verb string) string {
	switch {
	case more:
		return fmt.Sprintf("More than %d articles match; the newest %d are %s.", n, n, verb)
	case n == 1:
		return "1 article matches."
	case n > 1:
		return fmt.Sprintf("%d articles match.", n)
	}
	return ""
}

// listRows are the list's rows with who last edited each article.
func (a *Admin) listRows(ctx context.Context, arts []content.Article) ([]articleRow, error) {
	rows, err := a.rows(ctx, sessionFrom(ctx), arts)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(arts))
	for i, art := range arts {
		ids[i] = art.ID
	}
	edits, err := a.store.LastEdits(ctx, ids)
	if err != nil {
		return nil, err
	}
	if err := a.assignees(ctx, rows); err != nil {
		return nil, err
	}
	for i := range rows {
		e := edits[rows[i].ID]
		rows[i].EditedBy, rows[i].EditedAt, rows[i].PublishedAt = e.Name, e.At, arts[i].PublishedAt
		if rows[i].EditedAt.IsZero() {
			rows[i].EditedAt = arts[i].UpdatedAt
		}
	}
	return rows, nil
}

// A cursor in the address is the last row's place in the order: for the
// orders by time content.Cursor's "<unix µs>-<id>" (the older "<µs>.<id>"
// is still read), "none-<id>" among articles never published, and
// "<id>:<headline>" for the headline orders.
func formatListCursor(s content.ArticleSort, a content.Article) string {
	switch s {
	case content.SortHeadline, content.SortHeadlineDesc:
		return strconv.FormatInt(a.ID, 10) + ":" + a.Headline
	case content.SortPublished, content.SortPublishedAsc:
		if a.PublishedAt.IsZero() {
			return "none-" + strconv.FormatInt(a.ID, 10)
		}
		return content.Cursor{PublishedAt: a.PublishedAt, ID: a.ID}.String()
	case content.SortScheduled:
		if a.ScheduledAt.IsZero() {
			return "none-" + strconv.FormatInt(a.ID, 10)
		}
		return content.Cursor{PublishedAt: a.ScheduledAt, ID: a.ID}.String()
	}
	return content.Cursor{PublishedAt: a.UpdatedAt, ID: a.ID}.String()
}

func parseListCursor(s content.ArticleSort, in string) (content.ListCursor, bool) {
	switch s {
	case content.SortHeadline, content.SortHeadlineDesc:
		id, headline, ok := strings.Cut(in, ":")
		n, err := strconv.ParseInt(id, 10, 64)
		if !ok || err != nil || n <= 0 || strings.Trim(id, "0123456789") != "" || !utf8.ValidString(headline) || len(headline) > 4000 {
			return content.ListCursor{}, false
		}
		return content.ListCursor{ID: n, Headline: headline}, true
	case content.SortPublished, content.SortPublishedAsc, content.SortScheduled:
		if id, ok := strings.CutPrefix(in, "none-"); ok {
			n, err := strconv.ParseInt(id, 10, 64)
			if err != nil || n <= 0 || strings.Trim(id, "0123456789") != "" {
				return content.ListCursor{}, false
			}
			return content.ListCursor{ID: n, Undated: true}, true
		}
	}
	c, ok := content.ParseCursor(in)
	if !ok {
		return content.ListCursor{}, false
	}
	return content.ListCursor{ID: c.ID, Time: c.PublishedAt}, true
}
