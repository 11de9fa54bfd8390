package content_test

import (
	"strings"
	"testing"

	"masthead/internal/content"
)

// The model page's defect: this sentence printed twice in a row inside one
// paragraph.
const modelSentence = "Russia invaded Ukraine eight years ago, not just in February, and its military has devastated cities, " +
	"killed thousands of civilians and driven millions from their homes, with consequences that reach far beyond Ukraine."

func TestRepeatChecks(t *testing.T) {
	none := func(string) (content.ArticleRef, bool) { return content.ArticleRef{}, false }
	intro := "The war has shaped the city's politics for a decade."
	for _, tc := range []struct {
		name, body string
		want       []string // messages, in order; none when the body is clean
		paragraphs []int    // the Paragraph of each problem
	}{
		{name: "model page: a sentence twice inside one paragraph",
			body:       intro + "\n\n" + modelSentence + " " + modelSentence + " The council will debate a motion on Tuesday.",
			want:       []string{"Paragraph 2 repeats one of its own sentences: “Russia invaded Ukraine eight years ago, not just in February…”"},
			paragraphs: []int{2}},
		{name: "a sentence repeated in a later paragraph",
			body:       modelSentence + " It began in Crimea.\n\n" + intro + "\n\nSome context first. " + modelSentence,
			want:       []string{"Paragraph 3 repeats a sentence of paragraph 1: “Russia invaded"},
			paragraphs: []int{3}},
		{name: "the same paragraph with other quotes, dashes, spaces and case",
			body:       `The mayor said "it's over" – and left.` + "\n\n" + `the mayor  said “it’s over” — and LEFT.`,
			want:       []string{"Paragraph 2 repeats paragraph 1: “the mayor said “it’s over” — and LEFT.”"},
			paragraphs: []int{2}},
		{name: "a paragraph differing by one word",
			body: "The council voted on Tuesday night to close the library on Elm Street after forty years of service to readers.\n\n" +
				"Residents were not consulted.\n\n" +
				"The council voted on Tuesday night to shut the library on Elm Street after forty years of service to readers!",
			want:       []string{"Paragraph 3 is nearly the same as paragraph 1 (one word or punctuation differs): “The council voted on Tuesday night to shut"},
			paragraphs: []int{3}},
		{name: "a paragraph with one word added",
			body: "The council voted on Tuesday night to close the library on Elm Street after forty years of service.\n\n" +
				"The council voted on Tuesday night to close the old library on Elm Street after forty years of service.",
			want: []string{"Paragraph 2 is nearly the same as paragraph 1"}, paragraphs: []int{2}},
		{name: "a pull quote and a see-also repeat the body: not repeats",
			body: modelSentence + "\n\n>> " + modelSentence + "\n>> — The ambassador\n\nSee also: /articles/earlier\n\nMore.\n\nSee also: /articles/earlier"},
		{name: "numbering counts paragraphs as readers see them",
			body: "One paragraph here.\n\nTwo paragraph here.\n\n>> A pull quote.\n\nThree paragraph here.\n\n## A heading\n\nFour paragraph here.\n\nFour paragraph here.",
			want: []string{"Paragraph 5 repeats paragraph 4: “Four paragraph here.”"}, paragraphs: []int{5}},
		{name: "short sentences repeat on purpose",
			body: "Yes. He said no. Yes.\n\nHe said no. Nobody came to it. Nobody came to it."},
		{name: "abbreviations, initials and decimals do not end sentences",
			body: "The loan came from the U.S. Treasury Department through its regional lending office in 2024.\n\n" +
				"Last year a second grant also came via the U.S. Treasury Department through its regional lending office in 2024.\n\n" +
				"A report by Dr. Alice M. Jones found inflation at 3.5 per cent in the region last year.\n\n" +
				"Another study, commissioned by Prof. Alice M. Jones found inflation at 3.5 per cent in the region last year.",
		},
		{name: "different paragraphs share no sentence",
			body: intro + "\n\n" + modelSentence + "\n\nThe council will debate a motion on Tuesday."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := content.ConvertMarkdown(tc.body, none)
			if err != nil {
				t.Fatal(err)
			}
			var got []content.Problem
			for _, p := range content.Check(content.Article{Headline: "H", Standfirst: "S", Body: res.HTML}, res, nil) {
				if p.Code != "broken-link" {
					got = append(got, p)
				}
			}
			if len(got) != len(tc.want) {
				t.Fatalf("problems %+v, want %d: %q", got, len(tc.want), tc.want)
			}
			for i, p := range got {
				if !strings.HasPrefix(p.Message, tc.want[i]) || p.Paragraph != tc.paragraphs[i] || p.Field != "body" || !p.Overridable {
					t.Errorf("problem %+v, want paragraph %d, overridable, message starting %q", p, tc.paragraphs[i], tc.want[i])
				}
			}
			// An editor's override lets them all through.
			if b := content.Blocking(got, true); len(b) != 0 {
				t.Errorf("override leaves %+v", b)
			}
		})
	}
}
