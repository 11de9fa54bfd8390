package site

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"time"

	"masthead/internal/analytics"
	"masthead/internal/httpx"
)

// Cache lifetimes. Pages may be reused by a CDN for a minute and served
// stale while it revalidates; hashed assets never change under their name.
const (
	pageCacheControl  = "public, max-age=60, stale-while-revalidate=300"
	assetCacheControl = "public, max-age=31536000, immutable"
	htmlType          = "text/html; charset=utf-8"
	// gzipMin is the size below which compressing is not worth a round of
	// CPU on the client.
	gzipMin = 512
)

// field is one precomputed response header. Values are one-element slices
// with no spare capacity, so a middleware that appends to them copies
// instead of writing into memory shared between requests.
type field struct {
	key string
	val []string
}

// page is a complete response, immutable once built: a cache hit writes it
// as it is.
type page struct {
	status int
	body   []byte
	gz     []byte // nil when not worth compressing
	plain  []field
	zipped []field
	etag   string
	gzEtag string
	mod    time.Time
	// views counts the page's reader views (views.go); nil for pages
	// that are not counted (redirects, errors) or with counting off.
	views *analytics.Slot
}

func one(v string) []string { return []string{v} }

// newPage builds a response from rendered bytes, which it copies: the
// caller's buffer goes back to a pool. Validators are derived from the
// bytes, so every instance gives the same page the same ETag.
func newPage(status int, body []byte, contentType, cacheControl string, mod time.Time, compress bool) *page {
	p := &page{status: status, body: bytes.Clone(body), mod: mod.UTC().Truncate(time.Second)}
	sum := sha256.Sum256(body)
	tag := hex.EncodeToString(sum[:12])
	p.etag = `"` + tag + `"`
	common := []field{
		{"Content-Type", one(contentType)},
		{"Cache-Control", one(cacheControl)},
		{"Vary", one("Accept-Encoding")},
		{"Last-Modified", one(p.mod.Format(http.TimeFormat))},
	}
	p.plain = append(append([]field(nil), common...),
		field{"Etag", one(p.etag)},
		field{"Content-Length", one(strconv.Itoa(len(p.body)))})
	if compress && len(body) >= gzipMin {
		p.gz = gzipBytes(body)
		p.gzEtag = `"` + tag + `-gz"`
		p.zipped = append(append([]field(nil), common...),
			field{"Etag", one(p.gzEtag)},
			field{"Content-Encoding", one("gzip")},
			field{"Content-Length", one(strconv.Itoa(len(p.gz)))})
	}
	return p
}

// redirectPage is a permanent redirect, cacheable like a page.
func redirectPage(location string) *page {
	return &page{status: http.StatusMovedPermanently, plain: []field{
		{"Location", one(location)},
		{"Cache-Control", one(pageCacheControl)},
		{"Content-Length", one("0")},
	}}
}

func (p *page) size() int { return len(p.body) + len(p.gz) + 256 }

func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression) // done once per stored page
	_, _ = zw.Write(b)
	_ = zw.Close()
	return buf.Bytes()
}

// serve writes p, or 304 Not Modified when the client's copy is current,
// and returns the status written.
func serve(w http.ResponseWriter, r *http.Request, p *page) int {
	// The whole response is known, so it can leave in one write.
	defer httpx.HoldWrites(w, r)()
	body, fields, etag := p.body, p.plain, p.etag
	if p.gz != nil && acceptsGzip(r.Header.Get("Accept-Encoding")) {
		body, fields, etag = p.gz, p.zipped, p.gzEtag
	}
	h := w.Header()
	if p.status == http.StatusOK && notModified(r, etag, p.mod) {
		for _, f := range fields {
			switch f.key {
			case "Etag", "Cache-Control", "Vary", "Last-Modified":
				h[f.key] = f.val
			}
		}
		w.WriteHeader(http.StatusNotModified)
		return http.StatusNotModified
	}
	for _, f := range fields {
		h[f.key] = f.val
	}
	w.WriteHeader(p.status)
	if r.Method != http.MethodHead && len(body) > 0 {
		_, _ = w.Write(body)
	}
	return p.status
}

// acceptsGzip reports whether an Accept-Encoding value allows gzip.
func acceptsGzip(ae string) bool {
	for ae != "" {
		var part string
		part, ae, _ = strings.Cut(ae, ",")
		name, params, _ := strings.Cut(part, ";")
		if name = strings.TrimSpace(name); !strings.EqualFold(name, "gzip") && name != "*" {
			continue
		}
		q, ok := strings.CutPrefix(strings.TrimSpace(params), "q=")
		if !ok {
			return true
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(q), 64)
		return err == nil && v > 0
	}
	return false
}

// notModified applies If-None-Match, and If-Modified-Since when there is
// no If-None-Match (RFC 9110, section 13.2.2).
func notModified(r *http.Request, etag string, mod time.Time) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for inm != "" {
			var tag string
			tag, inm, _ = strings.Cut(inm, ",")
			tag = strings.TrimPrefix(strings.TrimSpace(tag), "W/")
			if tag == etag || tag == "*" {
				return true
			}
		}
		return false
	}
	if ims := r.Header.Get("If-Modified-Since"); ims != "" {
		t, err := http.ParseTime(ims)
		return err == nil && !mod.After(t)
	}
	return false
}
