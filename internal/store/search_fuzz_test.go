package store_test

import (
	"context"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"masthead/internal/search"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// FuzzSearchQuery feeds anything to the parser and runs what it makes on
// every engine under test: no input may give an engine a syntax error,
// and the rendered queries hold only quoted words and our operators. The
// seeds run in the normal suite; go test -fuzz FuzzSearchQuery ./internal/store
// explores further.
func FuzzSearchQuery(f *testing.F) {
	for _, s := range []string{"", "tram", `"tram plan"`, "-tram council", "tram OR bus", "elect*", `"a b"*`, `"`, `*`, `-`, "OR",
		"AND NOT", "NEAR(a b)", "a:b", "^a", "%", "_", `'`, `\`, "''", `\'`, "&|!<->:*", "Москва", "北京大学", "القاهرة", "🎉",
		"a\x00b", "\xff", strings.Repeat("ab ", 200), strings.Repeat("é", 300), `-"`, `--a`, `a--b`, `"a" OR -"b"`, "x*y*z*"} {
		f.Add(s)
	}
	ctx := context.Background()
	var dbs []*store.DB
	for _, e := range storetest.Engines() {
		db := storetest.Open(f, e)
		sec, au := seedTaxonomy(f, db)
		w := newArticle("fuzz", sec, au, time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
		w.Article.Body = "<p>The tram plan, e-mail and 50% of a_b: Москва 北京大学.</p>"
		if _, err := db.CreateArticle(ctx, w); err != nil {
			f.Fatal(err)
		}
		dbs = append(dbs, db)
	}
	f.Fuzz(func(t *testing.T, input string) {
		q := search.Parse(input)
		if q.Terms() > search.MaxTerms {
			t.Fatalf("%q: %d terms", input, q.Terms())
		}
		for _, group := range q.All {
			for _, term := range group {
				checkTerm(t, input, term)
			}
		}
		for _, term := range q.None {
			checkTerm(t, input, term)
		}
		fts5, tsq := store.RenderSearch(q, nil)
		if !q.Empty() && (fts5 == "" || tsq == "") {
			t.Fatalf("%q: nothing rendered", input)
		}
		for _, db := range dbs {
			for _, staff := range []bool{false, true} {
				if _, err := db.Search(ctx, search.Request{Query: q, Staff: staff, SectionID: 1, Limit: 5, Snippets: true}); err != nil {
					t.Fatalf("%q on %s (FTS5 %s, tsquery %s): %v", input, db.Dialect(), fts5, tsq, err)
				}
			}
		}
		if h := search.Highlight(input); strings.Count(h, "<mark>") != strings.Count(h, "</mark>") || strings.Contains(h, "<script") {
			t.Fatalf("%q: highlight %q", input, h)
		}
	})
}

// checkTerm: words are lower case, valid, made of word characters only,
// and short enough for every engine.
func checkTerm(t *testing.T, input string, term search.Term) {
	t.Helper()
	if len(term.Words) == 0 || len(term.Words) > search.MaxPhraseWords {
		t.Fatalf("%q: a term of %d words", input, len(term.Words))
	}
	for _, w := range term.Words {
		if w == "" || len(w) > search.MaxWordBytes || !utf8.ValidString(w) || w != strings.ToLower(w) || strings.ContainsAny(w, `"'\*:&|!()<> -`) {
			t.Fatalf("%q: word %q", input, w)
		}
	}
}
