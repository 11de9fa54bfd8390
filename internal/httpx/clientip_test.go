package httpx_test

import (
	"net/http/httptest"
	"strings"
	"testing"

	"masthead/internal/httpx"
)

func TestClientIP(t *testing.T) {
	nets, err := httpx.ParseProxies("10.0.0.0/8, 192.0.2.7,fd00::/8")
	if err != nil {
		t.Fatal(err)
	}
	p := httpx.NewProxies(nets)
	for _, c := range []struct {
		name, peer string
		xff        []string
		want       string
		forwarded  bool
	}{
		{"no proxy", "198.51.100.1:5000", nil, "198.51.100.1", false},
		{"untrusted peer's header ignored", "198.51.100.1:5000", []string{"203.0.113.9"}, "198.51.100.1", false},
		{"one trusted proxy", "10.1.2.3:5000", []string{"203.0.113.9"}, "203.0.113.9", true},
		{"client-written entries on the left ignored", "10.1.2.3:5000", []string{"1.1.1.1, 2.2.2.2, 203.0.113.9"}, "203.0.113.9", true},
		{"chain of trusted proxies", "192.0.2.7:443", []string{"203.0.113.9, 10.0.0.5", "10.0.0.6"}, "203.0.113.9", true},
		{"every hop trusted", "10.1.2.3:5000", []string{"10.0.0.5"}, "10.0.0.5", true},
		{"no header from a proxy", "10.1.2.3:5000", nil, "10.1.2.3", true},
		{"garbage stops the walk", "10.1.2.3:5000", []string{"203.0.113.9, nonsense"}, "10.1.2.3", true},
		{"port and brackets", "[fd00::1]:443", []string{"[2001:db8::1]:1234"}, "2001:db8::1", true},
		{"IPv4-mapped peer", "[::ffff:10.1.2.3]:443", []string{"203.0.113.9"}, "203.0.113.9", true},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = c.peer
		for _, v := range c.xff {
			r.Header.Add("X-Forwarded-For", v)
		}
		if got := p.ClientIP(r); got != c.want {
			t.Errorf("%s: ClientIP = %q, want %q", c.name, got, c.want)
		}
		if got := p.Forwarded(r); got != c.forwarded {
			t.Errorf("%s: Forwarded = %v, want %v", c.name, got, c.forwarded)
		}
	}
	var none *httpx.Proxies
	r := httptest.NewRequest("GET", "/", nil)
	r.RemoteAddr = "10.1.2.3:5000"
	r.Header.Set("X-Forwarded-For", "203.0.113.9")
	if got := none.ClientIP(r); got != "10.1.2.3" {
		t.Errorf("no trusted proxies: ClientIP = %q, want the peer", got)
	}
}

func TestParseProxiesRefusesNonsense(t *testing.T) {
	for _, bad := range []string{"10.0.0.0/33", "proxy.internal", "10.0.0.1:80", "10.0.0.0/8,,x"} {
		_, err := httpx.ParseProxies(bad)
		if err == nil || !strings.Contains(err.Error(), "neither an IP address nor a CIDR range") {
			t.Errorf("%q: %v", bad, err)
		}
	}
	if n, err := httpx.ParseProxies(" , "); err != nil || len(n) != 0 {
		t.Errorf("empty list: %v, %v", n, err)
	}
}
