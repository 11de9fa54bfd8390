package content

import (
	"strings"
	"unicode"

	"masthead/internal/apperr"
)

// checkOneLine refuses line breaks and other control characters in the
// settings that are one line: they go into page titles, feeds and email
// subjects and headers, where a line break ends the header (a publication
// name with CR/LF silently stopped every reset email).
func checkOneLine(bad apperr.Fields, st Settings) {
	for _, f := range []struct{ field, label, value string }{
		{"name", "name", st.Name},
		{"tagline", "tagline", st.Tagline},
		{"time_zone", "time zone", st.TimeZone},
		{"base_url", "site address", st.BaseURL},
		{"support_text", "banner text", st.SupportText},
		{"support_url", "banner link", st.SupportURL},
	} {
		if strings.IndexFunc(f.value, unicode.IsControl) >= 0 {
			bad.Add(f.field, "Write the "+f.label+" on one line, without line breaks, tabs or other control characters.")
		}
	}
}
