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

// A relay refusing the issue itself at the end of DATA (a content
// filter, an unverified sender) refuses every copy: after a run of such
// refusals the send stops with the relay's message and keeps its
// checkpoint, instead of marking the whole list failed and the campaign
// sent with nothing delivered. One copy refused among accepted ones is
// that reader's failure and the send goes on.
func TestRelayRefusingTheIssueStopsTheSend(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		var refusing atomic.Bool
		refusing.Store(true)
		snk := mailtest.StartSMTPSink(t, &mailtest.SMTPSink{RefuseData: func(m mailtest.SMTPMail) error {
			to := m.To[0]
			if refusing.Load() || to == reader(3) {
				return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 7, 1}, Message: "Message rejected: Email address is not verified"}
			}
			return nil
		}})
		f := newFixture(t, db, snk, fixtureOptions{workers: 2, batch: 5})
		ctx := context.Background()
		const n = 60
		f.subscribe(t, 0, n)
		id := f.save(t)
		if err := f.svc.SendNow(ctx, id); err != nil {
			t.Fatal(err)
		}
		if err := f.q.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		c := f.get(t, id)
		limit := campaign.RelayRefusalLimit
		if c.Status != campaign.StatusSending || c.Failed >= limit+2*5 || c.Sent != 0 || !strings.Contains(c.LastError, "in a row") {
			t.Fatalf("relay refusing the issue: status %s counts %+v error %q", c.Status, c.Counts, c.LastError)
		}
		refusing.Store(false)
		f.clock.Add(time.Minute)
		if err := f.q.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		c = f.get(t, id)
		if c.Status != campaign.StatusSent || c.Sent+c.Failed != n || c.Sent < n-limit-2*5 {
			t.Fatalf("after the relay accepted the issue: %s %+v", c.Status, c.Counts)
		}
	})
}
