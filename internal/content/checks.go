package content

import (
	"fmt"
	"unicode/utf8"
)

// MaxHeadline is the longest headline the checks accept, in characters.
const MaxHeadline = 110

// The lengths the checks advise for the search and social texts, in
// characters: search engines cut titles at about 60, social networks
// descriptions at about 200. Longer ones are kept and only warned about.
const (
	SEOTitleAdvice          = 60
	SocialDescriptionAdvice = 200
)

// The check codes, stable identifiers the editor and its live panel use.
const (
	CheckRepeatedParagraph     = "repeated-paragraph"
	CheckNearRepeat            = "near-repeat"
	CheckRepeatedSentence      = "repeated-sentence"
	CheckMissingAlt            = "missing-alt"
	CheckEmptyStandfirst       = "empty-standfirst"
	CheckLongHeadline          = "long-headline"
	CheckNotKept               = "not-kept"
	CheckBrokenLink            = "broken-link"
	CheckUnpublishedLink       = "unpublished-link"
	CheckBodySource            = "body-source" // Markdown too costly to convert (see CheckSource)
	CheckLongSEOTitle          = "long-seo-title"
	CheckLongSocialDescription = "long-social-description"
	CheckEmptyBlock            = "empty-block"
)

// Problem is one pre-publish check that failed, pointing at a field (and,
// for the body, at a block and a piece of its text).
type Problem struct {
	Code      string // stable identifier: the Check... constants
	Field     string // form field it points at
	Paragraph int    // 1-based paragraph number for repeated text, else 0; the message names it too
	// Block is the 0-based index of the body's top-level block the problem
	// is in, NoBlock when it is not in the body; Excerpt is the text it is
	// about, a verbatim piece of that block's text (or of the field's).
	Block   int
	Excerpt string
	Message string
	// Overridable problems may be published anyway when an editor says so.
	Overridable bool
	// Warn marks advice: shown with the checks, never stopping publication.
	Warn bool
}

// Severity is "warn" for advice and "block" for what stops publication
// (overridable problems included: they block until an editor allows them).
func (p Problem) Severity() string {
	if p.Warn {
		return "warn"
	}
	return "block"
}

// Check runs the pre-publish checks on an article whose body has been
// converted; body is the conversion's result (links to nothing, input it
// could not keep), and refs gives the status of every linked article.
func Check(a Article, body BodyResult, refs map[int64]ArticleRef) []Problem {
	blocks := placesOf(a.Body, body.Doc)
	out := repeatProblems(blocks)
	field := func(code, field, excerpt, message string) Problem {
		return Problem{Code: code, Field: field, Block: NoBlock, Excerpt: excerpt, Message: message}
	}
	if a.LeadImageID != 0 && a.LeadAlt == "" {
		out = append(out, field(CheckMissingAlt, "lead_alt", "", "The lead image has no alt text: describe it for readers who cannot see it."))
	}
	if a.Standfirst == "" {
		out = append(out, field(CheckEmptyStandfirst, "standfirst", "", "The standfirst is empty."))
	}
	if n := utf8.RuneCountInString(a.Headline); n > MaxHeadline {
		out = append(out, field(CheckLongHeadline, "headline", excerpt(a.Headline), fmt.Sprintf("The headline has %d characters; the most is %d.", n, MaxHeadline)))
	}
	for i, im := range body.Doc.Images() {
		if im.Alt == "" {
			out = append(out, field(CheckMissingAlt, "body", "", fmt.Sprintf("Image %d in the text has no alt text: describe it for readers who cannot see it.", i+1)))
		}
	}
	if n := body.Doc.EmptyItems(); n > 0 {
		p := field(CheckEmptyBlock, "body", "", fmt.Sprintf("The text has %d empty list item(s): fill or remove them.", n))
		p.Overridable = true
		out = append(out, p)
	}
	for i, d := range body.Dropped {
		p := field(CheckNotKept, "body", "", fmt.Sprintf("The body cannot hold %s, so readers would not see it: remove it.", d))
		if i < len(body.DroppedAt) {
			p.Block, p.Excerpt = body.DroppedAt[i].Block, body.DroppedAt[i].Excerpt
		}
		out = append(out, p)
	}
	for _, m := range body.Missing {
		p := field(CheckBrokenLink, "body", "", fmt.Sprintf("The link to %s points to no article.", m))
		p.Block, p.Excerpt = missingPlace(blocks, m)
		out = append(out, p)
	}
	for _, id := range a.LinkedIDs {
		if ref, ok := refs[id]; ok && ref.Status != StatusPublished {
			p := field(CheckUnpublishedLink, "body", "", fmt.Sprintf("The link to %q points to an article that is not published.", ref.Headline))
			p.Block, p.Excerpt = linkedPlace(blocks, ref)
			out = append(out, p)
		}
	}
	if n := utf8.RuneCountInString(a.SEOTitle); n > SEOTitleAdvice {
		p := field(CheckLongSEOTitle, "seo_title", excerpt(a.SEOTitle),
			fmt.Sprintf("The SEO title has %d characters: search engines show about %d, so the end may be cut off.", n, SEOTitleAdvice))
		p.Warn = true
		out = append(out, p)
	}
	if n := utf8.RuneCountInString(a.SocialDescription); n > SocialDescriptionAdvice {
		p := field(CheckLongSocialDescription, "social_description", excerpt(a.SocialDescription),
			fmt.Sprintf("The social description has %d characters: social networks show about %d, so the end may be cut off.", n, SocialDescriptionAdvice))
		p.Warn = true
		out = append(out, p)
	}
	return out
}

// SourceProblem is the check a body too costly to convert gets (a draft
// stored before the limits, or a form being checked before it is saved).
func SourceProblem(e *SourceError) Problem {
	return Problem{Code: CheckBodySource, Field: "body", Block: NoBlock, Message: e.Message}
}

// Blocking returns the problems that stop publication, given whether an
// editor explicitly allowed the overridable ones. Advice never does.
func Blocking(problems []Problem, override bool) []Problem {
	var out []Problem
	for _, p := range problems {
		if p.Warn || p.Overridable && override {
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
