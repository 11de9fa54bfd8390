package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"masthead/internal/search"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// Migration 0031 keeps PostgreSQL's tsvector of the standfirst, topics and
// byline in the row (decision 0049): articles indexed before it still
// rank by their standfirst after it, and a standfirst far too long for a
// row is saved, found and ranked (it goes out of line, as a value kept
// in the row by PLAIN storage could not).
func TestStandfirstRanksAcrossMigration0031(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			ctx := context.Background()
			db, err := store.Open(ctx, storetest.URL(t, e), "")
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if _, err := db.MigrateTo(ctx, 30); err != nil {
				t.Fatal(err)
			}
			sec, au := seedTaxonomy(t, db)
			at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
			create := func(slug, standfirst, body string, at time.Time) {
				t.Helper()
				w := newArticle(slug, sec, au, at)
				w.Article.Standfirst, w.Article.Body = standfirst, "<p>"+body+"</p>"
				if _, err := db.CreateArticle(ctx, w); err != nil {
					t.Fatalf("saving %s: %v", slug, err)
				}
			}
			// Before the migration: the older article has the word in its
			// standfirst, the newer in its body.
			create("keeper", "The lighthouse keeper retires.", "After forty years.", at)
			create("harbour", "The harbour reopens.", "Boats pass the lighthouse.", at.Add(time.Hour))
			if _, err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			ranked := func(q string) []string {
				t.Helper()
				res, err := db.Search(ctx, search.Request{Query: search.Parse(q), Limit: 10, Snippets: true})
				if err != nil {
					t.Fatal(err)
				}
				var out []string
				for _, h := range res.Hits {
					out = append(out, h.Article.Slug)
				}
				return out
			}
			if got := ranked("lighthouse"); !slices.Equal(got, []string{"keeper", "harbour"}) {
				t.Errorf("after migrating ranked %q, want the standfirst match first", got)
			}

			// A standfirst of 3,000 different words, one of them the word
			// searched, the newest article holding it in its body only.
			words := make([]string, 3000)
			for i := range words {
				// "zq" and i in base 26 written in letters: no stop word, no
				// two alike once stemmed.
				w := []byte("zq")
				for n := i + 26*26; n > 0; n /= 26 {
					w = append(w, byte('a'+n%26))
				}
				words[i] = string(w)
			}
			words[1500] = "beacon"
			create("long", strings.Join(words, " "), "Nothing here.", at.Add(2*time.Hour))
			create("newest", "A short one.", "A beacon on the hill.", at.Add(3*time.Hour))
			if got := ranked("beacon"); !slices.Equal(got, []string{"long", "newest"}) {
				t.Errorf("ranked %q, want the long standfirst first", got)
			}
			if got := ranked(words[2999]); !slices.Equal(got, []string{"long"}) {
				t.Errorf("its last word found %q, want the long standfirst", got)
			}
		})
	}
}
