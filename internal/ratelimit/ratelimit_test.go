package ratelimit_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"masthead/internal/ratelimit"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func TestAllowCountsInAWindow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := &clock{t: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
		l := ratelimit.New(db, c.now)
		for i := 1; i <= 4; i++ {
			ok, err := l.Allow(ctx, "signup-ip:192.0.2.1", 3, time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			if ok != (i <= 3) {
				t.Fatalf("attempt %d: allowed %v", i, ok)
			}
		}
		// Another key has its own counter.
		if ok, _ := l.Allow(ctx, "signup-ip:192.0.2.2", 3, time.Hour); !ok {
			t.Fatal("another address was refused")
		}
		// Once the window is over, the count starts again.
		c.add(time.Hour)
		if ok, _ := l.Allow(ctx, "signup-ip:192.0.2.1", 3, time.Hour); !ok {
			t.Fatal("refused after the window ended")
		}
	})
}

// Counters are taken in turn; a refusal gives back what the counters before
// it took, so the address a flood targets does not use up the sender's
// own allowance, and vice versa.
func TestTakeGivesBackBeforeARefusal(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := &clock{t: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
		l := ratelimit.New(db, c.now)
		ip := ratelimit.Rule{Key: "ip:198.51.100.7", Max: 10, Window: time.Hour}
		addr := func(a string) ratelimit.Rule { return ratelimit.Rule{Key: "addr:" + a, Max: 2, Window: time.Hour} }
		for i := 1; i <= 5; i++ {
			ref, err := l.Take(ctx, ip, addr("victim@example.org"))
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case i <= 2 && ref != nil:
				t.Fatalf("attempt %d refused by %+v", i, ref)
			case i > 2 && (ref == nil || ref.Rule.Key != "addr:victim@example.org"):
				t.Fatalf("attempt %d: refusal %+v", i, ref)
			case i > 2 && ref.First != (i == 3):
				t.Fatalf("attempt %d: first %v", i, ref.First)
			}
		}
		// Only the two that passed count against the address: 8 more fit.
		for i := 0; i < 8; i++ {
			if ref, err := l.Take(ctx, ip, addr("reader"+string(rune('a'+i))+"@example.org")); err != nil || ref != nil {
				t.Fatalf("sign-up %d from the address: %+v %v", i, ref, err)
			}
		}
		if ref, _ := l.Take(ctx, ip, addr("another@example.org")); ref == nil || ref.Rule.Key != ip.Key {
			t.Fatalf("the eleventh from the address: %+v", ref)
		}
		// A refused attempt stays counted (11 of 10): a flood keeps the
		// counter full. GiveBack returns one each time.
		for range 2 {
			if err := l.GiveBack(ctx, ip.Key); err != nil {
				t.Fatal(err)
			}
		}
		if ref, _ := l.Take(ctx, ip, addr("last@example.org")); ref != nil {
			t.Fatalf("after giving one back: %+v", ref)
		}
	})
}

// Parallel callers each see a different count: exactly max get through.
func TestParallelAttemptsStopAtTheLimit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		l := ratelimit.New(db, nil)
		var allowed atomic.Int32
		var wg sync.WaitGroup
		for i := 0; i < 40; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ok, err := l.Allow(ctx, "parallel", 5, time.Hour)
				if err != nil {
					t.Error(err)
				}
				if ok {
					allowed.Add(1)
				}
			}()
		}
		wg.Wait()
		if n := allowed.Load(); n != 5 {
			t.Fatalf("%d of 40 parallel attempts allowed, want 5", n)
		}
	})
}

func TestAddressKey(t *testing.T) {
	for in, want := range map[string]string{
		"192.0.2.1":            "192.0.2.1",
		"::ffff:192.0.2.1":     "192.0.2.1",
		"2001:db8:1:2:3:4:5:6": "2001:db8:1:2::/64",
		"2001:db8:1:2:ffff::1": "2001:db8:1:2::/64",
		"2001:db8:1:3::1":      "2001:db8:1:3::/64",
		"not an address":       "not an address",
		"fe80::1%eth0":         "fe80::/64",
	} {
		if got := ratelimit.AddressKey(in); got != want {
			t.Errorf("AddressKey(%q) = %q, want %q", in, got, want)
		}
	}
}
