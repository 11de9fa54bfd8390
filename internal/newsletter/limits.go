package newsletter

import (
	"fmt"
	"strings"
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
