package site

import (
	"errors"
	"sync"
)

var errRenderAborted = errors.New("site: rendering was aborted")

// The rendered-page cache keeps the final bytes of each page, a gzip copy
// made once when it is stored, and its validators, so that a hit is one
// map lookup under a read lock and a single Write (see response.go).
//
// It is bounded by entries and bytes and evicts the oldest entries first.
// Purge replaces the map and bumps a generation: a page whose rendering
// started before a Purge is served to its request but not stored, so it
// cannot bring back what the Purge dropped.

const (
	maxCacheEntries = 10_000
	maxCacheBytes   = 256 << 20
)

type cache struct {
	mu         sync.RWMutex
	gen        uint64
	pages      map[string]*page
	order      []string // keys, oldest first, from head on
	head       int
	bytes      int
	maxEntries int
	maxBytes   int

	fmu     sync.Mutex
	flights map[string]*flight
}

// flight is one rendering of a key that concurrent misses wait for, so a
// Purge under load renders each popular page once, not once per request.
type flight struct {
	done chan struct{}
	p    *page
	err  error
}

func newCache(maxEntries, maxBytes int) *cache {
	return &cache{pages: map[string]*page{}, maxEntries: maxEntries, maxBytes: maxBytes, flights: map[string]*flight{}}
}

// get returns the cached page for key, or nil.
func (c *cache) get(key string) *page {
	c.mu.RLock()
	p := c.pages[key]
	c.mu.RUnlock()
	return p
}

// generation is read before rendering and handed back to put.
func (c *cache) generation() uint64 {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.gen
}

// put stores p under key unless a Purge happened since gen was read.
func (c *cache) put(gen uint64, key string, p *page) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if old, ok := c.pages[key]; ok {
		c.bytes -= old.size()
	} else {
		c.order = append(c.order, key)
	}
	c.pages[key] = p
	c.bytes += p.size()
	for len(c.pages) > c.maxEntries || (c.bytes > c.maxBytes && len(c.pages) > 1) {
		oldest := c.order[c.head]
		c.order[c.head] = ""
		c.head++
		if q, ok := c.pages[oldest]; ok {
			c.bytes -= q.size()
			delete(c.pages, oldest)
		}
	}
	// Reclaim the evicted prefix of the queue once it dominates.
	if c.head > 1024 && c.head > len(c.order)/2 {
		c.order = append([]string(nil), c.order[c.head:]...)
		c.head = 0
	}
}

// purge drops everything.
func (c *cache) purge() {
	c.mu.Lock()
	c.gen++
	c.pages = map[string]*page{}
	c.order, c.head, c.bytes = nil, 0, 0
	c.mu.Unlock()
}

// len reports the number of cached pages (for tests).
func (c *cache) len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.pages)
}

// do runs render once for concurrent callers asking for the same key.
func (c *cache) do(key string, render func() (*page, error)) (*page, error) {
	c.fmu.Lock()
	if f, ok := c.flights[key]; ok {
		c.fmu.Unlock()
		<-f.done
		return f.p, f.err
	}
	f := &flight{done: make(chan struct{})}
	c.flights[key] = f
	c.fmu.Unlock()
	defer func() {
		c.fmu.Lock()
		delete(c.flights, key)
		c.fmu.Unlock()
		close(f.done)
	}()
	// Should render panic, the waiters get an error rather than a nil page.
	f.err = errRenderAborted
	f.p, f.err = render()
	return f.p, f.err
}
