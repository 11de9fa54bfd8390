package content_test

import (
	"flag"
	"os"
	"strings"
	"testing"

	"masthead/internal/content"
	"masthead/internal/demo"
)

var update = flag.Bool("update", false, "rewrite golden files")

// storedSamples are bodies in the stored format as it was before the block
// registry (docs/decisions/0035), beside the demo's: every Masthead block
// and the prose shapes Markdown made.
var storedSamples = []string{
	"Text.\n\nSee also: /articles/target\n\n>> A pull quote, *with* emphasis.\n>> — Jo Bloggs\n\n>> Unattributed.",
	"# One\n\n###### Six\n\n- a\n- b\n  1. c\n  2. d\n\n> quoted\n>\n> > nested\n\n* * *\n\n```go\nx := <y>\n```\n\nA [link](https://example.org/?a=1&b=2) and `code` and ~~gone~~ and \"quotes\" -- it's... fine.  \nNew line.",
}

// The stored bodies of today (the demo's, converted as the demo loads
// them, and samples of every block) are kept in testdata; the registry must
// read them and write them back byte for byte.
func TestStoredBodiesKeepTheirText(t *testing.T) {
	resolve := func(slug string) (content.ArticleRef, bool) {
		return content.ArticleRef{ID: int64(len(slug)), Slug: slug, Headline: "Headline of " + slug, Status: content.StatusPublished}, true
	}
	var bodies []string
	for _, a := range demo.Content().Articles {
		bodies = append(bodies, a.Body)
	}
	bodies = append(bodies, storedSamples...)
	var got strings.Builder
	for _, src := range bodies {
		res, err := content.ConvertMarkdown(src, resolve)
		if err != nil {
			t.Fatal(err)
		}
		got.WriteString(res.HTML)
		got.WriteString("\n\n\f\n") // stored bodies ended with a line break before the registry
	}
	const golden = "testdata/stored_bodies.html"
	if *update {
		if err := os.WriteFile(golden, []byte(got.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	gotBodies, wantBodies := strings.Split(got.String(), "\f"), strings.Split(string(want), "\f")
	if len(gotBodies) != len(wantBodies) {
		t.Fatalf("%d bodies, %d in %s", len(gotBodies), len(wantBodies), golden)
	}
	for i := range gotBodies {
		if gotBodies[i] != wantBodies[i] {
			t.Errorf("body %d converts differently from the stored format in %s:\n got %q\nwant %q", i, golden, gotBodies[i], wantBodies[i])
		}
	}
}
