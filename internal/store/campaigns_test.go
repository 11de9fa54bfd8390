package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"masthead/internal/campaign"
	"masthead/internal/mail"
	"masthead/internal/newsletter"
	"masthead/internal/queue"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// campaignWorld is a newsletter, two published articles and readers
// subscribed in various states.
type campaignWorld struct {
	newsletter int64
	articles   []int64
	confirmed  []int64 // reader ids, confirmed at t0
	t0         time.Time
}

func seedCampaignWorld(t *testing.T, db *store.DB) campaignWorld {
	t.Helper()
	ctx := context.Background()
	w := campaignWorld{t0: time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)}
	sec, au := seedTaxonomy(t, db)
	for _, slug := range []string{"first", "second"} {
		id, err := db.CreateArticle(ctx, newArticle(slug, sec, au, w.t0))
		if err != nil {
			t.Fatal(err)
		}
		w.articles = append(w.articles, id)
	}
	var err error
	w.newsletter, err = db.CreateNewsletter(ctx, newsletter.Newsletter{Slug: "weekly", Name: "Weekly", SenderName: "W", SenderEmail: "w@example.org", ListID: "weekly.example.org"})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		a := newsletter.Address{Email: fmt.Sprintf("r%d@example.org", i), Key: fmt.Sprintf("r%d@example.org", i)}
		id, _, err := db.AddSubscriptions(ctx, newsletter.AddRequest{Address: a, SubjectHash: fmt.Sprintf("hash%d", i), NewUID: fmt.Sprintf("dWlk%d", i),
			NewsletterIDs: []int64{w.newsletter}, Meta: newsletter.Meta{Method: newsletter.MethodImport, Source: "test"}, At: w.t0})
		if err != nil {
			t.Fatal(err)
		}
		w.confirmed = append(w.confirmed, id)
	}
	return w
}

func TestCampaignDraftsAndVersions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := seedCampaignWorld(t, db)
		id, err := db.CreateCampaign(ctx, campaign.Campaign{NewsletterID: w.newsletter, Subject: "Hello", Preheader: "pre", Intro: "intro",
			ArticleIDs: []int64{w.articles[1], w.articles[0]}, Track: true, CreatedAt: w.t0})
		if err != nil {
			t.Fatal(err)
		}
		c, err := db.GetCampaign(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if c.Status != campaign.StatusDraft || c.Version != 1 || !c.Track || c.Subject != "Hello" || len(c.ArticleIDs) != 2 ||
			c.ArticleIDs[0] != w.articles[1] || !c.CreatedAt.Equal(w.t0) {
			t.Fatalf("stored campaign %+v", c)
		}
		c.Subject, c.ArticleIDs, c.UpdatedAt = "Hello again", []int64{w.articles[0]}, w.t0.Add(time.Minute)
		if err := db.UpdateCampaign(ctx, c, 1); err != nil {
			t.Fatal(err)
		}
		// A second editor who read version 1 is refused and changes nothing.
		c.Subject = "Stale"
		if err := db.UpdateCampaign(ctx, c, 1); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("stale update: %v, want conflict", err)
		}
		if err := db.UpdateCampaign(ctx, campaign.Campaign{ID: id + 100, NewsletterID: w.newsletter, UpdatedAt: w.t0}, 1); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("missing campaign: %v, want not found", err)
		}
		got, err := db.GetCampaign(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if got.Subject != "Hello again" || got.Version != 2 || len(got.ArticleIDs) != 1 {
			t.Fatalf("after updates: %+v", got)
		}
		id2, err := db.CreateCampaign(ctx, campaign.Campaign{NewsletterID: w.newsletter, Subject: "Second", ArticleIDs: w.articles, CreatedAt: w.t0})
		if err != nil {
			t.Fatal(err)
		}
		list, err := db.ListCampaigns(ctx, w.newsletter, 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 || list[0].ID != id2 || list[1].ID != id || len(list[0].ArticleIDs) != 2 {
			t.Fatalf("list: %+v", list)
		}
		if list, _ = db.ListCampaigns(ctx, 0, id2, 10); len(list) != 1 || list[0].ID != id {
			t.Fatalf("second page: %+v", list)
		}
		// A transition from a status the campaign is not in is refused.
		err = db.TransitionCampaign(ctx, campaign.Transition{ID: id, From: []campaign.Status{campaign.StatusPaused}, To: campaign.StatusSending, Now: w.t0}, nil)
		if !errors.Is(err, store.ErrConflict) {
			t.Fatalf("bad transition: %v", err)
		}
		// One whose job write fails changes nothing.
		err = db.TransitionCampaign(ctx, campaign.Transition{ID: id, From: []campaign.Status{campaign.StatusDraft}, To: campaign.StatusScheduled,
			SetScheduledAt: true, ScheduledAt: w.t0.Add(time.Hour), Now: w.t0}, func(queue.JobWriter) error { return errors.New("queue down") })
		if err == nil {
			t.Fatal("transition with a failing job write succeeded")
		}
		if got, _ := db.GetCampaign(ctx, id); got.Status != campaign.StatusDraft || !got.ScheduledAt.IsZero() {
			t.Fatalf("after failed transition: %s %v", got.Status, got.ScheduledAt)
		}
	})
}

func TestCampaignCheckpointIsCompareAndSet(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := seedCampaignWorld(t, db)
		// A reader confirmed after the start, a suppressed one and an
		// unsubscribed one are not recipients.
		late, _, err := db.AddSubscriptions(ctx, newsletter.AddRequest{Address: newsletter.Address{Email: "late@example.org", Key: "late@example.org"},
			SubjectHash: "late", NewUID: "bGF0ZQ", NewsletterIDs: []int64{w.newsletter}, Meta: newsletter.Meta{Method: newsletter.MethodImport, Source: "t"}, At: w.t0.Add(2 * time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Suppress(ctx, "hash1", "staff", w.t0); err != nil {
			t.Fatal(err)
		}
		if _, err := db.EndSubscriptions(ctx, w.confirmed[2], nil, newsletter.Meta{Method: newsletter.MethodSignedLink, Source: "t"}, w.t0); err != nil {
			t.Fatal(err)
		}
		id, err := db.CreateCampaign(ctx, campaign.Campaign{NewsletterID: w.newsletter, Subject: "S", ArticleIDs: w.articles[:1], CreatedAt: w.t0})
		if err != nil {
			t.Fatal(err)
		}
		start := w.t0.Add(time.Hour)
		if err := db.TransitionCampaign(ctx, campaign.Transition{ID: id, From: []campaign.Status{campaign.StatusDraft}, To: campaign.StatusSending, Now: start}, nil); err != nil {
			t.Fatal(err)
		}
		if err := db.AcquireCampaign(ctx, id, "a", start, start.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if err := db.AcquireCampaign(ctx, id, "b", start, start.Add(time.Minute)); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("second owner acquired a held lease: %v", err)
		}
		f := campaign.Frozen{Message: mail.Message{From: "W <w@example.org>", Subject: "S", Text: "t", HTML: "<p>h</p>", Headers: map[string]string{"List-Id": "<weekly.example.org>"}}}
		n, err := db.CountRecipients(ctx, w.newsletter, start)
		if err != nil || n != 3 {
			t.Fatalf("recipients: %d, %v; want 3", n, err)
		}
		before, err := db.GetCampaign(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.StartCampaign(ctx, id, "a", before.Version-1, f, n, start); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("start with an email built from an older version: %v", err)
		}
		if err := db.StartCampaign(ctx, id, "a", before.Version, f, n, start); err != nil {
			t.Fatal(err)
		}
		if err := db.StartCampaign(ctx, id, "a", before.Version+1, f, n, start); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("second start: %v", err)
		}
		c, err := db.GetCampaign(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if c.Frozen.Message.HTML != "<p>h</p>" || c.Frozen.Message.Headers["List-Id"] != "<weekly.example.org>" || c.Total != 3 || !c.StartedAt.Equal(start) {
			t.Fatalf("frozen: %+v", c)
		}
		page, err := db.Recipients(ctx, w.newsletter, start, 0, 2)
		if err != nil || len(page) != 2 || page[0].ReaderID != w.confirmed[0] || page[1].ReaderID != w.confirmed[3] {
			t.Fatalf("first page %+v %v", page, err)
		}
		rest, err := db.Recipients(ctx, w.newsletter, start, page[1].ReaderID, 2)
		if err != nil || len(rest) != 1 || rest[0].ReaderID != w.confirmed[4] || rest[0].Email != "r4@example.org" {
			t.Fatalf("second page %+v %v (late reader %d)", rest, err, late)
		}
		b := campaign.Batch{CampaignID: id, Owner: "a", From: 0, To: page[1].ReaderID, Sent: 1, Bounced: 1,
			Suppress: []campaign.Suppression{{SubjectHash: "hash3", Reason: "bounced: 550 5.1.1"}}, LeaseUntil: start.Add(time.Minute), Now: start}
		if st, err := db.CommitBatch(ctx, b); err != nil || st != campaign.StatusSending {
			t.Fatalf("commit: %s %v", st, err)
		}
		// The same batch again (a second sender that read the old
		// checkpoint) is refused and counts nothing.
		if _, err := db.CommitBatch(ctx, b); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("second commit from the old checkpoint: %v", err)
		}
		b.From, b.To, b.Owner = page[1].ReaderID, rest[0].ReaderID, "b"
		if _, err := db.CommitBatch(ctx, b); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("commit by a sender without the lease: %v", err)
		}
		sup, err := db.GetSuppression(ctx, "hash3")
		if err != nil || sup.Reason != "bounced: 550 5.1.1" {
			t.Fatalf("bounced reader suppression: %+v %v", sup, err)
		}
		if n, _ := db.CountRecipients(ctx, w.newsletter, start); n != 2 {
			t.Fatalf("recipients after the bounce: %d, want 2", n)
		}
		c, _ = db.GetCampaign(ctx, id)
		if c.Checkpoint != page[1].ReaderID || c.Sent != 1 || c.Bounced != 1 || c.Failed != 0 {
			t.Fatalf("counts after commits: %+v", c.Counts)
		}
		// Paused by staff: the sender learns it from its next renewal.
		if err := db.TransitionCampaign(ctx, campaign.Transition{ID: id, From: []campaign.Status{campaign.StatusSending}, To: campaign.StatusPaused, Now: start}, nil); err != nil {
			t.Fatal(err)
		}
		if st, err := db.RenewCampaign(ctx, id, "a", start.Add(2*time.Minute)); err != nil || st != campaign.StatusPaused {
			t.Fatalf("renew: %s %v", st, err)
		}
		if _, err := db.RenewCampaign(ctx, id, "b", start.Add(2*time.Minute)); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("renew by another owner: %v", err)
		}
		if err := db.ReleaseCampaign(ctx, id, "a", "relay down"); err != nil {
			t.Fatal(err)
		}
		if err := db.AcquireCampaign(ctx, id, "b", start, start.Add(time.Minute)); err != nil {
			t.Fatalf("acquire after release: %v", err)
		}
		c, _ = db.GetCampaign(ctx, id)
		if c.LastError != "relay down" {
			t.Fatalf("last error %q", c.LastError)
		}
		// Finishing a campaign staff paused at its last batch keeps it
		// paused and lets its lease go.
		if err := db.FinishCampaign(ctx, id, "b", start); err != nil {
			t.Fatal(err)
		}
		if c, _ = db.GetCampaign(ctx, id); c.Status != campaign.StatusPaused || !c.FinishedAt.IsZero() {
			t.Fatalf("finish of a paused campaign: %s %v", c.Status, c.FinishedAt)
		}
		if err := db.AcquireCampaign(ctx, id, "c", start, start.Add(time.Minute)); err != nil {
			t.Fatalf("the lease was kept after finishing: %v", err)
		}
	})
}
