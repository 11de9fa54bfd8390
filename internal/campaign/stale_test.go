package campaign_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"masthead/internal/campaign"
	"masthead/internal/mail/mailtest"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// acquireHook is the database with a hook that runs just before a
// sender takes the campaign's lease.
type acquireHook struct {
	*store.DB
	before func()
}

func (a *acquireHook) AcquireCampaign(ctx context.Context, id int64, owner string, now, until time.Time) error {
	if h := a.before; h != nil {
		a.before = nil
		h()
	}
	return a.DB.AcquireCampaign(ctx, id, owner, now, until)
}

// A sender that read the campaign while another held it, and got the
// lease once that one let go, must go on from where that one stopped, not
// from what it read before: a send command following a server's send, or
// a second instance whose job ran while the first finished, sent the
// readers between the two checkpoints (or everyone after it, once the
// campaign was sent) a second copy.
func TestSenderTakingOverReadsTheCheckpointAfterTakingTheLease(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		snk := mailtest.StartSMTPSink(t, &mailtest.SMTPSink{})
		f := newFixture(t, db, snk, fixtureOptions{workers: 2, batch: 2})
		ctx := context.Background()
		const n = 12
		f.subscribe(t, 0, n)
		id := f.save(t)
		if err := f.svc.SendNow(ctx, id); err != nil {
			t.Fatal(err)
		}
		// The first sender records a batch or two and is paused; resumed,
		// the campaign is sending from its checkpoint.
		paused := false
		if err := f.svc.Run(ctx, id, func(campaign.Progress) {
			if !paused {
				paused = true
				if err := f.svc.Pause(ctx, id); err != nil {
					t.Error(err)
				}
			}
		}); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.Resume(ctx, id); err != nil {
			t.Fatal(err)
		}
		if c := f.get(t, id); c.Checkpoint == 0 || c.Done() >= n || c.Status != campaign.StatusSending {
			t.Fatalf("after the pause: %s %+v", c.Status, c.Counts)
		}
		// A second sender reads the campaign; before it takes the lease,
		// the first one carries the send to its end and lets go.
		hooked := &acquireHook{DB: db}
		late := campaign.NewService(campaign.Options{Store: hooked, Newsletters: f.news, Mail: f.smtp, Now: f.clock.Now,
			Publication: publication, Workers: 2, BatchSize: 2, Lease: 30 * time.Second, Owner: "late-sender"})
		hooked.before = func() {
			if err := f.svc.Run(ctx, id, nil); err != nil {
				t.Error(err)
			}
		}
		if err := late.Run(ctx, id, nil); err != nil {
			t.Fatalf("the late sender: %v", err)
		}
		if hooked.before != nil {
			t.Fatal("the hook did not run: the test proves nothing")
		}
		by := snk.ByRecipient()
		for i := range n {
			if by[reader(i)] != 1 {
				t.Fatalf("%s received %d copies, want 1 (all: %v)", reader(i), by[reader(i)], by)
			}
		}
		if c := f.get(t, id); c.Status != campaign.StatusSent || c.Sent != n {
			t.Fatalf("at the end: %s %+v", c.Status, c.Counts)
		}
	})
}

// linksHook is the database with a hook that runs when a starting send
// stores its click targets: after it built the email, before it froze it.
type linksHook struct {
	*store.DB
	after func()
}

func (l *linksHook) SaveCampaignLinks(ctx context.Context, id int64, urls []string) error {
	err := l.DB.SaveCampaignLinks(ctx, id, urls)
	if h := l.after; h != nil {
		l.after = nil
		h()
	}
	return err
}

// An editor's save that lands while the send job builds the email (a
// scheduled campaign, saved a moment before its time) must be what goes
// out: before, the email built from the older version was frozen and sent,
// though the save had succeeded.
func TestSaveWhileTheSendStartsIsWhatGoesOut(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		snk := mailtest.StartSMTPSink(t, &mailtest.SMTPSink{})
		f := newFixture(t, db, snk, fixtureOptions{workers: 2, batch: 2})
		ctx := context.Background()
		const n = 3
		f.subscribe(t, 0, n)
		id := f.save(t)
		if err := f.svc.Schedule(ctx, id, f.clock.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		f.clock.Add(time.Hour)
		hooked := &linksHook{DB: db}
		svc := campaign.NewService(campaign.Options{Store: hooked, Newsletters: f.news, Mail: f.smtp, Now: f.clock.Now,
			Publication: publication, Workers: 2, BatchSize: 2, Lease: 30 * time.Second, Owner: "job"})
		hooked.after = func() {
			// Still scheduled: the save is allowed until the start.
			c := f.get(t, id)
			if _, err := f.svc.Save(ctx, campaign.Draft{ID: id, NewsletterID: f.weekly, Subject: "Corrected subject",
				ArticleIDs: c.ArticleIDs, Version: c.Version, By: f.staff}); err != nil {
				t.Errorf("the save during the start: %v", err)
			}
		}
		if err := svc.Run(ctx, id, nil); err != nil {
			t.Fatal(err)
		}
		if hooked.after != nil {
			t.Fatal("the hook did not run: the test proves nothing")
		}
		c := f.get(t, id)
		if c.Frozen.Message.Subject != "Corrected subject" || c.Status != campaign.StatusSent {
			t.Fatalf("sent %s with subject %q, want the saved one", c.Status, c.Frozen.Message.Subject)
		}
		for _, m := range snk.Received() {
			if !bytes.Contains(m.Data, []byte("Subject: Corrected subject")) {
				t.Fatalf("%s received the email as it was before the save", m.To[0])
			}
		}
		if len(snk.Received()) != n {
			t.Fatalf("sink received %d, want %d", len(snk.Received()), n)
		}
	})
}
