package newsletter

import (
	"strings"

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

// required notes on bad when value is blank.
func required(bad apperr.Fields, field, msg, value string) bool {
	if strings.TrimSpace(value) == "" {
		bad.Add(field, msg)
		return false
	}
	return true
}
