package site

import (
	"errors"
	"strings"
	"sync"
	"sync/atomic"
)

var errRenderAborted = errors.New("site: rendering was aborted")

// The rendered-page cache keeps the final bytes of each page, a gzip copy
// made once when it is stored, and its validators, so that a hit is one
// map lookup under a read lock and a single Write (see response.go).
//
// It is bounded by bytes (the operator's budget, MASTHEAD_CACHE_BYTES) and
// split in two segments that evict separately:
//
//   - paged: list pages past the first (?after=). Anyone can ask for any
//     number of distinct cursors, so these get a tenth of the budget and
//     can only push out each other, never the pages readers come back to.
//   - main: everything else (articles, first pages of lists, redirects,
//     the 404 page), the rest of the budget.
//
// Each segment evicts by CLOCK (a FIFO queue with a second chance): a hit
// sets the entry's reference bit, an atomic store under the read lock, so
// hits stay lock-free among themselves and allocate nothing; eviction
// clears the bit of a referenced entry and moves it to the back instead of
// dropping it. Pages read since they last came round stay; pages stored
// and never read again go first.
//
// Purge replaces the map and bumps a generation: a page whose rendering
// started before a Purge is served to its request but not stored, so it
// cannot bring back what the Purge dropped.

// DefaultCacheBytes is the page cache's budget when the operator sets none.
const DefaultCacheBytes = 64 << 20

// pagedShare is the part of the budget, in tenths, for cursor pages.
const pagedShare = 10

// entryOverhead approximates what an entry costs beyond its bytes: the map
// slot, the entry, the page struct and its precomputed header fields.
const entryOverhead = 512

type cache struct {
	mu    sync.RWMutex
	gen   uint64
	pages map[string]*entry
	main  segment
	paged segment

	fmu     sync.Mutex
	flights map[string]*flight
}

type entry struct {
	key  string
	p    *page
	size int
	seg  *segment
	ref  atomic.Bool // read since it last came round
	gone bool        // dropped or replaced; its queue slot is stale
}

// segment is one CLOCK queue with its own byte budget. Guarded by cache.mu.
type segment struct {
	queue []*entry // oldest first, from head on
	head  int
	n     int // live entries
	bytes int
	max   int
}

// flight is one rendering of a key that concurrent misses wait for, so a
// Purge under load renders each popular page once, not once per request.
type flight struct {
	done chan struct{}
	p    *page
	err  error
}

// newCache returns a cache holding at most maxBytes of pages.
func newCache(maxBytes int) *cache {
	paged := maxBytes / pagedShare
	return &cache{
		pages:   map[string]*entry{},
		main:    segment{max: maxBytes - paged},
		paged:   segment{max: paged},
		flights: map[string]*flight{},
	}
}

// isPaged reports whether key is a list page past the first.
func isPaged(key string) bool { return strings.Contains(key, "?after=") }

// get returns the cached page for key, or nil.
func (c *cache) get(key string) *page {
	c.mu.RLock()
	e := c.pages[key]
	var p *page
	if e != nil {
		p = e.p
		// Load first: a popular page's bit is already set, and not
		// writing it keeps its cache line shared between cores.
		if !e.ref.Load() {
			e.ref.Store(true)
		}
	}
	c.mu.RUnlock()
	return p
}

// generation is read before rendering and handed back to put.
func (c *cache) generation() uint64 {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.gen
}

// put stores p under key unless a Purge happened since gen was read, or p
// alone is larger than its segment.
func (c *cache) put(gen uint64, key string, p *page) {
	seg := &c.main
	if isPaged(key) {
		seg = &c.paged
	}
	size := p.size() + len(key) + entryOverhead
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if old, ok := c.pages[key]; ok {
		c.drop(old)
	}
	if size > seg.max {
		return
	}
	e := &entry{key: key, p: p, size: size, seg: seg}
	c.pages[key] = e
	seg.queue = append(seg.queue, e)
	seg.bytes += size
	seg.n++
	for seg.bytes > seg.max {
		c.evictOne(seg)
	}
	seg.compact()
}

// compact reclaims the consumed prefix of the queue, and the slots of
// replaced entries, once they dominate it.
func (seg *segment) compact() {
	if waste := len(seg.queue) - seg.n; waste < 1024 || waste < seg.n {
		return
	}
	q := make([]*entry, 0, 2*seg.n)
	for _, e := range seg.queue[seg.head:] {
		if e != nil && !e.gone {
			q = append(q, e)
		}
	}
	seg.queue, seg.head = q, 0
}

// drop removes e from the map and its segment's accounting; its queue slot
// is skipped when eviction reaches it.
func (c *cache) drop(e *entry) {
	delete(c.pages, e.key)
	e.seg.bytes -= e.size
	e.seg.n--
	e.gone = true
}

// evictOne takes entries from the front of seg's queue until one is
// evicted: a referenced entry loses its bit and goes to the back. Every
// entry is referenced at most once per round, so this ends within two
// passes.
func (c *cache) evictOne(seg *segment) {
	for seg.head < len(seg.queue) {
		e := seg.queue[seg.head]
		seg.queue[seg.head] = nil
		seg.head++
		if e.gone {
			continue
		}
		if e.ref.Load() {
			e.ref.Store(false)
			seg.queue = append(seg.queue, e)
			continue
		}
		c.drop(e)
		return
	}
}

// purge drops everything.
func (c *cache) purge() {
	c.mu.Lock()
	c.gen++
	c.pages = map[string]*entry{}
	c.main = segment{max: c.main.max}
	c.paged = segment{max: c.paged.max}
	c.mu.Unlock()
}

// stats reports the number of cached pages and the bytes they account for
// (for tests and metrics).
func (c *cache) stats() (entries, bytes int) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.pages), c.main.bytes + c.paged.bytes
}

// len reports the number of cached pages (for tests).
func (c *cache) len() int {
	n, _ := c.stats()
	return n
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
