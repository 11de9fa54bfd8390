package content

import "strings"

// The Masthead blocks are found in goldmark's HTML by plain string scans
// rather than regular expressions: Go's regexp runs a slow NFA over every
// candidate, and nested quotes make many candidates, each with a long
// match. Each scan below reads its input once.

// replaceSeeAlsoParas replaces each line that is exactly
// "<p>See also: TARGET</p>" (TARGET without spaces or tags) with what
// block returns for TARGET, or leaves it when block says no.
func replaceSeeAlsoParas(s string, block func(target string) (string, bool)) string {
	const prefix, suffix = "<p>See also:", "</p>"
	if !strings.Contains(s, prefix) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for line := range strings.SplitAfterSeq(s, "\n") {
		text := strings.TrimSuffix(line, "\n")
		if strings.HasPrefix(text, prefix) && strings.HasSuffix(text, suffix) && len(text) >= len(prefix)+len(suffix) {
			target := strings.TrimPrefix(text[len(prefix):len(text)-len(suffix)], " ")
			if target != "" && !strings.ContainsAny(target, "<\t\n\f\r ") {
				if out, ok := block(target); ok {
					b.WriteString(out)
					b.WriteString(line[len(text):])
					continue
				}
			}
		}
		b.WriteString(line)
	}
	return b.String()
}

// replacePullQuotes turns a quote within a quote (">> Quote" then
// ">> — Name") into a pull quote figure.
func replacePullQuotes(s string) string {
	const open, close = "<blockquote>", "</blockquote>"
	var b strings.Builder
	copied, from := 0, 0
	for {
		k := strings.Index(s[from:], open)
		if k < 0 {
			break
		}
		p := from + k
		q := skipSpace(s, p+len(open))
		if !strings.HasPrefix(s[q:], open) {
			from = p + 1
			continue
		}
		innerStart := skipSpace(s, q+len(open))
		innerEnd, end := doubleClose(s, innerStart)
		if end < 0 {
			break // no later start can be closed either
		}
		b.WriteString(s[copied:p])
		b.WriteString(pullQuoteHTML(s[innerStart:innerEnd]))
		copied, from = end, end
	}
	if copied == 0 {
		return s
	}
	b.WriteString(s[copied:])
	return b.String()
}

// doubleClose finds the first "</blockquote>", spaces, "</blockquote>" at
// or after x: where the quoted text ends (before the spaces leading to it)
// and where the second close ends; end is -1 when there is none.
func doubleClose(s string, x int) (innerEnd, end int) {
	const close = "</blockquote>"
	for from := x; ; {
		k := strings.Index(s[from:], close)
		if k < 0 {
			return -1, -1
		}
		c := from + k
		after := skipSpace(s, c+len(close))
		if strings.HasPrefix(s[after:], close) {
			innerEnd = c
			for innerEnd > x && isSpace(s[innerEnd-1]) {
				innerEnd--
			}
			return innerEnd, after + len(close)
		}
		from = c + 1
	}
}

func pullQuoteHTML(inner string) string {
	inner = strings.TrimSuffix(strings.TrimPrefix(inner, "<p>"), "</p>")
	quote, who, _ := strings.Cut(inner, "\n— ")
	if who == "" {
		quote, who, _ = strings.Cut(inner, "\n-- ")
	}
	fig := `<figure class="pullquote"><blockquote><p>` + strings.TrimSpace(quote) + `</p></blockquote>`
	if who = strings.TrimSpace(who); who != "" {
		fig += `<figcaption>` + who + `</figcaption>`
	}
	return fig + `</figure>`
}

// isSpace is regexp's \s.
func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }

func skipSpace(s string, i int) int {
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	return i
}
