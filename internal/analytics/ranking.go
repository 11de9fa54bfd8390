package analytics

import (
	"context"
	"log/slog"
	"slices"
	"sync/atomic"
	"time"
)

// MostReadSize is how many articles a "Most read" list shows.
const MostReadSize = 5

// MostRead is the two "Most read" lists, most read first. Each holds up
// to MostReadSize+1 articles, so that an article page can leave itself
// out and still show MostReadSize.
type MostRead struct {
	Day  []Ranked // the last 24 hours
	Week []Ranked // the last 7 days
}

// Ranking keeps the "Most read" lists in memory, reloaded from the
// database off the request path; pages read them when rendered. Each
// instance reloads from the one database, so all show the same lists.
type Ranking struct {
	store   Store
	now     func() time.Time
	log     *slog.Logger
	changed func() // called after the lists changed: the pages showing them are stale
	cur     atomic.Pointer[MostRead]
	poke    chan struct{}
}

// NewRanking returns an empty ranking; changed is called whenever a
// reload changes what the lists show.
func NewRanking(st Store, now func() time.Time, log *slog.Logger, changed func()) *Ranking {
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	r := &Ranking{store: st, now: now, log: log, changed: changed, poke: make(chan struct{}, 1)}
	r.cur.Store(&MostRead{})
	return r
}

// Current returns the lists as last loaded; callers must not change them.
func (r *Ranking) Current() *MostRead { return r.cur.Load() }

// Refresh reloads the lists and, when what they show changed (order,
// headline or address, not the counts, which pages do not show), stores
// them and calls changed.
func (r *Ranking) Refresh(ctx context.Context) error {
	hour := r.now().UTC().Truncate(time.Hour)
	to := hour.Add(time.Hour)
	day, err := r.store.TopArticles(ctx, to.Add(-24*time.Hour), to, MostReadSize+1)
	if err != nil {
		return err
	}
	week, err := r.store.TopArticles(ctx, to.Add(-7*24*time.Hour), to, MostReadSize+1)
	if err != nil {
		return err
	}
	old := r.cur.Load()
	if sameList(old.Day, day) && sameList(old.Week, week) {
		return nil
	}
	r.cur.Store(&MostRead{Day: day, Week: week})
	if r.changed != nil {
		r.changed()
	}
	return nil
}

func sameList(a, b []Ranked) bool {
	return slices.EqualFunc(a, b, func(x, y Ranked) bool {
		return x.ArticleID == y.ArticleID && x.Slug == y.Slug && x.Headline == y.Headline
	})
}

// Poke asks Run to reload now: an article was published, changed or
// taken down, and the lists may name it.
func (r *Ranking) Poke() {
	select {
	case r.poke <- struct{}{}:
	default: // a reload is already asked for
	}
}

// Run reloads the lists at once, then every interval and when poked,
// until ctx ends.
func (r *Ranking) Run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if err := r.Refresh(ctx); err != nil && ctx.Err() == nil {
			r.log.Error("most read: reload", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-r.poke:
		}
	}
}
