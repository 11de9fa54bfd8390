package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"masthead/internal/content"
	"masthead/internal/search"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// The ranking reads which fields match from an index of its own on
// SQLite, and from the narrow index table on PostgreSQL (decision 0049):
// it follows edits, and an article deleted leaves nothing behind for the
// next one, even one given the same id.
func TestRankingFollowsEditsAndDeletes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		sec, au := seedTaxonomy(t, db)
		at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		write := func(slug, headline, body string, at time.Time) content.ArticleWrite {
			w := newArticle(slug, sec, au, at)
			w.Article.Headline, w.Article.Body = headline, "<p>"+body+"</p>"
			return w
		}
		ranked := func() []string {
			t.Helper()
			res, err := db.Search(ctx, search.Request{Query: search.Parse("lighthouse"), Limit: 10, Staff: true})
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, h := range res.Hits {
				out = append(out, h.Article.Slug)
			}
			return out
		}
		// The newer article has the word in its body only: the older one,
		// with it in the headline, ranks first.
		old, err := db.CreateArticle(ctx, write("keeper", "Lighthouse keeper retires", "After forty years.", at))
		if err != nil {
			t.Fatal(err)
		}
		newer, err := db.CreateArticle(ctx, write("harbour", "Harbour reopens", "Boats pass the lighthouse again.", at.Add(time.Hour)))
		if err != nil {
			t.Fatal(err)
		}
		if got := ranked(); !slices.Equal(got, []string{"keeper", "harbour"}) {
			t.Fatalf("ranked %q, want the headline match first", got)
		}
		// Moving the word from one headline to the other turns the order.
		for _, e := range []struct {
			id                   int64
			slug, headline, body string
			at                   time.Time
		}{
			{old, "keeper", "Keeper retires", "After forty years at the lighthouse.", at},
			{newer, "harbour", "Harbour lighthouse reopens", "Boats pass again.", at.Add(time.Hour)},
		} {
			a, err := db.GetArticle(ctx, e.id)
			if err != nil {
				t.Fatal(err)
			}
			w := write(e.slug, e.headline, e.body, e.at)
			w.Article.ID, w.Article.UpdatedAt = e.id, a.UpdatedAt.Add(time.Minute)
			if err := db.UpdateArticle(ctx, w); err != nil {
				t.Fatal(err)
			}
		}
		if got := ranked(); !slices.Equal(got, []string{"harbour", "keeper"}) {
			t.Errorf("after the edits ranked %q, want the new headline match first", got)
		}

		// A deleted draft's headline does not rank the article that comes
		// after it (on SQLite, with the same id).
		d := write("doomed", "Lighthouse for sale", "A listing.", at.Add(2*time.Hour))
		d.Article.Status, d.Article.PublishedAt = content.StatusDraft, time.Time{}
		doomed, err := db.CreateArticle(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteDraft(ctx, doomed); err != nil {
			t.Fatal(err)
		}
		if db.Dialect() == store.SQLite {
			n, err := db.ReadInt(ctx, `SELECT COUNT(*) FROM article_search_fields WHERE article_search_fields MATCH 'lighthouse' AND rowid = ?`, doomed)
			if err != nil || n != 0 {
				t.Errorf("the deleted draft keeps %d rows of the ranking's index (%v)", n, err)
			}
		}
		next, err := db.CreateArticle(ctx, write("next", "Ferries return", "The lighthouse keeper waves.", at.Add(3*time.Hour)))
		if err != nil {
			t.Fatal(err)
		}
		if db.Dialect() == store.SQLite && next != doomed {
			t.Fatalf("the next article got id %d, not the deleted draft's %d: the check below proves nothing", next, doomed)
		}
		if got := ranked(); !slices.Equal(got, []string{"harbour", "next", "keeper"}) {
			t.Errorf("after a deleted draft ranked %q, want the new article as a body match", got)
		}
	})
}

// Snippets mark the wanted words of a search with exclusions and a
// filter: SQLite asks for them alone (decision 0049).
func TestSnippetsOfASearchWithExclusionsAndFilters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		sec, au := seedTaxonomy(t, db)
		at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		for i, body := range []string{"The harbour wall was mended before the storm.", "The harbour lights and the zebra crossing."} {
			w := newArticle("s"+string(rune('a'+i)), sec, au, at.Add(time.Duration(i)*time.Hour))
			w.Article.Body = "<p>" + body + "</p>"
			if _, err := db.CreateArticle(ctx, w); err != nil {
				t.Fatal(err)
			}
		}
		res, err := db.Search(ctx, search.Request{Query: search.Parse(`harbour OR quay -zebra -"tram line"`), SectionID: sec, Limit: 10, Snippets: true})
		if err != nil || len(res.Hits) != 1 || res.Hits[0].Article.Slug != "sa" {
			t.Fatalf("found %+v (%v), want the article without the excluded word", res.Hits, err)
		}
		if s := res.Hits[0].Snippet; strings.Count(s, search.Mark) != 1 || !strings.Contains(s, search.Mark+"harbour"+search.Unmark) {
			t.Errorf("snippet %q does not mark the harbour, and only it", s)
		}
	})
}
