package store

import "testing"

// A phrase requires its adjacent lexemes as pairs, never a pair across a
// stop word's gap or into a prefix, and nothing when its tsquery is not a
// plain chain.
func TestPhrasePairs(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{`'run' <-> 'dog'`, `'run dog'`},
		{`'run' <-> 'dog' <-> 'park'`, `'run dog' & 'dog park'`},
		{`'state' <3> 'art'`, ``},
		{`'new' <-> 'york' <2> 'citi'`, `'new york'`},
		{`'run' <-> 'dog':*`, ``},
		{`'run'`, ``},
		{`'run' <-> ( 'a' & 'b' )`, ``},
		{`'it''s' <-> 'dog'`, ``},
		{``, ``},
	} {
		if got := phrasePairs(c.text); got != c.want {
			t.Errorf("phrasePairs(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}
