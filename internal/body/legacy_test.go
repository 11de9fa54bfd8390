package body

import (
	"os"
	"strings"
	"testing"
)

// Bodies stored before the registry (the demo's and samples of every
// block, in content/testdata) parse and write back byte for byte, and
// their Markdown form reads back as the same blocks.
func TestStoredBodiesParseAndWriteBackUnchanged(t *testing.T) {
	raw, err := os.ReadFile("../content/testdata/stored_bodies.html")
	if err != nil {
		t.Fatal(err)
	}
	bodies := strings.Split(string(raw), "\n\f\n")
	bodies = bodies[:len(bodies)-1]
	if len(bodies) < 30 {
		t.Fatalf("only %d stored bodies", len(bodies))
	}
	for i, stored := range bodies {
		stored = strings.TrimSuffix(stored, "\n")
		d, rep := Parse(stored)
		if got := d.HTML(); got != stored {
			t.Errorf("body %d changed:\n got %q\nwant %q", i, diffAt(got, stored), diffAt(stored, got))
		}
		if len(rep.Dropped) > 0 {
			t.Errorf("body %d: dropped %v", i, rep.Dropped)
		}
		back, _, err := FromMarkdown(d.Markdown(), testLookup)
		if err != nil {
			t.Fatal(err)
		}
		if got := back.HTML(); got != stored {
			t.Errorf("body %d through Markdown changed:\n got %q\nwant %q\nmarkdown %q", i, diffAt(got, stored), diffAt(stored, got), d.Markdown())
		}
	}
}

// diffAt is s from a little before where it differs from t.
func diffAt(s, t string) string {
	i := 0
	for i < len(s) && i < len(t) && s[i] == t[i] {
		i++
	}
	return s[max(0, i-40):min(len(s), i+80)]
}
