package content

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The difference of two texts, for comparing revisions (decision 0047):
// blocks (the Markdown paragraphs of a body) are aligned by a longest
// common subsequence, and the words of a changed block by another. Both
// are plain dynamic programming over a table of at most maxDiffCells
// cells; above it (or once a comparison has spent diffBudget cells on
// words) the changed blocks are shown whole, so a 20,000-word body costs
// milliseconds, never seconds.
const (
	maxDiffCells = 1 << 20 // one table: 1,024 × 1,024 blocks or words
	diffBudget   = 8 << 20 // every word table of one comparison together
)

// Op is what a span of a difference is.
type Op int8

// Span operations.
const (
	Same Op = iota
	Added
	Removed
)

// Span is a run of text with one Op.
type Span struct {
	Op   Op
	Text string
}

// DiffRow is one aligned pair of blocks: Old and New are the spans of
// each side (Same and Removed on the left, Same and Added on the right);
// a block only on one side has the other empty.
type DiffRow struct {
	Old, New []Span
	Op       Op // Same, Added (only New), Removed (only Old), or -1 for changed
}

// Changed is the Op of a row whose block is on both sides but differs.
const Changed Op = -1

// TextDiff is the difference of two texts, row by row.
type TextDiff struct {
	Rows []DiffRow
	// Coarse is set when a change was too large to compare word by word
	// within the bounds: those blocks are shown whole, removed then added.
	Coarse bool
}

// Changed reports whether the two texts differ.
func (d TextDiff) Changed() bool {
	for _, r := range d.Rows {
		if r.Op != Same {
			return true
		}
	}
	return false
}

// Blocks splits a Markdown body into its blocks: runs of lines between
// blank lines, each trimmed. It scans once and copies nothing: the list
// of revisions calls it twice a row on bodies of thousands of words.
func Blocks(src string) []string {
	var out []string
	start := 0 // of the current block
	for start < len(src) {
		// The block ends at the next line holding only spaces.
		end, next := len(src), len(src)
		for i := start; i < len(src); {
			nl := strings.IndexByte(src[i:], '\n')
			if nl < 0 {
				break
			}
			line := i + nl + 1
			j := line
			for j < len(src) && (src[j] == ' ' || src[j] == '\t' || src[j] == '\r') {
				j++
			}
			if j < len(src) && src[j] == '\n' {
				end, next = i+nl, j+1
				break
			}
			if j == len(src) {
				break
			}
			i = line
		}
		if b := strings.TrimSpace(src[start:end]); b != "" {
			out = append(out, b)
		}
		start = next
	}
	return out
}

// countWords counts the words of s, as len(strings.Fields(s)) without
// building the list.
func countWords(s string) int {
	n, in := 0, false
	for i := 0; i < len(s); {
		var space bool
		if c := s[i]; c < utf8.RuneSelf {
			space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
			i++
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			space = unicode.IsSpace(r)
			i += size
		}
		if !space && !in {
			n++
		}
		in = !space
	}
	return n
}

// DiffBody compares two Markdown bodies block by block, and the words of
// each changed block.
func DiffBody(old, new string) TextDiff {
	return diffBlocks(Blocks(old), Blocks(new))
}

// DiffText compares two one-block texts (a headline, a standfirst) word
// by word.
func DiffText(old, new string) TextDiff {
	var a, b []string
	if s := strings.TrimSpace(old); s != "" {
		a = []string{s}
	}
	if s := strings.TrimSpace(new); s != "" {
		b = []string{s}
	}
	return diffBlocks(a, b)
}

func diffBlocks(a, b []string) TextDiff {
	var d TextDiff
	budget := diffBudget
	var dels, adds []string
	flush := func() {
		// A run of removed blocks followed by added ones: pair them up
		// as changed blocks, the rest stay removed or added.
		n := min(len(dels), len(adds))
		for i := range n {
			row, coarse := diffWords(dels[i], adds[i], &budget)
			d.Rows = append(d.Rows, row...)
			d.Coarse = d.Coarse || coarse
		}
		for _, s := range dels[n:] {
			d.Rows = append(d.Rows, DiffRow{Old: []Span{{Removed, s}}, Op: Removed})
		}
		for _, s := range adds[n:] {
			d.Rows = append(d.Rows, DiffRow{New: []Span{{Added, s}}, Op: Added})
		}
		dels, adds = dels[:0], adds[:0]
	}
	ops, coarse := lcs(len(a), len(b), func(i, j int) bool { return a[i] == b[j] })
	d.Coarse = coarse
	i, j := 0, 0
	for _, op := range ops {
		switch op {
		case Same:
			flush()
			d.Rows = append(d.Rows, DiffRow{Old: []Span{{Same, a[i]}}, New: []Span{{Same, b[j]}}, Op: Same})
			i, j = i+1, j+1
		case Removed:
			dels = append(dels, a[i])
			i++
		case Added:
			adds = append(adds, b[j])
			j++
		}
	}
	flush()
	return d
}

// words splits a text into words, each with the spaces that follow it,
// so joining them gives the text back.
var wordRE = regexp.MustCompile(`\S+\s*|\s+`)

// diffWords compares two blocks word by word within what is left of the
// budget; above it the pair is one removed and one added block.
func diffWords(old, new string, budget *int) ([]DiffRow, bool) {
	a, b := wordRE.FindAllString(old, -1), wordRE.FindAllString(new, -1)
	pre, suf := commonEnds(len(a), len(b), func(i, j int) bool { return strings.TrimSpace(a[i]) == strings.TrimSpace(b[j]) })
	cells := (len(a) - pre - suf + 1) * (len(b) - pre - suf + 1)
	if cells > maxDiffCells || cells > *budget {
		return []DiffRow{{Old: []Span{{Removed, old}}, Op: Removed}, {New: []Span{{Added, new}}, Op: Added}}, true
	}
	*budget -= cells
	ops, _ := lcs(len(a), len(b), func(i, j int) bool { return strings.TrimSpace(a[i]) == strings.TrimSpace(b[j]) })
	var row DiffRow
	row.Op = Changed
	i, j := 0, 0
	for _, op := range ops {
		switch op {
		case Same:
			row.Old = appendSpan(row.Old, Same, a[i])
			row.New = appendSpan(row.New, Same, b[j])
			i, j = i+1, j+1
		case Removed:
			row.Old = appendSpan(row.Old, Removed, a[i])
			i++
		case Added:
			row.New = appendSpan(row.New, Added, b[j])
			j++
		}
	}
	return []DiffRow{row}, false
}

// appendSpan adds a word (with the spaces after it) to a side. A word
// continues the last span of the same op, also across a space between two
// changed words, so a changed phrase is one mark; the spaces after a
// changed word stay outside its mark, so "added: word" is read without
// a trailing space.
func appendSpan(spans []Span, op Op, text string) []Span {
	word, space := text, ""
	if op != Same {
		word = strings.TrimRight(text, " \t\r\n")
		space = text[len(word):]
		if word == "" {
			op, word, space = Same, text, ""
		}
	}
	n := len(spans)
	switch {
	case n > 0 && spans[n-1].Op == op:
		spans[n-1].Text += word
	case op != Same && n > 1 && spans[n-2].Op == op && strings.TrimSpace(spans[n-1].Text) == "":
		spans[n-2].Text += spans[n-1].Text + word
		spans = spans[:n-1]
	default:
		spans = append(spans, Span{op, word})
	}
	if space != "" {
		spans = appendSpan(spans, Same, space)
	}
	return spans
}

// commonEnds counts the items equal at the start and, after those, at the
// end of two sequences of lengths n and m.
func commonEnds(n, m int, eq func(i, j int) bool) (pre, suf int) {
	for pre < n && pre < m && eq(pre, pre) {
		pre++
	}
	for suf < n-pre && suf < m-pre && eq(n-1-suf, m-1-suf) {
		suf++
	}
	return pre, suf
}

// lcs returns the edit script from a sequence of n items to one of m
// (eq compares item i of the first with item j of the second): Same,
// Removed (an item of the first) and Added (one of the second), in order.
// Common ends are trimmed first; when the middle is larger than
// maxDiffCells it is all removed then all added, and coarse is set.
func lcs(n, m int, eq func(i, j int) bool) (ops []Op, coarse bool) {
	pre, suf := commonEnds(n, m, eq)
	ops = make([]Op, 0, n+m)
	for range pre {
		ops = append(ops, Same)
	}
	n2, m2 := n-pre-suf, m-pre-suf
	if (n2+1)*(m2+1) > maxDiffCells {
		for range n2 {
			ops = append(ops, Removed)
		}
		for range m2 {
			ops = append(ops, Added)
		}
		coarse = true
	} else if n2 > 0 || m2 > 0 {
		// t[i][j] is the length of the longest common subsequence of
		// the middles from i and from j on.
		w := m2 + 1
		t := make([]int32, (n2+1)*w)
		for i := n2 - 1; i >= 0; i-- {
			for j := m2 - 1; j >= 0; j-- {
				if eq(pre+i, pre+j) {
					t[i*w+j] = t[(i+1)*w+j+1] + 1
				} else {
					t[i*w+j] = max(t[(i+1)*w+j], t[i*w+j+1])
				}
			}
		}
		i, j := 0, 0
		for i < n2 && j < m2 {
			switch {
			case eq(pre+i, pre+j):
				ops = append(ops, Same)
				i, j = i+1, j+1
			case t[(i+1)*w+j] >= t[i*w+j+1]:
				ops = append(ops, Removed)
				i++
			default:
				ops = append(ops, Added)
				j++
			}
		}
		for ; i < n2; i++ {
			ops = append(ops, Removed)
		}
		for ; j < m2; j++ {
			ops = append(ops, Added)
		}
	}
	for range suf {
		ops = append(ops, Same)
	}
	return ops, coarse
}

// IsAdded and IsRemoved say what a span is, for templates.
func (s Span) IsAdded() bool   { return s.Op == Added }
func (s Span) IsRemoved() bool { return s.Op == Removed }

// Class names a row's kind for a stylesheet: "same", "changed", "added"
// or "removed".
func (r DiffRow) Class() string {
	switch r.Op {
	case Same:
		return "same"
	case Added:
		return "added"
	case Removed:
		return "removed"
	}
	return "changed"
}
