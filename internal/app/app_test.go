package app_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"masthead/internal/app"
	"masthead/internal/config"
	"masthead/internal/content"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// newServer builds the real application on a fresh database of engine e.
func newServer(t *testing.T, e storetest.Engine, demo bool) (*app.Server, *httptest.Server) {
	t.Helper()
	return serveConfig(t, config.Config{Addr: ":0", DataDir: t.TempDir(), DatabaseURL: storetest.URL(t, e), MailFrom: "test@example.org"}, demo)
}

// serveConfig builds the application for cfg and serves it over HTTP.
func serveConfig(t *testing.T, cfg config.Config, demo bool) (*app.Server, *httptest.Server) {
	t.Helper()
	srv, err := app.Build(context.Background(), cfg, quiet, demo)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.DB.Close() })
	ts := httptest.NewServer(srv.Handler)
	t.Cleanup(ts.Close)
	return srv, ts
}

func get(t *testing.T, url string, hdr ...string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func TestDemoPublicationServes(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			srv, ts := newServer(t, e, true)
			ctx := context.Background()
			n, err := srv.DB.CountArticles(ctx)
			if err != nil || n < 40 {
				t.Fatalf("demo has %d articles (%v), want 40+", n, err)
			}
			res, body := get(t, ts.URL+"/")
			if res.StatusCode != 200 || !strings.Contains(body, "/articles/") {
				t.Fatalf("home: %d", res.StatusCode)
			}
			for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "X-Request-Id"} {
				if res.Header.Get(h) == "" {
					t.Errorf("home lacks %s", h)
				}
			}
			if !strings.Contains(res.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
				t.Errorf("CSP = %q", res.Header.Get("Content-Security-Policy"))
			}
			res, _ = get(t, ts.URL+"/", "Accept-Encoding", "gzip")
			if res.Header.Get("Content-Encoding") != "gzip" {
				t.Errorf("home not gzipped for a client that accepts it")
			}
			// A repeat visit is a page-cache hit answered before routing: it
			// must carry the same security headers and be counted.
			get(t, ts.URL+"/privacy")
			res, _ = get(t, ts.URL+"/privacy")
			if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Content-Security-Policy"), "default-src 'self'") || res.Header.Get("Etag") == "" {
				t.Errorf("cached page: %d, headers %v", res.StatusCode, res.Header)
			}
			res, _ = get(t, ts.URL+"/no/such/page")
			if res.StatusCode != 404 {
				t.Errorf("unknown page: %d", res.StatusCode)
			}
			body = metricsText(t, srv)
			for _, want := range []string{"masthead_http_requests_total{route=", "masthead_http_request_duration_seconds_bucket", "masthead_page_cache_hits_total", "masthead_queue_jobs", `masthead_queue_failed_jobs{kind="publish_article"} 0`, `masthead_queue_failed_jobs{kind="newsletter:confirm"} 0`, `route="page cache",code="200"`} {
				if !strings.Contains(body, want) {
					t.Errorf("metrics lack %s", want)
				}
			}
			if res, _ := get(t, ts.URL+"/healthz"); res.StatusCode != 200 {
				t.Errorf("healthz %d", res.StatusCode)
			}
			if res, _ := get(t, ts.URL+"/readyz"); res.StatusCode != 200 {
				t.Errorf("readyz %d", res.StatusCode)
			}
			srv.DB.Close()
			if res, _ := get(t, ts.URL+"/readyz"); res.StatusCode != 503 {
				t.Errorf("readyz with the database closed = %d, want 503", res.StatusCode)
			}
		})
	}
}

func TestServeRefusesNewerSchemaAndExplainsOlder(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	dbURL := "sqlite:" + filepath.Join(dir, "m.db")
	db, err := store.Open(ctx, dbURL, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if err := db.ForceSchemaVersion(ctx, db.LatestVersion()+1); err != nil {
		t.Fatal(err)
	}
	db.Close()
	var stderr bytes.Buffer
	code := app.Run(ctx, []string{"serve", "--data", dir, "--database-url", dbURL, "--addr", "127.0.0.1:0"}, nil, app.IO{Stdout: io.Discard, Stderr: &stderr})
	if code == 0 || !strings.Contains(stderr.String(), "newer Masthead") {
		t.Fatalf("serve on a newer schema: exit %d, stderr %q", code, stderr.String())
	}
}

func TestUserCreateFromStdin(t *testing.T) {
	dir := t.TempDir()
	var out, errOut bytes.Buffer
	stdio := app.IO{Stdin: strings.NewReader("correct horse battery\n"), Stdout: &out, Stderr: &errOut}
	code := app.Run(context.Background(), []string{"user", "create", "--email", "Ed@Example.org", "--name", "Ed Itor", "--role", "editor", "--data", dir}, nil, stdio)
	if code != 0 || !strings.Contains(out.String(), "ed@example.org") {
		t.Fatalf("exit %d, out %q, err %q", code, out.String(), errOut.String())
	}
	errOut.Reset()
	stdio.Stdin = strings.NewReader("short\n")
	code = app.Run(context.Background(), []string{"user", "create", "--email", "x@example.org", "--name", "X", "--role", "editor", "--data", dir}, nil, stdio)
	if code == 0 || !strings.Contains(errOut.String(), "at least 10 characters") {
		t.Fatalf("short password: exit %d, err %q", code, errOut.String())
	}
	errOut.Reset()
	stdio.Stdin = strings.NewReader("correct horse battery\n")
	code = app.Run(context.Background(), []string{"user", "create", "--email", "y@example.org", "--name", strings.Repeat("n", 121), "--role", "editor", "--data", dir}, nil, stdio)
	if code == 0 || !strings.Contains(errOut.String(), "at most 120 characters") {
		t.Fatalf("a 121-character name: exit %d, err %q", code, errOut.String())
	}
}

func TestServeShutsDownGracefully(t *testing.T) {
	cfg := config.Config{Addr: "127.0.0.1:0", DataDir: t.TempDir()}
	srv, err := app.Build(context.Background(), cfg, quiet, false)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Run(ctx, ln) }()
	res, _ := get(t, "http://"+ln.Addr().String()+"/healthz")
	if res.StatusCode != 200 {
		t.Fatalf("healthz %d", res.StatusCode)
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
}

func TestDemoDatesAreInThePast(t *testing.T) {
	srv, _ := newServer(t, storetest.SQLite, true)
	arts, err := srv.DB.ListPublished(context.Background(), content.Filter{}, content.Cursor{}, 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range arts {
		if a.PublishedAt.After(time.Now()) {
			t.Errorf("%s is published in the future: %v", a.Slug, a.PublishedAt)
		}
	}
}

// TestHelpListsTheCommands: masthead --help, as the README says, lists the
// commands (it printed the flags of serve, and the help case was never
// reached), while masthead serve --help still gives serve's flags.
func TestHelpListsTheCommands(t *testing.T) {
	for _, arg := range []string{"help", "--help", "-h", "-help"} {
		var stdout, stderr strings.Builder
		code := app.Run(context.Background(), []string{arg}, nil, app.IO{Stdout: &stdout, Stderr: &stderr})
		if code != 0 || !strings.Contains(stdout.String(), "Commands:") || !strings.Contains(stdout.String(), "media strip") {
			t.Errorf("masthead %s: exit %d, stdout %q, stderr %q; want the command list", arg, code, stdout.String(), stderr.String())
		}
	}
	var stdout, stderr strings.Builder
	code := app.Run(context.Background(), []string{"serve", "--help"}, nil, app.IO{Stdout: &stdout, Stderr: &stderr})
	if code != 0 || !strings.Contains(stderr.String(), "-trusted-proxies") {
		t.Errorf("masthead serve --help: exit %d, stderr %q; want the flags of serve", code, stderr.String())
	}
}
