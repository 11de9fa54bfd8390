package store

import "testing"

// Words most articles hold are read by walking the newest rows; words few
// hold, or a filter few articles pass, by gathering their matches.
func TestChooseShape(t *testing.T) {
	for _, c := range []struct {
		name string
		e    estimate
		want windowShape
	}{
		{"a word in nearly every article", estimate{rows: 100_000, words: 99_000, facets: 100_000}, shapeWalk},
		{"a word in half of them", estimate{rows: 100_000, words: 50_000, facets: 100_000}, shapeWalk},
		{"a word in one article of twenty", estimate{rows: 100_000, words: 5_000, facets: 100_000}, shapeGather},
		{"a common word in one section of six", estimate{rows: 100_000, words: 99_000, facets: 16_500}, shapeWalk},
		{"a common word in one topic of sixty", estimate{rows: 100_000, words: 99_000, facets: 1_650}, shapeGather},
		{"a rare word in one topic of sixty", estimate{rows: 100_000, words: 800, facets: 1_650}, shapeGather},
		{"fewer articles than the window", estimate{rows: 500, words: 400, facets: 500}, shapeGather},
		{"an empty table", estimate{}, shapeGather},
	} {
		if got := chooseShape(c.e); got != c.want {
			t.Errorf("%s (%+v): shape %d, want %d", c.name, c.e, got, c.want)
		}
	}
}
