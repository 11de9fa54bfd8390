package feed

import (
	"bufio"
	"strconv"
	"strings"
	"unicode/utf8"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// allowed reports whether XML 1.0 allows r in a document (its Char
// production): tab, line feed, carriage return and everything from space
// up, except the surrogates and U+FFFE and U+FFFF.
func allowed(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return true
	case r < 0x20:
		return false
	case r <= 0xD7FF:
		return true
	case r < 0xE000:
		return false
	case r <= 0xFFFD:
		return true
	default:
		return r >= 0x10000 && r <= 0x10FFFF
	}
}

// Clean drops what XML 1.0 forbids and bytes that are not UTF-8, so the
// same text reaches every format: a JSON Feed item then says what its RSS
// twin says.
func Clean(s string) string {
	for i, r := range s {
		if !allowed(r) || (r == utf8.RuneError && isBadByte(s[i:])) {
			return clean(s, i)
		}
	}
	return s
}

func clean(s string, from int) string {
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:from])
	for i, r := range s[from:] {
		if allowed(r) && !(r == utf8.RuneError && isBadByte(s[from+i:])) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isBadByte reports whether s starts with a byte that is not UTF-8 (as
// opposed to a real U+FFFD, which is text).
func isBadByte(s string) bool {
	_, size := utf8.DecodeRuneInString(s)
	return size <= 1
}

// xmlText writes s escaped for XML character data and attribute values,
// without what XML 1.0 forbids. Carriage returns are written as a
// reference, which parsers keep (a literal one becomes a line feed).
func xmlText(w *bufio.Writer, s string) {
	last := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		var esc string
		switch {
		case r == '&':
			esc = "&amp;"
		case r == '<':
			esc = "&lt;"
		case r == '>':
			esc = "&gt;"
		case r == '"':
			esc = "&quot;"
		case r == '\'':
			esc = "&apos;"
		case r == '\r':
			esc = "&#xD;"
		case (r == utf8.RuneError && size == 1) || !allowed(r):
			esc = "" // dropped
		default:
			i += size
			continue
		}
		w.WriteString(s[last:i])
		w.WriteString(esc)
		i += size
		last = i
	}
	w.WriteString(s[last:])
}

// element writes <name>text</name>, nothing when text is empty.
func element(w *bufio.Writer, indent, name, text string) {
	if text == "" {
		return
	}
	w.WriteString(indent)
	w.WriteString("<" + name + ">")
	xmlText(w, text)
	w.WriteString("</" + name + ">\n")
}
