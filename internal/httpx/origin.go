package httpx

import (
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
)

// Origin is the scheme and host a client asked for, as
// "https://news.example.org": from the request itself, or, when it came
// through a trusted proxy, from the X-Forwarded-Proto and X-Forwarded-Host
// headers the proxy set. The host is lower-cased and a default port
// dropped, so one site has one origin however it is spelt. ok is false
// when the host is not a plausible host name or address: the answer is
// then "http://localhost" and must not be trusted or stored.
func (p *Proxies) Origin(r *http.Request) (origin string, ok bool) {
	scheme, host := "http", r.Host
	if r.TLS != nil {
		scheme = "https"
	}
	if p.Forwarded(r) {
		if v := firstValue(r.Header.Get("X-Forwarded-Proto")); v != "" {
			scheme = strings.ToLower(v)
		}
		if v := firstValue(r.Header.Get("X-Forwarded-Host")); v != "" {
			host = v
		}
	}
	if scheme != "http" && scheme != "https" {
		return "http://localhost", false
	}
	host, ok = normalHost(host, scheme)
	if !ok {
		return "http://localhost", false
	}
	return scheme + "://" + host, true
}

// firstValue is the first of a comma-separated header's values: the one
// the proxy nearest the client wrote.
func firstValue(v string) string {
	v, _, _ = strings.Cut(v, ",")
	return strings.TrimSpace(v)
}

// normalHost checks a Host value (a DNS name or an IP address, with an
// optional port) and returns it lower-cased without the scheme's default
// port.
func normalHost(hostport, scheme string) (string, bool) {
	if hostport == "" || len(hostport) > 261 {
		return "", false
	}
	host, port := hostport, ""
	if h, pt, err := net.SplitHostPort(hostport); err == nil {
		host, port = h, pt
		n, err := strconv.Atoi(port)
		if err != nil || n < 1 || n > 65535 || port[0] == '0' {
			return "", false
		}
	}
	host = strings.ToLower(host)
	if a, err := netip.ParseAddr(strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")); err == nil {
		if a.Zone() != "" {
			return "", false
		}
		host = a.String()
		if a.Is6() {
			host = "[" + host + "]"
		}
	} else if host = strings.TrimSuffix(host, "."); !dnsName(host) {
		return "", false
	}
	if port == "" || (scheme == "http" && port == "80") || (scheme == "https" && port == "443") {
		return host, true
	}
	return host + ":" + port, true
}

// dnsName reports whether s is a host name: dot-separated labels of
// letters, digits, hyphens and underscores, at most 253 characters.
func dnsName(s string) bool {
	if s == "" || len(s) > 253 {
		return false
	}
	for label := range strings.SplitSeq(s, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '-' && c != '_' {
				return false
			}
		}
	}
	return true
}
