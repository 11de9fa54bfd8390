// Package search is the reader's and the newsroom's full-text search: the
// one query language both database engines answer (Parse), what a search
// asks for (Request) and what it finds (Results). The store renders a
// parsed Query for each engine (FTS5 on SQLite, tsquery on PostgreSQL);
// nothing a person types reaches an engine's own syntax (decision 0032).
package search

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits of a query. Longer input is cut, further terms are left out, and
// Query.Cut says so; nobody types more, and each term costs the engines an
// index lookup.
const (
	MaxQueryRunes  = 256
	MaxTerms       = 12
	MaxPhraseWords = 8
	// MaxWordBytes bounds one word: PostgreSQL refuses longer lexemes in a
	// query (2,047 bytes), and a longer run of letters is a paste, not a
	// word. It is cut and searched as a prefix.
	MaxWordBytes = 100
	// MinPrefixRunes is the shortest prefix searched as one: "a*" would
	// merge the lists of every word in the index that starts with a. A
	// shorter one is searched as a word.
	MinPrefixRunes = 3
)

// Term is a word, or several words that must follow each other (a phrase).
// Words are lower case and contain only letters, digits and marks.
type Term struct {
	Words []string
	// Prefix makes the last word match any word it begins ("elect*").
	Prefix bool
}

// Phrase reports whether the term is several words in a row.
func (t Term) Phrase() bool { return len(t.Words) > 1 }

// Query is a parsed search: every group of All must match (a group
// matches when any of its terms does), and no term of None may.
type Query struct {
	All  [][]Term
	None []Term
	// Cut is true when input was left out for the limits above.
	Cut bool
}

// Empty reports whether the query has nothing to look for; an engine is
// never asked an empty query (only exclusions find nothing either).
func (q Query) Empty() bool { return len(q.All) == 0 }

// Terms counts the query's terms.
func (q Query) Terms() int {
	n := len(q.None)
	for _, g := range q.All {
		n += len(g)
	}
	return n
}

// AnyOf is a query matching any of words (each cleaned as Parse would),
// ranked by how many and how strongly they match: "more like this".
func AnyOf(words ...string) Query {
	var group []Term
	for _, w := range words {
		for _, word := range splitWords(w) {
			if len(group) == MaxTerms {
				break
			}
			if !isStop(word) {
				group = append(group, Term{Words: []string{word}})
			}
		}
	}
	if len(group) == 0 {
		return Query{}
	}
	return Query{All: [][]Term{group}}
}

// Parse reads what a person typed into the search box. It never fails:
// words are looked for (stemmed, so "running" finds "run"), "quoted words"
// as a phrase, -word or -"a phrase" must not appear, OR between two terms
// accepts either, and word* matches words it begins. Everything else is
// text: punctuation separates words and operators of the engines (AND,
// NOT, NEAR, column:, ^, %, _) are words or nothing. A prefix needs
// MinPrefixRunes letters. The English stop words
// PostgreSQL leaves out of its index ("the", "and", "not") are left out
// on both engines.
func Parse(input string) Query {
	var q Query
	input = clean(input)
	if utf8.RuneCountInString(input) > MaxQueryRunes {
		input = string([]rune(input)[:MaxQueryRunes])
		q.Cut = true
	}
	p := parser{s: input}
	orNext := false // the previous token was OR
	for {
		tok, ok := p.next()
		if !ok {
			break
		}
		if tok.or {
			// OR joins the next term to the group before it; anywhere else
			// (first, twice, beside an exclusion) it means nothing.
			orNext = len(q.All) > 0
			continue
		}
		term, ok := tok.term()
		if !ok {
			orNext = false
			continue
		}
		if q.Terms() == MaxTerms {
			q.Cut = true
			break
		}
		switch {
		case tok.not:
			q.None = append(q.None, term)
			orNext = false
			continue
		case orNext:
			last := len(q.All) - 1
			q.All[last] = append(q.All[last], term)
		default:
			q.All = append(q.All, []Term{term})
		}
		orNext = false
	}
	if len(q.All) == 0 {
		q.None = nil // nothing to exclude from
	}
	return q
}

// clean makes any input safe to scan: invalid UTF-8 and control
// characters (NUL included) become spaces.
func clean(s string) string {
	s = strings.ToValidUTF8(s, " ")
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
}

// token is one thing typed: a run of text (quoted or not), maybe negated
// or a prefix, or the OR operator.
type token struct {
	text   string
	quoted bool
	not    bool
	prefix bool
	or     bool
}

// term turns a token's text into a term: its words without stop words.
// Inside a phrase, stop words between two other words stay, holding
// their places ("state of the art"); at its ends they constrain nothing
// on PostgreSQL and are left out on both. A token with no word is no term.
func (t token) term() (Term, bool) {
	words := splitWords(t.text)
	for len(words) > 0 && isStop(words[0]) {
		words = words[1:]
	}
	prefix := t.prefix
	for len(words) > 0 && isStop(words[len(words)-1]) {
		words, prefix = words[:len(words)-1], false
	}
	if len(words) == 0 {
		return Term{}, false
	}
	if len(words) > MaxPhraseWords {
		words, prefix = words[:MaxPhraseWords], false
	}
	for i, w := range words {
		if len(w) > MaxWordBytes {
			// A word cut short is searched as the prefix it now is.
			cut := MaxWordBytes
			for !utf8.RuneStart(w[cut]) {
				cut--
			}
			words[i] = w[:cut]
			if i == len(words)-1 {
				prefix = true
			}
		}
	}
	if prefix && utf8.RuneCountInString(words[len(words)-1]) < MinPrefixRunes {
		prefix = false
	}
	return Term{Words: words, Prefix: prefix}, true
}

func isStop(w string) bool {
	_, stop := stopWords[w]
	return stop
}

// isWordRune reports whether r is part of a word: letters, digits and the
// marks that combine with them. Everything else separates words, as it
// does in both engines' tokenizers.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// WordsOnly lowers s and turns everything but words into spaces: text as
// the parser sees it. An engine whose own tokenizer reads more into text
// (PostgreSQL's finds tags, addresses and numbers with dots) indexes this
// instead, so that its words are the parser's.
func WordsOnly(s string) string {
	return strings.Map(func(r rune) rune {
		if isWordRune(r) {
			return r
		}
		return ' '
	}, strings.ToLower(s))
}

// splitWords lowers s and splits it into words.
func splitWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !isWordRune(r) })
}

type parser struct {
	s string
	i int
}

// next reads the next token; ok is false at the end.
func (p *parser) next() (token, bool) {
	// Skip spaces.
	for p.i < len(p.s) {
		r, n := utf8.DecodeRuneInString(p.s[p.i:])
		if !unicode.IsSpace(r) {
			break
		}
		p.i += n
	}
	if p.i >= len(p.s) {
		return token{}, false
	}
	var t token
	// A minus before a word or a quote, at the start of a token, excludes.
	if p.s[p.i] == '-' && p.i+1 < len(p.s) {
		r, _ := utf8.DecodeRuneInString(p.s[p.i+1:])
		if r == '"' || isWordRune(r) {
			t.not = true
			p.i++
		}
	}
	if p.s[p.i] == '"' {
		end := strings.IndexByte(p.s[p.i+1:], '"')
		if end < 0 { // an unclosed quote runs to the end
			t.text, p.i = p.s[p.i+1:], len(p.s)
		} else {
			t.text = p.s[p.i+1 : p.i+1+end]
			p.i += end + 2
			if p.i < len(p.s) && p.s[p.i] == '*' {
				t.prefix = true
				p.i++
			}
		}
		t.quoted = true
		return t, true
	}
	start := p.i
	for p.i < len(p.s) {
		r, n := utf8.DecodeRuneInString(p.s[p.i:])
		if unicode.IsSpace(r) || r == '"' {
			break
		}
		p.i += n
	}
	t.text = p.s[start:p.i]
	if t.text == "OR" && !t.not {
		return token{or: true}, true
	}
	// word* is a prefix: the star must follow a word directly.
	if trimmed := strings.TrimRight(t.text, "*"); len(trimmed) < len(t.text) && trimmed != "" {
		r, _ := utf8.DecodeLastRuneInString(trimmed)
		t.prefix = isWordRune(r)
	}
	return t, true
}
