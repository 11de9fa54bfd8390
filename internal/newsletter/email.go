package newsletter

import (
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"
	"golang.org/x/text/unicode/norm"

	"masthead/internal/apperr"
)

// Address is an email address as a reader gave it, made ready for storage
// (decision record 0016).
type Address struct {
	Email string // where mail goes: the local part as given, the domain in lower-case ASCII
	Key   string // the identity: Email with the local part lower-cased too
}

// emailHint is the one message for any address that cannot be used.
const emailHint = "Enter an email address such as name@example.org."

// Normalize trims an address, puts its domain in lower-case ASCII
// (internationalised domains in punycode), puts its local part in Unicode
// NFC and derives the identity key by lower-casing the local part too. No
// provider-specific rewriting (Gmail's dots and +tags) is done: those are
// different addresses to every other server. A bad address is an
// apperr.Fields naming "email".
func Normalize(raw string) (Address, error) {
	bad := apperr.Fields{"email": emailHint}
	s := strings.TrimFunc(raw, unicode.IsSpace)
	if s == "" || len(s) > 320 || strings.ContainsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) ||
		strings.ContainsAny(s, `<>"(),;:[]\`) || !utf8.ValidString(s) {
		return Address{}, bad
	}
	at := strings.LastIndexByte(s, '@')
	if at <= 0 || at == len(s)-1 {
		return Address{}, bad
	}
	local, domain := norm.NFC.String(s[:at]), s[at+1:]
	ascii, err := idna.Lookup.ToASCII(strings.TrimSuffix(domain, "."))
	if err != nil || !strings.Contains(ascii, ".") || strings.HasPrefix(ascii, ".") || strings.Contains(ascii, "..") {
		return Address{}, bad
	}
	ascii = strings.ToLower(ascii)
	if len(local) > 64 || strings.HasPrefix(local, ".") || strings.HasSuffix(local, ".") || strings.Contains(local, "..") {
		return Address{}, bad
	}
	email := local + "@" + ascii
	if len(email) > 254 {
		return Address{}, bad
	}
	if a, err := mail.ParseAddress(email); err != nil || a.Address != email {
		return Address{}, bad
	}
	return Address{Email: email, Key: strings.ToLower(local) + "@" + ascii}, nil
}
