// Package ratelimit counts attempts in fixed windows on counters the
// database holds, so every instance shares them (decision 0012): staff
// sign-in, the emails the sign-in pages send, and public forms (decision
// 0017). Each attempt is taken with one atomic statement per counter, so
// parallel callers cannot all pass a count read before any was recorded.
package ratelimit

import (
	"context"
	"net/netip"
	"time"
)

// Counters is the storage the limits live in; *store.DB is one.
type Counters interface {
	// TakeAttempt counts one attempt under key and returns how many the
	// key's current window holds, this one included.
	TakeAttempt(ctx context.Context, key string, now time.Time, window time.Duration) (int, error)
	// ReturnAttempt gives back one attempt taken under key.
	ReturnAttempt(ctx context.Context, key string) error
}

// Rule is one counter: at most Max attempts under Key per Window.
type Rule struct {
	Key    string
	Max    int
	Window time.Duration
}

// Refusal says which rule stopped an attempt. First is true for the first
// refusal of the counter's window, the one worth a log line (an attack
// must not flood the log).
type Refusal struct {
	Rule  Rule
	First bool
}

// Limiter takes attempts from counters.
type Limiter struct {
	c   Counters
	now func() time.Time
}

// New returns a limiter on c; now is the clock (time.Now when nil).
func New(c Counters, now func() time.Time) *Limiter {
	if now == nil {
		now = time.Now
	}
	return &Limiter{c: c, now: now}
}

// Allow takes one attempt under key and reports whether it is within max
// per window.
func (l *Limiter) Allow(ctx context.Context, key string, max int, window time.Duration) (bool, error) {
	ref, err := l.Take(ctx, Rule{Key: key, Max: max, Window: window})
	return ref == nil && err == nil, err
}

// Take takes one attempt from each rule's counter in turn. At the first one
// past its limit it stops, gives back what it took from the others and
// returns the refusal; so a counter further down the list only counts
// attempts that passed the ones before it (an address counter behind an
// account counter counts only guesses the account let through). nil: every
// counter had room.
func (l *Limiter) Take(ctx context.Context, rules ...Rule) (*Refusal, error) {
	now := l.now()
	for i, r := range rules {
		n, err := l.c.TakeAttempt(ctx, r.Key, now, r.Window)
		if err != nil {
			l.giveBack(ctx, rules[:i])
			return nil, err
		}
		if n <= r.Max {
			continue
		}
		l.giveBack(ctx, rules[:i])
		return &Refusal{Rule: r, First: n == r.Max+1}, nil
	}
	return nil, nil
}

// GiveBack returns one attempt taken under key: it turned out not to count
// (a correct password).
func (l *Limiter) GiveBack(ctx context.Context, key string) error {
	return l.c.ReturnAttempt(ctx, key)
}

func (l *Limiter) giveBack(ctx context.Context, rules []Rule) {
	for _, r := range rules {
		_ = l.c.ReturnAttempt(ctx, r.Key)
	}
}

// AddressKey is what a per-address limit counts for a client address: the
// address itself, or for IPv6 its /64 network, which one subscriber usually
// holds whole. Something that is not an address is counted as it is.
func AddressKey(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return ip
	}
	a = a.Unmap()
	if a.Is4() {
		return a.String()
	}
	p, _ := a.Prefix(64)
	return p.String()
}
