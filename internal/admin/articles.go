package admin

import (
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"masthead/internal/content"
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
}

// articleList is every article, most recently edited first, filtered by
// status and headline, paginated by keyset so pages stay fast and stable.
func (a *Admin) articleList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := r.URL.Query()
	v := articleListView{Statuses: statuses, Q: strings.TrimSpace(q.Get("q"))}
	if s := content.Status(q.Get("status")); s.Valid() {
		v.Status = s
	}
	if utf8.RuneCountInString(v.Q) > 200 {
		v.Q = string([]rune(v.Q)[:200])
	}
	after, ok := parseCursor(q.Get("after"))
	v.Paged = ok
	arts, err := a.store.ListArticles(ctx, v.Status, strings.ToLower(v.Q), after, listSize+1)
	if err != nil {
		return err
	}
	filters := url.Values{}
	if v.Status != "" {
		filters.Set("status", string(v.Status))
	}
	if v.Q != "" {
		filters.Set("q", v.Q)
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

// A cursor in the address is content.Cursor's: "<updated_at unix µs>-<id>"
// of the last row (ListArticles pages on updated_at, carried in the
// cursor's time field). The older "<µs>.<id>" form is still read.
func formatCursor(a content.Article) string {
	return content.Cursor{PublishedAt: a.UpdatedAt, ID: a.ID}.String()
}

func parseCursor(s string) (content.Cursor, bool) { return content.ParseCursor(s) }
