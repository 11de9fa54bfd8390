package app

import (
	"context"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"time"

	"masthead/internal/analytics"
	"masthead/internal/content"
	"masthead/internal/store"
)

// demoViewDays is how far back the demo's page views go.
const demoViewDays = 30

// demoReferrers are the sites that send the demo's readers, with their
// share of the referred views.
var demoReferrers = []struct {
	domain string
	share  float64
}{{"google.com", 0.46}, {"bsky.app", 0.12}, {"facebook.com", 0.1}, {"duckduckgo.com", 0.08},
	{"bing.com", 0.07}, {"ycombinator.com", 0.05}, {"reddit.com", 0.05}, {"t.co", 0.04}, {analytics.Other, 0.03}}

// loadDemoViews stores plausible page views for the demo articles over
// the last 30 days, so that "Most read" and the analytics pages have
// something to show: each article draws readers from its publication on,
// most in its first two days, fewer at night in the publication's zone;
// the home page and lists get a share; a third of views come from other
// sites. The same articles and time give the same figures.
func loadDemoViews(ctx context.Context, db *store.DB, arts []content.Article, now time.Time, loc *time.Location) error {
	rng := rand.New(rand.NewPCG(33, 2026))
	end := now.UTC().Truncate(time.Hour)
	start := end.Add(-demoViewDays * 24 * time.Hour)
	var b analytics.Batch
	perDay := map[time.Time]int64{}
	for h := start; !h.After(end); h = h.Add(time.Hour) {
		local := h.In(loc).Hour()
		// Readers wake at 6, peak at lunch and in the evening, sleep by 1.
		diurnal := 0.15 + 0.85*math.Max(0, math.Sin(math.Pi*float64((local+18)%24)/19))
		var hourTotal int64
		for _, a := range arts {
			age := h.Sub(a.PublishedAt).Hours()
			if age < 0 {
				continue
			}
			// Each article's appeal is fixed by its slug: a few draw many.
			f := fnv.New32a()
			f.Write([]byte(a.Slug))
			appeal := 4 + 60*math.Pow(float64(f.Sum32()%1000)/1000, 3)
			rate := appeal * (0.08 + math.Exp(-age/30)) * diurnal
			n := int64(rate*(0.75+0.5*rng.Float64()) + 0.5)
			if n > 0 {
				b.Views = append(b.Views, analytics.HourViews{Hour: h, ArticleID: a.ID, Views: n})
				hourTotal += n
			}
		}
		if home := hourTotal * 3 / 10; home > 0 {
			b.Views = append(b.Views, analytics.HourViews{Hour: h, ArticleID: 0, Views: home})
		}
		day := time.Date(h.Year(), h.Month(), h.Day(), 0, 0, 0, 0, time.UTC)
		perDay[day] += hourTotal / 3
	}
	for day, n := range perDay {
		for _, r := range demoReferrers {
			if v := int64(float64(n) * r.share); v > 0 {
				b.Referrals = append(b.Referrals, analytics.DayReferrals{Day: day, Domain: r.domain, Views: v})
			}
		}
	}
	if err := db.AddViews(ctx, b); err != nil {
		return fmt.Errorf("demo page views: %w", err)
	}
	return nil
}
