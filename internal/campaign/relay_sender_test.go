package campaign_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"masthead/internal/campaign"
	"masthead/internal/mail/mailtest"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// A relay that refuses the envelope sender (a VERP bounce address it does
// not allow, a sender domain it cannot resolve) refuses every copy alike:
// that is the relay's fault, not any reader's. The send must stop with the
// checkpoint where it was and the error shown, suppress nobody, and send
// everyone once the relay accepts the sender; before, every reader was
// counted bounced (5.1.8 reads as a bad address) and suppressed for good,
// and the campaign marked sent.
func TestRelayRefusingTheSenderKeepsTheCheckpointAndSuppressesNobody(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		var refusing atomic.Bool
		refusing.Store(true)
		snk := mailtest.StartSMTPSink(t, &mailtest.SMTPSink{RefuseMail: func(from string) error {
			if refusing.Load() {
				return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 8}, Message: "Sender address rejected: Domain not found"}
			}
			return nil
		}})
		f := newFixture(t, db, snk, fixtureOptions{workers: 2, batch: 2, bounce: "bounce@news.example.org"})
		ctx := context.Background()
		const n = 5
		f.subscribe(t, 0, n)
		id := f.save(t)
		if err := f.svc.SendNow(ctx, id); err != nil {
			t.Fatal(err)
		}
		if err := f.q.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		c := f.get(t, id)
		if c.Status != campaign.StatusSending || c.Done() != 0 || c.Checkpoint != 0 || !strings.Contains(c.LastError, "relay") {
			t.Fatalf("sender refused: status %s counts %+v error %q", c.Status, c.Counts, c.LastError)
		}
		for i := range n {
			r, err := f.news.ReaderByEmail(ctx, reader(i))
			if err != nil {
				t.Fatal(err)
			}
			if sup, err := db.GetSuppression(ctx, r.SubjectHash); err == nil && sup.LiftedAt.IsZero() {
				t.Fatalf("%s suppressed because the relay refused the sender: %q", reader(i), sup.Reason)
			}
		}
		refusing.Store(false)
		f.clock.Add(time.Minute)
		if err := f.q.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		c = f.get(t, id)
		by := snk.ByRecipient()
		if c.Status != campaign.StatusSent || c.Sent != n || len(by) != n {
			t.Fatalf("after the relay accepted the sender: %s %+v, sink %v", c.Status, c.Counts, by)
		}
	})
}
