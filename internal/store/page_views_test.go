package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"masthead/internal/analytics"
	"masthead/internal/content"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

func TestPageViews(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		sec, au := seedTaxonomy(t, db)
		pub := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
		ids := map[string]int64{}
		for _, slug := range []string{"first", "second", "third", "pulled"} {
			id, err := db.CreateArticle(ctx, newArticle(slug, sec, au, pub))
			if err != nil {
				t.Fatal(err)
			}
			ids[slug] = id
		}
		draft := newArticle("draft", sec, au, pub)
		draft.Article.Status, draft.Article.PublishedAt = content.StatusDraft, time.Time{}
		draftID, err := db.CreateArticle(ctx, draft)
		if err != nil {
			t.Fatal(err)
		}
		now := time.Date(2026, 12, 1, 15, 0, 0, 0, time.UTC) // 10am in New York
		h := func(ago int) time.Time { return now.Add(-time.Duration(ago) * time.Hour) }
		add := func(b analytics.Batch) {
			t.Helper()
			if err := db.AddViews(ctx, b); err != nil {
				t.Fatal(err)
			}
		}
		add(analytics.Batch{Views: []analytics.HourViews{
			{Hour: h(0), ArticleID: ids["first"], Views: 5},
			{Hour: h(1), ArticleID: ids["second"], Views: 9},
			{Hour: h(2), ArticleID: ids["third"], Views: 2},
			{Hour: h(30), ArticleID: ids["third"], Views: 40}, // older than a day
			{Hour: h(0), ArticleID: 0, Views: 3},              // the home page and lists
			{Hour: h(0), ArticleID: ids["pulled"], Views: 50},
			{Hour: h(0), ArticleID: draftID, Views: 1},
		}, Referrals: []analytics.DayReferrals{
			{Day: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), Domain: "google.com", Views: 4},
			{Day: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), Domain: "bing.com", Views: 4},
			{Day: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), Domain: "t.co", Views: 7},
			{Day: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), Domain: "old.example", Views: 100},
		}})
		// A second instance's flush adds to the same rows.
		add(analytics.Batch{Views: []analytics.HourViews{{Hour: h(0), ArticleID: ids["first"], Views: 5}},
			Referrals: []analytics.DayReferrals{{Day: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), Domain: "google.com", Views: 1}}})

		pulled := newArticle("pulled", sec, au, pub)
		pulled.Article.ID, pulled.Article.Status = ids["pulled"], content.StatusUnpublished
		if err := db.UpdateArticle(ctx, pulled); err != nil {
			t.Fatal(err)
		}

		top := func(from time.Time, limit int) []string {
			t.Helper()
			rs, err := db.TopArticles(ctx, from, now.Add(time.Hour), limit)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, r := range rs {
				out = append(out, r.Slug)
				if r.Headline != "Headline "+r.Slug || r.ArticleID != ids[r.Slug] {
					t.Errorf("ranked %+v", r)
				}
			}
			return out
		}
		// Ties (first and second both 10... second has 9) by id; unpublished
		// and draft articles never rank; the home page is not an article.
		if got, want := top(now.Add(-23*time.Hour), 10), []string{"first", "second", "third"}; !slices.Equal(got, want) {
			t.Errorf("last 24 hours: %v, want %v", got, want)
		}
		if got, want := top(now.Add(-7*24*time.Hour), 2), []string{"third", "first"}; !slices.Equal(got, want) {
			t.Errorf("last 7 days, top 2: %v, want %v", got, want)
		}
		add(analytics.Batch{Views: []analytics.HourViews{{Hour: h(0), ArticleID: ids["second"], Views: 1}}})
		if got, want := top(now.Add(-23*time.Hour), 2), []string{"first", "second"}; !slices.Equal(got, want) {
			t.Errorf("a tie: %v, want the lower id first %v", got, want)
		}

		// Per day in the publication's zone, zero-filled.
		ny, _ := time.LoadLocation("America/New_York")
		var days []time.Time
		for i := 3; i >= 0; i-- {
			days = append(days, time.Date(2026, 12, 1-i, 0, 0, 0, 0, ny))
		}
		site, err := db.SiteViewsPerDay(ctx, days)
		if err != nil {
			t.Fatal(err)
		}
		// h(30) is 4am on 30 November in New York; the rest is 1 December.
		if want := []int64{0, 0, 40, 5 + 5 + 9 + 1 + 2 + 3 + 50 + 1}; !slices.Equal(site, want) {
			t.Errorf("site views per day %v, want %v", site, want)
		}
		third, err := db.ArticleViewsPerDay(ctx, ids["third"], days)
		if err != nil {
			t.Fatal(err)
		}
		if want := []int64{0, 0, 40, 2}; !slices.Equal(third, want) {
			t.Errorf("third's views per day %v, want %v", third, want)
		}

		refs, err := db.TopReferrers(ctx, time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC), now, 2)
		if err != nil {
			t.Fatal(err)
		}
		if want := []analytics.DomainViews{{Domain: "t.co", Views: 7}, {Domain: "google.com", Views: 5}}; !slices.Equal(refs, want) {
			t.Errorf("top referrers %v, want %v", refs, want)
		}

		// Deleting the draft takes its counts along, so a new article
		// given its id (SQLite may reuse it) starts from nothing.
		if err := db.DeleteDraft(ctx, draftID); err != nil {
			t.Fatal(err)
		}
		if n, _ := db.ArticleViewsPerDay(ctx, draftID, days); slices.Max(n) != 0 {
			t.Errorf("a deleted draft still has views %v", n)
		}
		if got := top(now.Add(-23*time.Hour), 10); len(got) != 3 {
			t.Errorf("after deleting a draft: %v", got)
		}
	})
}

// A batch larger than one statement's placeholders goes in chunks.
func TestAddManyViews(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		hour := time.Date(2026, 12, 1, 15, 0, 0, 0, time.UTC)
		var b analytics.Batch
		for id := range int64(1200) {
			b.Views = append(b.Views, analytics.HourViews{Hour: hour, ArticleID: id, Views: 1})
		}
		for i := range 700 {
			b.Referrals = append(b.Referrals, analytics.DayReferrals{Day: hour.Truncate(24 * time.Hour), Domain: string(rune('a'+i%26)) + "x" + string(rune('a'+i/26)) + ".com", Views: 1})
		}
		if err := db.AddViews(ctx, b); err != nil {
			t.Fatal(err)
		}
		n, err := db.SiteViewsPerDay(ctx, []time.Time{hour.Truncate(24 * time.Hour)})
		if err != nil || n[0] != 1200 {
			t.Errorf("stored %v views (%v), want 1200", n, err)
		}
	})
}
