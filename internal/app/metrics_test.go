package app_test

import (
	"context"
	"net"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"masthead/internal/app"
	"masthead/internal/config"
)

// metricsText reads the metrics exposition the way the metrics listener
// serves it.
func metricsText(t *testing.T, srv *app.Server) string {
	t.Helper()
	w := httptest.NewRecorder()
	srv.Metrics.ServeHTTP(w, httptest.NewRequest("GET", "/metrics", nil))
	if w.Code != 200 {
		t.Fatalf("metrics: %d", w.Code)
	}
	return w.Body.String()
}

// /metrics counts requests by route and status, failed sign-ins included:
// not for readers. The public address has it only behind the token.
func TestMetricsAreNotPublic(t *testing.T) {
	const token = "s3cret-metrics-token-0123"
	cases := []struct {
		name   string
		token  string
		header []string
		status int
	}{
		{"no token configured", "", nil, 404},
		{"no token configured, one sent anyway", "", []string{"Authorization", "Bearer " + token}, 404},
		{"token configured, none sent", token, nil, 401},
		{"token configured, wrong one", token, []string{"Authorization", "Bearer " + token + "x"}, 401},
		{"token configured, other scheme", token, []string{"Authorization", "Basic " + token}, 401},
		{"token configured and sent", token, []string{"Authorization", "Bearer " + token}, 200},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, ts := serveConfig(t, config.Config{Addr: ":0", DataDir: t.TempDir(), MetricsToken: c.token}, false)
			get(t, ts.URL+"/admin/login") // something to count
			res, body := get(t, ts.URL+"/metrics", c.header...)
			if res.StatusCode != c.status {
				t.Fatalf("GET /metrics: %d, want %d", res.StatusCode, c.status)
			}
			if counted := strings.Contains(body, "masthead_http_requests_total"); counted != (c.status == 200) {
				t.Errorf("status %d and the body has the counts: %v", res.StatusCode, counted)
			}
		})
	}
}

// MASTHEAD_METRICS_ADDR: a listener of its own serves /metrics, and stops
// with the server.
func TestMetricsListener(t *testing.T) {
	srv, err := app.Build(context.Background(), config.Config{Addr: "127.0.0.1:0", DataDir: t.TempDir()}, quiet, false)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if srv.MetricsListener, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Run(ctx, ln) }()
	public, metricsAt := "http://"+ln.Addr().String(), "http://"+srv.MetricsListener.Addr().String()
	get(t, public+"/healthz")
	if res, _ := get(t, public+"/metrics"); res.StatusCode != 404 {
		t.Errorf("public /metrics: %d, want 404", res.StatusCode)
	}
	res, body := get(t, metricsAt+"/metrics")
	if res.StatusCode != 200 || !strings.Contains(body, `masthead_http_requests_total{route="GET /healthz",code="200"} 1`) {
		t.Errorf("metrics listener: %d\n%s", res.StatusCode, body)
	}
	if res, _ := get(t, metricsAt+"/"); res.StatusCode != 404 {
		t.Errorf("metrics listener serves other paths: %d", res.StatusCode)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("shutdown: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("server did not stop")
	}
	if c, err := net.DialTimeout("tcp", srv.MetricsListener.Addr().String(), time.Second); err == nil {
		c.Close()
		t.Error("the metrics listener still accepts connections after shutdown")
	}
}
