package apperr

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxChars notes on f when value is longer than max characters (runes, as
// people count them), naming the field by label ("The caption"), and
// reports whether it fits. Every domain checks its text the same way, with
// the same message, before anything is converted or stored.
func (f Fields) MaxChars(field, label, value string, max int) bool {
	// A string of n bytes has at most n characters: most values need no count.
	if len(value) <= max {
		return true
	}
	if n := utf8.RuneCountInString(value); n > max {
		f.Add(field, fmt.Sprintf("%s can have at most %s characters; this one has %s.", label, Thousands(max), Thousands(n)))
		return false
	}
	return true
}

// OneLine notes on f when value holds a line break, tab or other control
// character: one-line fields go into page titles, feeds and email headers,
// where a line break ends the header. label names the field in the middle
// of a sentence ("tagline").
func (f Fields) OneLine(field, label, value string) bool {
	if strings.IndexFunc(value, unicode.IsControl) < 0 {
		return true
	}
	f.Add(field, "Write the "+label+" on one line, without line breaks, tabs or other control characters.")
	return false
}

// Thousands writes n with comma separators, as messages show numbers:
// 5,242,880.
func Thousands(n int) string {
	s := strconv.Itoa(n)
	start := 0
	if n < 0 {
		start = 1
	}
	for i := len(s) - 3; i > start; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
