package newsletter_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/newsletter"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// A sign-up stays pending and gets one email, the confirmation; the link
// confirms it and the consent log says what was asked where, with which
// wording, and how it was proven.
func TestSubscribeThenConfirmRecordsConsent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		in := f.signUp(" Reader@Example.ORG ", f.weekly, f.daily)
		in.SectorID = f.sector
		if err := f.svc.Subscribe(ctx, in); err != nil {
			t.Fatal(err)
		}
		r := f.reader(t, "reader@example.org")
		if r.Email != "Reader@example.org" {
			t.Errorf("delivery address %q, want the local part as given", r.Email)
		}
		if got := statuses(t, f, r.ID); got[f.weekly] != "pending" || got[f.daily] != "pending" {
			t.Fatalf("before confirming: %v", got)
		}
		if r.SectorID != 0 {
			t.Error("the sector was saved before the address was confirmed")
		}
		if n := len(f.mail.Messages()); n != 0 {
			t.Fatalf("%d emails sent inside the request; they go through the queue", n)
		}
		f.drain(t)
		msgs := f.mail.Messages()
		if len(msgs) != 1 || msgs[0].To[0] != "Reader@example.org" {
			t.Fatalf("want one confirmation email to the reader, got %+v", msgs)
		}
		for _, want := range []string{"The Saturday Guide", "Morning Briefing", "within 7 days"} {
			if !strings.Contains(msgs[0].Text, want) {
				t.Errorf("confirmation email lacks %q:\n%s", want, msgs[0].Text)
			}
		}
		if msgs[0].From != `"The Northbridge Weekly" <news@northbridge.example>` {
			t.Errorf("From = %q", msgs[0].From)
		}
		tokens := f.confirmLinks("Reader@example.org")
		if len(tokens) != 1 {
			t.Fatalf("no confirmation link in:\n%s", msgs[0].Text)
		}
		f.clock.Add(time.Hour)
		got, err := f.svc.Confirm(ctx, tokens[0])
		if err != nil {
			t.Fatal(err)
		}
		if got.Reader.ID != r.ID || len(got.NewsletterIDs) != 2 {
			t.Fatalf("Confirm = %+v", got)
		}
		if st := statuses(t, f, r.ID); st[f.weekly] != "confirmed" || st[f.daily] != "confirmed" {
			t.Fatalf("after confirming: %v", st)
		}
		if r = f.reader(t, "reader@example.org"); r.SectorID != f.sector {
			t.Errorf("sector %d after confirming, want %d", r.SectorID, f.sector)
		}
		recs, err := f.svc.ConsentHistory(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if a := actions(recs); a != "subscribe,subscribe,confirm,confirm" {
			t.Fatalf("consent log %s", a)
		}
		for _, rec := range recs {
			if rec.Source != "/articles/council-budget" || rec.ConsentVersion != f.wording || rec.SubjectHash != r.SubjectHash || rec.ReaderID != r.ID {
				t.Errorf("record %+v lacks its source, wording or subject", rec)
			}
		}
		if recs[2].Method != newsletter.MethodDoubleOptIn || !recs[2].At.Equal(f.clock.Now()) || recs[0].Method != newsletter.MethodForm {
			t.Errorf("records say %q at %v and %q", recs[2].Method, recs[2].At, recs[0].Method)
		}
	})
}

// Whatever is already known about an address, the form's answer is the
// same: nil. Nothing new is recorded or sent for newsletters already
// confirmed, and another spelling of the address is the same reader.
func TestSubscribeAnswersTheSameWhetherOrNotSubscribed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		if err := f.svc.Subscribe(ctx, f.signUp("ann@example.org", f.weekly)); err != nil {
			t.Fatal(err)
		}
		f.drain(t)
		if _, err := f.svc.Confirm(ctx, f.confirmLinks("ann@example.org")[0]); err != nil {
			t.Fatal(err)
		}
		f.mail.Reset()
		again := f.svc.Subscribe(ctx, f.signUp("ANN@example.org", f.weekly))
		if again != nil {
			t.Fatalf("already subscribed: got %v, want the same nil as a new address", again)
		}
		f.drain(t)
		if n := len(f.mail.Messages()); n != 0 {
			t.Errorf("%d emails sent to an address already subscribed to all it asked for", n)
		}
		r := f.reader(t, "ann@example.org")
		recs, _ := f.svc.ConsentHistory(ctx, r.ID)
		if a := actions(recs); a != "subscribe,confirm" {
			t.Errorf("consent log %s after asking again", a)
		}
		if n, _ := db.CountReaders(ctx); n != 1 {
			t.Errorf("%d readers, want 1", n)
		}
		// Asking for one more newsletter needs its own confirmation: a
		// stranger may type a subscriber's address too.
		if err := f.svc.Subscribe(ctx, f.signUp("ann@example.org", f.weekly, f.daily)); err != nil {
			t.Fatal(err)
		}
		f.drain(t)
		if st := statuses(t, f, r.ID); st[f.daily] != "pending" || st[f.weekly] != "confirmed" {
			t.Errorf("statuses %v", st)
		}
		if n := len(f.confirmLinks("ann@example.org")); n != 1 {
			t.Errorf("%d confirmation emails for the new newsletter, want 1", n)
		}
	})
}

func TestConfirmationLinkWorksOnceAndExpires(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		for _, addr := range []string{"once@example.org", "late@example.org"} {
			if err := f.svc.Subscribe(ctx, f.signUp(addr, f.weekly)); err != nil {
				t.Fatal(err)
			}
		}
		f.drain(t)
		once, late := f.confirmLinks("once@example.org")[0], f.confirmLinks("late@example.org")[0]
		if _, err := f.svc.Confirm(ctx, once); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Confirm(ctx, once); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("second use: %v, want NotFound", err)
		}
		if _, err := f.svc.Confirm(ctx, "not-a-token"); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("unknown token: %v, want NotFound", err)
		}
		f.clock.Add(newsletter.ConfirmLifetime + time.Second)
		if _, err := f.svc.Confirm(ctx, late); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("expired link: %v, want NotFound", err)
		}
		r := f.reader(t, "late@example.org")
		if st := statuses(t, f, r.ID); st[f.weekly] != "pending" {
			t.Errorf("an expired link changed the subscription to %q", st[f.weekly])
		}
		recs, _ := f.svc.ConsentHistory(ctx, r.ID)
		if a := actions(recs); a != "subscribe" {
			t.Errorf("consent log %s after an expired link", a)
		}
	})
}

// Unsubscribing is a record of its own: the earlier records stay exactly
// as they were, and a later subscription adds more.
func TestUnsubscribeAppendsAndNeverOverwrites(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		subscribe := func() {
			t.Helper()
			f.mail.Reset()
			if err := f.svc.Subscribe(ctx, f.signUp("bo@example.org", f.weekly)); err != nil {
				t.Fatal(err)
			}
			f.drain(t)
			if _, err := f.svc.Confirm(ctx, f.confirmLinks("bo@example.org")[0]); err != nil {
				t.Fatal(err)
			}
			f.clock.Add(time.Minute)
		}
		subscribe()
		r := f.reader(t, "bo@example.org")
		before, _ := f.svc.ConsentHistory(ctx, r.ID)
		meta := newsletter.Meta{Method: newsletter.MethodOneClick, Source: "List-Unsubscribe-Post"}
		if err := f.svc.Unsubscribe(ctx, r.ID, f.weekly, meta); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.Unsubscribe(ctx, r.ID, f.weekly, meta); err != nil { // a second click
			t.Fatal(err)
		}
		if st := statuses(t, f, r.ID); st[f.weekly] != "unsubscribed" {
			t.Fatalf("status %q", st[f.weekly])
		}
		f.clock.Add(time.Minute)
		subscribe()
		after, _ := f.svc.ConsentHistory(ctx, r.ID)
		if a := actions(after); a != "subscribe,confirm,unsubscribe,subscribe,confirm" {
			t.Fatalf("consent log %s", a)
		}
		for i, rec := range before {
			if after[i] != rec {
				t.Errorf("record %d changed:\n was %+v\n now %+v", i, rec, after[i])
			}
		}
		if w := after[2]; w.Method != newsletter.MethodOneClick || w.Source != "List-Unsubscribe-Post" || w.NewsletterID != f.weekly {
			t.Errorf("withdrawal record %+v", w)
		}
		// Unsubscribing from all ends a pending request as a withdrawal.
		if err := f.svc.Subscribe(ctx, f.signUp("bo@example.org", f.daily)); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.UnsubscribeAll(ctx, r.ID, newsletter.Meta{Method: newsletter.MethodSignedLink, Source: "/newsletters/preferences"}); err != nil {
			t.Fatal(err)
		}
		all, _ := f.svc.ConsentHistory(ctx, r.ID)
		if a := actions(all[5:]); a != "subscribe,unsubscribe,withdraw" && a != "subscribe,withdraw,unsubscribe" {
			t.Errorf("after unsubscribing from all: %s", a)
		}
		if st := statuses(t, f, r.ID); st[f.weekly] != "unsubscribed" || st[f.daily] != "unsubscribed" {
			t.Errorf("statuses %v", st)
		}
	})
}

func TestSectorMustBeFromTheList(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		secs, _ := f.svc.Sectors(ctx)
		if len(secs) != 35 || secs[0].Name != "Administration / Office" || secs[34].Name != "Wellbeing, Community / Social Services" {
			t.Fatalf("default sectors: %d, first %q", len(secs), secs[0].Name)
		}
		retired := secs[5]
		retired.Active = false
		if _, err := f.svc.SaveSector(ctx, retired); err != nil {
			t.Fatal(err)
		}
		for _, id := range []int64{retired.ID, 99999, -1} {
			in := f.signUp("sector@example.org", f.weekly)
			in.SectorID = id
			wantField(t, f.svc.Subscribe(ctx, in), "sector", "Choose a sector from the list")
		}
		if n, _ := db.CountReaders(ctx); n != 0 {
			t.Errorf("a refused sign-up stored %d readers", n)
		}
		_, err := f.svc.SaveSector(ctx, newsletter.Sector{Name: " Arts  and Culture "})
		wantField(t, err, "name", "already a sector")
		_, err = f.svc.SaveSector(ctx, newsletter.Sector{Name: "Night\x00Shift"})
		wantField(t, err, "name", "on one line")
		_, err = f.svc.SaveSector(ctx, newsletter.Sector{Name: "  "})
		wantField(t, err, "name", "Give the sector a name")
	})
}

func TestSignUpValidation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		cases := []struct {
			name, field, says string
			edit              func(*newsletter.SignUp)
		}{
			{"bad address", "email", "such as name@example.org", func(s *newsletter.SignUp) { s.Email = "not an address" }},
			{"no newsletter", "newsletters", "at least one", func(s *newsletter.SignUp) { s.NewsletterIDs = nil }},
			{"hidden newsletter", "newsletters", "from the list", func(s *newsletter.SignUp) { s.NewsletterIDs = []int64{f.hidden} }},
			{"unknown newsletter", "newsletters", "from the list", func(s *newsletter.SignUp) { s.NewsletterIDs = []int64{12345} }},
			{"no wording", "consent_version", "privacy wording", func(s *newsletter.SignUp) { s.ConsentVersion = 0 }},
			{"unknown wording", "consent_version", "not on record", func(s *newsletter.SignUp) { s.ConsentVersion = 999 }},
			{"no source", "source", "where it is", func(s *newsletter.SignUp) { s.Source = " " }},
		}
		for _, c := range cases {
			in := f.signUp("valid@example.org", f.weekly)
			c.edit(&in)
			err := f.svc.Subscribe(ctx, in)
			if apperr.KindOf(err) != apperr.Invalid {
				t.Errorf("%s: %v, want Invalid", c.name, err)
				continue
			}
			wantField(t, err, c.field, c.says)
		}
		// Without the client address the per-client limit would lump every
		// visitor together: that is a fault of the caller, not the reader.
		in := f.signUp("valid@example.org", f.weekly)
		in.Client = ""
		if err := f.svc.Subscribe(ctx, in); err == nil || apperr.KindOf(err) != apperr.Internal {
			t.Errorf("sign-up without a client address: %v, want an internal error", err)
		}
		if n, _ := db.CountReaders(ctx); n != 0 {
			t.Errorf("refused sign-ups stored %d readers", n)
		}
	})
}

func TestNewsletterValidation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		good := newsletter.Newsletter{Name: "Events & Offers", Cadence: "when there is something on", SenderName: "Northbridge Events",
			SenderEmail: "Events@Northbridge.example", Public: true, OnArticles: true}
		id, err := f.svc.SaveNewsletter(ctx, good)
		if err != nil {
			t.Fatal(err)
		}
		n, _ := f.svc.Newsletter(ctx, id)
		if n.Slug != "events-offers" || n.ListID != "events-offers.northbridge.example" || n.SenderEmail != "Events@northbridge.example" || !n.OnArticles {
			t.Errorf("saved %+v", n)
		}
		cases := []struct {
			field, says string
			edit        func(*newsletter.Newsletter)
		}{
			{"name", "Give the newsletter a name", func(n *newsletter.Newsletter) { n.Name = "" }},
			{"name", "at most 120 characters; this one has 121", func(n *newsletter.Newsletter) { n.Name = strings.Repeat("é", 121) }},
			{"description", "at most 2,000 characters", func(n *newsletter.Newsletter) { n.Description = strings.Repeat("x", 2001) }},
			{"cadence", "at most 80", func(n *newsletter.Newsletter) { n.Cadence = strings.Repeat("x", 81) }},
			{"slug", "lower-case letters", func(n *newsletter.Newsletter) { n.Slug = "Bad Slug" }},
			{"sender_name", "name emails come from", func(n *newsletter.Newsletter) { n.SenderName = " " }},
			{"sender_email", "address emails come from", func(n *newsletter.Newsletter) { n.SenderEmail = "nobody" }},
			{"reply_to", "address for replies", func(n *newsletter.Newsletter) { n.ReplyTo = "letters@" }},
			{"list_id", "List-Id such as", func(n *newsletter.Newsletter) { n.ListID = "no dots here" }},
			{"name", "on one line", func(n *newsletter.Newsletter) { n.Name = "Policy\r\nBcc: all@example.org" }},
			{"cadence", "on one line", func(n *newsletter.Newsletter) { n.Cadence = "every\tThursday" }},
			{"sender_name", "on one line", func(n *newsletter.Newsletter) { n.SenderName = "Policy\nTeam" }},
			{"slug", "Another newsletter has this slug", func(n *newsletter.Newsletter) { n.Slug = "events-offers"; n.ListID = "other.example" }},
		}
		for _, c := range cases {
			n := good
			n.Name = "Policy Weekly"
			c.edit(&n)
			_, err := f.svc.SaveNewsletter(ctx, n)
			wantField(t, err, c.field, c.says)
		}
		all, _ := f.svc.Newsletters(ctx)
		if len(all) != 4 {
			t.Errorf("%d newsletters after refused saves, want 4", len(all))
		}
	})
}

// Two sign-ups of one address at the same moment make one reader, and
// neither fails.
func TestParallelSignUpsMakeOneReader(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for i := range 8 {
			wg.Go(func() {
				in := f.signUp(fmt.Sprintf("Twin@Example.org%s", strings.Repeat(" ", i)), f.weekly, f.daily)
				in.Client = fmt.Sprintf("198.51.100.%d", i)
				errs <- f.svc.Subscribe(ctx, in)
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Error(err)
			}
		}
		if n, _ := db.CountReaders(ctx); n != 1 {
			t.Errorf("%d readers for one address, want 1", n)
		}
	})
}

// The form cannot flood an inbox: past the hourly limit the request is
// answered the same but no email goes out.
func TestConfirmationEmailsPerAddressAreLimited(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		for range newsletter.MaxConfirmMails + 2 {
			if err := f.svc.Subscribe(ctx, f.signUp("victim@example.org", f.weekly)); err != nil {
				t.Fatal(err)
			}
			f.drain(t)
		}
		if n := len(f.confirmLinks("victim@example.org")); n != newsletter.MaxConfirmMails {
			t.Errorf("%d confirmation emails in an hour, want %d", n, newsletter.MaxConfirmMails)
		}
		f.clock.Add(time.Hour + time.Second)
		if err := f.svc.Subscribe(ctx, f.signUp("victim@example.org", f.weekly)); err != nil {
			t.Fatal(err)
		}
		f.drain(t)
		if n := len(f.confirmLinks("victim@example.org")); n != newsletter.MaxConfirmMails+1 {
			t.Errorf("%d confirmation emails after the hour, want %d", n, newsletter.MaxConfirmMails+1)
		}
	})
}
