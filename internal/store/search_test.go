package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"masthead/internal/content"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// The newsroom's headline search takes LIKE's wildcards literally: they
// are characters people type in headlines.
func TestHeadlineSearchTakesWildcardsLiterally(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		sec, au := seedTaxonomy(t, db)
		at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		for i, h := range []string{"50% rise in rents", "500 rise in rents", "The a_b test", "The axb test", `Path C:\d found`, `Path C:d found`} {
			w := newArticle("h"+string(rune('a'+i)), sec, au, at.Add(time.Duration(i)*time.Minute))
			w.Article.Headline = h
			if _, err := db.CreateArticle(ctx, w); err != nil {
				t.Fatal(err)
			}
		}
		for _, c := range []struct {
			q    string
			want []string
		}{
			{"50%", []string{"50% rise in rents"}},
			{"a_b", []string{"The a_b test"}},
			{`C:\d`, []string{`Path C:\d found`}},
			{"RISE", []string{"500 rise in rents", "50% rise in rents"}},
		} {
			arts, err := db.ListArticles(ctx, "", c.q, content.Cursor{}, 20)
			if err != nil {
				t.Fatalf("search %q: %v", c.q, err)
			}
			var got []string
			for _, a := range arts {
				got = append(got, a.Headline)
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("search %q found %q, want %q", c.q, got, c.want)
			}
		}
	})
}
