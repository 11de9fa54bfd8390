package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"masthead/internal/content"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

func TestSitemapQueriesListOnlyPublishedArticlesOncePerPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		must := func(id int64, err error) int64 {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
			return id
		}
		news := must(db.SaveSection(ctx, content.Section{Slug: "news", Name: "News"}))
		empty := must(db.SaveSection(ctx, content.Section{Slug: "empty", Name: "Empty"}))
		ser := must(db.SaveSeries(ctx, content.Series{Slug: "column", Name: "Column"}))
		ada := must(db.SaveAuthor(ctx, content.Author{Slug: "ada", Name: "Ada"}))
		ghost := must(db.SaveAuthor(ctx, content.Author{Slug: "ghost", Name: "Ghost"})) // only drafts
		img := must(db.CreateImage(ctx, content.Image{Path: "2026/03/a.jpg", Mime: "image/jpeg", Width: 10, Height: 10, Size: 50}, 0))

		published := map[int64]string{}
		var hidden []int64
		for i := range 8 {
			w := content.ArticleWrite{Article: content.Article{Slug: fmt.Sprintf("a%d", i), Headline: fmt.Sprintf("A %d", i),
				Body: "<p>body</p>", Correction: "fixed", SectionID: news, Status: content.StatusPublished, AuthorIDs: []int64{ada},
				PublishedAt: at.Add(time.Duration(i) * time.Hour), CreatedAt: at, UpdatedAt: at},
				Topics: []content.Topic{{Slug: "water", Name: "Water"}}}
			if i == 2 {
				w.Article.SeriesID, w.Article.LeadImageID = ser, img
				w.Article.ModifiedAt = at.Add(48 * time.Hour)
			}
			if i%3 == 1 { // a1 draft, a4 scheduled, a7 unpublished
				w.Article.Status = []content.Status{content.StatusDraft, content.StatusScheduled, content.StatusUnpublished}[i/3]
				w.Article.AuthorIDs = []int64{ghost}
				w.Topics = []content.Topic{{Slug: "secret", Name: "Secret"}}
			}
			id := must(db.CreateArticle(ctx, w))
			if w.Article.Status == content.StatusPublished {
				published[id] = w.Article.Slug
			} else {
				hidden = append(hidden, id)
			}
		}
		_ = empty

		// Pages of 3 ids: every published article on exactly one page.
		pages, err := db.SitemapPages(ctx, "articles", 3)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[int64]int{}
		for _, p := range pages {
			after, last := p.IDRange(3)
			var newest time.Time
			for from := after; ; {
				batch, err := db.SitemapEntries(ctx, "articles", from, last, 2)
				if err != nil {
					t.Fatal(err)
				}
				if len(batch) == 0 {
					break
				}
				for _, e := range batch {
					seen[e.ID]++
					if e.ID <= after || e.ID > last {
						t.Errorf("article %d on page %d (ids %d..%d]", e.ID, p.N, after, last)
					}
					if published[e.ID] != e.Slug {
						t.Errorf("entry %+v is not a published article", e)
					}
					if e.LastMod.After(newest) {
						newest = e.LastMod
					}
					if e.Slug == "a2" && (e.ImagePath != "2026/03/a.jpg" || !e.LastMod.Equal(at.Add(48*time.Hour))) {
						t.Errorf("a2 = %+v, want its image and its edit as lastmod", e)
					}
					if e.Slug == "a0" && (e.ImagePath != "" || !e.LastMod.Equal(at) || !e.PublishedAt.Equal(at)) {
						t.Errorf("a0 = %+v", e)
					}
				}
				from = batch[len(batch)-1].ID
			}
			if !p.LastMod.Equal(newest) {
				t.Errorf("page %d lastmod %v, its newest entry %v", p.N, p.LastMod, newest)
			}
		}
		if len(seen) != len(published) {
			t.Errorf("sitemaps hold %d articles, %d are published", len(seen), len(published))
		}
		for id, n := range seen {
			if n != 1 {
				t.Errorf("article %d listed %d times", id, n)
			}
		}

		// Lists: only those with a published article, newest change as
		// lastmod; the ghost writer and the secret topic have none.
		for kind, want := range map[string]string{"sections": "news", "series": "column", "topics": "water", "authors": "ada"} {
			pages, err := db.SitemapPages(ctx, kind, 50000)
			if err != nil {
				t.Fatal(err)
			}
			if len(pages) != 1 {
				t.Fatalf("%s: %d pages", kind, len(pages))
			}
			after, last := pages[0].IDRange(50000)
			es, err := db.SitemapEntries(ctx, kind, after, last, 100)
			if err != nil {
				t.Fatal(err)
			}
			if len(es) != 1 || es[0].Slug != want {
				t.Errorf("%s sitemap = %+v, want only %s", kind, es, want)
				continue
			}
			wantMod := at.Add(48 * time.Hour) // a2's edit is the newest change of each list
			if !es[0].LastMod.Equal(wantMod) || !pages[0].LastMod.IsZero() {
				t.Errorf("%s lastmod = %v (page %v), want %v (and none)", kind, es[0].LastMod, pages[0].LastMod, wantMod)
			}
		}

		// The news sitemap: newest first, since the given time, limited.
		recent, err := db.RecentlyPublished(ctx, at.Add(3*time.Hour), 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(recent) != 2 || recent[0].Slug != "a6" || recent[0].Headline != "A 6" || recent[1].Slug != "a5" {
			t.Errorf("recent = %+v", recent)
		}
		all, err := db.RecentlyPublished(ctx, at, 100)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != len(published) {
			t.Errorf("recent lists %d, %d are published", len(all), len(published))
		}

		// Bodies of published articles only.
		ids := append([]int64{}, hidden...)
		for id := range published {
			ids = append(ids, id)
		}
		bodies, err := db.PublishedBodies(ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		if len(bodies) != len(published) {
			t.Errorf("bodies of %d articles, %d are published", len(bodies), len(published))
		}
		for _, id := range hidden {
			if _, ok := bodies[id]; ok {
				t.Errorf("body of unpublished article %d returned", id)
			}
		}
		for id := range published {
			if bodies[id] != (content.ArticleText{Body: "<p>body</p>", Correction: "fixed"}) {
				t.Errorf("body of %d = %+v", id, bodies[id])
			}
		}
		if _, err := db.SitemapPages(ctx, "users", 10); err == nil {
			t.Error("an unknown kind was accepted")
		}
	})
}
