package admin

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"masthead/internal/analytics"
	"masthead/internal/apperr"
	"masthead/internal/content"
)

// Analytics, for editors and admins: readers' page views per day for the
// site and for each article, the most read articles and the sites that
// sent readers (decision 0033). The figures are counts only: nothing
// here, or stored, tells one reader from another.

// AnalyticsStore is what the analytics pages read; *store.DB is one.
type AnalyticsStore interface {
	SiteViewsPerDay(ctx context.Context, days []time.Time) ([]int64, error)
	ArticleViewsPerDay(ctx context.Context, articleID int64, days []time.Time) ([]int64, error)
	TopArticles(ctx context.Context, from, to time.Time, limit int) ([]analytics.Ranked, error)
	TopReferrers(ctx context.Context, from, to time.Time, limit int) ([]analytics.DomainViews, error)
}

// analyticsPeriods are the periods offered, in days; the first is the default.
var analyticsPeriods = []int{30, 7, 90}

// analyticsTop bounds the lists of articles and referring domains.
const analyticsTop = 50

type analyticsView struct {
	Days     int
	Periods  []chartRangeLink
	Total    int64
	Chart    *lineChart
	Articles []rankedRow
	Domains  []domainRow
	Top      int
}

type rankedRow struct {
	Rank     int
	ID       int64
	Headline string
	Views    int64
}

type domainRow struct {
	Rank   int
	Domain string // "" for the views that came from no nameable site
	Views  int64
}

type articleAnalyticsView struct {
	Article content.Article
	Days    int
	Periods []chartRangeLink
	Total   int64
	Chart   *lineChart
	Public  string // the article's address on the site, "" unless published
}

// analyticsDays reads ?days=, which must be one of the periods offered.
func analyticsDays(q url.Values) (int, error) {
	raw, ok := q["days"]
	if !ok {
		return analyticsPeriods[0], nil
	}
	n, err := strconv.Atoi(raw[0])
	for _, p := range analyticsPeriods {
		if err == nil && len(raw) == 1 && n == p {
			return n, nil
		}
	}
	return 0, apperr.New(apperr.Invalid, "The period must be 7, 30 or 90 days.")
}

// periodLinks are the links to the page over each period, in order.
func periodLinks(path string, days int) []chartRangeLink {
	var out []chartRangeLink
	for _, p := range []int{7, 30, 90} {
		u := path
		if p != analyticsPeriods[0] {
			u += "?days=" + strconv.Itoa(p)
		}
		out = append(out, chartRangeLink{Label: strconv.Itoa(p) + " days", URL: u, Current: p == days})
	}
	return out
}

// requestedPeriod is the period the request's ?days= asks for: its
// length and its days.
func (a *Admin) requestedPeriod(r *http.Request) (int, []time.Time, error) {
	n, err := analyticsDays(r.URL.Query())
	if err != nil {
		return 0, nil, err
	}
	days, err := a.periodDays(r.Context(), n)
	return n, days, err
}

// periodDays returns midnight of each of the last n days (today
// included), oldest first, in the publication's zone.
func (a *Admin) periodDays(ctx context.Context, n int) ([]time.Time, error) {
	st, err := a.store.GetSettings(ctx)
	if err != nil {
		return nil, err
	}
	now := a.now().In(st.Location())
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location())
	days := make([]time.Time, n)
	for i := range days {
		days[i] = today.AddDate(0, 0, i-n+1)
	}
	return days, nil
}

// viewsChart draws page views per day.
func viewsChart(id, heading, title string, days []time.Time, counts []int64) (*lineChart, int64) {
	ints := make([]int, len(counts))
	var total, most int64
	for i, n := range counts {
		ints[i] = int(n)
		total += n
		most = max(most, n)
	}
	c := newLineChart(days, []chartSeries{{Name: "Page views", Counts: ints}})
	c.ID, c.Heading, c.Title = id, heading, title
	c.Caption, c.Empty = "Page views each day, newest first.", "No days to show."
	c.Desc = fmt.Sprintf("Page views per day from %s to %s: %d in all, at most %d in one day, %d on the last day.",
		c.From, c.To, total, most, counts[len(counts)-1])
	return c, total
}

func (a *Admin) analyticsPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	n, days, err := a.requestedPeriod(r)
	if err != nil {
		return err
	}
	counts, err := a.analytics.SiteViewsPerDay(ctx, days)
	if err != nil {
		return err
	}
	v := analyticsView{Days: n, Periods: periodLinks("/admin/analytics", n), Top: analyticsTop}
	v.Chart, v.Total = viewsChart("views", "Page views per day", "Page views of the whole site per day", days, counts)
	// Up to the end of the hour under way, whose views are stored under its start.
	now := a.now().Truncate(time.Hour).Add(time.Hour)
	top, err := a.analytics.TopArticles(ctx, days[0], now, analyticsTop)
	if err != nil {
		return err
	}
	for i, t := range top {
		v.Articles = append(v.Articles, rankedRow{Rank: i + 1, ID: t.ArticleID, Headline: t.Headline, Views: t.Views})
	}
	refs, err := a.analytics.TopReferrers(ctx, days[0], now, analyticsTop)
	if err != nil {
		return err
	}
	for i, d := range refs {
		row := domainRow{Rank: i + 1, Domain: d.Domain, Views: d.Views}
		if d.Domain == analytics.Other {
			row.Domain = ""
		}
		v.Domains = append(v.Domains, row)
	}
	return a.render(w, r, http.StatusOK, "analytics", &page{Title: "Analytics", Nav: "analytics", Data: v})
}

func (a *Admin) articleAnalyticsPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	art, err := a.store.GetArticle(ctx, id)
	if err != nil {
		return err
	}
	n, days, err := a.requestedPeriod(r)
	if err != nil {
		return err
	}
	counts, err := a.analytics.ArticleViewsPerDay(ctx, id, days)
	if err != nil {
		return err
	}
	v := articleAnalyticsView{Article: art, Days: n, Periods: periodLinks(fmt.Sprintf("/admin/analytics/articles/%d", id), n)}
	v.Chart, v.Total = viewsChart("article-views", "Page views per day", "Page views of this article per day", days, counts)
	if art.Status == content.StatusPublished {
		v.Public = "/articles/" + url.PathEscape(art.Slug)
	}
	return a.render(w, r, http.StatusOK, "analytics_article", &page{Title: "Analytics: " + art.Headline, Nav: "analytics", Data: v})
}
