package content_test

import (
	"strings"
	"testing"

	"masthead/internal/content"
)

const benchSize = 100_000

var benchProse = "The council met on Tuesday to vote on the budget, and the mayor said the plan would *not* change. " +
	"Residents asked about [the new library](https://example.org/library) and the bus lanes.\n\n"

// costlyUnits are Markdown shapes whose conversion cost grows faster than
// their size in goldmark, and a few that are merely busy.
var costlyUnits = []struct{ name, unit string }{
	{"list-markers", "- "},
	{"star-markers", "* "},
	{"ordered-markers", "1. "},
	{"quote-markers", "> "},
	{"quote-list-markers", "> - "},
	{"pullquote-nesting", ">> "},
	{"link-openers", "[a]("},
	{"link-openers-dest", "[a](b"},
	{"link-openers-angle", "[a](<"},
	{"image-openers", "![a]("},
	{"nested-links", "[[a]("},
	{"link-titles", "[a](b ("},
	{"thematic-breaks", "* * * *\n"},
	{"emphasis-runs", "*a **b"},
	{"underscore-runs", "_a __b"},
	{"strike-runs", "~a ~~b"},
	{"backticks", "`a``"},
	{"brackets", "["},
	{"link-refs", "[a]: /u\n"},
	{"html-open", "<a "},
	{"see-also-lines", "See also: x\n\n"},
	{"short-paragraphs", "a\n\n"},
	{"list-items", "- a\n"},
	{"headings", "# a\n"},
}

func fill(unit string, n int) string { return strings.Repeat(unit, n/len(unit)+1)[:n] }

// worstAccepted is the costliest body of about benchSize bytes made of unit
// that CheckSource lets through: the longest paragraph of unit it accepts,
// repeated as often as it accepts, padded to size with prose.
func worstAccepted(unit string) string {
	longest := func(ok func(n int) bool, hi int) int {
		lo := 0 // ok(lo) holds
		for lo < hi {
			mid := (lo + hi + 1) / 2
			if ok(mid) {
				lo = mid
			} else {
				hi = mid - 1
			}
		}
		return lo
	}
	// A trailing "x" makes a line of markers a nest of lists, not a break.
	para := func(n int) string { return fill(unit, n) + "x" }
	n := longest(func(n int) bool { return content.CheckSource(para(n)) == nil }, benchSize)
	p := para(n) + "\n\n"
	reps := longest(func(r int) bool { return content.CheckSource(strings.Repeat(p, r)) == nil }, benchSize/len(p)+1)
	body := strings.Repeat(p, reps)
	for len(body) < benchSize && content.CheckSource(body+benchProse) == nil {
		body += benchProse
	}
	return body
}

// BenchmarkConvertMarkdown converts 100 KB bodies: normal prose, each
// costly shape as typed (which CheckSource refuses; the time is the time to
// refuse it), and the worst body of that shape that is accepted. Compare
// every ns/op with prose's; "refused" is 1 for a refused body.
func BenchmarkConvertMarkdown(b *testing.B) {
	none := func(string) (content.ArticleRef, bool) { return content.ArticleRef{}, false }
	run := func(name, src string) {
		b.Run(name, func(b *testing.B) {
			_, err := content.ConvertMarkdown(src, none)
			refused := 0.0
			if err != nil {
				refused = 1
			}
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				content.ConvertMarkdown(src, none)
			}
			b.ReportMetric(refused, "refused")
		})
	}
	run("prose", fill(benchProse, benchSize))
	for _, s := range costlyUnits {
		run(s.name, fill(s.unit, benchSize)+"x")
		run(s.name+"/accepted", worstAccepted(s.unit))
	}
}
