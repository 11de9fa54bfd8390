package content_test

import (
	"strings"
	"testing"

	"masthead/internal/content"
	"masthead/internal/demo"
)

// The demo publication is the model of what the newsroom writes: every
// article passes the repeat checks without an override.
func TestDemoArticlesPassTheRepeatChecks(t *testing.T) {
	none := func(string) (content.ArticleRef, bool) { return content.ArticleRef{}, false }
	for _, a := range demo.Content().Articles {
		res, err := content.ConvertMarkdown(a.Body, none)
		if err != nil {
			t.Fatalf("%s: %v", a.Slug, err)
		}
		for _, p := range content.Check(content.Article{Headline: a.Headline, Standfirst: a.Standfirst, Body: res.HTML}, res, nil) {
			if p.Overridable {
				t.Errorf("%s: %s", a.Slug, p.Message)
			}
		}
	}
}

// BenchmarkCheck runs the pre-publish checks on 200,000-character bodies:
// prose, one paragraph of it, and prose with every sentence repeated.
func BenchmarkCheck(b *testing.B) {
	none := func(string) (content.ArticleRef, bool) { return content.ArticleRef{}, false }
	sentence := "The council met on Tuesday to vote on the budget, and the mayor said the plan would not change. "
	for _, s := range []struct{ name, src string }{
		{"prose", fill(benchProse, 2*benchSize)},
		{"one-paragraph", fill(sentence, 2*benchSize)},
		{"repeats", fill(sentence+"\n\n", 2*benchSize)},
		{"near-repeats", strings.Repeat(strings.Repeat("word ", 40)+"other.\n\n", 2*benchSize/207)},
	} {
		res, err := content.ConvertMarkdown(s.src, none)
		if err != nil {
			b.Fatal(err)
		}
		a := content.Article{Headline: "H", Standfirst: "S", Body: res.HTML}
		b.Run(s.name, func(b *testing.B) {
			b.SetBytes(int64(len(s.src)))
			for b.Loop() {
				content.Check(a, res, nil)
			}
		})
	}
}

// Images in the text need alt text (an empty caption is fine), and an
// empty list item is flagged; both found in the blocks, not the markup.
func TestChecksOfBodyBlocks(t *testing.T) {
	lk := content.BodyLookup{Image: func(id int64) (content.Image, bool) {
		return content.Image{ID: id, Path: "2026/11/a.jpg", Width: 800, Height: 600}, true
	}}
	res, err := content.ConvertBodyMarkdown("Text.\n\n![](media:3)\n\n![A map](media:4)\n\n- one\n-\n- three", lk)
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, p := range content.Check(content.Article{Headline: "H", Standfirst: "S", Body: res.HTML}, res, nil) {
		codes = append(codes, p.Code+":"+p.Message)
	}
	want := []string{"missing-alt:Image 1 in the text has no alt text: describe it for readers who cannot see it.",
		"empty-block:The text has 1 empty list item(s): fill or remove them."}
	if strings.Join(codes, "|") != strings.Join(want, "|") {
		t.Errorf("problems %q\nwant %q", codes, want)
	}
}
