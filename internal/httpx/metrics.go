package httpx

import (
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Metrics counts requests by route pattern and status, and a latency
// histogram, for the Prometheus text endpoint. Routes are the mux patterns,
// never raw paths, so the number of series stays bounded.
type Metrics struct {
	requests sync.Map // reqKey → *atomic.Uint64
	buckets  []float64
	counts   []atomic.Uint64 // one per bucket plus +Inf
	sum      atomic.Uint64   // microseconds
	total    atomic.Uint64
	// Gauges and counters from other parts, read at scrape time.
	extra []func(w io.Writer)
}

type reqKey struct {
	route string
	code  int
}

// NewMetrics returns an empty registry.
func NewMetrics() *Metrics {
	b := []float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5}
	return &Metrics{buckets: b, counts: make([]atomic.Uint64, len(b)+1)}
}

// AddCollector registers a function that writes more metrics at scrape time.
func (m *Metrics) AddCollector(f func(w io.Writer)) { m.extra = append(m.extra, f) }

// Middleware records every request.
func (m *Metrics) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			// A panic is counted here (500, or 499 for an abort after the
			// client left) and goes on to the Recover middleware.
			code := sw.result(r)
			if v := recover(); v != nil {
				if err, ok := v.(error); !ok || !ClientGone(r, err) {
					code = http.StatusInternalServerError
				} else {
					code = StatusClientClosed
				}
				defer panic(v)
			}
			route := r.Pattern
			if route == "" {
				route = "unmatched"
			}
			m.Observe(route, code, time.Since(start))
		}()
		next.ServeHTTP(sw, r)
	})
}

// Observe records one answered request.
func (m *Metrics) Observe(route string, code int, d time.Duration) {
	m.Counter(route, code).Add(1)
	m.ObserveDuration(d)
}

// Counter returns the request counter of a route and status, so a hot path
// can hold it instead of looking it up on every request.
func (m *Metrics) Counter(route string, code int) *atomic.Uint64 {
	k := reqKey{route, code}
	c, ok := m.requests.Load(k)
	if !ok {
		c, _ = m.requests.LoadOrStore(k, new(atomic.Uint64))
	}
	return c.(*atomic.Uint64)
}

// ObserveDuration adds one request's latency to the histogram.
func (m *Metrics) ObserveDuration(d time.Duration) {
	s := d.Seconds()
	i := sort.SearchFloat64s(m.buckets, s)
	m.counts[i].Add(1)
	m.sum.Add(uint64(d.Microseconds()))
	m.total.Add(1)
}

// ServeHTTP writes the Prometheus text exposition format.
func (m *Metrics) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	var keys []reqKey
	m.requests.Range(func(k, _ any) bool {
		keys = append(keys, k.(reqKey))
		return true
	})
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].route != keys[j].route {
			return keys[i].route < keys[j].route
		}
		return keys[i].code < keys[j].code
	})
	fmt.Fprintln(w, "# HELP masthead_http_requests_total HTTP requests by route pattern and status code.")
	fmt.Fprintln(w, "# TYPE masthead_http_requests_total counter")
	for _, k := range keys {
		c, _ := m.requests.Load(k)
		n := c.(*atomic.Uint64).Load()
		fmt.Fprintf(w, "masthead_http_requests_total{route=%s,code=\"%d\"} %d\n", strconv.Quote(k.route), k.code, n)
	}
	fmt.Fprintln(w, "# HELP masthead_http_request_duration_seconds Time to answer HTTP requests.")
	fmt.Fprintln(w, "# TYPE masthead_http_request_duration_seconds histogram")
	var cum uint64
	for i, b := range m.buckets {
		cum += m.counts[i].Load()
		fmt.Fprintf(w, "masthead_http_request_duration_seconds_bucket{le=\"%g\"} %d\n", b, cum)
	}
	cum += m.counts[len(m.buckets)].Load()
	fmt.Fprintf(w, "masthead_http_request_duration_seconds_bucket{le=\"+Inf\"} %d\n", cum)
	fmt.Fprintf(w, "masthead_http_request_duration_seconds_sum %g\n", float64(m.sum.Load())/1e6)
	fmt.Fprintf(w, "masthead_http_request_duration_seconds_count %d\n", m.total.Load())
	for _, f := range m.extra {
		f(w)
	}
}
