package content

import (
	"fmt"
	"unicode/utf8"
)

// MaxHeadline is the longest headline the checks accept, in characters.
const MaxHeadline = 110

// Problem is one pre-publish check that failed, pointing at a field (and a
// paragraph of the body where it applies).
type Problem struct {
	Code      string // stable identifier: repeated-paragraph, repeated-sentence, near-repeat, missing-alt, ...
	Field     string // form field it points at
	Paragraph int    // 1-based paragraph number for body problems, else 0; the message names it too
	Message   string
	// Overridable problems may be published anyway when an editor says so.
	Overridable bool
}

// Check runs the pre-publish checks on an article whose body has been
// converted; body is the conversion's result (links to nothing, input it
// could not keep), and refs gives the status of every linked article.
func Check(a Article, body BodyResult, refs map[int64]ArticleRef) []Problem {
	out := repeatProblems(a.Body)
	if a.LeadImageID != 0 && a.LeadAlt == "" {
		out = append(out, Problem{Code: "missing-alt", Field: "lead_alt", Message: "The lead image has no alt text: describe it for readers who cannot see it."})
	}
	if a.Standfirst == "" {
		out = append(out, Problem{Code: "empty-standfirst", Field: "standfirst", Message: "The standfirst is empty."})
	}
	if n := utf8.RuneCountInString(a.Headline); n > MaxHeadline {
		out = append(out, Problem{Code: "long-headline", Field: "headline", Message: fmt.Sprintf("The headline has %d characters; the most is %d.", n, MaxHeadline)})
	}
	for i, im := range body.Doc.Images() {
		if im.Alt == "" {
			out = append(out, Problem{Code: "missing-alt", Field: "body", Message: fmt.Sprintf("Image %d in the text has no alt text: describe it for readers who cannot see it.", i+1)})
		}
	}
	if n := body.Doc.EmptyItems(); n > 0 {
		out = append(out, Problem{Code: "empty-block", Field: "body", Overridable: true, Message: fmt.Sprintf("The text has %d empty list item(s): fill or remove them.", n)})
	}
	for _, d := range body.Dropped {
		out = append(out, Problem{Code: "not-kept", Field: "body", Message: fmt.Sprintf("The body cannot hold %s, so readers would not see it: remove it.", d)})
	}
	for _, m := range body.Missing {
		out = append(out, Problem{Code: "broken-link", Field: "body", Message: fmt.Sprintf("The link to %s points to no article.", m)})
	}
	for _, id := range a.LinkedIDs {
		if ref, ok := refs[id]; ok && ref.Status != StatusPublished {
			out = append(out, Problem{Code: "unpublished-link", Field: "body", Message: fmt.Sprintf("The link to %q points to an article that is not published.", ref.Headline)})
		}
	}
	return out
}

// Blocking returns the problems that stop publication, given whether an
// editor explicitly allowed the overridable ones.
func Blocking(problems []Problem, override bool) []Problem {
	var out []Problem
	for _, p := range problems {
		if p.Overridable && override {
			continue
		}
		out = append(out, p)
	}
	return out
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}
