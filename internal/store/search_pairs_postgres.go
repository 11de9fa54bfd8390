package store

import (
	"context"
	"regexp"
	"strings"

	"masthead/internal/search"
)

// Phrases on PostgreSQL (migration 0018): a phrase's adjacent words must
// be a lexeme of the article's pairs ("run dog"), which GIN answers, so
// only the articles holding them are checked against the phrase itself.

// postgresPreparePairs asks PostgreSQL for the lexemes of the query's
// phrases (stemmed, stop words dropped with their gaps kept) and writes
// what they require of the pairs: within a group of alternatives, one of
// the phrases' pairs, when every alternative is a phrase with pairs;
// every such group. Exclusions require nothing. A group whose phrases are
// each two adjacent lexemes is answered by the pairs alone, exactly: the
// document is not asked for it, so no article is read from TOAST to check
// it.
func postgresPreparePairs(ctx context.Context, q conn, query search.Query, r rendered) (rendered, error) {
	var phrases []string
	for _, group := range query.All {
		for _, t := range group {
			if len(t.Words) > 1 {
				phrases = append(phrases, renderTSQuery(search.Query{All: [][]search.Term{{t}}}, nil).text)
			}
		}
	}
	if len(phrases) == 0 {
		return r, nil
	}
	cols := make([]string, len(phrases))
	args := make([]any, len(phrases))
	texts := make([]string, len(phrases))
	dest := make([]any, len(phrases))
	for i, p := range phrases {
		cols[i], args[i], dest[i] = `to_tsquery('english', ?)::text`, p, &texts[i]
	}
	if err := q.QueryRowContext(ctx, `SELECT `+strings.Join(cols, ", "), args...).Scan(dest...); err != nil {
		return r, err
	}
	var groups []string
	var rest [][]search.Term // the groups the document must answer
	i := 0
	for _, group := range query.All {
		var alts []string
		all, exact := true, true
		for _, t := range group {
			if len(t.Words) <= 1 {
				all, exact = false, false
				continue
			}
			p, ex := phrasePairs(texts[i])
			i++
			if p == "" {
				all, exact = false, false
				continue
			}
			exact = exact && ex
			alts = append(alts, "("+p+")")
		}
		if all && len(alts) > 0 {
			groups = append(groups, "("+strings.Join(alts, " | ")+")")
		}
		if !all || !exact {
			rest = append(rest, group)
		}
	}
	r.pairs = strings.Join(groups, " & ")
	switch {
	case len(rest) > 0:
		r.match = renderTSQuery(search.Query{All: rest, None: query.None}, nil).text
	case len(query.None) == 0:
		r.match = "" // the pairs say it all
	}
	return r, nil
}

// tsLexeme is a quoted lexeme of a tsquery's text, perhaps a prefix; a
// lexeme with a quote or backslash in it is not matched, and gives up.
var tsLexeme = regexp.MustCompile(`^'([^'\\]+)'(:\*)?`)

var tsFollowedBy = regexp.MustCompile(`^ <(-|\d+)> `)

// phrasePairs turns a phrase's tsquery text ("'run' <-> 'dog' <2> 'park'")
// into the pairs it requires ("'run dog'"), "" when it requires none or
// is not a plain chain of lexemes (a word PostgreSQL split in two, say),
// and whether they are exactly the phrase: two adjacent lexemes.
func phrasePairs(text string) (string, bool) {
	var pairs []string
	prev, prevPrefix := "", false
	n := 0
	for first := true; ; first = false {
		adjacent := false
		if !first {
			if text == "" {
				break
			}
			m := tsFollowedBy.FindStringSubmatch(text)
			if m == nil {
				return "", false
			}
			adjacent = m[1] == "-"
			text = text[len(m[0]):]
		}
		m := tsLexeme.FindStringSubmatch(text)
		if m == nil {
			return "", false
		}
		text = text[len(m[0]):]
		n++
		prefix := m[2] != ""
		if adjacent && !prevPrefix && !prefix {
			pairs = append(pairs, "'"+prev+" "+m[1]+"'")
		}
		prev, prevPrefix = m[1], prefix
	}
	return strings.Join(pairs, " & "), n == 2 && len(pairs) == 1
}
