package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"masthead/internal/campaign"
	"masthead/internal/mail"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// Staff may move a scheduled campaign later while its job, due at the old
// time, is already building the email: the start must then be refused, as
// StartCampaign says, not send it at the old time.
func TestStartCampaignRefusesAScheduledCampaignNotYetDue(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := seedCampaignWorld(t, db)
		id, err := db.CreateCampaign(ctx, campaign.Campaign{NewsletterID: w.newsletter, Subject: "S", ArticleIDs: w.articles[:1], CreatedAt: w.t0})
		if err != nil {
			t.Fatal(err)
		}
		now, later := w.t0.Add(time.Hour), w.t0.Add(3*time.Hour)
		if err := db.TransitionCampaign(ctx, campaign.Transition{ID: id, From: []campaign.Status{campaign.StatusDraft}, To: campaign.StatusScheduled,
			SetScheduledAt: true, ScheduledAt: later, Now: now}, nil); err != nil {
			t.Fatal(err)
		}
		if err := db.AcquireCampaign(ctx, id, "a", now, now.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		f := campaign.Frozen{Message: mail.Message{From: "W <w@example.org>", Subject: "S", Text: "t", HTML: "<p>h</p>"}}
		c, err := db.GetCampaign(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.StartCampaign(ctx, id, "a", c.Version, f, 3, now); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("start two hours before its time: %v, want a conflict", err)
		}
		if c, err := db.GetCampaign(ctx, id); err != nil || c.Status != campaign.StatusScheduled || !c.StartedAt.IsZero() {
			t.Fatalf("after the refused start: %s started %v (%v)", c.Status, c.StartedAt, err)
		}
		if err := db.StartCampaign(ctx, id, "a", c.Version, f, 3, later); err != nil {
			t.Fatalf("start at its time: %v", err)
		}
	})
}
