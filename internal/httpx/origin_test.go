package httpx

import (
	"crypto/tls"
	"net/http/httptest"
	"net/netip"
	"testing"
)

func TestOrigin(t *testing.T) {
	proxy := NewProxies([]netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")})
	for _, c := range []struct {
		name, peer, host, proto, fwdHost string
		tls                              bool
		want                             string
		ok                               bool
	}{
		{"plain host", "192.0.2.9:5000", "news.example.org", "", "", false, "http://news.example.org", true},
		{"upper case and default port", "192.0.2.9:5000", "News.Example.ORG:80", "", "", false, "http://news.example.org", true},
		{"other port kept", "192.0.2.9:5000", "localhost:8080", "", "", false, "http://localhost:8080", true},
		{"tls", "192.0.2.9:5000", "news.example.org:443", "", "", true, "https://news.example.org", true},
		{"trailing dot", "192.0.2.9:5000", "news.example.org.", "", "", false, "http://news.example.org", true},
		{"ipv4", "192.0.2.9:5000", "127.0.0.1:8080", "", "", false, "http://127.0.0.1:8080", true},
		{"ipv6", "192.0.2.9:5000", "[::1]:8080", "", "", false, "http://[::1]:8080", true},
		{"untrusted peer's forwarding ignored", "192.0.2.9:5000", "news.example.org", "https", "evil.example", false, "http://news.example.org", true},
		{"trusted proxy's forwarding believed", "10.1.2.3:5000", "backend:8080", "https", "news.example.org", false, "https://news.example.org", true},
		{"first of several forwarded values", "10.1.2.3:5000", "backend:8080", "https, http", "news.example.org, backend", false, "https://news.example.org", true},
		{"forwarded port", "10.1.2.3:5000", "backend:8080", "https", "news.example.org:8443", false, "https://news.example.org:8443", true},
		{"markup in host", "10.1.2.3:5000", "backend", "https", `evil"><script>`, false, "http://localhost", false},
		{"odd scheme", "10.1.2.3:5000", "backend", "javascript", "news.example.org", false, "http://localhost", false},
		{"empty host", "192.0.2.9:5000", "", "", "", false, "http://localhost", false},
		{"port zero", "192.0.2.9:5000", "example.org:0", "", "", false, "http://localhost", false},
		{"port too big", "192.0.2.9:5000", "example.org:70000", "", "", false, "http://localhost", false},
		{"label starts with hyphen", "192.0.2.9:5000", "-bad.example.org", "", "", false, "http://localhost", false},
		{"space", "192.0.2.9:5000", "bad host", "", "", false, "http://localhost", false},
		{"user info", "192.0.2.9:5000", "user@example.org", "", "", false, "http://localhost", false},
		{"ipv6 zone", "192.0.2.9:5000", "[fe80::1%eth0]:80", "", "", false, "http://localhost", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr, r.Host = c.peer, c.host
			if c.tls {
				r.TLS = &tls.ConnectionState{}
			}
			if c.proto != "" {
				r.Header.Set("X-Forwarded-Proto", c.proto)
			}
			if c.fwdHost != "" {
				r.Header.Set("X-Forwarded-Host", c.fwdHost)
			}
			got, ok := proxy.Origin(r)
			if got != c.want || ok != c.ok {
				t.Errorf("Origin = %q, %v; want %q, %v", got, ok, c.want, c.ok)
			}
		})
	}
}
