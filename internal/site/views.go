package site

import (
	"net/http"
	"net/url"

	"masthead/internal/analytics"
)

// Page views and "Most read" (decision record 0033). Every page a page
// handler renders carries the Slot of what it shows (its article, or 0
// for the other pages), so counting a view on a cache hit is one atomic
// add, with no lookup; the Counter adds the slots up off the request path.

// count counts p, just served with status code, as a reader's page view
// when it is one: a GET answered 200 (not HEAD, not 304, not a redirect
// or error, which carry no slot) from a browser that is not a bot and
// not prefetching. Nothing of the request is kept but the referring host
// when another site sent the reader here.
func (s *Site) count(r *http.Request, p *page, code int) {
	if p.views == nil || code != http.StatusOK || r.Method != http.MethodGet {
		return
	}
	h := r.Header
	if !s.counter.IsReader(first(h["User-Agent"]), first(h["Sec-Purpose"]), first(h["Purpose"]), first(h["X-Moz"])) {
		return
	}
	p.views.Add()
	if ref := first(h["Referer"]); ref != "" {
		s.counter.Referral(ref, r.Host)
	}
}

// first is a header's first value, read from the map directly: the keys
// above are canonical, and Header.Get would check that again.
func first(v []string) string {
	if len(v) == 0 {
		return ""
	}
	return v[0]
}

// PurgePages drops the rendered pages but keeps the shared data they are
// built from (settings, lists, article fragments), which have not
// changed: for a change that only the page templates' extras show, such
// as the "Most read" lists, re-rendering is then a map lookup and the
// template.
func (s *Site) PurgePages() {
	if s.cache != nil {
		s.cache.purge()
	}
}

// mostReadView is the "Most read" lists as pages show them; a list with
// nothing in it is left out, and the whole block when both are.
type mostReadView struct {
	Day, Week []mostReadItem
}

type mostReadItem struct {
	URL, Headline string
}

// mostRead returns the lists for a page, leaving out the article the
// page shows (exclude), or nil when there is nothing to show.
func (s *Site) mostRead(exclude int64, week bool) *mostReadView {
	if s.ranking == nil {
		return nil
	}
	cur := s.ranking.Current()
	v := &mostReadView{Day: mostReadItems(cur.Day, exclude)}
	if week {
		v.Week = mostReadItems(cur.Week, exclude)
	}
	if len(v.Day) == 0 && len(v.Week) == 0 {
		return nil
	}
	return v
}

func mostReadItems(rs []analytics.Ranked, exclude int64) []mostReadItem {
	var out []mostReadItem
	for _, r := range rs {
		if r.ArticleID == exclude || len(out) == analytics.MostReadSize {
			continue
		}
		out = append(out, mostReadItem{URL: "/articles/" + url.PathEscape(r.Slug), Headline: r.Headline})
	}
	return out
}
