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
