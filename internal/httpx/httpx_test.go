package httpx_test

import (
	"compress/gzip"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"masthead/internal/httpx"
)

func TestGzip(t *testing.T) {
	page := strings.Repeat("<p>The council met on Tuesday.</p>\n", 100)
	h := httpx.Gzip(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/precompressed":
			w.Header().Set("Content-Encoding", "gzip")
			w.Write([]byte("already"))
		case "/image":
			w.Header().Set("Content-Type", "image/jpeg")
			w.Write([]byte("\xff\xd8 not text"))
		default:
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Etag", `"abc"`)
			io.WriteString(w, page)
		}
	}))
	get := func(path, ae string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("GET", path, nil)
		if ae != "" {
			r.Header.Set("Accept-Encoding", ae)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}
	w := get("/", "gzip, br")
	if w.Header().Get("Content-Encoding") != "gzip" || w.Header().Get("Etag") != `W/"abc"` {
		t.Fatalf("gzip response headers: %v", w.Header())
	}
	zr, err := gzip.NewReader(w.Body)
	if err != nil {
		t.Fatal(err)
	}
	if body, _ := io.ReadAll(zr); string(body) != page {
		t.Fatal("decompressed body differs")
	}
	if w := get("/", ""); w.Header().Get("Content-Encoding") != "" || w.Body.String() != page || w.Header().Get("Etag") != `"abc"` {
		t.Fatalf("client without gzip got %v", w.Header())
	}
	if w := get("/precompressed", "gzip"); w.Body.String() != "already" {
		t.Fatalf("precompressed body was compressed again: %q", w.Body.String())
	}
	if w := get("/image", "gzip"); w.Header().Get("Content-Encoding") != "" {
		t.Fatal("a JPEG was gzipped")
	}
}

func TestMetricsExposition(t *testing.T) {
	m := httpx.NewMetrics()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /articles/{slug}", func(w http.ResponseWriter, r *http.Request) {})
	h := m.Middleware(mux)
	for _, p := range []string{"/articles/a", "/articles/b", "/nowhere"} {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", p, nil))
	}
	m.Observe("page cache", 304, time.Millisecond)
	w := httptest.NewRecorder()
	m.ServeHTTP(w, httptest.NewRequest("GET", "/metrics", nil))
	out := w.Body.String()
	for _, want := range []string{
		`masthead_http_requests_total{route="GET /articles/{slug}",code="200"} 2`,
		`masthead_http_requests_total{route="unmatched",code="404"} 1`,
		`masthead_http_requests_total{route="page cache",code="304"} 1`,
		`masthead_http_request_duration_seconds_count 4`,
		`masthead_http_request_duration_seconds_bucket{le="+Inf"} 4`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("metrics lack %s\n%s", want, out)
		}
	}
}

func TestLimitBody(t *testing.T) {
	h := httpx.LimitBody(10)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := io.ReadAll(r.Body); err != nil {
			http.Error(w, "too big", http.StatusRequestEntityTooLarge)
		}
	}))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("POST", "/", strings.NewReader(strings.Repeat("x", 100))))
	if w.Code != http.StatusRequestEntityTooLarge {
		t.Fatalf("oversized body: %d", w.Code)
	}
}

// Panics are counted before Recover answers them: 500 for a fault, 499 for
// http.ErrAbortHandler (the handler gave up on a client that left).
func TestMetricsCountPanics(t *testing.T) {
	m := httpx.NewMetrics()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /abort", func(w http.ResponseWriter, r *http.Request) { panic(http.ErrAbortHandler) })
	mux.HandleFunc("GET /fault", func(w http.ResponseWriter, r *http.Request) { panic("nil map") })
	h := httpx.Chain(mux, httpx.Recover(slog.New(slog.DiscardHandler)), m.Middleware)
	for _, p := range []string{"/abort", "/fault"} {
		func() {
			defer func() { _ = recover() }() // Recover passes ErrAbortHandler on to net/http
			h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", p, nil))
		}()
	}
	w := httptest.NewRecorder()
	m.ServeHTTP(w, httptest.NewRequest("GET", "/metrics", nil))
	for _, want := range []string{
		`masthead_http_requests_total{route="GET /abort",code="499"} 1`,
		`masthead_http_requests_total{route="GET /fault",code="500"} 1`,
	} {
		if !strings.Contains(w.Body.String(), want) {
			t.Errorf("metrics lack %s\n%s", want, w.Body.String())
		}
	}
}
