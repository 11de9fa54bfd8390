package content

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// ReadingSpeed is the words a minute reading times are counted at.
const ReadingSpeed = 230

// Stats are the figures the editor shows beside an article.
type Stats struct {
	Words          int // words of the body readers read (see-also blocks are other articles' headlines)
	ReadingMinutes int // at ReadingSpeed, rounded up, at least 1
	HeadlineChars  int // characters, as the headline check counts them
}

// StatsOf counts an article whose Body is converted.
func StatsOf(a Article) Stats {
	w := CountWords(SearchText(a.Body))
	return Stats{Words: w, ReadingMinutes: max(1, (w+ReadingSpeed-1)/ReadingSpeed),
		HeadlineChars: utf8.RuneCountInString(strings.TrimSpace(a.Headline))}
}

// CountWords counts the words of a plain text: runs of characters between
// spaces that hold a letter or a digit ("—" alone is not a word), and each
// Chinese or Japanese character, as those languages write without spaces.
func CountWords(text string) int {
	n := 0
	for _, f := range strings.Fields(text) {
		word := false // a run of other letters or digits is open
		for _, r := range f {
			switch {
			case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana):
				n++
				word = false
			case unicode.IsLetter(r) || unicode.IsDigit(r):
				if !word {
					n++
					word = true
				}
			}
		}
	}
	return n
}
