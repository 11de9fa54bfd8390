package campaign_test

import (
	"context"
	"testing"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/campaign"
	"masthead/internal/mail/mailtest"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

func TestSaveChecksEveryFieldAndStoresNothingWhenOneIsWrong(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, mailtest.StartSMTPSink(t, &mailtest.SMTPSink{}), fixtureOptions{})
		ctx := context.Background()
		long := make([]byte, campaign.MaxSubjectChars+1)
		for i := range long {
			long[i] = 'a'
		}
		for _, tc := range []struct {
			name  string
			d     campaign.Draft
			field string
			says  string
		}{
			{"no subject", campaign.Draft{NewsletterID: f.weekly, Subject: "  ", ArticleIDs: f.articles[:1]}, "subject", "subject line"},
			{"long subject", campaign.Draft{NewsletterID: f.weekly, Subject: string(long), ArticleIDs: f.articles[:1]}, "subject", "200"},
			{"subject on two lines", campaign.Draft{NewsletterID: f.weekly, Subject: "a\nb", ArticleIDs: f.articles[:1]}, "subject", "line"},
			{"no newsletter", campaign.Draft{NewsletterID: 999, Subject: "s", ArticleIDs: f.articles[:1]}, "newsletter", "Choose a newsletter"},
			{"no articles", campaign.Draft{NewsletterID: f.weekly, Subject: "s"}, "articles", "at least one"},
			{"unpublished article", campaign.Draft{NewsletterID: f.weekly, Subject: "s", ArticleIDs: []int64{f.articles[0], f.draft}}, "articles", "published"},
			{"missing article", campaign.Draft{NewsletterID: f.weekly, Subject: "s", ArticleIDs: []int64{12345}}, "articles", "published"},
			{"article twice", campaign.Draft{NewsletterID: f.weekly, Subject: "s", ArticleIDs: []int64{f.articles[0], f.articles[0]}}, "articles", "once"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := f.svc.Save(ctx, tc.d)
				wantField(t, err, tc.field, tc.says)
			})
		}
		if list, err := f.svc.List(ctx, 0, 0, 10); err != nil || len(list) != 0 {
			t.Fatalf("refused saves stored %d campaigns (%v)", len(list), err)
		}
	})
}

func TestSaveGetListAndEditConflicts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, mailtest.StartSMTPSink(t, &mailtest.SMTPSink{}), fixtureOptions{})
		ctx := context.Background()
		id := f.save(t, f.articles[2], f.articles[0])
		c := f.get(t, id)
		if c.Status != campaign.StatusDraft || c.Subject != "This week in Northbridge" || c.Preheader != "Council budget, new library" ||
			c.Intro != "Hello readers." || len(c.ArticleIDs) != 2 || c.ArticleIDs[0] != f.articles[2] || c.CreatedBy != f.staff || c.Version != 1 || !c.Editable() {
			t.Fatalf("saved draft: %+v", c)
		}
		// Two editors open version 1; the first save wins, the second is told.
		d := campaign.Draft{ID: id, NewsletterID: f.weekly, Subject: "Edited", ArticleIDs: f.articles[:1], Version: 1}
		if _, err := f.svc.Save(ctx, d); err != nil {
			t.Fatal(err)
		}
		d.Subject = "Overwritten"
		if _, err := f.svc.Save(ctx, d); apperr.KindOf(err) != apperr.Conflict {
			t.Fatalf("stale save: %v, want a conflict", err)
		}
		if c := f.get(t, id); c.Subject != "Edited" || c.Version != 2 || len(c.ArticleIDs) != 1 {
			t.Fatalf("after the stale save: %+v", c)
		}
		if _, err := f.svc.Get(ctx, id+50); apperr.KindOf(err) != apperr.NotFound {
			t.Fatalf("missing campaign: %v", err)
		}
		other, err := f.svc.Save(ctx, campaign.Draft{NewsletterID: f.other, Subject: "Briefing", ArticleIDs: f.articles[:1]})
		if err != nil {
			t.Fatal(err)
		}
		all, err := f.svc.List(ctx, 0, 0, 10)
		if err != nil || len(all) != 2 || all[0].ID != other {
			t.Fatalf("list: %+v %v", all, err)
		}
		weekly, err := f.svc.List(ctx, f.weekly, 0, 10)
		if err != nil || len(weekly) != 1 || weekly[0].ID != id {
			t.Fatalf("weekly list: %+v %v", weekly, err)
		}
	})
}

func TestRecentIsTheLastWeeksNewestPublished(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, mailtest.StartSMTPSink(t, &mailtest.SMTPSink{}), fixtureOptions{})
		ctx := context.Background()
		ids, err := f.svc.Recent(ctx, 2)
		if err != nil || len(ids) != 2 || ids[0] != f.articles[0] || ids[1] != f.articles[1] {
			t.Fatalf("recent 2: %v %v, want %v", ids, err, f.articles[:2])
		}
		// Eight days on, none of them is from the last week.
		f.clock.Add(8 * 24 * time.Hour)
		if ids, err := f.svc.Recent(ctx, 5); err != nil || len(ids) != 0 {
			t.Fatalf("recent after a week: %v %v", ids, err)
		}
	})
}
