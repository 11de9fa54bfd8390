package site

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"masthead/internal/apperr"
	"masthead/internal/content"
	"masthead/internal/ratelimit"
	"masthead/internal/search"
	"masthead/internal/web"
)

// The search page: GET /search?q=&section=&author=&topic=&from=&to=&page=
// (decision 0032). It is never kept in the page cache, whose keys would
// be every query anyone types, and asks search engines not to index it.
// Parameters that mean nothing (unknown ids, bad dates, huge pages) are
// left out with a note, never an error page.

const (
	searchPath     = "/search"
	searchPageSize = 10
	// searchesPerMinute is how many searches one client may run a minute:
	// far more than a person types, far fewer than a scraper wants.
	searchesPerMinute = 60
)

// searchView is the data of the search page.
type searchView struct {
	Q                            string
	SectionID, AuthorID, TopicID int64
	From, To                     string // as typed, when valid
	Sections                     []content.Section
	Authors                      []content.Author
	Topics                       []content.Topic
	Notes                        []string // what was left out of the search, and why
	Searched                     bool     // a query was given
	NeedsWord                    bool     // only exclusions or stop words
	Failed                       string   // why the search gave no answer (it took too long)
	Total                        int
	More                         bool   // more than Total
	Count                        string // "12 results", "More than 1,000 results"
	Hits                         []searchHit
	Page, Pages                  int
	Prev, Next                   string
	First                        string // the first page, from a page past the end
	Filtered                     bool   // a filter narrowed the search
	Unfiltered                   string // the same words without filters
}

// searchHit is one result: a card and its highlighted snippet.
type searchHit struct {
	Card    card
	Snippet template.HTML // escaped; <mark> only where the engine marked
}

// searchLists are the filters' choices, loaded on the first search after
// a Purge (the topic list counts articles, which is not free).
type searchLists struct {
	authors []content.Author
	topics  []content.Topic // those with articles
}

func (s *Site) searchLists(ctx context.Context, sh *shared) (*searchLists, error) {
	sh.searchMu.Lock()
	defer sh.searchMu.Unlock()
	if sh.searchLists != nil {
		return sh.searchLists, nil
	}
	l := &searchLists{}
	var err error
	if l.authors, err = s.store.ListAuthors(ctx); err != nil {
		return nil, fmt.Errorf("site: authors: %w", err)
	}
	all, err := s.store.ListTopics(ctx)
	if err != nil {
		return nil, fmt.Errorf("site: topics: %w", err)
	}
	for _, t := range all {
		if t.Articles > 0 {
			l.topics = append(l.topics, t)
		}
	}
	sh.searchLists = l
	return l, nil
}

// searchLimit is the per-client limit of the search page.
func (s *Site) searchLimit(h web.HandlerFunc) web.HandlerFunc {
	if s.limits == nil {
		return h
	}
	return web.Limit(s.limits, func(r *http.Request) []ratelimit.Rule {
		return []ratelimit.Rule{{Key: "search-ip:" + web.ClientKey(s.proxies, r), Max: searchesPerMinute, Window: time.Minute}}
	}, "You have searched very often in the last minute. Please wait a moment before searching again.", h)
}

// searchPage: GET /search.
func (s *Site) searchPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	sh, err := s.common(ctx)
	if err != nil {
		return err
	}
	lists, err := s.searchLists(ctx, sh)
	if err != nil {
		return err
	}
	v := &searchView{Sections: sh.Sections, Authors: lists.authors, Topics: lists.topics}
	req := v.read(r.URL.Query(), sh.Loc)
	if v.Searched && !v.NeedsWord {
		if err := s.runSearch(ctx, sh, v, req); err != nil {
			// A search stopped by the store's time limit says so on the
			// page, as a search without results does.
			if apperr.KindOf(err) != apperr.Unavailable {
				return err
			}
			v.Failed = apperr.Message(err)
		}
	}
	title := "Search"
	if v.Q != "" {
		title = "Search: " + v.Q
	}
	d := s.pageData(sh, r, title, "") // no canonical address: every query is its own page
	d.NoIndex = true
	d.Description = "Search the articles of " + sh.Settings.Name + "."
	d.Search = v
	buf := getBuf()
	defer putBuf(buf)
	if err := s.execute(buf, view{page: "search", data: d}); err != nil {
		return fmt.Errorf("site: render search: %w", err)
	}
	h := w.Header()
	h.Set("Content-Type", htmlType)
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	h.Set("Cache-Control", "private, no-store")
	h.Set("X-Robots-Tag", "noindex")
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, err = w.Write(buf.Bytes())
	}
	return err
}

// read takes the search from the address: what is valid is kept, what is
// not is noted and left out.
func (v *searchView) read(q url.Values, loc *time.Location) search.Request {
	var req search.Request
	v.Q = strings.TrimSpace(strings.ToValidUTF8(q.Get("q"), "\uFFFD"))
	if utf8.RuneCountInString(v.Q) > search.MaxQueryRunes {
		v.Q = string([]rune(v.Q)[:search.MaxQueryRunes])
	}
	req.Query = search.Parse(q.Get("q"))
	if req.Query.Cut {
		v.Notes = append(v.Notes, fmt.Sprintf("Only the first %d characters and %d terms of your search were used.", search.MaxQueryRunes, search.MaxTerms))
	}
	v.Searched = v.Q != ""
	v.NeedsWord = v.Searched && req.Query.Empty()
	pick := func(name, what string, known func(int64) bool) int64 {
		raw := q.Get(name)
		if raw == "" {
			return 0
		}
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || id <= 0 || !known(id) {
			v.Notes = append(v.Notes, "The "+what+" filter was not one of the choices, so it was left out.")
			return 0
		}
		return id
	}
	v.SectionID = pick("section", "section", func(id int64) bool {
		for _, s := range v.Sections {
			if s.ID == id {
				return true
			}
		}
		return false
	})
	v.AuthorID = pick("author", "writer", func(id int64) bool {
		for _, a := range v.Authors {
			if a.ID == id {
				return true
			}
		}
		return false
	})
	v.TopicID = pick("topic", "topic", func(id int64) bool {
		for _, t := range v.Topics {
			if t.ID == id {
				return true
			}
		}
		return false
	})
	req.SectionID, req.AuthorID, req.TopicID = v.SectionID, v.AuthorID, v.TopicID
	date := func(name, label string) (time.Time, string) {
		raw := strings.TrimSpace(q.Get(name))
		if raw == "" {
			return time.Time{}, ""
		}
		t, err := time.ParseInLocation("2006-01-02", raw, loc)
		if err != nil || t.Year() < 1000 || t.Year() > 9999 {
			v.Notes = append(v.Notes, fmt.Sprintf("%q is not a date like 2026-03-31, so the %s date was left out.", clip(raw, 40), label))
			return time.Time{}, ""
		}
		return t, raw
	}
	req.From, v.From = date("from", "from")
	var to time.Time
	if to, v.To = date("to", "to"); !to.IsZero() {
		req.To = to.AddDate(0, 0, 1) // the whole of the last day
	}
	if !req.From.IsZero() && !req.To.IsZero() && !req.From.Before(req.To) {
		v.Notes = append(v.Notes, "The from date is after the to date, so nothing can match; the dates were left out.")
		req.From, req.To, v.From, v.To = time.Time{}, time.Time{}, "", ""
	}
	v.Filtered = req.SectionID != 0 || req.AuthorID != 0 || req.TopicID != 0 || !req.From.IsZero() || !req.To.IsZero()
	v.Page = 1
	if raw := q.Get("page"); raw != "" {
		n, err := strconv.Atoi(raw)
		maxPage := search.MaxResults / searchPageSize
		switch {
		case err != nil || n < 1:
			v.Notes = append(v.Notes, "The page number was not a number, so the first page is shown.")
		case n > maxPage:
			v.Notes = append(v.Notes, fmt.Sprintf("Results stop at page %d; narrow your search to see others.", maxPage))
			v.Page = maxPage
		default:
			v.Page = n
		}
	}
	req.Offset, req.Limit, req.Snippets = (v.Page-1)*searchPageSize, searchPageSize, true
	return req
}

// clip shortens what a note repeats of the address.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// runSearch runs the search and lays out its page of results.
func (s *Site) runSearch(ctx context.Context, sh *shared, v *searchView, req search.Request) error {
	res, err := s.store.Search(ctx, req)
	if err != nil {
		return err
	}
	arts := make([]content.Article, len(res.Hits))
	for i, h := range res.Hits {
		arts[i] = h.Article
	}
	views, err := s.store.Views(ctx, arts)
	if err != nil {
		return err
	}
	cards := makeCards(views, sh.Loc, cardOpts{level: 2})
	for i, c := range cards {
		c.Standfirst = "" // the snippet says why it was found
		v.Hits = append(v.Hits, searchHit{Card: c, Snippet: template.HTML(search.Highlight(res.Hits[i].Snippet))})
	}
	v.Total, v.More = res.Total, res.More
	switch {
	case res.More:
		v.Count = "More than " + thousands(res.Total) + " results"
	case res.Total == 1:
		v.Count = "1 result"
	default:
		v.Count = thousands(res.Total) + " results"
	}
	v.Pages = (res.Total + searchPageSize - 1) / searchPageSize
	switch {
	case v.Page > v.Pages && v.Pages > 0:
		v.First = v.link(1)
	case v.Page > 1:
		v.Prev = v.link(v.Page - 1)
	}
	if v.Page < v.Pages {
		v.Next = v.link(v.Page + 1)
	}
	if v.Filtered {
		v.Unfiltered = searchPath + "?" + url.Values{"q": {v.Q}}.Encode()
	}
	return nil
}

// link is the address of another page of the same search.
func (v *searchView) link(page int) string {
	q := url.Values{"q": {v.Q}}
	for name, id := range map[string]int64{"section": v.SectionID, "author": v.AuthorID, "topic": v.TopicID} {
		if id != 0 {
			q.Set(name, strconv.FormatInt(id, 10))
		}
	}
	if v.From != "" {
		q.Set("from", v.From)
	}
	if v.To != "" {
		q.Set("to", v.To)
	}
	if page > 1 {
		q.Set("page", strconv.Itoa(page))
	}
	return searchPath + "?" + q.Encode()
}

// thousands writes n with thousands separators: 1,000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
