package app_test

import (
	"regexp"
	"testing"

	"masthead/internal/store/storetest"
)

var localHref = regexp.MustCompile(`(?:href|src)="(/[^"#]*)"`)

// TestDemoHasNoDeadLinks follows every local link and image of the demo's
// pages two clicks deep from home: a reader never meets a 404.
func TestDemoHasNoDeadLinks(t *testing.T) {
	_, ts := newServer(t, storetest.SQLite, true)
	seen := map[string]bool{}
	queue := []string{"/"}
	for depth := 0; depth < 2; depth++ {
		var next []string
		for _, path := range queue {
			res, body := get(t, ts.URL+path)
			if res.StatusCode != 200 {
				t.Errorf("%s: HTTP %d", path, res.StatusCode)
				continue
			}
			for _, m := range localHref.FindAllStringSubmatch(body, -1) {
				if u := m[1]; !seen[u] {
					seen[u] = true
					next = append(next, u)
				}
			}
		}
		queue = next
	}
	for _, path := range queue {
		if res, _ := get(t, ts.URL+path); res.StatusCode != 200 {
			t.Errorf("%s: HTTP %d", path, res.StatusCode)
		}
	}
	if len(seen) < 50 {
		t.Fatalf("followed only %d links; the crawl did not reach the articles", len(seen))
	}
}
