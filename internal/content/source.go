package content

import (
	"fmt"
	"strings"

	"masthead/internal/apperr"
)

// Markdown shapes that cost goldmark far more than their size, refused in
// one linear pass before anything is converted (see docs/decisions/0010):
//
//   - lists and quotes nested on one line ("- - - - x", "> > > x"): the
//     parser's cost grows with the square of the depth;
//   - link destinations opened and never closed ("[a]([a]([a]("): each
//     "](" scans the rest of its word, so a long word of them is quadratic;
//   - emphasis and bracket marks piled into one paragraph ("*a **b" over
//     100 KB): unmatched delimiters are searched again for every closer.
//
// The limits are far above what prose uses, so a real article never meets
// them, and they keep the worst body close to the cost of a normal one.
const (
	// MaxSourceBytes bounds any Markdown ConvertMarkdown accepts; callers
	// keep their own, lower limits in characters (MaxBodyChars).
	MaxSourceBytes = 1 << 20
	// MaxNesting is how many lists and quotes one line may open.
	MaxNesting = 10
	// MaxParagraphMarks is how many formatting marks (* _ ~ ` [ ] < !)
	// one paragraph (lines between blank lines) may hold.
	MaxParagraphMarks = 2_000
	// MaxMarks is how many formatting marks a whole text may hold.
	MaxMarks = 20_000
	// MaxBlocks is how many paragraphs, list items, quotes, headings and
	// breaks a text may have: each costs a few tags to make and sanitise,
	// so a text of nothing else costs many times prose of the same size.
	// A long article has a few hundred.
	MaxBlocks = 5_000
	// maxLinkScan bounds the bytes goldmark may scan looking for the ends
	// of link destinations: a link's share is the rest of its word.
	maxLinkScan = 1_000_000
)

// SourceError refuses Markdown whose shape would be too costly to convert;
// Message says what to change and is safe to show next to the field.
type SourceError struct {
	Line    int // 1-based line the problem was found at, 0 for the whole text
	Message string
}

func (e *SourceError) Error() string { return "content: markdown source: " + e.Message }

// CheckSource checks Markdown against the limits above in time linear in
// its length. ConvertMarkdown calls it first; forms may call it to refuse
// a text before storing it.
func CheckSource(src string) error {
	if len(src) > MaxSourceBytes {
		return &SourceError{Message: "The text is longer than 1 MB."}
	}
	var (
		marks, blockMarks int
		blocks            int
		prevBlank         = true
		blockStart        = 1
		linkScan          int
		// Destinations opened in the current word ("](") and in the
		// current angle-bracket destination ("](<"): how many, and the
		// sum of their offsets, so each one's scan length is added when
		// its word (or line, or '>') ends.
		wordOpen, wordSum   int
		angleOpen, angleSum int
	)
	line := 1
	lineStart := true
	blank := true
	for i := 0; i < len(src); i++ {
		if lineStart {
			depth, empty, block := lineShape(src[i:])
			if depth > MaxNesting {
				return &SourceError{Line: line, Message: fmt.Sprintf("Line %d nests lists or quotes more than %d levels deep.", line, MaxNesting)}
			}
			blocks += depth
			if !empty && (prevBlank || block) {
				blocks++
			}
			if blocks > MaxBlocks {
				return &SourceError{Line: line, Message: fmt.Sprintf("The text has more than %s paragraphs, list items, quotes and headings (line %d).", apperr.Thousands(MaxBlocks), line)}
			}
			lineStart = false
		}
		c := src[i]
		switch c {
		case '*', '_', '~', '`', '[', ']', '<', '!':
			marks++
			blockMarks++
			blank = false
			if c == ']' && i+1 < len(src) && src[i+1] == '(' {
				wordOpen++
				wordSum += i
				if i+2 < len(src) && src[i+2] == '<' {
					angleOpen++
					angleSum += i
				}
			}
		case ' ', '\t', '\r', '\n', '\f', '\v':
			linkScan += wordOpen*i - wordSum
			wordOpen, wordSum = 0, 0
			if c == '\n' {
				linkScan += angleOpen*i - angleSum
				angleOpen, angleSum = 0, 0
				if blank {
					blockMarks, blockStart = 0, line+1
				}
				prevBlank = blank
				line++
				lineStart, blank = true, true
			}
		case '>':
			linkScan += angleOpen*i - angleSum
			angleOpen, angleSum = 0, 0
			blank = false
		default:
			blank = false
		}
		if blockMarks > MaxParagraphMarks {
			return &SourceError{Line: blockStart, Message: fmt.Sprintf(
				"The paragraph starting at line %d has more than %s formatting marks (* _ ~ ` [ ] < !): split it with blank lines or remove some.",
				blockStart, apperr.Thousands(MaxParagraphMarks))}
		}
		if marks > MaxMarks {
			return &SourceError{Line: line, Message: fmt.Sprintf("The text has more than %s formatting marks (* _ ~ ` [ ] < !).", apperr.Thousands(MaxMarks))}
		}
		if linkScan > maxLinkScan {
			return &SourceError{Line: line, Message: fmt.Sprintf("Near line %d, links are opened with \"](\" but not closed with \")\": close or remove them.", line)}
		}
	}
	linkScan += (wordOpen+angleOpen)*len(src) - wordSum - angleSum
	if linkScan > maxLinkScan {
		return &SourceError{Line: line, Message: fmt.Sprintf("Near line %d, links are opened with \"](\" but not closed with \")\": close or remove them.", line)}
	}
	return nil
}

// lineShape describes the line starting at s: depth counts the quote and
// list markers that open it, an upper bound of the containers it opens (a
// thematic break, "* * * *", after the quote markers is not a list); empty
// says it has nothing but spaces; block says it is a heading or a break.
func lineShape(s string) (depth int, empty, block bool) {
	if end := strings.IndexByte(s, '\n'); end >= 0 {
		s = s[:end]
	}
	rest := strings.TrimLeft(s, " \t>")
	empty = strings.TrimSpace(s) == ""
	if rest != "" && rest[0] == '#' || thematicBreak(strings.TrimRight(rest, "\r")) {
		block = true
	}
	return lineDepth(s), empty, block
}

// lineDepth counts the quote and list markers that open the line s.
func lineDepth(s string) int {
	depth, i := 0, 0
	for {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
			i++
		}
		if i >= len(s) || s[i] != '>' {
			break
		}
		depth++
		i++
	}
	if thematicBreak(s[i:]) {
		return depth
	}
	return depth + countMarkers(s[i:])
}

// countMarkers counts the list and quote markers opening s.
func countMarkers(s string) int {
	n, i := 0, 0
	for {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
			i++
		}
		if i >= len(s) {
			return n
		}
		c := s[i]
		switch {
		case c == '>':
			n++
			i++
		case c == '-' || c == '*' || c == '+':
			if i+1 < len(s) && s[i+1] != ' ' && s[i+1] != '\t' {
				return n
			}
			n++
			i++
		case c >= '0' && c <= '9':
			j := i
			for j < len(s) && j-i < 10 && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			if j >= len(s) || (s[j] != '.' && s[j] != ')') || (j+1 < len(s) && s[j+1] != ' ' && s[j+1] != '\t') {
				return n
			}
			n++
			i = j + 1
		default:
			return n
		}
	}
}

// thematicBreak reports whether s is a line of three or more of one of
// - * _ and nothing else but spaces.
func thematicBreak(s string) bool {
	if s == "" || (s[0] != '-' && s[0] != '*' && s[0] != '_') {
		return false
	}
	c, n := s[0], 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case c:
			n++
		case ' ', '\t', '\r':
		default:
			return false
		}
	}
	return n >= 3
}
