package issuemail_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"masthead/internal/issuemail"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestGoldenEmails compares the built bodies with testdata/*.golden.*, so a
// change to the layout shows as a reviewable diff. Run
// `go test ./internal/issuemail -run Golden -update` after an intended change.
func TestGoldenEmails(t *testing.T) {
	tracked := sampleIssue()
	tracked.Track = true
	for name, is := range map[string]issuemail.Issue{"one-article": tracked, "digest": sampleDigest()} {
		e := build(t, is)
		for ext, got := range map[string]string{"html": e.Message.HTML, "txt": e.Message.Text} {
			file := filepath.Join("testdata", name+".golden."+ext)
			if *update {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs (run with -update if the change is intended):\n%s", file, firstDiff(string(want), got))
			}
		}
	}
}

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
			return "line " + itoa(i+1) + ":\n want " + w + "\n got  " + g
		}
	}
	return ""
}

func itoa(n int) string {
	s := ""
	for {
		s = string(rune('0'+n%10)) + s
		n /= 10
		if n == 0 {
			return s
		}
	}
}
