package campaign_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/campaign"
	"masthead/internal/content"
	"masthead/internal/mail/mailtest"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// No email carries an article before its embargo (decision 0042): sending
// now, scheduling earlier and test sends are refused; a scheduled send
// that comes due before the embargo (moved later after scheduling) is
// held and goes out at the embargo.
func TestCampaignWaitsForItsArticlesEmbargo(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		snk := mailtest.StartSMTPSink(t, &mailtest.SMTPSink{})
		f := newFixture(t, db, snk, fixtureOptions{})
		ctx := context.Background()
		f.subscribe(t, 0, 3)
		embargo := f.clock.Now().Add(2 * time.Hour)
		setEmbargo := func(until time.Time) {
			t.Helper()
			a, err := db.GetArticle(ctx, f.articles[0])
			if err != nil {
				t.Fatal(err)
			}
			a.EmbargoUntil = until
			if err := db.UpdateArticle(ctx, content.ArticleWrite{Article: a}); err != nil {
				t.Fatal(err)
			}
		}
		setEmbargo(embargo)
		id := f.save(t, f.articles[0], f.articles[1])

		wantField(t, f.svc.SendNow(ctx, id), "send", `"Story number 0" is embargoed until 1 December 2026 11:00 UTC`)
		wantField(t, f.svc.Schedule(ctx, id, embargo.Add(-time.Minute)), "scheduled_at", "embargoed until")
		if err := f.svc.SendTest(ctx, id, []string{"editor@northbridge.example"}); err == nil || !strings.Contains(err.Error()+apperr.Message(err), "embargoed") {
			t.Fatalf("test send before the embargo: %v", err)
		}
		if err := f.q.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		if c := f.get(t, id); len(snk.Received()) != 0 || c.Status != campaign.StatusDraft {
			t.Fatalf("refused sends: %d emails, status %s", len(snk.Received()), c.Status)
		}

		// Scheduled at the embargo, then the embargo moves an hour later:
		// the send due at the old time is held until the new one.
		if err := f.svc.Schedule(ctx, id, embargo); err != nil {
			t.Fatalf("scheduling at the embargo: %v", err)
		}
		setEmbargo(embargo.Add(time.Hour))
		f.clock.Set(embargo)
		if err := f.q.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		if c := f.get(t, id); len(snk.Received()) != 0 || c.Status != campaign.StatusScheduled {
			t.Fatalf("due before the embargo: %d emails, status %s", len(snk.Received()), c.Status)
		}
		f.clock.Set(embargo.Add(time.Hour))
		if err := f.q.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		if c := f.get(t, id); len(snk.Received()) != 3 || c.Status != campaign.StatusSent {
			t.Fatalf("at the embargo: %d emails, status %s", len(snk.Received()), c.Status)
		}
	})
}
