package analytics

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"
)

// memStore adds batches up in memory, failing while fail is set.
type memStore struct {
	mu    sync.Mutex
	fail  bool
	views map[HourViews]int64 // keyed with Views zero
	refs  map[string]int64
	calls int
}

func newMemStore() *memStore {
	return &memStore{views: map[HourViews]int64{}, refs: map[string]int64{}}
}

func (m *memStore) AddViews(_ context.Context, b Batch) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.calls++
	if m.fail {
		return errors.New("database down")
	}
	for _, v := range b.Views {
		m.views[HourViews{Hour: v.Hour, ArticleID: v.ArticleID}] += v.Views
	}
	for _, r := range b.Referrals {
		m.refs[r.Domain] += r.Views
	}
	return nil
}

func (m *memStore) TopArticles(context.Context, time.Time, time.Time, int) ([]Ranked, error) {
	return nil, nil
}

func (m *memStore) article(id int64) int64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	var n int64
	for k, v := range m.views {
		if k.ArticleID == id {
			n += v
		}
	}
	return n
}

func TestFlushAddsCountsPerHourAndKeepsThemWhenItFails(t *testing.T) {
	ctx := context.Background()
	st := newMemStore()
	now := time.Date(2026, 12, 1, 10, 59, 0, 0, time.FixedZone("x", -5*3600))
	c := NewCounter(st, func() time.Time { return now }, nil)
	a, home := c.Slot(7), c.Slot(0)
	if c.Slot(7) != a {
		t.Fatal("an article has two slots")
	}
	a.Add()
	a.Add()
	home.Add()
	c.Referral("https://news.google.com/x", "example.org")
	c.Referral("https://www.google.com/", "example.org")
	if err := c.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	hour := time.Date(2026, 12, 1, 15, 0, 0, 0, time.UTC)
	if st.views[HourViews{Hour: hour, ArticleID: 7}] != 2 || st.views[HourViews{Hour: hour, ArticleID: 0}] != 1 {
		t.Errorf("stored %v, want 2 views of article 7 and 1 of other pages at %v", st.views, hour)
	}
	if st.refs["google.com"] != 2 {
		t.Errorf("referrers %v, want google.com 2", st.refs)
	}

	// The database refuses: the counts wait for the next flush, in their
	// hour, and are not added twice.
	st.fail = true
	a.Add()
	if err := c.Flush(ctx); err == nil {
		t.Fatal("a failed flush reported no error")
	}
	now = now.Add(2 * time.Hour)
	a.Add()
	if err := c.Flush(ctx); err == nil {
		t.Fatal("a failed flush reported no error")
	}
	st.fail = false
	if err := c.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if got := st.article(7); got != 4 {
		t.Errorf("article 7 has %d views after the database came back, want 4", got)
	}
	if st.views[HourViews{Hour: hour, ArticleID: 7}] != 3 || st.views[HourViews{Hour: hour.Add(2 * time.Hour), ArticleID: 7}] != 1 {
		t.Errorf("views by hour %v", st.views)
	}
	calls := st.calls
	if err := c.Flush(ctx); err != nil || st.calls != calls {
		t.Errorf("a flush with nothing counted wrote to the database (%v)", err)
	}
}

func TestReferrersPerFlushAreCapped(t *testing.T) {
	st := newMemStore()
	c := NewCounter(st, nil, nil)
	for i := range MaxReferrersPerFlush + 50 {
		c.Referral(fmt.Sprintf("https://site%d.example.com/", i), "example.org")
	}
	if err := c.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	// site0.example.com and the rest share a registrable domain; the hosts
	// past the cap count as other.
	if st.refs["example.com"] != MaxReferrersPerFlush || st.refs[Other] != 50 {
		t.Errorf("referrers %v", st.refs)
	}
}

func TestPendingCountsAreBounded(t *testing.T) {
	st := newMemStore()
	st.fail = true
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	c := NewCounter(st, func() time.Time { return now }, nil)
	for id := range int64(maxPending) {
		c.Slot(id).Add()
	}
	_ = c.Flush(context.Background())
	now = now.Add(time.Hour)
	c.Slot(1).Add()
	_ = c.Flush(context.Background())
	if n := len(c.pendingViews); n > maxPending || n == 0 {
		t.Fatalf("%d rows wait, want at most %d", n, maxPending)
	}
	if c.pendingViews[hourKey{now.Unix(), 1}] != 1 {
		t.Error("the newest hour was dropped instead of the oldest")
	}
}

// Views counted while flushes run are all stored once (go test -race).
func TestCountingDuringFlushes(t *testing.T) {
	st := newMemStore()
	c := NewCounter(st, nil, nil)
	const workers, each = 4, 5000
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := c.Slot(int64(w % 2))
			for range each {
				s.Add()
				c.Referral("https://duckduckgo.com/", "example.org")
			}
		}()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	for running := true; running; {
		select {
		case <-done:
			running = false
		default:
		}
		if err := c.Flush(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if got := st.article(0) + st.article(1); got != workers*each {
		t.Errorf("stored %d views, counted %d", got, workers*each)
	}
	if st.refs["duckduckgo.com"] != workers*each {
		t.Errorf("stored %d referrals, counted %d", st.refs["duckduckgo.com"], workers*each)
	}
}
