package admin

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"masthead/internal/content"
	"masthead/internal/search"
)

// listSize is how many articles one page of the list shows.
const listSize = 25

type articleListView struct {
	Status   content.Status
	Q        string
	Statuses []content.Status
	Rows     []articleRow
	Next     string // address of the next (older) page, "" on the last
	First    string // address of the first page with the same filters
	Paged    bool   // this is not the first page
	// Count says how many a search found ("12 articles match"); empty
	// when the list is not a search.
	Count string
}

// articleList is every article, most recently edited first, filtered by
// status, paginated by keyset so pages stay fast and stable. With words to
// look for it is the site's full-text search over every status (headline,
// standfirst, body, topics, bylines), best match first, paged by number.
func (a *Admin) articleList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := r.URL.Query()
	v := articleListView{Statuses: statuses, Q: strings.TrimSpace(strings.ToValidUTF8(q.Get("q"), "\uFFFD"))}
	if s := content.Status(q.Get("status")); s.Valid() {
		v.Status = s
	}
	if utf8.RuneCountInString(v.Q) > search.MaxQueryRunes {
		v.Q = string([]rune(v.Q)[:search.MaxQueryRunes])
	}
	if v.Q != "" {
		return a.articleSearch(w, r, v)
	}
	after, ok := parseCursor(q.Get("after"))
	v.Paged = ok
	arts, err := a.store.ListArticles(ctx, v.Status, "", after, listSize+1)
	if err != nil {
		return err
	}
	filters := url.Values{}
	if v.Status != "" {
		filters.Set("status", string(v.Status))
	}
	v.First = "/admin/articles?" + filters.Encode()
	if len(arts) > listSize {
		arts = arts[:listSize]
		filters.Set("after", formatCursor(arts[len(arts)-1]))
		v.Next = "/admin/articles?" + filters.Encode()
	}
	if v.Rows, err = a.rows(ctx, sessionFrom(ctx), arts); err != nil {
		return err
	}
	p := &page{Title: "Articles", Nav: "articles", Data: v}
	if q.Get("done") == "deleted" {
		p.Notice = "The draft is deleted."
	}
	return a.ok(w, r, "articles", p)
}

// articleSearch is the list as a search: ranked pages of listSize, by
// number (?page=), up to search.MaxResults.
func (a *Admin) articleSearch(w http.ResponseWriter, r *http.Request, v articleListView) error {
	ctx := r.Context()
	n, err := strconv.Atoi(r.URL.Query().Get("page"))
	if err != nil || n < 1 {
		n = 1
	}
	n = min(n, search.MaxResults/listSize)
	res, err := a.store.Search(ctx, search.Request{Query: search.Parse(v.Q), Staff: true, Status: v.Status,
		Offset: (n - 1) * listSize, Limit: listSize})
	if err != nil {
		return err
	}
	arts := make([]content.Article, len(res.Hits))
	for i, h := range res.Hits {
		arts[i] = h.Article
	}
	filters := url.Values{"q": {v.Q}}
	if v.Status != "" {
		filters.Set("status", string(v.Status))
	}
	v.First = "/admin/articles?" + filters.Encode()
	v.Paged = n > 1
	if n*listSize < res.Total {
		filters.Set("page", strconv.Itoa(n+1))
		v.Next = "/admin/articles?" + filters.Encode()
	}
	switch {
	case res.More:
		v.Count = fmt.Sprintf("More than %d articles match; the newest %d are ranked.", res.Total, res.Total)
	case res.Total == 1:
		v.Count = "1 article matches."
	case res.Total > 1:
		v.Count = fmt.Sprintf("%d articles match, best first.", res.Total)
	}
	if v.Rows, err = a.rows(ctx, sessionFrom(ctx), arts); err != nil {
		return err
	}
	return a.ok(w, r, "articles", &page{Title: "Articles", Nav: "articles", Data: v})
}

// A cursor in the address is content.Cursor's: "<updated_at unix µs>-<id>"
// of the last row (ListArticles pages on updated_at, carried in the
// cursor's time field). The older "<µs>.<id>" form is still read.
func formatCursor(a content.Article) string {
	return content.Cursor{PublishedAt: a.UpdatedAt, ID: a.ID}.String()
}

func parseCursor(s string) (content.Cursor, bool) { return content.ParseCursor(s) }
