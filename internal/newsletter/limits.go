package newsletter

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"masthead/internal/apperr"
)

// Text limits in characters, checked before anything is stored.
const (
	MaxNameChars         = 120
	MaxSlugChars         = 100
	MaxDescriptionChars  = 2_000
	MaxCadenceChars      = 80
	MaxSenderNameChars   = 120
	MaxListIDChars       = 200
	MaxSectorChars       = 120
	MaxSourceChars       = 500
	MaxConsentTextChars  = 50_000
	MaxNewslettersAtOnce = 50
)

// checkLen notes on bad when value is longer than max characters and
// reports whether it fits.
func checkLen(bad apperr.Fields, field, label, value string, max int) bool {
	if len(value) <= max {
		return true
	}
	if n := utf8.RuneCountInString(value); n > max {
		bad.Add(field, fmt.Sprintf("%s can have at most %d characters; this one has %d.", label, max, n))
		return false
	}
	return true
}

// required notes on bad when value is blank.
func required(bad apperr.Fields, field, msg, value string) bool {
	if strings.TrimSpace(value) == "" {
		bad.Add(field, msg)
		return false
	}
	return true
}

// oneLine refuses line breaks, tabs and other control characters in a
// one-line field: names and the sender's name go into email headers,
// where a line break would end the header.
func oneLine(bad apperr.Fields, field, label, value string) {
	if strings.IndexFunc(value, unicode.IsControl) >= 0 {
		bad.Add(field, "Write the "+label+" on one line, without line breaks, tabs or other control characters.")
	}
}
