package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"masthead/internal/content"
	"masthead/internal/newsletter"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

func TestListSubscribersFiltersAndPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		mk := func(slug string) int64 {
			id, err := db.CreateNewsletter(ctx, newsletter.Newsletter{Slug: slug, Name: slug, SenderName: "N", SenderEmail: "n@example.org", ListID: slug + ".example.org"})
			if err != nil {
				t.Fatal(err)
			}
			return id
		}
		weekly, daily := mk("weekly"), mk("daily")
		sectors, err := db.ListSectors(ctx)
		if err != nil || len(sectors) < 2 {
			t.Fatalf("sectors: %v %v", sectors, err)
		}
		start := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
		add := func(i int, email string, nls []int64, sector int64) int64 {
			id, _, err := db.AddSubscriptions(ctx, newsletter.AddRequest{Address: newsletter.Address{Email: email, Key: email},
				SubjectHash: "h-" + email, NewUID: "uid-" + email, NewsletterIDs: nls, SectorID: sector,
				Meta: newsletter.Meta{Method: newsletter.MethodStaff, Source: "test"}, At: start.Add(time.Duration(i) * time.Minute)})
			if err != nil {
				t.Fatal(err)
			}
			return id
		}
		var ids []int64 // oldest first
		for i := range 5 {
			ids = append(ids, add(i, fmt.Sprintf("reader%d@example.org", i), []int64{weekly}, sectors[0].ID))
		}
		under := add(5, "under_score@example.org", []int64{daily}, sectors[1].ID) // "_" must match itself only
		if err := db.SavePreferences(ctx, newsletter.PreferencesChange{ReaderID: ids[0], Remove: []int64{weekly}, SectorID: sectors[0].ID,
			Add: newsletter.AddRequest{Meta: newsletter.Meta{Method: newsletter.MethodStaff, Source: "test"}, At: start.Add(time.Hour)}}); err != nil {
			t.Fatal(err)
		}

		list := func(f newsletter.SubscriberFilter, after content.Cursor, limit int) []int64 {
			t.Helper()
			rs, err := db.ListSubscribers(ctx, f, after, limit)
			if err != nil {
				t.Fatal(err)
			}
			var out []int64
			for _, r := range rs {
				out = append(out, r.ID)
			}
			return out
		}
		all := []int64{under, ids[4], ids[3], ids[2], ids[1], ids[0]}
		if got := list(newsletter.SubscriberFilter{}, content.Cursor{}, 10); !slices.Equal(got, all) {
			t.Errorf("all, newest first: %v, want %v", got, all)
		}
		// Keyset pages: two at a time, nobody missed or repeated.
		var paged []int64
		var after content.Cursor
		for range 4 {
			rs, err := db.ListSubscribers(ctx, newsletter.SubscriberFilter{}, after, 2)
			if err != nil {
				t.Fatal(err)
			}
			if len(rs) == 0 {
				break
			}
			for _, r := range rs {
				paged = append(paged, r.ID)
			}
			last := rs[len(rs)-1]
			after = content.Cursor{PublishedAt: last.CreatedAt, ID: last.ID}
		}
		if !slices.Equal(paged, all) {
			t.Errorf("paged: %v, want %v", paged, all)
		}
		for _, c := range []struct {
			name string
			f    newsletter.SubscriberFilter
			want []int64
		}{
			{"search contains", newsletter.SubscriberFilter{Search: "DER3@"}, []int64{ids[3]}},
			{"search prefix", newsletter.SubscriberFilter{Search: "reader"}, []int64{ids[4], ids[3], ids[2], ids[1], ids[0]}},
			{"underscore is literal", newsletter.SubscriberFilter{Search: "_"}, []int64{under}},
			{"percent is literal", newsletter.SubscriberFilter{Search: "%"}, nil},
			{"newsletter", newsletter.SubscriberFilter{NewsletterID: daily}, []int64{under}},
			{"newsletter and status", newsletter.SubscriberFilter{NewsletterID: weekly, Status: newsletter.StatusConfirmed}, []int64{ids[4], ids[3], ids[2], ids[1]}},
			{"status only", newsletter.SubscriberFilter{Status: newsletter.StatusUnsubscribed}, []int64{ids[0]}},
			{"sector", newsletter.SubscriberFilter{SectorID: sectors[1].ID}, []int64{under}},
			{"everything", newsletter.SubscriberFilter{Search: "reader", NewsletterID: weekly, Status: newsletter.StatusConfirmed, SectorID: sectors[0].ID}, []int64{ids[4], ids[3], ids[2], ids[1]}},
		} {
			if got := list(c.f, content.Cursor{}, 10); !slices.Equal(got, c.want) {
				t.Errorf("%s: %v, want %v", c.name, got, c.want)
			}
		}

		counts, err := db.CountSubscribers(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := []newsletter.SubscriberCount{{NewsletterID: weekly, Confirmed: 4, Unsubscribed: 1}, {NewsletterID: daily, Confirmed: 1}}
		if !slices.Equal(counts, want) {
			t.Errorf("counts %+v, want %+v", counts, want)
		}
		subs, err := db.SubscriptionsOf(ctx, []int64{ids[0], under})
		if err != nil {
			t.Fatal(err)
		}
		if len(subs[ids[0]]) != 1 || subs[ids[0]][0].Status != newsletter.StatusUnsubscribed || len(subs[under]) != 1 || subs[under][0].NewsletterID != daily {
			t.Errorf("subscriptions of readers: %+v", subs)
		}
	})
}
