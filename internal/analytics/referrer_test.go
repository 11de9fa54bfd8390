package analytics

import (
	"strings"
	"testing"
)

// What is stored of a Referer value: a domain, Other, or nothing at all
// for the site's own pages.
func TestReferralDomain(t *testing.T) {
	const own = "news.example.org:8080"
	for _, tc := range []struct{ referer, want string }{
		{"https://www.google.com/", "google.com"},
		{"https://news.google.com/articles/abc?hl=en", "google.com"},
		{"https://WWW.Example.COM/path", "example.com"},
		{"http://example.com:8443/x", "example.com"},
		{"https://user:secret@example.com/", "example.com"},
		{"https://t.co/abc", "t.co"},
		{"https://l.facebook.com/l.php?u=x", "facebook.com"},
		{"https://bbc.co.uk/news", "bbc.co.uk"},
		{"https://www.bbc.co.uk/news", "bbc.co.uk"},
		{"https://someone.github.io/blog", "someone.github.io"},
		{"https://bücher.example/", "xn--bcher-kva.example"},
		{"https://xn--bcher-kva.example/", "xn--bcher-kva.example"},
		{"https://пример.рф/", "xn--e1afmkfd.xn--p1ai"},
		{"https://example.com./", "example.com"},
		{"https://example.com#frag", "example.com"},
		{"https://example.com?q=1", "example.com"},
		{"https://example.com\\@evil.org/", "example.com"},
		// Addresses are never stored, nor anything that is not a domain.
		{"http://192.168.1.20/", Other},
		{"http://192.168.1.20:8080/", Other},
		{"http://[2001:db8::1]/", Other},
		{"http://[2001:db8::1]:8080/page", Other},
		{"http://0x7f.0.0.1/", Other},
		{"http://localhost:3000/", Other},
		{"android-app://com.google.android.gm/", Other},
		{"garbage", Other},
		{"https://", Other},
		{"https://exa mple.com/", Other},
		{"https://exa_mple.com/", Other},
		{"https://-bad-.com/", Other},
		{"https://example.com:port/", Other},
		{"https://co.uk/", Other}, // a public suffix alone
		{"https://" + strings.Repeat("a", 300) + ".com/", Other},
		{"https://" + strings.Repeat("a.", 140) + "com/", Other},
		{"javascript:alert(1)", Other},
		{"https://<script>.com/", Other},
		// The site's own pages: not a referral.
		{"http://news.example.org:8080/articles/x", ""},
		{"https://NEWS.example.org/", ""},
		{"https://www.news.example.org/", ""},
	} {
		c := NewCounter(nil, nil, nil)
		c.Referral(tc.referer, own)
		got := ""
		c.refMu.Lock()
		for host := range c.refs {
			got = Domain(host)
		}
		if c.refOther.Load() > 0 {
			got = Other
		}
		c.refMu.Unlock()
		if got != tc.want {
			t.Errorf("Referer %q: stored %q, want %q", tc.referer, got, tc.want)
		}
	}
}

func TestReferralAllocatesOnlyForANewHost(t *testing.T) {
	c := NewCounter(nil, nil, nil)
	c.Referral("https://www.google.com/", "example.org")
	if n := testing.AllocsPerRun(100, func() {
		c.Referral("https://www.google.com/", "example.org")
		c.Referral("https://example.org/articles/a", "example.org")
	}); n != 0 {
		t.Errorf("counting a known referrer allocates %.0f times", n)
	}
}
