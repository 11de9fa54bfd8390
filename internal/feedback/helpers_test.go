package feedback_test

import (
	"context"
	"log/slog"
	"slices"
	"testing"
	"time"

	"masthead/internal/feedback"
	"masthead/internal/mail/mailtest"
	"masthead/internal/newsletter"
	"masthead/internal/queue"
	"masthead/internal/store"
)

var start = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

// fixture: the newsletter and feedback services on a fresh database, two
// newsletters, and readers confirmed to both.
type fixture struct {
	db            *store.DB
	nl            *newsletter.Service
	fb            *feedback.Service
	now           time.Time
	weekly, daily int64
}

const bounceDomain = "news.example.org"

func newFixture(t *testing.T, db *store.DB, mailgunKey string) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{db: db, now: start}
	now := func() time.Time { return f.now }
	db.Now = now
	f.nl = newsletter.NewService(newsletter.Options{Store: db, Mail: &mailtest.Recorder{}, Now: now})
	f.nl.UseQueue(queue.New(db, slog.New(slog.DiscardHandler), queue.Options{Now: now}))
	var err error
	if f.weekly, err = f.nl.SaveNewsletter(ctx, newsletter.Newsletter{Name: "The Saturday Guide", SenderName: "N", SenderEmail: "news@example.org", Public: true}); err != nil {
		t.Fatal(err)
	}
	if f.daily, err = f.nl.SaveNewsletter(ctx, newsletter.Newsletter{Name: "Morning Briefing", SenderName: "N", SenderEmail: "news@example.org", Public: true}); err != nil {
		t.Fatal(err)
	}
	f.fb = feedback.New(feedback.Options{Readers: f.nl, Store: db, Now: now, BounceAddress: "bounce@" + bounceDomain, MailgunKey: mailgunKey})
	return f
}

// reader imports a reader confirmed to both newsletters.
func (f *fixture) reader(t *testing.T, email string) newsletter.Reader {
	t.Helper()
	ctx := context.Background()
	if _, err := f.nl.Import(ctx, email, []int64{f.weekly, f.daily}, 0, newsletter.Meta{Method: newsletter.MethodImport, Source: "launch list"}); err != nil {
		t.Fatal(err)
	}
	r, err := f.nl.ReaderByEmail(ctx, email)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func (f *fixture) token(t *testing.T, r newsletter.Reader, p newsletter.Purpose, campaign int64) string {
	t.Helper()
	s, err := f.nl.Signer(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	tok, err := s.Sign(newsletter.Link{ReaderUID: r.UID, NewsletterID: f.weekly, CampaignID: campaign, Purpose: p})
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func (f *fixture) suppressed(t *testing.T, email string) (bool, string) {
	t.Helper()
	ctx := context.Background()
	sup, err := f.nl.Suppressed(ctx, email)
	if err != nil {
		t.Fatal(err)
	}
	if !sup {
		return false, ""
	}
	h, err := f.nl.SubjectHash(ctx, mustNormalize(t, email))
	if err != nil {
		t.Fatal(err)
	}
	s, err := f.db.GetSuppression(ctx, h)
	if err != nil {
		t.Fatal(err)
	}
	return true, s.Reason
}

func mustNormalize(t *testing.T, email string) newsletter.Address {
	a, err := newsletter.Normalize(email)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// statuses returns a reader's subscription status per newsletter.
func (f *fixture) statuses(t *testing.T, r newsletter.Reader) map[int64]string {
	t.Helper()
	subs, err := f.nl.Subscriptions(context.Background(), r.ID)
	if err != nil {
		t.Fatal(err)
	}
	out := map[int64]string{}
	for _, s := range subs {
		out[s.NewsletterID] = s.Status
	}
	return out
}

// methods lists the methods of a reader's consent records after the import.
func (f *fixture) methods(t *testing.T, r newsletter.Reader) []string {
	t.Helper()
	recs, err := f.nl.ConsentHistory(context.Background(), r.ID)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, rec := range recs {
		if rec.Method != newsletter.MethodImport {
			out = append(out, rec.Action+" "+rec.Method)
		}
	}
	slices.Sort(out)
	return out
}

func (f *fixture) counts(t *testing.T, campaign int64) map[string]int {
	t.Helper()
	c, err := f.db.CampaignEventCounts(context.Background(), campaign)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range c {
		if v == 0 {
			delete(c, k)
		}
	}
	return c
}
