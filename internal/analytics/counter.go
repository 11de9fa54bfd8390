// Package analytics counts readers' page views without knowing who reads
// (decision record 0033): per article and hour, and per referring domain
// and day, in memory, then added to the database in one transaction every
// few seconds. No cookie, address, agent or full referring address is
// kept, in memory or stored. The request path costs an atomic add: a
// cached page carries its article's Slot.
package analytics

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// Store is what counting needs from the database; *store.DB has it.
type Store interface {
	// AddViews adds the counts to what is stored, in one transaction, so
	// that every instance's counts add up.
	AddViews(ctx context.Context, b Batch) error
	// TopArticles ranks published articles by views in [from, to).
	TopArticles(ctx context.Context, from, to time.Time, limit int) ([]Ranked, error)
}

// Batch is what one flush adds.
type Batch struct {
	Views     []HourViews
	Referrals []DayReferrals
}

// HourViews is the page views of one page kind in one hour: ArticleID 0
// is every page that is not an article (home, lists, privacy notice).
type HourViews struct {
	Hour      time.Time // UTC, on the hour
	ArticleID int64
	Views     int64
}

// DayReferrals is the views that came from one referring domain in one
// day (UTC).
type DayReferrals struct {
	Day    time.Time // UTC midnight
	Domain string    // see Domain; Other for the rest
	Views  int64
}

// Ranked is one article of a ranking.
type Ranked struct {
	ArticleID int64
	Slug      string
	Headline  string
	Views     int64
}

// DomainViews is one referring domain's views over a period.
type DomainViews struct {
	Domain string
	Views  int64
}

// The intervals of flushing counts and reloading "Most read" when the
// operator sets none.
const (
	DefaultFlush   = 15 * time.Second
	DefaultRefresh = time.Minute
)

// Limits of what waits in memory.
const (
	// MaxReferrersPerFlush bounds the distinct referring hosts kept
	// between two flushes; views from further ones count as Other, so a
	// client inventing Referer values cannot grow memory or the table.
	MaxReferrersPerFlush = 500
	// maxHostLen bounds one referring host kept in memory.
	maxHostLen = 255
	// maxPending bounds the rows kept while the database refuses them;
	// past it the oldest hours are dropped, and the loss is logged.
	maxPending = 100_000
)

// Slot counts the views of one article (or of the pages that are not
// articles, slot 0) since the last flush. Pages carry their slot, so a
// view is one atomic add; the padding keeps two busy slots off one cache
// line.
type Slot struct {
	n atomic.Int64
	_ [56]byte
}

// Add counts one view.
func (s *Slot) Add() { s.n.Add(1) }

type hourKey struct {
	hour int64 // Unix seconds
	id   int64
}

type dayKey struct {
	day    int64 // Unix seconds
	domain string
}

// Counter gathers views in memory until Flush adds them to the database.
type Counter struct {
	store  Store
	now    func() time.Time
	log    *slog.Logger
	agents *agentCache

	mu    sync.Mutex // guards slots; taken when a page is rendered, never on a hit
	slots map[int64]*Slot

	refMu    sync.RWMutex // read-held while counting a referral, so Flush takes whole counts
	refs     map[string]*atomic.Int64
	refOther atomic.Int64

	flushMu      sync.Mutex // one flush at a time; guards the pending counts
	pendingViews map[hourKey]int64
	pendingRefs  map[dayKey]int64
}

// NewCounter returns a counter adding to st.
func NewCounter(st Store, now func() time.Time, log *slog.Logger) *Counter {
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Counter{store: st, now: now, log: log, agents: newAgentCache(), slots: map[int64]*Slot{}, refs: map[string]*atomic.Int64{},
		pendingViews: map[hourKey]int64{}, pendingRefs: map[dayKey]int64{}}
}

// IsReader is the package's IsReader, remembering its verdict on the
// agents it has seen (agents.go): it runs on every page served.
func (c *Counter) IsReader(userAgent, secPurpose, purpose, xMoz string) bool {
	return !prefetch(secPurpose, purpose, xMoz) && c.agents.isBrowser(userAgent)
}

// Slot returns the counter of article id's views (0: pages that are not
// articles). Pages take theirs when they are rendered.
func (c *Counter) Slot(id int64) *Slot {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.slots[id]
	if s == nil {
		s = &Slot{}
		c.slots[id] = s
	}
	return s
}

// Referral counts a view that came with a Referer header, unless it came
// from the site itself (ownHost is the request's Host). Only the host is
// kept, and reduced to its domain when flushed.
func (c *Counter) Referral(referer, ownHost string) {
	host, ok := refHost(referer)
	if !ok || len(host) > maxHostLen {
		c.refOther.Add(1)
		return
	}
	if sameSite(host, ownHost) {
		return
	}
	c.refMu.RLock()
	if n := c.refs[host]; n != nil {
		n.Add(1)
		c.refMu.RUnlock()
		return
	}
	c.refMu.RUnlock()
	c.refMu.Lock()
	defer c.refMu.Unlock()
	n := c.refs[host]
	if n == nil {
		if len(c.refs) >= MaxReferrersPerFlush {
			c.refOther.Add(1)
			return
		}
		n = new(atomic.Int64)
		c.refs[string([]byte(host))] = n // a copy: the header's memory is the request's
	}
	n.Add(1)
}

// Flush adds what was counted since the last flush, and what earlier
// flushes could not add, to the database in one transaction. Views count
// in the hour of the flush. On failure the counts are kept for the next
// flush (up to maxPending rows).
func (c *Counter) Flush(ctx context.Context) error {
	c.flushMu.Lock()
	defer c.flushMu.Unlock()
	now := c.now().UTC()
	hour := now.Truncate(time.Hour).Unix()
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC).Unix()

	c.mu.Lock()
	for id, s := range c.slots {
		if n := s.n.Swap(0); n > 0 {
			c.pendingViews[hourKey{hour, id}] += n
		}
	}
	c.mu.Unlock()

	c.refMu.Lock()
	var refs map[string]*atomic.Int64 // taken whole: the map in use is never read here
	if len(c.refs) > 0 {
		refs, c.refs = c.refs, map[string]*atomic.Int64{}
	}
	other := c.refOther.Swap(0)
	c.refMu.Unlock()
	for host, n := range refs {
		c.pendingRefs[dayKey{day, Domain(host)}] += n.Load()
	}
	if other > 0 {
		c.pendingRefs[dayKey{day, Other}] += other
	}

	if len(c.pendingViews) == 0 && len(c.pendingRefs) == 0 {
		return nil
	}
	var b Batch
	for k, n := range c.pendingViews {
		b.Views = append(b.Views, HourViews{Hour: time.Unix(k.hour, 0).UTC(), ArticleID: k.id, Views: n})
	}
	for k, n := range c.pendingRefs {
		b.Referrals = append(b.Referrals, DayReferrals{Day: time.Unix(k.day, 0).UTC(), Domain: k.domain, Views: n})
	}
	if err := c.store.AddViews(ctx, b); err != nil {
		c.bound()
		return err
	}
	clear(c.pendingViews)
	clear(c.pendingRefs)
	return nil
}

// bound drops the oldest pending counts past maxPending, so that a
// database that stays down does not grow memory for ever.
func (c *Counter) bound() {
	for len(c.pendingViews)+len(c.pendingRefs) > maxPending {
		oldest := int64(1<<63 - 1)
		for k := range c.pendingViews {
			oldest = min(oldest, k.hour)
		}
		for k := range c.pendingRefs {
			oldest = min(oldest, k.day)
		}
		var lost int64
		for k, n := range c.pendingViews {
			if k.hour <= oldest {
				lost += n
				delete(c.pendingViews, k)
			}
		}
		for k := range c.pendingRefs {
			if k.day <= oldest {
				delete(c.pendingRefs, k)
			}
		}
		c.log.Warn("page views: the database refused them for too long; dropping the oldest", "views", lost, "since", time.Unix(oldest, 0).UTC())
	}
}

// Run flushes every interval until ctx ends, then once more with a
// little time of its own, so that a shutdown keeps what was counted.
func (c *Counter) Run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			defer cancel()
			if err := c.Flush(fctx); err != nil {
				c.log.Error("page views: last flush", "err", err)
			}
			return
		case <-t.C:
		}
		if err := c.Flush(ctx); err != nil && ctx.Err() == nil {
			c.log.Error("page views: flush", "err", err)
		}
	}
}
