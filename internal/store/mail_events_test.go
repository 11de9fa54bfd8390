package store_test

import (
	"context"
	"maps"
	"testing"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/newsletter"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

func TestMailEventsCountReadersOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		nl, err := db.CreateNewsletter(ctx, newsletter.Newsletter{Slug: "weekly", Name: "Weekly", SenderName: "N", SenderEmail: "n@example.org",
			ListID: "weekly.example.org", Track: true})
		if err != nil {
			t.Fatal(err)
		}
		if n, _ := db.GetNewsletter(ctx, nl); !n.Track {
			t.Error("track was not saved")
		}
		at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
		add := func(email string) int64 {
			id, _, err := db.AddSubscriptions(ctx, newsletter.AddRequest{Address: newsletter.Address{Email: email, Key: email},
				SubjectHash: "h-" + email, NewUID: "uid-" + email, NewsletterIDs: []int64{nl},
				Meta: newsletter.Meta{Method: newsletter.MethodStaff, Source: "test"}, At: at})
			if err != nil {
				t.Fatal(err)
			}
			return id
		}
		ann, bob := add("ann@example.org"), add("bob@example.org")
		const campaign = 42
		if err := db.SaveCampaignLinks(ctx, campaign, []string{"https://example.org/a", "https://example.org/b?x=1"}); err != nil {
			t.Fatal(err)
		}
		record := func(reader int64, kind string, link int, want bool) {
			t.Helper()
			got, err := db.RecordMailEvent(ctx, newsletter.MailEvent{CampaignID: campaign, NewsletterID: nl, ReaderID: reader, Kind: kind, Link: link,
				Detail: "550 5.1.1", At: at})
			if err != nil || got != want {
				t.Errorf("%s by %d (link %d): new %v, %v; want %v", kind, reader, link, got, err, want)
			}
		}
		record(ann, newsletter.EventOpen, -1, true)
		record(ann, newsletter.EventOpen, -1, false) // a second open adds nothing
		record(bob, newsletter.EventOpen, -1, true)
		record(ann, newsletter.EventClick, 0, true)
		record(ann, newsletter.EventClick, 1, true)
		record(ann, newsletter.EventClick, 1, false)
		record(bob, newsletter.EventClick, 1, true)
		record(bob, newsletter.EventBounce, -1, true)
		record(bob, newsletter.EventBounce, -1, false)
		record(ann, newsletter.EventUnsubscribe, -1, true)
		// Another campaign is counted apart.
		if _, err := db.RecordMailEvent(ctx, newsletter.MailEvent{CampaignID: campaign + 1, ReaderID: ann, Kind: newsletter.EventOpen, Link: -1, At: at}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.RecordMailEvent(ctx, newsletter.MailEvent{CampaignID: campaign, ReaderID: ann, Kind: "purchase", Link: -1, At: at}); err == nil {
			t.Error("an unknown kind was recorded")
		}
		want := map[string]int{"open": 2, "click": 2, "bounce": 1, "soft_bounce": 0, "complaint": 0, "unsubscribe": 1}
		counts, err := db.CampaignEventCounts(ctx, campaign)
		if err != nil || !maps.Equal(counts, want) {
			t.Errorf("counts %v, %v; want %v", counts, err, want)
		}
		if clicks, err := db.CampaignClickCounts(ctx, campaign); err != nil || !maps.Equal(clicks, map[int]int{0: 1, 1: 2}) {
			t.Errorf("click counts %v, %v", clicks, err)
		}

		// The reader's events, with the click targets, for the export.
		evs, err := db.ListMailEvents(ctx, ann)
		if err != nil || len(evs) != 5 {
			t.Fatalf("ann's events: %+v, %v; want open, two clicks, unsubscribe, and the other campaign's open", evs, err)
		}
		if evs[1].Kind != "click" || evs[1].URL != "https://example.org/a" || evs[2].URL != "https://example.org/b?x=1" || evs[0].NewsletterID != nl {
			t.Errorf("ann's events: %+v", evs)
		}

		// Erasure: the events lose the reader, the counts stay.
		if err := db.EraseReader(ctx, bob, newsletter.Meta{Method: newsletter.MethodStaff, Source: "test"}, at); err != nil {
			t.Fatal(err)
		}
		if evs, err := db.ListMailEvents(ctx, bob); err != nil || len(evs) != 0 {
			t.Errorf("an erased reader's events: %+v, %v", evs, err)
		}
		if named, err := db.ReadInt(ctx, `SELECT COUNT(*) FROM mail_events WHERE reader_id IS NOT NULL AND reader_id <> ?`, ann); err != nil || named != 0 {
			t.Errorf("%d events still name the erased reader (%v)", named, err)
		}
		if counts, _ := db.CampaignEventCounts(ctx, campaign); !maps.Equal(counts, want) {
			t.Errorf("counts after erasure %v; want %v", counts, want)
		}
	})
}

func TestCampaignLinks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := db.SaveCampaignLinks(ctx, 7, []string{"https://example.org/one", "http://example.org/two"}); err != nil {
			t.Fatal(err)
		}
		// A resumed send saves again: the links already emailed stay.
		if err := db.SaveCampaignLinks(ctx, 7, []string{"https://example.org/changed", "http://example.org/two", "https://example.org/three"}); err != nil {
			t.Fatal(err)
		}
		for n, want := range []string{"https://example.org/one", "http://example.org/two", "https://example.org/three"} {
			if got, err := db.CampaignLink(ctx, 7, n); err != nil || got != want {
				t.Errorf("link %d: %q, %v; want %q", n, got, err, want)
			}
		}
		for _, n := range []int{-1, 3, 1 << 30} {
			if _, err := db.CampaignLink(ctx, 7, n); apperr.KindOf(err) != apperr.NotFound {
				t.Errorf("link %d: %v, want not found", n, err)
			}
		}
		if _, err := db.CampaignLink(ctx, 8, 0); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("another campaign's link: %v", err)
		}
		// Only absolute web addresses are stored: a click redirects there.
		for _, bad := range []string{"javascript:alert(1)", "//evil.example/x", "/relative", "https://user:pw@example.org/", "https://example.org/a b",
			"https://example.org/\nLocation: x", "data:text/html,hi", "", "https://"} {
			if err := db.SaveCampaignLinks(ctx, 9, []string{"https://example.org/ok", bad}); apperr.KindOf(err) != apperr.Invalid {
				t.Errorf("link %q: %v, want refused", bad, err)
			}
		}
		if _, err := db.CampaignLink(ctx, 9, 0); apperr.KindOf(err) != apperr.NotFound {
			t.Error("a refused list stored some of its links")
		}
	})
}
