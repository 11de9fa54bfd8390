package content

import (
	"fmt"
	"unicode/utf8"

	"masthead/internal/apperr"
)

// Text limits, in characters as a writer counts them, checked before
// anything is converted or stored. They are generous for a newsroom and
// keep one save from storing megabytes (each save also keeps a revision).
const (
	MaxBodyChars = 200_000 // about 30,000 words
)

// checkLen notes on bad when value is longer than max characters; label
// names the field in the message ("The caption").
func checkLen(bad apperr.Fields, field, label, value string, max int) bool {
	// A string of n bytes has at most n characters: most values need no count.
	if len(value) <= max {
		return true
	}
	if n := utf8.RuneCountInString(value); n > max {
		bad.Add(field, fmt.Sprintf("%s can have at most %s characters; this one has %s.", label, thousands(max), thousands(n)))
		return false
	}
	return true
}
