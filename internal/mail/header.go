package mail

import (
	"bytes"
	"fmt"
	"mime"
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"
)

func joinAddresses(as []*mail.Address) string {
	s := make([]string, len(as))
	for i, a := range as {
		s[i] = a.String()
	}
	return strings.Join(s, ", ")
}

// encodeText Q-encodes an unstructured value such as Subject as a whole
// when it is not plain ASCII. Text containing "=?" is encoded too, or a
// reader would decode it.
func encodeText(s string) string {
	switch {
	case !plainASCII(s):
		return mime.QEncoding.Encode("utf-8", s)
	case strings.Contains(s, "=?"):
		return qEncodeAll(s)
	}
	return s
}

// encodeWords encodes only runs of words that need it, so the ASCII parts of
// structured values (<list.id>, <https://...>) stay intact and parseable.
// A run is encoded as one piece because whitespace between two encoded
// words disappears when decoding.
func encodeWords(s string) string {
	needs := func(w string) bool { return !plainASCII(w) || strings.Contains(w, "=?") }
	words := strings.Split(s, " ")
	out := make([]string, 0, len(words))
	for i := 0; i < len(words); {
		j := i + 1
		if needs(words[i]) {
			for j < len(words) && needs(words[j]) {
				j++
			}
		}
		out = append(out, encodeText(strings.Join(words[i:j], " ")))
		i = j
	}
	return strings.Join(out, " ")
}

func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x7f || (c < ' ' && c != '\t') {
			return false
		}
	}
	return true
}

// qEncodeAll Q-encodes s even when mime.QEncoding would leave it alone,
// keeping each encoded word within 75 characters (RFC 2047 section 2).
func qEncodeAll(s string) string {
	const prefix, suffix, limit = "=?utf-8?q?", "?=", 75 - 12
	var words []string
	var w strings.Builder
	for _, r := range s {
		var enc string
		switch {
		case r == ' ':
			enc = "_"
		case r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("!*+-/", r)):
			enc = string(r)
		default:
			for _, b := range []byte(string(r)) {
				enc += fmt.Sprintf("=%02X", b)
			}
		}
		if w.Len()+len(enc) > limit {
			words = append(words, prefix+w.String()+suffix)
			w.Reset()
		}
		w.WriteString(enc)
	}
	return strings.Join(append(words, prefix+w.String()+suffix), " ")
}

// writeHeader folds at spaces to keep lines near 78 characters (RFC 5322
// section 2.2.3); a single longer word stays on its own line.
func writeHeader(b *bytes.Buffer, name, value string) {
	line, hasWord := name+":", false
	for _, word := range strings.Split(value, " ") {
		// Fold only before a real word, never leaving a whitespace-only line.
		if word != "" && hasWord && len(line)+1+len(word) > 78 {
			b.WriteString(line + "\r\n")
			line = ""
		}
		line += " " + word
		hasWord = hasWord || word != ""
	}
	b.WriteString(line + "\r\n")
}
