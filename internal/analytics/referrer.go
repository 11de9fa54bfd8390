package analytics

import (
	"strings"

	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"
)

// Other is the domain under which referrals are stored that name no
// domain (an address, an app, garbage) or that come past the cap of
// distinct domains per flush. Every real domain has a dot; this has none.
const Other = "other"

// refHost returns the host part of a Referer value (with any port), as a
// substring of it, and whether the value is an http or https address at
// all. It allocates nothing: it runs on the request path.
func refHost(ref string) (string, bool) {
	var rest string
	switch {
	case strings.HasPrefix(ref, "https://"):
		rest = ref[len("https://"):]
	case strings.HasPrefix(ref, "http://"):
		rest = ref[len("http://"):]
	default:
		return "", false
	}
	if i := strings.IndexAny(rest, "/?#\\"); i >= 0 {
		rest = rest[:i]
	}
	if i := strings.LastIndexByte(rest, '@'); i >= 0 {
		rest = rest[i+1:] // user:password@ never names the site
	}
	return rest, rest != ""
}

// hostOnly drops the port of a host[:port], and the brackets of an IPv6
// literal.
func hostOnly(hostport string) string {
	if strings.HasPrefix(hostport, "[") {
		if i := strings.IndexByte(hostport, ']'); i > 0 {
			return hostport[1:i]
		}
		return hostport
	}
	if i := strings.LastIndexByte(hostport, ':'); i >= 0 && strings.IndexByte(hostport[:i], ':') < 0 {
		return hostport[:i]
	}
	return hostport
}

// sameSite reports whether a referring host is the site's own (the Host
// the request came to), whatever the port, case or "www.": readers going
// from page to page are not referrals.
func sameSite(refHostport, ownHostport string) bool {
	a, b := hostOnly(refHostport), hostOnly(ownHostport)
	a = strings.TrimSuffix(a, ".")
	b = strings.TrimSuffix(b, ".")
	if len(a) > 4 && strings.EqualFold(a[:4], "www.") {
		a = a[4:]
	}
	if len(b) > 4 && strings.EqualFold(b[:4], "www.") {
		b = b[4:]
	}
	return strings.EqualFold(a, b)
}

// Domain returns what is stored of a referring host: its registrable
// domain (the public suffix and one label more: news.google.com gives
// google.com, user.github.io stays as it is), lower-case and in ASCII
// (internationalised names in their xn-- form), or Other when it names no
// domain: an IP address (no address is ever stored, decision 0033), a
// single label such as localhost, or anything that is not a host name.
func Domain(hostport string) string {
	if strings.HasPrefix(hostport, "[") {
		return Other // an IPv6 literal
	}
	host := hostport
	if i := strings.LastIndexByte(host, ':'); i >= 0 {
		if !digits(host[i+1:]) {
			return Other
		}
		host = host[:i]
	}
	host = strings.TrimSuffix(host, ".")
	if host == "" || len(host) > 253 {
		return Other
	}
	ascii, err := idna.Lookup.ToASCII(host)
	if err != nil || !hostName(ascii) {
		return Other
	}
	d, err := publicsuffix.EffectiveTLDPlusOne(ascii)
	if err != nil {
		return Other
	}
	return d
}

// hostName reports whether h is a lower-case ASCII host name of at least
// two labels whose last label is not a number (which rules out IPv4
// addresses in every spelling).
func hostName(h string) bool {
	if len(h) > 253 {
		return false
	}
	labels := strings.Split(h, ".")
	if len(labels) < 2 || digits(labels[len(labels)-1]) {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for i := 0; i < len(l); i++ {
			c := l[i]
			if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

func digits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
