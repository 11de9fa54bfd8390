package store

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode"

	"masthead/internal/search"
)

// The text half of related articles (decision 0034): "more like this" on
// the search index. The article's most distinctive words (its headline,
// standfirst and topic names count more than its body) are OR-ed into one
// query that the index ranks, and the best matches join the candidates of
// relatedBySignals with a share of the score.

const (
	// relatedTextWeight is what the best text match adds to a score: less
	// than one shared topic, more than the same series.
	relatedTextWeight = 8
	// relatedTextPool is how many text matches are ranked against the
	// other signals.
	relatedTextPool = 30
	// relatedCandidateWords is how many of the article's most frequent
	// words are looked up in the index to find how rare they are.
	relatedCandidateWords = 8
	// relatedQueryWords is how many of the rarest of those make the query.
	relatedQueryWords = 10
	// relatedCommon is the number of articles from which on a word is too
	// common to tell articles apart; counting stops there, so a lookup
	// costs at most this many index entries.
	relatedCommon = 100
)

// Weights of where a word appears in the article.
var relatedFieldWeights = [...]float64{3, 2, 3, 1} // headline, standfirst, topics, body

// relatedByText returns up to relatedTextPool published articles whose
// text is most like article id's, with their share of the score (the best
// gets relatedTextWeight). Nothing when the index has no row for it or
// its words are all common.
func (db *DB) relatedByText(ctx context.Context, id int64) ([]relatedScore, error) {
	e := db.searchEngine()
	var fields [4]string
	err := db.read.QueryRowContext(ctx, `SELECT headline, standfirst, topics, body FROM article_search WHERE `+e.key+` = ?`, id).
		Scan(&fields[0], &fields[1], &fields[2], &fields[3])
	if err != nil {
		if errors.Is(mapErr(err), ErrNotFound) {
			return nil, nil
		}
		return nil, err
	}
	words := frequentWords(fields, relatedCandidateWords)
	if len(words) == 0 {
		return nil, nil
	}
	rare, err := db.rarestWords(ctx, words, relatedQueryWords)
	if err != nil || len(rare) == 0 {
		return nil, err
	}
	q := search.AnyOf(rare...)
	if q.Empty() {
		return nil, nil
	}
	scored, err := queryAll(ctx, db.read, func(sc scanner) (relatedScore, error) {
		var c relatedScore
		err := sc.Scan(&c.id, &c.score)
		return c, err
	}, db.relatedTextQuery(), e.render(q, nil).text, id, relatedTextPool)
	if err != nil || len(scored) == 0 {
		return nil, err
	}
	best := scored[0].score
	for i := range scored {
		if best > 0 {
			scored[i].score = relatedTextWeight * scored[i].score / best
		} else {
			scored[i].score = 0
		}
	}
	return scored, nil
}

// weightedWord is a word of the article and how much it counts.
type weightedWord struct {
	word   string
	weight float64
	first  int // order of first appearance, for stable ties
}

// frequentWords returns the n words of the article that count most (by
// field weight times occurrences), leaving out stop words, numbers and
// words of fewer than three letters.
func frequentWords(fields [4]string, n int) []weightedWord {
	byWord := map[string]*weightedWord{}
	for f, text := range fields {
		for _, w := range strings.Fields(search.WordsOnly(text)) {
			if len([]rune(w)) < 3 || isNumber(w) {
				continue
			}
			ww, ok := byWord[w]
			if !ok {
				if search.AnyOf(w).Empty() { // a stop word
					continue
				}
				ww = &weightedWord{word: w, first: len(byWord)}
				byWord[w] = ww
			}
			ww.weight += relatedFieldWeights[f]
		}
	}
	out := make([]weightedWord, 0, len(byWord))
	for _, ww := range byWord {
		out = append(out, *ww)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].weight != out[j].weight {
			return out[i].weight > out[j].weight
		}
		return out[i].first < out[j].first
	})
	return out[:min(n, len(out))]
}

func isNumber(w string) bool {
	for _, r := range w {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// rarestWords counts, in one statement, how many articles hold each word
// (stopping at relatedCommon), and returns up to n words by weight times
// rarity: words no other article holds and words too common to tell
// articles apart are left out.
func (db *DB) rarestWords(ctx context.Context, words []weightedWord, n int) ([]string, error) {
	e := db.searchEngine()
	counts := make([]string, len(words))
	args := make([]any, 0, 2*len(words))
	for i, w := range words {
		counts[i] = `(SELECT COUNT(*) FROM (SELECT 1 FROM ` + db.relatedWordMatch() + ` LIMIT ?) c` + fmt.Sprint(i) + `)`
		args = append(args, e.render(search.AnyOf(w.word), nil).text, relatedCommon)
	}
	df := make([]int64, len(words))
	dest := make([]any, len(words))
	for i := range df {
		dest[i] = &df[i]
	}
	if err := db.read.QueryRowContext(ctx, `SELECT `+strings.Join(counts, ", "), args...).Scan(dest...); err != nil {
		return nil, fmt.Errorf("store: related word counts: %w", err)
	}
	type rated struct {
		word  string
		score float64
	}
	var keep []rated
	for i, w := range words {
		if df[i] <= 1 || df[i] >= relatedCommon {
			continue
		}
		keep = append(keep, rated{w.word, w.weight * math.Log(float64(relatedCommon)/float64(df[i]))})
	}
	sort.SliceStable(keep, func(i, j int) bool { return keep[i].score > keep[j].score })
	out := make([]string, 0, min(n, len(keep)))
	for _, r := range keep[:min(n, len(keep))] {
		out = append(out, r.word)
	}
	return out, nil
}

// relatedWordMatch is the index rows matching one rendered word (one ?
// argument), without the join to articles a search needs.
func (db *DB) relatedWordMatch() string {
	if db.dialect == Postgres {
		return postgresWordMatch
	}
	return sqliteWordMatch
}

// relatedTextQuery ranks the matches of a rendered query (related_*.go).
func (db *DB) relatedTextQuery() string {
	if db.dialect == Postgres {
		return postgresRelatedText
	}
	return sqliteRelatedText
}
