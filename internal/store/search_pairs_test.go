package store

import "testing"

// A phrase requires its adjacent lexemes as pairs, never a pair across a
// stop word's gap or into a prefix, and nothing when its tsquery is not a
// plain chain.
func TestPhrasePairs(t *testing.T) {
	for _, c := range []struct {
		text, want string
		exact      bool
	}{
		{`'run' <-> 'dog'`, `'run dog'`, true},
		{`'run' <-> 'dog' <-> 'park'`, `'run dog' & 'dog park'`, false},
		{`'state' <3> 'art'`, ``, false},
		{`'new' <-> 'york' <2> 'citi'`, `'new york'`, false},
		{`'run' <-> 'dog':*`, ``, false},
		{`'run'`, ``, false},
		{`'run' <-> ( 'a' & 'b' )`, ``, false},
		{`'it''s' <-> 'dog'`, ``, false},
		{``, ``, false},
	} {
		if got, exact := phrasePairs(c.text); got != c.want || exact != c.exact {
			t.Errorf("phrasePairs(%q) = %q %v, want %q %v", c.text, got, exact, c.want, c.exact)
		}
	}
}
