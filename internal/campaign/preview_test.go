package campaign_test

import (
	"context"
	"strings"
	"testing"

	"masthead/internal/apperr"
	"masthead/internal/campaign"
	"masthead/internal/issuemail"
	"masthead/internal/mail/mailtest"
	"masthead/internal/newsletter"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

func TestPreviewShowsBothBodiesWithSampleLinks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, mailtest.StartSMTPSink(t, &mailtest.SMTPSink{}), fixtureOptions{})
		ctx := context.Background()
		id := f.save(t)
		p, err := f.svc.Preview(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if p.Subject != "This week in Northbridge" || !strings.Contains(p.HTML, "Story number 0") || !strings.Contains(p.Text, "Story number 1") {
			t.Fatalf("preview: %+v", p)
		}
		for _, body := range []string{p.HTML, p.Text} {
			if strings.Contains(body, issuemail.PlaceholderUnsubscribe) || !strings.Contains(body, "https://news.example.org/newsletters/unsubscribe/") {
				t.Fatalf("preview body keeps a placeholder or lacks the sample link:\n%s", body)
			}
		}
		// The sample link acts on nobody.
		m := unsubRE.FindStringSubmatch(p.Text)
		if _, _, err := f.news.ReaderForLink(ctx, m[1], newsletter.PurposeUnsubscribe); apperr.KindOf(err) != apperr.NotFound {
			t.Fatalf("the preview's unsubscribe link verified: %v", err)
		}
	})
}

func TestSendTestGoesToStaffOnlyMarkedTest(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		snk := mailtest.StartSMTPSink(t, &mailtest.SMTPSink{})
		f := newFixture(t, db, snk, fixtureOptions{})
		ctx := context.Background()
		f.subscribe(t, 0, 2)
		id := f.save(t)
		for _, tc := range []struct {
			addrs []string
			says  string
		}{
			{nil, "at least one"},
			{[]string{"reader@example.org"}, "staff"},
			{[]string{"editor@northbridge.example", "not an address"}, "not an email address"},
		} {
			err := f.svc.SendTest(ctx, id, tc.addrs)
			wantField(t, err, "addresses", tc.says)
		}
		if len(snk.Received()) != 0 {
			t.Fatalf("refused test sends delivered %d messages", len(snk.Received()))
		}
		if err := f.svc.SendTest(ctx, id, []string{" Editor@Northbridge.example "}); err != nil {
			t.Fatal(err)
		}
		got := snk.Received()
		if len(got) != 1 || got[0].To[0] != "Editor@northbridge.example" {
			t.Fatalf("test send delivered %+v", got)
		}
		p := parse(t, got[0].Data)
		if p.header.Get("Subject") != "[Test] This week in Northbridge" {
			t.Fatalf("subject %q", p.header.Get("Subject"))
		}
		m := unsubRE.FindStringSubmatch(p.header.Get("List-Unsubscribe"))
		if m == nil || !strings.Contains(p.text, m[0]) {
			t.Fatalf("test email links: %q", p.header.Get("List-Unsubscribe"))
		}
		if _, _, err := f.news.ReaderForLink(ctx, m[1], newsletter.PurposeUnsubscribe); apperr.KindOf(err) != apperr.NotFound {
			t.Fatalf("the test email's unsubscribe link verified: %v", err)
		}
		// A test changes nothing of the campaign.
		if c := f.get(t, id); c.Status != campaign.StatusDraft || c.Done() != 0 || !c.StartedAt.IsZero() {
			t.Fatalf("after a test send: %s %+v", c.Status, c.Counts)
		}
	})
}
