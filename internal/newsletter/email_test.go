package newsletter_test

import (
	"testing"

	"masthead/internal/apperr"
	"masthead/internal/newsletter"
)

func TestNormalize(t *testing.T) {
	for _, c := range []struct{ in, email, key string }{
		{"  Reader@Example.ORG \n", "Reader@example.org", "reader@example.org"},
		{"first.last+news@gmail.com", "first.last+news@gmail.com", "first.last+news@gmail.com"}, // no Gmail rewriting
		{"zoë@Bücher.example", "zoë@xn--bcher-kva.example", "zoë@xn--bcher-kva.example"},
		{"ZOË@bücher.example", "ZOË@xn--bcher-kva.example", "zoë@xn--bcher-kva.example"},
		{"zoe\u0308@example.org", "zoë@example.org", "zoë@example.org"}, // decomposed ë is the same reader
		{"a@example.org.", "a@example.org", "a@example.org"},
	} {
		got, err := newsletter.Normalize(c.in)
		if err != nil {
			t.Errorf("Normalize(%q): %v", c.in, err)
			continue
		}
		if got.Email != c.email || got.Key != c.key {
			t.Errorf("Normalize(%q) = %q / %q, want %q / %q", c.in, got.Email, got.Key, c.email, c.key)
		}
	}
	for _, in := range []string{"", "plain", "@example.org", "a@", "a@localhost", "a b@example.org", "a@exa mple.org",
		"Name <a@example.org>", "a@@example.org", ".a@example.org", "a..b@example.org", "a@example..org",
		"\"quoted\"@example.org", "a@-bad-.example", string(make([]byte, 300)) + "@example.org"} {
		_, err := newsletter.Normalize(in)
		if f, ok := err.(apperr.Fields); !ok || f["email"] == "" {
			t.Errorf("Normalize(%q) = %v, want an email field error", in, err)
		}
	}
}
