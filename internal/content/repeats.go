package content

import (
	"fmt"
	"hash/fnv"
	"strings"
	"unicode"
	"unicode/utf8"

	"masthead/internal/body"
)

// The repeat checks catch text printed twice: a paragraph repeated whole or
// nearly whole, and a sentence repeated within a paragraph or across
// paragraphs (the model page's defect: one long sentence twice in a row
// inside one paragraph). Pull quotes repeat a sentence of the body on
// purpose, and see-also blocks are links, so neither counts. An editor may
// publish anyway (Article.AllowRepeats). Every step is linear in the body.

const (
	// minRepeatWords is the shortest sentence whose repetition is reported.
	// Short sentences repeat on purpose ("Yes.", "He said no.", a refrain
	// in a column such as "Nobody came."), while a copied sentence of news
	// prose is 15 to 25 words long; six words lets refrains of up to five
	// pass and still catches any sentence a reader would notice twice.
	minRepeatWords = 6
	// minNearWords is the shortest paragraph compared for near-identity:
	// in a shorter one a single different word changes the meaning
	// ("The council met on Monday." / "... on Tuesday.").
	minNearWords = 12
	// maxNearTries bounds the candidate paragraphs compared in full with
	// each paragraph, so hash neighbours cannot make the check quadratic.
	maxNearTries = 4
)

// Paragraph is one paragraph of a body as readers see it, numbered from 1.
type Paragraph struct {
	N     int
	Text  string // plain text, spaces collapsed
	Block int    // the 0-based top-level block it is in (places.go)
}

// ReaderParagraphs returns the paragraphs of a stored body in reading
// order, without pull quotes and see-also blocks, which readers do not
// read as paragraphs of the story: their numbers are those a writer
// counts on the page.
func ReaderParagraphs(stored string) []Paragraph {
	return readerParagraphs(placesOf(stored, body.Doc{}))
}

func readerParagraphs(blocks []topBlock) []Paragraph {
	var out []Paragraph
	for i, b := range blocks {
		for _, t := range b.paragraphs {
			text := strings.Join(strings.Fields(t), " ")
			if text == "" || strings.HasPrefix(text, "See also:") {
				continue
			}
			out = append(out, Paragraph{N: len(out) + 1, Text: text, Block: i})
		}
	}
	return out
}

// repeatProblems compares the paragraphs and sentences of a body's blocks.
func repeatProblems(blocks []topBlock) []Problem {
	var out []Problem
	var cur Paragraph
	problem := func(code string, n int, text string, format string, args ...any) {
		out = append(out, Problem{Code: code, Field: "body", Paragraph: n, Overridable: true, Message: fmt.Sprintf(format, args...),
			Block: cur.Block, Excerpt: excerpt(text)})
	}
	type firstSeen struct{ para, sentence int }
	exact := map[string]int{}           // normalised paragraph → its number
	near := map[nearKey]int{}           // near-identity key → index into words
	words := make([][]string, 0, 16)    // words of each paragraph, by index
	sentences := map[string]firstSeen{} // normalised sentence → where first seen
	for idx, p := range readerParagraphs(blocks) {
		cur = p
		w := keyWords(p.Text)
		words = append(words, w)
		key := strings.Join(w, " ")
		if key == "" {
			key = normalise(p.Text)
		}
		if first, ok := exact[key]; ok {
			problem("repeated-paragraph", p.N, p.Text, "Paragraph %d repeats paragraph %d: %s", p.N, first, quoteStart(p.Text))
			continue
		}
		exact[key] = p.N
		if other, ok := nearMatch(near, words, idx, w); ok {
			problem("near-repeat", p.N, p.Text, "Paragraph %d is nearly the same as paragraph %d (one word or punctuation differs): %s", p.N, other+1, quoteStart(p.Text))
			continue
		}
		reported := false
		for si, s := range splitSentences(p.Text) {
			sw := keyWords(s)
			if len(sw) < minRepeatWords {
				continue
			}
			sk := strings.Join(sw, " ")
			first, ok := sentences[sk]
			if !ok {
				sentences[sk] = firstSeen{p.N, si}
				continue
			}
			if reported {
				continue
			}
			reported = true // one message per paragraph is enough to find it
			if first.para == p.N {
				problem("repeated-sentence", p.N, s, "Paragraph %d repeats one of its own sentences: %s", p.N, quoteStart(s))
			} else {
				problem("repeated-sentence", p.N, s, "Paragraph %d repeats a sentence of paragraph %d: %s", p.N, first.para, quoteStart(s))
			}
		}
	}
	return out
}

// quoteStart is the start of s, quoted for a message.
func quoteStart(s string) string { return "“" + clip(s, 60) + "”" }

// normalise folds what differs between two copies of the same text that
// readers would call identical: case, curly and straight quotes, dashes,
// ellipses and kinds of space.
func normalise(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch r {
		case '‘', '’', '‚', '‛', '′', '`', '´':
			r = '\''
		case '“', '”', '„', '‟', '″', '«', '»':
			r = '"'
		case '‐', '‑', '‒', '–', '—', '―', '−':
			r = '-'
		case '…':
			b.WriteString("...")
			space = false
			continue
		}
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// keyWords are the words of s, normalised, without the punctuation around
// them: two texts with the same key words differ at most in punctuation.
func keyWords(s string) []string {
	var out []string
	for _, w := range strings.Fields(normalise(s)) {
		w = strings.TrimFunc(w, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSymbol(r) })
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}

// nearKey identifies a sequence of words by hash and length. A paragraph
// registers its own sequence and each sequence with one word left out;
// two paragraphs one word apart (changed, added or removed) share a key.
type nearKey struct {
	hash uint64
	n    int
}

// nearMatch finds an earlier paragraph within one word of w, and registers
// w's keys as paragraph idx.
func nearMatch(near map[nearKey]int, words [][]string, idx int, w []string) (int, bool) {
	if len(w) < minNearWords {
		return 0, false
	}
	const base = 1_000_003
	n := len(w)
	h := make([]uint64, n) // word hashes
	pre := make([]uint64, n+1)
	pow := make([]uint64, n+1)
	pow[0] = 1
	for i, word := range w {
		f := fnv.New64a()
		f.Write([]byte(word))
		h[i] = f.Sum64()
		pre[i+1] = pre[i]*base + h[i]
		pow[i+1] = pow[i] * base
	}
	keys := make([]nearKey, 0, n+1)
	keys = append(keys, nearKey{pre[n], n})
	for i := range n {
		// The words before i, shifted past the n-1-i words after it, plus those.
		after := pre[n] - pre[i+1]*pow[n-1-i]
		keys = append(keys, nearKey{pre[i]*pow[n-1-i] + after, n - 1})
	}
	tried := map[int]bool{}
	found, match := 0, false
	for _, k := range keys {
		other, ok := near[k]
		if !ok || tried[other] || match {
			continue
		}
		if len(tried) >= maxNearTries {
			break
		}
		tried[other] = true
		if withinOneWord(words[other], w) {
			found, match = other, true
		}
	}
	for _, k := range keys {
		if _, ok := near[k]; !ok {
			near[k] = idx
		}
	}
	return found, match
}

// withinOneWord reports whether a becomes b by changing, adding or
// removing at most one word.
func withinOneWord(a, b []string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(b)-len(a) > 1 {
		return false
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	if len(a) == len(b) {
		i++ // one changed word
		return i >= len(a) || equalWords(a[i:], b[i:])
	}
	return equalWords(a[i:], b[i+1:]) // one added word
}

func equalWords(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// abbreviations end in a full stop that does not end a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "mx": true, "dr": true, "prof": true, "st": true, "mt": true, "jr": true, "sr": true,
	"no": true, "nos": true, "vs": true, "v": true, "etc": true, "inc": true, "ltd": true, "co": true, "corp": true, "bros": true,
	"gov": true, "sen": true, "rep": true, "gen": true, "col": true, "lt": true, "sgt": true, "capt": true, "cmdr": true,
	"rev": true, "hon": true, "fr": true, "approx": true, "dept": true, "est": true, "fig": true, "vol": true, "ed": true,
	"pp": true, "cf": true, "al": true, "ave": true, "rd": true, "cllr": true, "supt": true, "insp": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true, "sep": true, "sept": true,
	"oct": true, "nov": true, "dec": true,
}

// splitSentences splits a paragraph's text into sentences: after . ! ? or
// … (and any closing quotes or brackets) followed by a space and a capital,
// a digit or an opening quote. A full stop after an abbreviation ("Dr.",
// "etc."), an initial ("J.") or a dotted word ("U.S.", "e.g.") does not end
// one; a decimal point ("3.5") is never followed by a space.
func splitSentences(text string) []string {
	var out []string
	start := 0
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if r != '.' && r != '!' && r != '?' && r != '…' {
			i += size
			continue
		}
		end := i + size
		for end < len(text) {
			c, n := utf8.DecodeRuneInString(text[end:])
			if !strings.ContainsRune(".!?…\"'”’)]", c) {
				break
			}
			end += n
		}
		next := end
		if next >= len(text) || text[next] != ' ' {
			i = end
			continue
		}
		for next < len(text) && text[next] == ' ' {
			next++
		}
		c, _ := utf8.DecodeRuneInString(text[next:])
		opens := unicode.IsUpper(c) || unicode.IsDigit(c) || strings.ContainsRune("\"'“‘([", c)
		if opens && (r != '.' || !abbreviated(text[start:i])) {
			out = append(out, text[start:end])
			start = next
		}
		i = end
	}
	if start < len(text) {
		out = append(out, text[start:])
	}
	return out
}

// abbreviated reports whether the last word of s (which a full stop
// follows) is an abbreviation, an initial or a dotted word.
func abbreviated(s string) bool {
	word := s[strings.LastIndexByte(s, ' ')+1:]
	word = strings.TrimLeft(word, "\"'“‘([")
	if strings.Contains(word, ".") && strings.IndexFunc(word, func(r rune) bool { return r != '.' && !unicode.IsLetter(r) }) < 0 {
		return true // U.S., e.g., a.m. (not $3.50)
	}
	if utf8.RuneCountInString(word) == 1 {
		r, _ := utf8.DecodeRuneInString(word)
		return unicode.IsLetter(r) // an initial
	}
	return abbreviations[strings.ToLower(word)]
}
