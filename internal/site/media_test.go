package site

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"masthead/internal/store/storetest"
)

const secret = "root:x:0:0:secret"

// TestMediaConfinement asks for files outside the media directory in every
// spelling we know of; none may be served.
func TestMediaConfinement(t *testing.T) {
	f := newFixture(t, storetest.Open(t, storetest.SQLite))
	outside := filepath.Dir(f.mediaDir)
	for _, name := range []string{"passwd.png", "secret.png"} {
		if err := os.WriteFile(filepath.Join(outside, name), []byte(secret), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(outside, "secret.png"), filepath.Join(f.mediaDir, "link.png")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(f.mediaDir, ".hidden.png"), []byte(secret), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(f.mediaDir, "page.html"), []byte(secret), 0o644); err != nil {
		t.Fatal(err)
	}

	srv := httptest.NewServer(f.h)
	t.Cleanup(srv.Close)
	client := srv.Client() // follows the mux's clean-path redirects to wherever they lead
	for _, p := range []string{
		"/media/../passwd.png",
		"/media/../../etc/passwd",
		"/media/%2e%2e/passwd.png",
		"/media/..%2fpasswd.png",
		"/media/..%2Fsecret.png",
		"/media/%2e%2e%2fsecret.png",
		"/media/2026/..%2f..%2fsecret.png",
		"/media/..%5csecret.png",
		"/media//etc/passwd",
		"/media/link.png",
		"/media/.hidden.png",
		"/media/page.html",
		"/media/",
		"/media/2026/",
	} {
		req, err := http.NewRequest(http.MethodGet, srv.URL+p, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.URL.RawPath, req.URL.Path = p, mustUnescape(t, p) // send the path exactly as written
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("GET %s: %v", p, err)
		}
		var b bytes.Buffer
		b.ReadFrom(resp.Body)
		resp.Body.Close()
		if resp.StatusCode == 200 && !strings.Contains(b.String(), "<html") || strings.Contains(b.String(), secret) {
			t.Errorf("GET %s: status %d, served the file", p, resp.StatusCode)
		}
		if resp.StatusCode != 404 {
			t.Errorf("GET %s: status %d, want the 404 page", p, resp.StatusCode)
		}
	}
	if w := f.get(t, "/media/"+leadImagePath); w.Code != 200 || w.Header().Get("X-Content-Type-Options") != "nosniff" {
		t.Fatalf("the real image: %d %v", w.Code, w.Header())
	}
	if w := f.get(t, "/media/"+leadImagePath, "Range", "bytes=0-7"); w.Code != 206 || w.Body.Len() != 8 {
		t.Errorf("range request: %d, %d bytes", w.Code, w.Body.Len())
	}
}

func TestMediaDirMissing(t *testing.T) {
	f := newFixture(t, storetest.Open(t, storetest.SQLite), func(o *Options) { o.MediaDir = filepath.Join(t.TempDir(), "none") })
	if w := f.get(t, "/media/"+leadImagePath); w.Code != 404 {
		t.Errorf("media directory not created yet: %d, want 404", w.Code)
	}
}

func mustUnescape(t *testing.T, p string) string {
	t.Helper()
	r := httptest.NewRequest("GET", "http://x"+p, nil)
	return r.URL.Path
}

func TestValidMediaPath(t *testing.T) {
	for name, want := range map[string]bool{
		"2026/03/a.jpg": true, "a.png": true,
		"": false, ".": false, "../a.png": false, "a/../b.png": false, "/etc/passwd": false, "a//b.png": false,
		".env": false, "a/.git/config": false, `a\..\b.png`: false, "a\x00.png": false, "a/": false,
	} {
		if got := validMediaPath(name); got != want {
			t.Errorf("validMediaPath(%q) = %v, want %v", name, got, want)
		}
	}
}
