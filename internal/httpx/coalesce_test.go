package httpx_test

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"masthead/internal/httpx"
)

// countingListener counts the writes that reach the network.
type countingListener struct {
	net.Listener
	writes *atomic.Int64
}

func (l countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return countingConn{c, l.writes}, nil
}

type countingConn struct {
	net.Conn
	writes *atomic.Int64
}

func (c countingConn) Write(p []byte) (int, error) {
	c.writes.Add(1)
	return c.Conn.Write(p)
}

func TestHoldWrites(t *testing.T) {
	page := bytes.Repeat([]byte("<p>The council met on Tuesday and again on Thursday.</p>\n"), 400) // ~22 KB
	huge := bytes.Repeat([]byte("x"), 600<<10)                                                      // beyond what one response may hold
	dir := t.TempDir()
	file := filepath.Join(dir, "photo.jpg")
	if err := os.WriteFile(file, page, 0o600); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	whole := func(body []byte) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			defer httpx.HoldWrites(w, r)()
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
			w.Write(body)
		}
	}
	mux.Handle("/page", whole(page))
	mux.Handle("/huge", whole(huge))
	mux.HandleFunc("/streamed", func(w http.ResponseWriter, r *http.Request) {
		defer httpx.HoldWrites(w, r)() // misused: no Content-Length
		w.Write(page)
	})
	mux.HandleFunc("/file", func(w http.ResponseWriter, r *http.Request) { http.ServeFile(w, r, file) })

	var writes atomic.Int64
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: mux, ConnContext: httpx.ConnContext}
	go srv.Serve(httpx.CoalescingListener(countingListener{ln, &writes}))
	t.Cleanup(func() { srv.Close() })
	base := "http://" + ln.Addr().String()
	client := &http.Client{Transport: &http.Transport{DisableCompression: true, MaxIdleConnsPerHost: 1}}

	get := func(path string) []byte {
		t.Helper()
		resp, err := client.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d %v", path, resp.StatusCode, err)
		}
		return b
	}
	for i := range 3 { // the same keep-alive connection each time
		before := writes.Load()
		if got := get("/page"); !bytes.Equal(got, page) {
			t.Fatalf("request %d: body of %d bytes differs from the %d-byte page", i, len(got), len(page))
		}
		if n := writes.Load() - before; n != 1 {
			t.Errorf("request %d: a %d-byte page left in %d writes, want 1", i, len(page), n)
		}
	}
	if got := get("/huge"); !bytes.Equal(got, huge) {
		t.Errorf("a response beyond the hold limit arrived as %d bytes, want %d", len(got), len(huge))
	}
	if got := get("/streamed"); !bytes.Equal(got, page) {
		t.Errorf("a response without Content-Length arrived as %d bytes, want %d", len(got), len(page))
	}
	if got := get("/file"); !bytes.Equal(got, page) {
		t.Errorf("a served file arrived as %d bytes, want %d", len(got), len(page))
	}
	if got := get("/page"); !strings.HasPrefix(string(got), "<p>The council") {
		t.Errorf("the connection is unusable after the other responses: %.40q", got)
	}
}
