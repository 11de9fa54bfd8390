package site

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// The stylesheet's hash changes with every CSS edit; the golden files are
// about the markup.
var assetHashRE = regexp.MustCompile(`/assets/([a-z-]+)\.[0-9a-f]{8}\.`)

// TestGoldenPages compares whole rendered pages with testdata/*.golden.html.
// The clock is fixed and dates use the publication's zone, so the files are
// the same under any TZ. Run `go test ./internal/site -run Golden -update`
// after an intended change and review the diff.
func TestGoldenPages(t *testing.T) {
	pages := map[string]string{
		"article": "/articles/council-budget",
		"home":    "/",
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		for name, path := range pages {
			got := assetHashRE.ReplaceAll(f.get(t, path).Body.Bytes(), []byte("/assets/$1.HASH."))
			file := filepath.Join("testdata", name+".golden.html")
			if *update {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(file, got, 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if string(got) != string(want) {
				t.Errorf("%s differs from %s (run with -update if the change is intended):\n%s", path, file, firstDiff(string(want), string(got)))
			}
		}
	})
}

// firstDiff shows the first line that differs.
func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + strconv.Itoa(i+1) + ":\n want: " + w + "\n  got: " + g
		}
	}
	return ""
}
