package content

import "masthead/internal/apperr"

// checkOneLine refuses line breaks and other control characters in the
// settings that are one line: they go into page titles, feeds and email
// subjects and headers, where a line break ends the header (a publication
// name with CR/LF silently stopped every reset email). The name is checked
// by checkName, as every name is.
func checkOneLine(bad apperr.Fields, st Settings) {
	checkLines(bad, []line{
		{"tagline", "tagline", st.Tagline},
		{"time_zone", "time zone", st.TimeZone},
		{"base_url", "site address", st.BaseURL},
		{"support_text", "banner text", st.SupportText},
		{"support_url", "banner link", st.SupportURL},
	})
}

// A line is a one-line text field: its form field, how a message names
// it, and its value.
type line struct{ field, label, value string }

// checkLines refuses line breaks, tabs and other control characters in
// one-line fields: names, headlines, captions and the like are one line
// in the form that edits them, in page titles and in feeds, and a line
// break in one can only come from a crafted request or an import.
func checkLines(bad apperr.Fields, lines []line) {
	for _, f := range lines {
		bad.OneLine(f.field, f.label, f.value)
	}
}
