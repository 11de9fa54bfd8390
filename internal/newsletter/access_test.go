package newsletter_test

import (
	"context"
	"regexp"
	"testing"
	"time"

	"masthead/internal/newsletter"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

var accessRE = regexp.MustCompile(`https://news\.example\.org/newsletters/data/([A-Za-z0-9_-]+)`)

// The access link goes to the reader's own address, opens the reader's
// data for an hour only, and at most MaxAccessMails are sent an hour.
func TestSendAccessLink(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		if _, err := f.svc.Import(ctx, "ann@example.org", []int64{f.weekly}, 0, newsletter.Meta{Method: newsletter.MethodImport, Source: "list"}); err != nil {
			t.Fatal(err)
		}
		r := f.reader(t, "ann@example.org")
		for range newsletter.MaxAccessMails + 2 {
			if err := f.svc.SendAccessLink(ctx, r.ID); err != nil {
				t.Fatal(err)
			}
		}
		msgs := f.mail.Messages()
		if len(msgs) != newsletter.MaxAccessMails {
			t.Fatalf("%d access emails, want %d", len(msgs), newsletter.MaxAccessMails)
		}
		if msgs[0].To[0] != "ann@example.org" {
			t.Errorf("sent to %v", msgs[0].To)
		}
		sm := accessRE.FindStringSubmatch(msgs[0].Text)
		if sm == nil {
			t.Fatalf("no link in %q", msgs[0].Text)
		}
		if got, _, err := f.svc.ReaderForLink(ctx, sm[1], newsletter.PurposeAccess); err != nil || got.ID != r.ID {
			t.Fatalf("access link: %v %v", got.ID, err)
		}
		if _, _, err := f.svc.ReaderForLink(ctx, sm[1], newsletter.PurposePreferences); err == nil {
			t.Error("the access link opens the preference centre")
		}
		f.clock.Add(newsletter.AccessLifetime + time.Second)
		if _, _, err := f.svc.ReaderForLink(ctx, sm[1], newsletter.PurposeAccess); err == nil {
			t.Error("the access link works after its hour")
		}
		// An hour later the limit has room again.
		if err := f.svc.SendAccessLink(ctx, r.ID); err != nil {
			t.Fatal(err)
		}
		if n := len(f.mail.Messages()); n != newsletter.MaxAccessMails+1 {
			t.Errorf("after an hour: %d emails", n)
		}
	})
}
