package newsletter

import (
	"context"
	"fmt"
	"time"
)

// Growth is each newsletter's confirmed subscribers at the end of each day
// of a period, for the admin's chart (decision record 0026).
type Growth struct {
	Days   []time.Time // midnight of each day, in the publication's zone, oldest first
	Series []GrowthSeries
}

// GrowthSeries is one newsletter's counts, one per day of Growth.Days.
type GrowthSeries struct {
	Newsletter Newsletter
	Counts     []int
}

// Growth counts each newsletter's confirmed subscribers at the end of
// each of the last days days (today so far included), in loc. It is
// drawn from the subscriptions as they are now: a reader counts from
// their latest confirmation until they left, and an erased reader not at
// all. One grouped query does the counting; Go only adds up its rows.
func (s *Service) Growth(ctx context.Context, days int, loc *time.Location) (Growth, error) {
	cs, err := s.csvStore()
	if err != nil {
		return Growth{}, err
	}
	if days < 1 {
		days = 1
	}
	now := s.now().In(loc)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc)
	g := Growth{Days: make([]time.Time, days)}
	index := map[string]int{}
	for i := range days {
		d := today.AddDate(0, 0, i-days+1)
		g.Days[i] = d
		index[d.Format(time.DateOnly)] = i
	}
	nls, err := s.store.ListNewsletters(ctx)
	if err != nil {
		return Growth{}, err
	}
	deltas, err := cs.SubscriberGrowth(ctx, g.Days[0])
	if err != nil {
		return Growth{}, fmt.Errorf("newsletter: growth: %w", err)
	}
	perDay := map[int64][]int{}
	for _, n := range nls {
		perDay[n.ID] = make([]int, days)
	}
	for _, d := range deltas {
		counts := perDay[d.NewsletterID]
		if counts == nil {
			continue
		}
		i := 0
		if d.Bucket >= 0 {
			at := time.Unix(d.Bucket*int64(GrowthBucket/time.Second), 0).In(loc)
			var ok bool
			if i, ok = index[at.Format(time.DateOnly)]; !ok {
				continue // after today: a clock set back, or a test's
			}
		}
		counts[i] += d.Delta
	}
	for _, n := range nls {
		counts := perDay[n.ID]
		for i := 1; i < days; i++ {
			counts[i] += counts[i-1]
		}
		g.Series = append(g.Series, GrowthSeries{Newsletter: n, Counts: counts})
	}
	return g, nil
}
