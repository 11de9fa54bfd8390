package store

import (
	"context"
	"fmt"
	"sort"
	"time"

	"masthead/internal/analytics"
)

// Page views (decision record 0033): counts per hour and article and per
// day and referring domain, added to by every instance. Hours and days
// are stored as Unix microseconds in UTC; per-day figures are summed from
// the hours in Go, in the caller's time zone.

// addViewsChunk bounds the rows of one INSERT (PostgreSQL takes at most
// 65,535 parameters, SQLite 32,766).
const addViewsChunk = 500

// AddViews adds a batch of counts to the stored ones in one transaction:
// rows that exist are added to, so instances flushing at once add up.
func (db *DB) AddViews(ctx context.Context, b analytics.Batch) error {
	if len(b.Views) == 0 && len(b.Referrals) == 0 {
		return nil
	}
	err := db.tx(ctx, func(tx *Tx) error {
		for start := 0; start < len(b.Views); start += addViewsChunk {
			part := b.Views[start:min(start+addViewsChunk, len(b.Views))]
			args := make([]any, 0, 3*len(part))
			for _, v := range part {
				args = append(args, v.Hour.UnixMicro(), v.ArticleID, v.Views)
			}
			if _, err := tx.q.ExecContext(ctx, `INSERT INTO page_views (hour, article_id, views) VALUES `+rows(len(part), 3)+`
				ON CONFLICT (hour, article_id) DO UPDATE SET views = page_views.views + excluded.views`, args...); err != nil {
				return err
			}
		}
		for start := 0; start < len(b.Referrals); start += addViewsChunk {
			part := b.Referrals[start:min(start+addViewsChunk, len(b.Referrals))]
			args := make([]any, 0, 3*len(part))
			for _, r := range part {
				args = append(args, r.Day.UnixMicro(), r.Domain, r.Views)
			}
			if _, err := tx.q.ExecContext(ctx, `INSERT INTO referrer_views (day, domain, views) VALUES `+rows(len(part), 3)+`
				ON CONFLICT (day, domain) DO UPDATE SET views = referrer_views.views + excluded.views`, args...); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: add page views: %w", err)
	}
	return nil
}

// rows returns n groups of k placeholders: "(?,?),(?,?)".
func rows(n, k int) string {
	group := "(" + placeholders(k) + ")"
	b := make([]byte, 0, n*(len(group)+1))
	for i := range n {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, group...)
	}
	return string(b)
}

// TopArticles ranks the published articles by their views in [from, to),
// most read first, ties by id; limit bounds the list.
func (db *DB) TopArticles(ctx context.Context, from, to time.Time, limit int) ([]analytics.Ranked, error) {
	out, err := queryAll(ctx, db.read, func(sc scanner) (analytics.Ranked, error) {
		var r analytics.Ranked
		err := sc.Scan(&r.ArticleID, &r.Slug, &r.Headline, &r.Views)
		return r, err
	}, `SELECT a.id, a.slug, a.headline, v.n FROM
			(SELECT article_id, SUM(views) AS n FROM page_views WHERE hour >= ? AND hour < ? AND article_id <> 0 GROUP BY article_id) v
			JOIN articles a ON a.id = v.article_id
		WHERE `+publicArticle+`
		ORDER BY v.n DESC, a.id LIMIT ?`, from.UnixMicro(), to.UnixMicro(), db.now(), limit)
	if err != nil {
		return nil, fmt.Errorf("store: top articles: %w", err)
	}
	return out, nil
}

// SiteViewsPerDay sums every page's views per day: days are the starts of
// consecutive days (midnight in the publication's zone, oldest first), the
// last ending a day after it. Days without views are 0.
func (db *DB) SiteViewsPerDay(ctx context.Context, days []time.Time) ([]int64, error) {
	return db.viewsPerDay(ctx, days, `SELECT hour, SUM(views) FROM page_views WHERE hour >= ? AND hour < ? GROUP BY hour`)
}

// ArticleViewsPerDay is SiteViewsPerDay for one article.
func (db *DB) ArticleViewsPerDay(ctx context.Context, articleID int64, days []time.Time) ([]int64, error) {
	return db.viewsPerDay(ctx, days, `SELECT hour, views FROM page_views WHERE hour >= ? AND hour < ? AND article_id = ?`, articleID)
}

// viewsPerDay runs query, which takes the period's bounds and then args
// and returns (hour, views) rows, and adds the hours up per day.
func (db *DB) viewsPerDay(ctx context.Context, days []time.Time, query string, args ...any) ([]int64, error) {
	out := make([]int64, len(days))
	if len(days) == 0 {
		return out, nil
	}
	last := days[len(days)-1]
	end := time.Date(last.Year(), last.Month(), last.Day()+1, 0, 0, 0, 0, last.Location())
	bounds := make([]int64, len(days)+1) // day i is [bounds[i], bounds[i+1])
	for i, d := range days {
		bounds[i] = d.UnixMicro()
	}
	bounds[len(days)] = end.UnixMicro()
	err := queryEach(ctx, db.read, func(sc scanner) error {
		var hour, n int64
		if err := sc.Scan(&hour, &n); err != nil {
			return err
		}
		if i := sort.Search(len(days), func(i int) bool { return bounds[i+1] > hour }); i < len(days) {
			out[i] += n
		}
		return nil
	}, query, append([]any{bounds[0], bounds[len(days)]}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("store: views per day: %w", err)
	}
	return out, nil
}

// TopReferrers ranks referring domains by views on the days (UTC) that
// start before to, from's day on; most first, ties by name; Other is
// ranked like any domain.
func (db *DB) TopReferrers(ctx context.Context, from, to time.Time, limit int) ([]analytics.DomainViews, error) {
	out, err := queryAll(ctx, db.read, func(sc scanner) (analytics.DomainViews, error) {
		var d analytics.DomainViews
		err := sc.Scan(&d.Domain, &d.Views)
		return d, err
	}, `SELECT domain, SUM(views) AS n FROM referrer_views WHERE day >= ? AND day < ? GROUP BY domain ORDER BY n DESC, domain LIMIT ?`,
		utcDay(from).UnixMicro(), to.UnixMicro(), limit)
	if err != nil {
		return nil, fmt.Errorf("store: top referrers: %w", err)
	}
	return out, nil
}

func utcDay(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

var _ analytics.Store = (*DB)(nil)
