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

// Upgrading to migration 0030 ranks and filters the articles indexed
// before it: SQLite fills its ranking index from the search index, and
// PostgreSQL's new index of words and facets answers a topic's search.
func TestMigrationKeepsRankingAndFiltersOfIndexedArticles(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			ctx := context.Background()
			db, err := store.Open(ctx, storetest.URL(t, e), "")
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if _, err := db.MigrateTo(ctx, 29); err != nil {
				t.Fatal(err)
			}
			at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC).UnixMicro()
			if err := db.Write(ctx, `INSERT INTO sections (id, slug, name) VALUES (1, 'news', 'News')`); err != nil {
				t.Fatal(err)
			}
			if err := db.Write(ctx, `INSERT INTO topics (id, slug, name) VALUES (7, 'sea', 'Sea')`); err != nil {
				t.Fatal(err)
			}
			// Two articles as the store indexed them before 0030: the older
			// with the word in its headline, the newer in its body.
			for _, row := range []struct {
				id             int64
				headline, body string
				topic          bool
			}{{1, "Lighthouse keeper retires", "After forty years.", true}, {2, "Harbour reopens", "Boats pass the lighthouse.", false}} {
				if err := db.Write(ctx, `INSERT INTO articles (id, slug, headline, body, section_id, status, published_at, created_at, updated_at)
					VALUES (?, ?, ?, ?, 1, 'published', ?, ?, ?)`, row.id, "a"+string(rune('0'+row.id)), row.headline, "<p>"+row.body+"</p>",
					at+row.id, at+row.id, at+row.id); err != nil {
					t.Fatal(err)
				}
				facets := []string{"s1"}
				if row.topic {
					facets = append(facets, "t7")
					if err := db.Write(ctx, `INSERT INTO article_topics (article_id, topic_id, position) VALUES (?, 7, 0)`, row.id); err != nil {
						t.Fatal(err)
					}
				}
				if db.Dialect() == store.SQLite {
					err = db.Write(ctx, `INSERT INTO article_search (rowid, headline, standfirst, topics, authors, body, facets) VALUES (?, ?, '', ?, '', ?, ?)`,
						row.id, row.headline, map[bool]string{true: "Sea"}[row.topic], row.body, search.Tag+strings.Join(facets, " "+search.Tag))
				} else {
					err = db.Write(ctx, `INSERT INTO article_search (article_id, headline, standfirst, topics, authors, body, facets, document, head, meta)
						VALUES (?, ?, '', ?, '', ?, to_tsvector('simple', ?),
						setweight(to_tsvector('english', ?), 'A') || setweight(to_tsvector('english', ?), 'C'),
						setweight(to_tsvector('english', ?), 'A'), ''::tsvector)`,
						row.id, row.headline, map[bool]string{true: "Sea"}[row.topic], row.body, strings.Join(facets, " "), row.headline, row.body, row.headline)
				}
				if err != nil {
					t.Fatal(err)
				}
			}
			if _, err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			slugs := func(req search.Request) []string {
				t.Helper()
				req.Limit = 10
				res, err := db.Search(ctx, req)
				if err != nil {
					t.Fatal(err)
				}
				var out []string
				for _, h := range res.Hits {
					out = append(out, h.Article.Slug)
				}
				return out
			}
			if got := slugs(search.Request{Query: search.Parse("lighthouse")}); !slices.Equal(got, []string{"a1", "a2"}) {
				t.Errorf("after migrating ranked %q, want the headline match first", got)
			}
			if got := slugs(search.Request{Query: search.Parse("lighthouse"), TopicID: 7}); !slices.Equal(got, []string{"a1"}) {
				t.Errorf("after migrating the topic's search found %q", got)
			}
		})
	}
}
