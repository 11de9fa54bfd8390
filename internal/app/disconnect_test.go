package app_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"syscall"
	"testing"

	"masthead/internal/app"
	"masthead/internal/config"
)

// brokenPipe is a response writer whose connection is gone: every write
// fails as it does when the client closed it.
type brokenPipe struct{ h http.Header }

func (b *brokenPipe) Header() http.Header       { return b.h }
func (b *brokenPipe) WriteHeader(int)           {}
func (b *brokenPipe) Write([]byte) (int, error) { return 0, syscall.EPIPE }

// A client that goes away mid-request is not a fault of the server: no
// ERROR line, and the request counts as 499 in /metrics, not 500 (nor 200).
func TestClientGoneIsNotAnError(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	// Cache off: a cached rendering carries on for other readers whoever
	// leaves, so only an uncached one sees the reader's cancellation.
	srv, err := app.Build(context.Background(), config.Config{Addr: ":0", DataDir: t.TempDir(), CacheOff: true}, logger, false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.DB.Close() })

	gone, cancel := context.WithCancel(context.Background())
	cancel()
	token := strings.Repeat("a", 43)
	form := url.Values{"csrf": {token}, "email": {"ed@example.org"}, "password": {"not the password"}}
	login := httptest.NewRequestWithContext(gone, "POST", "/admin/login", strings.NewReader(form.Encode()))
	login.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	login.AddCookie(&http.Cookie{Name: "masthead_form", Value: token})

	requests := []struct {
		name string
		r    *http.Request
		w    http.ResponseWriter
	}{
		{"admin form, request canceled", login, httptest.NewRecorder()},
		{"admin page, connection broken", httptest.NewRequest("GET", "/admin/setup", nil), &brokenPipe{h: http.Header{}}},
		{"public page, request canceled", httptest.NewRequestWithContext(gone, "GET", "/sections/news", nil), httptest.NewRecorder()},
	}
	for _, c := range requests {
		srv.Handler.ServeHTTP(c.w, c.r)
		if rec, ok := c.w.(*httptest.ResponseRecorder); ok && rec.Code >= 500 && rec.Body.Len() > 0 {
			t.Errorf("%s: wrote a %d page to nobody", c.name, rec.Code)
		}
	}
	if strings.Contains(logs.String(), "level=ERROR") {
		t.Errorf("a client going away was logged as an error:\n%s", logs.String())
	}
	metrics := metricsText(t, srv)
	for _, want := range []string{
		`masthead_http_requests_total{route="POST /admin/login",code="499"} 1`,
		`masthead_http_requests_total{route="GET /admin/setup",code="499"} 1`,
		`masthead_http_requests_total{route="GET /sections/{slug}",code="499"} 1`,
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if strings.Contains(metrics, `code="500"`) {
		t.Errorf("a client going away was counted as 500:\n%s", metrics)
	}
}
