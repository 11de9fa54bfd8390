package httpx

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// Proxies are the peers whose forwarding headers (X-Forwarded-For, and
// later -Proto and -Host) are believed: the operator's load balancers. A
// nil *Proxies trusts no one, and the client is the connection's peer.
type Proxies struct{ nets []netip.Prefix }

// NewProxies trusts the given addresses and ranges.
func NewProxies(nets []netip.Prefix) *Proxies { return &Proxies{nets: nets} }

func (p *Proxies) trusts(a netip.Addr) bool {
	if p == nil || !a.IsValid() {
		return false
	}
	a = a.Unmap()
	for _, n := range p.nets {
		if n.Contains(a) {
			return true
		}
	}
	return false
}

// Forwarded reports whether r reached us from a trusted proxy, so that the
// X-Forwarded-* headers it carries may be believed. Code that reads any of
// them asks this first.
func (p *Proxies) Forwarded(r *http.Request) bool {
	return p.trusts(peer(r))
}

// ClientIP is the address of whoever sent r, for limits and logs: the
// connection's peer, or when that is a trusted proxy, the rightmost
// X-Forwarded-For address that is not itself a trusted proxy. Addresses
// further left were written by the client and prove nothing.
func (p *Proxies) ClientIP(r *http.Request) string {
	a := peer(r)
	if !a.IsValid() {
		return r.RemoteAddr
	}
	if !p.trusts(a) {
		return a.Unmap().String()
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		h, ok := parseHop(hops[i])
		if !ok {
			break // not written by a trusted proxy: the last trusted hop is the best we know
		}
		a = h
		if !p.trusts(h) {
			break
		}
	}
	return a.Unmap().String()
}

func peer(r *http.Request) netip.Addr {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	a, _ := netip.ParseAddr(host)
	return a
}

// parseHop reads one X-Forwarded-For entry: an address, with a port or in
// brackets as some proxies write it.
func parseHop(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr(), true
	}
	a, err := netip.ParseAddr(strings.TrimSuffix(strings.TrimPrefix(s, "["), "]"))
	return a, err == nil
}

// ParseProxies reads a comma-separated list of addresses and CIDR ranges
// (10.0.0.0/8, 192.0.2.7, fd00::/8). An empty list trusts no one.
func ParseProxies(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(list, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if strings.Contains(f, "/") {
			n, err := netip.ParsePrefix(f)
			if err != nil {
				return nil, &badProxyError{f}
			}
			out = append(out, n.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, &badProxyError{f}
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

type badProxyError struct{ entry string }

func (e *badProxyError) Error() string {
	return "\"" + e.entry + "\" is neither an IP address nor a CIDR range such as 10.0.0.0/8"
}
