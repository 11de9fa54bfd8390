package content

import (
	"math/rand/v2"
	"testing"
)

// levenshtein is the word edit distance, the slow way.
func levenshtein(a, b []string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
		}
	}
	return d[len(a)][len(b)]
}

// The near-identity keys find exactly the earlier paragraphs one word
// away, as a slow edit distance says.
func TestNearMatchAgreesWithEditDistance(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	vocab := []string{"the", "council", "voted", "to", "close", "library"}
	random := func() []string {
		w := make([]string, minNearWords+1+rng.IntN(3))
		for i := range w {
			w[i] = vocab[rng.IntN(len(vocab))]
		}
		return w
	}
	for range 2000 {
		a := random()
		b := append([]string(nil), a...)
		switch rng.IntN(4) { // often one edit away, sometimes more
		case 0:
			b[rng.IntN(len(b))] = vocab[rng.IntN(len(vocab))]
		case 1:
			i := rng.IntN(len(b))
			b = append(b[:i], b[i+1:]...)
		case 2:
			i := rng.IntN(len(b) + 1)
			b = append(b[:i], append([]string{"new"}, b[i:]...)...)
		default:
			b = random()
		}
		want := levenshtein(a, b) <= 1
		if got := withinOneWord(a, b); got != want {
			t.Fatalf("withinOneWord(%q, %q) = %v, want %v", a, b, got, want)
		}
		near := map[nearKey]int{}
		words := [][]string{a, b}
		nearMatch(near, words, 0, a)
		if _, got := nearMatch(near, words, 1, b); got != want {
			t.Fatalf("nearMatch(%q after %q) = %v, want %v", b, a, got, want)
		}
	}
}

func TestSplitSentences(t *testing.T) {
	for text, want := range map[string]int{
		"One. Two! Three? “Four.” Five":                                  5,
		"Dr. Jones met Mr. Smith at 3.5 p.m. in the U.S. Capitol today.": 1,
		"J. K. Rowling wrote it. It sold.":                               2,
		"It cost $3.50. Then prices rose… Nobody knew why.":              3,
		"He said “Go.” She went.":                                        2,
		"lower case after a stop. does not split":                        1,
	} {
		if got := splitSentences(text); len(got) != want {
			t.Errorf("splitSentences(%q) = %q, want %d sentences", text, got, want)
		}
	}
}
