package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"masthead/internal/analytics"
	"masthead/internal/content"
	"masthead/internal/search"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// An article under embargo is on no public query before its embargo, even
// when its status says published (decision 0042), and on every one after.
func TestEmbargoHidesAnArticleFromEveryPublicQueryUntilItEnds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		section, author := seedTaxonomy(t, db)
		t0 := time.Date(2026, 5, 4, 12, 0, 0, 0, time.UTC)
		embargo := t0.Add(time.Hour)
		clock := t0
		db.Now = func() time.Time { return clock }

		open := newArticle("open-tram", section, author, t0.Add(-2*time.Hour))
		open.Article.Body, open.Article.Headline = "<p>The tram line opens.</p>", "Tram line opens"
		openID, err := db.CreateArticle(ctx, open)
		if err != nil {
			t.Fatal(err)
		}
		held := newArticle("held-tram", section, author, t0.Add(-time.Hour))
		held.Article.Body, held.Article.Headline = "<p>The tram budget doubles.</p>", "Tram budget doubles"
		held.Article.EmbargoUntil = embargo
		heldID, err := db.CreateArticle(ctx, held)
		if err != nil {
			t.Fatal(err)
		}
		if a, err := db.GetArticle(ctx, heldID); err != nil || !a.EmbargoUntil.Equal(embargo) {
			t.Fatalf("stored embargo %v, %v; want %v", a.EmbargoUntil, err, embargo)
		}
		if err := db.AddViews(ctx, analytics.Batch{Views: []analytics.HourViews{
			{Hour: t0.Add(-time.Hour), ArticleID: heldID, Views: 50}, {Hour: t0.Add(-time.Hour), ArticleID: openID, Views: 5}}}); err != nil {
			t.Fatal(err)
		}
		reader, err := db.SiteReader(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer reader.Release()
		housing, err := db.GetTopicBySlug(ctx, "housing")
		if err != nil {
			t.Fatal(err)
		}

		// shown lists the surfaces on which the held article appears.
		shown := func() []string {
			t.Helper()
			var on []string
			if _, err := db.PublishedArticle(ctx, "held-tram"); err == nil {
				on = append(on, "article page")
			} else if err != store.ErrNotFound {
				t.Fatal(err)
			}
			if _, err := reader.PublishedArticle(ctx, "held-tram"); err == nil {
				on = append(on, "article page (prepared)")
			}
			for name, f := range map[string]content.Filter{"home": {}, "section": {SectionID: section}, "topic": {TopicID: housing.ID}, "author": {AuthorID: author}} {
				list, err := db.ListPublished(ctx, f, content.Cursor{}, 10)
				if err != nil {
					t.Fatal(err)
				}
				if slices.ContainsFunc(list, func(a content.Article) bool { return a.ID == heldID }) {
					on = append(on, name+" list")
				}
				if !slices.ContainsFunc(list, func(a content.Article) bool { return a.ID == openID }) {
					t.Errorf("%s list lost the open article", name)
				}
			}
			entries, err := db.SitemapEntries(ctx, "articles", 0, 1000, 10)
			if err != nil {
				t.Fatal(err)
			}
			if slices.ContainsFunc(entries, func(e content.SitemapEntry) bool { return e.ID == heldID }) {
				on = append(on, "sitemap")
			}
			recent, err := db.RecentlyPublished(ctx, t0.Add(-48*time.Hour), 10)
			if err != nil {
				t.Fatal(err)
			}
			if slices.ContainsFunc(recent, func(e content.SitemapEntry) bool { return e.ID == heldID }) {
				on = append(on, "news sitemap")
			}
			bodies, err := db.PublishedBodies(ctx, []int64{openID, heldID})
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := bodies[heldID]; ok {
				on = append(on, "feed text")
			}
			cards, err := db.PublishedArticles(ctx, []int64{heldID, openID})
			if err != nil {
				t.Fatal(err)
			}
			if slices.ContainsFunc(cards, func(a content.Article) bool { return a.ID == heldID }) {
				on = append(on, "cards")
			}
			related, err := db.RelatedArticles(ctx, openID, 5)
			if err != nil {
				t.Fatal(err)
			}
			if slices.Contains(related, heldID) {
				on = append(on, "related")
			}
			top, err := db.TopArticles(ctx, t0.Add(-24*time.Hour), t0.Add(24*time.Hour), 5)
			if err != nil {
				t.Fatal(err)
			}
			if slices.ContainsFunc(top, func(r analytics.Ranked) bool { return r.ArticleID == heldID }) {
				on = append(on, "most read")
			}
			res, err := db.Search(ctx, search.Request{Query: search.Parse("tram"), Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			if slices.ContainsFunc(res.Hits, func(h search.Hit) bool { return h.Article.ID == heldID }) {
				on = append(on, "search")
			}
			return on
		}

		if on := shown(); len(on) != 0 {
			t.Errorf("before the embargo the held article is on: %v", on)
		}
		// Pages of the sitemap index count it neither: only the open article's page.
		if pages, err := db.SitemapPages(ctx, "articles", 1); err != nil || len(pages) != 1 || pages[0].N != openID {
			t.Errorf("sitemap pages before the embargo = %+v, %v; want only the open article's", pages, err)
		}
		// Staff still find it.
		if res, err := db.Search(ctx, search.Request{Query: search.Parse("budget"), Staff: true, Limit: 10}); err != nil || len(res.Hits) != 1 {
			t.Errorf("staff search = %+v, %v; want the held article", res.Hits, err)
		}
		clock = embargo.Add(-time.Microsecond)
		if on := shown(); len(on) != 0 {
			t.Errorf("a microsecond before the embargo the held article is on: %v", on)
		}

		clock = embargo
		want := []string{"article page", "article page (prepared)", "home list", "section list", "topic list", "author list",
			"sitemap", "news sitemap", "feed text", "cards", "related", "most read", "search"}
		on := shown()
		slices.Sort(on)
		slices.Sort(want)
		if !slices.Equal(on, want) {
			t.Errorf("at the embargo the held article is on %v; want %v", on, want)
		}
	})
}

// A scheduled article whose time comes before its embargo is not
// published by the job: it waits for the embargo.
func TestPublishScheduledWaitsForTheEmbargo(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		section, author := seedTaxonomy(t, db)
		t0 := time.Date(2026, 5, 4, 12, 0, 0, 0, time.UTC)
		w := newArticle("later", section, author, t0.Add(-time.Hour))
		w.Article.PublishedAt = time.Time{}
		w.Article.Status, w.Article.ScheduledAt, w.Article.EmbargoUntil = content.StatusScheduled, t0, t0.Add(time.Hour)
		id, err := db.CreateArticle(ctx, w)
		if err != nil {
			t.Fatal(err)
		}
		if ok, err := db.PublishScheduled(ctx, id, t0.Add(time.Minute)); err != nil || ok {
			t.Fatalf("published before the embargo: %v, %v", ok, err)
		}
		if ok, err := db.PublishScheduled(ctx, id, t0.Add(time.Hour)); err != nil || !ok {
			t.Fatalf("not published at the embargo: %v, %v", ok, err)
		}
	})
}
