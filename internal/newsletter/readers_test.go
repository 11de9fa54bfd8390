package newsletter_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/newsletter"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// subscribed signs addr up to ids and confirms, returning the reader.
func (f *fixture) subscribed(t *testing.T, addr string, sector int64, ids ...int64) newsletter.Reader {
	t.Helper()
	ctx := context.Background()
	in := f.signUp(addr, ids...)
	in.SectorID = sector
	if err := f.svc.Subscribe(ctx, in); err != nil {
		t.Fatal(err)
	}
	f.drain(t)
	links := f.confirmLinks(addr)
	if _, err := f.svc.Confirm(ctx, links[len(links)-1]); err != nil {
		t.Fatal(err)
	}
	return f.reader(t, addr)
}

// The download holds every kind of data kept about the reader: the
// address, the sector, each subscription in each state, each sign-up
// request and every consent record with the wording the reader saw.
func TestExportHoldsEverything(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		r := f.subscribed(t, "cat@example.org", f.sector, f.weekly, f.daily)
		if err := f.svc.Unsubscribe(ctx, r.ID, f.daily, newsletter.Meta{Method: newsletter.MethodSignedLink, Source: "/newsletters/unsubscribe"}); err != nil {
			t.Fatal(err)
		}
		extra, err := f.svc.SaveNewsletter(ctx, newsletter.Newsletter{Name: "Policy Team Weekly", SenderName: "Policy", SenderEmail: "policy@northbridge.example", Public: true})
		if err != nil {
			t.Fatal(err)
		}
		if err := f.svc.Subscribe(ctx, f.signUp("cat@example.org", extra)); err != nil { // left pending
			t.Fatal(err)
		}
		f.drain(t)
		raw, err := f.svc.ExportJSON(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		var e newsletter.Export
		if err := json.Unmarshal(raw, &e); err != nil {
			t.Fatal(err)
		}
		secs, _ := f.svc.Sectors(ctx)
		var sectorName string
		for _, s := range secs {
			if s.ID == f.sector {
				sectorName = s.Name
			}
		}
		if e.Email != "cat@example.org" || e.Sector != sectorName || e.CreatedAt.IsZero() {
			t.Errorf("export header %+v", e)
		}
		subs := map[string]string{}
		for _, s := range e.Subscriptions {
			subs[s.Newsletter] = s.Status
		}
		if subs["The Saturday Guide"] != "confirmed" || subs["Morning Briefing"] != "unsubscribed" || subs["Policy Team Weekly"] != "pending" || len(subs) != 3 {
			t.Errorf("subscriptions %v", subs)
		}
		if len(e.Confirmations) != 2 || e.Confirmations[0].UsedAt == nil || e.Confirmations[1].UsedAt != nil || e.Confirmations[1].Newsletters[0] != "Policy Team Weekly" {
			t.Errorf("confirmation requests %+v", e.Confirmations)
		}
		var acts []string
		for _, c := range e.Consent {
			acts = append(acts, c.Action+":"+c.Newsletter)
			if c.Action == "subscribe" && !strings.Contains(c.Wording, "Unsubscribe at any time") {
				t.Errorf("record %+v lacks the wording shown", c)
			}
		}
		want := "subscribe:The Saturday Guide,subscribe:Morning Briefing,confirm:The Saturday Guide,confirm:Morning Briefing,unsubscribe:Morning Briefing,subscribe:Policy Team Weekly"
		if strings.Join(acts, ",") != want {
			t.Errorf("consent records\n got %s\nwant %s", strings.Join(acts, ","), want)
		}
		if strings.Contains(string(raw), r.SubjectHash) || strings.Contains(string(raw), r.UID) {
			t.Error("the export shows the server's keyed hash or link id, which mean nothing to the reader")
		}
	})
}

// Erasure removes the reader and what hangs on them, keeps the consent
// log under the keyed hash only, and suppresses the address: a form or an
// import cannot bring it back until staff lift it.
func TestEraseRemovesAndSuppresses(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		r := f.subscribed(t, "dee@example.org", f.sector, f.weekly)
		signer, err := f.svc.Signer(ctx)
		if err != nil {
			t.Fatal(err)
		}
		link, _ := signer.Sign(newsletter.Link{ReaderUID: r.UID, Purpose: newsletter.PurposePreferences})
		if err := db.CreateReaderSession(ctx, "reader-session-hash", r.ID, "csrf", time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.Erase(ctx, r.ID, newsletter.Meta{Method: newsletter.MethodSignedLink, Source: "/newsletters/preferences"}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Reader(ctx, r.ID); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("reader after erasure: %v", err)
		}
		if subs, _ := f.svc.Subscriptions(ctx, r.ID); len(subs) != 0 {
			t.Errorf("subscriptions after erasure: %+v", subs)
		}
		if id, _, _, err := db.ReaderSession(ctx, "reader-session-hash", time.Now()); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("the erased reader's session still opens: reader %d, %v", id, err)
		}
		if recs, _ := f.svc.ConsentHistory(ctx, r.ID); len(recs) != 0 {
			t.Errorf("consent records still tied to the erased reader: %+v", recs)
		}
		kept, err := f.svc.ConsentHistoryByAddress(ctx, " Dee@example.org")
		if err != nil {
			t.Fatal(err)
		}
		if a := actions(kept); a != "subscribe,confirm,erase" {
			t.Errorf("pseudonymised consent log %s", a)
		}
		for _, rec := range kept {
			if rec.ReaderID != 0 {
				t.Errorf("record %+v still names the reader", rec)
			}
		}
		if _, _, err := f.svc.ReaderForLink(ctx, link, newsletter.PurposePreferences); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("an erased reader's link: %v", err)
		}
		if sup, _ := f.svc.Suppressed(ctx, "DEE@example.org"); !sup {
			t.Error("the erased address is not suppressed")
		}
		f.mail.Reset()
		if err := f.svc.Subscribe(ctx, f.signUp("Dee@Example.org", f.weekly)); err != nil {
			t.Fatalf("signing up an erased address: %v, want the usual nil", err)
		}
		f.drain(t)
		if n, _ := db.CountReaders(ctx); n != 0 {
			t.Errorf("%d readers after an erased address signed up again", n)
		}
		if n := len(f.mail.Messages()); n != 0 {
			t.Errorf("%d emails sent to an erased address", n)
		}
		ok, err := f.svc.Import(ctx, "dee@example.org", []int64{f.weekly}, 0, newsletter.Meta{Method: newsletter.MethodImport, Source: "2019 event list"})
		if err != nil || ok {
			t.Errorf("import of an erased address: %v, %v; want skipped", ok, err)
		}
		if err := f.svc.LiftSuppression(ctx, "dee@example.org", 0); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.Subscribe(ctx, f.signUp("dee@example.org", f.weekly)); err != nil {
			t.Fatal(err)
		}
		f.drain(t)
		if n := len(f.confirmLinks("dee@example.org")); n != 1 {
			t.Errorf("%d confirmation emails after staff lifted the suppression, want 1", n)
		}
	})
}

// A confirmation email queued before the reader was erased is not sent.
func TestErasureCancelsQueuedConfirmation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		if err := f.svc.Subscribe(ctx, f.signUp("eve@example.org", f.weekly)); err != nil {
			t.Fatal(err)
		}
		r := f.reader(t, "eve@example.org")
		if err := f.svc.Erase(ctx, r.ID, newsletter.Meta{Method: newsletter.MethodStaff, Source: "email request", StaffID: 0}); err != nil {
			t.Fatal(err)
		}
		f.drain(t)
		if n := len(f.mail.Messages()); n != 0 {
			t.Errorf("%d emails sent after erasure", n)
		}
	})
}

func TestPreferencesChangeNewslettersAndSector(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		r := f.subscribed(t, "fay@example.org", 0, f.weekly)
		meta := newsletter.Meta{Method: newsletter.MethodSignedLink, Source: "/newsletters/preferences", ConsentVersion: f.wording}
		err := f.svc.UpdatePreferences(ctx, r.ID, newsletter.Preferences{NewsletterIDs: []int64{f.daily}, SectorID: f.sector}, meta)
		if err != nil {
			t.Fatal(err)
		}
		if st := statuses(t, f, r.ID); st[f.weekly] != "unsubscribed" || st[f.daily] != "confirmed" {
			t.Errorf("statuses %v", st)
		}
		if got := f.reader(t, "fay@example.org"); got.SectorID != f.sector {
			t.Errorf("sector %d", got.SectorID)
		}
		recs, _ := f.svc.ConsentHistory(ctx, r.ID)
		if a := actions(recs); a != "subscribe,confirm,unsubscribe,subscribe,confirm" {
			t.Errorf("consent log %s", a)
		}
		// A hidden newsletter cannot be added from the preference centre,
		// nor a retired sector chosen; either refusal changes nothing.
		err = f.svc.UpdatePreferences(ctx, r.ID, newsletter.Preferences{NewsletterIDs: []int64{f.hidden}}, meta)
		wantField(t, err, "newsletters", "from the list")
		if st := statuses(t, f, r.ID); st[f.daily] != "confirmed" {
			t.Errorf("a refused update changed statuses: %v", st)
		}
	})
}

func TestSignedLinks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		r := f.subscribed(t, "gil@example.org", 0, f.weekly)
		signer, err := f.svc.Signer(ctx)
		if err != nil {
			t.Fatal(err)
		}
		unsub, _ := signer.Sign(newsletter.Link{ReaderUID: r.UID, NewsletterID: f.weekly, Purpose: newsletter.PurposeUnsubscribe})
		access, _ := signer.Sign(newsletter.Link{ReaderUID: r.UID, Purpose: newsletter.PurposeAccess, Expires: f.clock.Now().Add(time.Hour)})
		got, l, err := f.svc.ReaderForLink(ctx, unsub, newsletter.PurposeUnsubscribe)
		if err != nil || got.ID != r.ID || l.NewsletterID != f.weekly {
			t.Fatalf("unsubscribe link: %+v %+v %v", got, l, err)
		}
		if _, _, err := f.svc.ReaderForLink(ctx, unsub, newsletter.PurposeAccess); err == nil {
			t.Error("an unsubscribe link opened the data download")
		}
		tampered := []byte(unsub)
		tampered[3] ^= 1
		if _, _, err := f.svc.ReaderForLink(ctx, string(tampered), newsletter.PurposeUnsubscribe); err == nil {
			t.Error("a tampered link was accepted")
		}
		if _, _, err := f.svc.ReaderForLink(ctx, access, newsletter.PurposeAccess); err != nil {
			t.Errorf("fresh access link: %v", err)
		}
		f.clock.Add(time.Hour)
		if _, _, err := f.svc.ReaderForLink(ctx, access, newsletter.PurposeAccess); err == nil {
			t.Error("an expired access link was accepted")
		}
		f.clock.Add(5 * 365 * 24 * time.Hour) // RFC 8058: unsubscribe links keep working
		if _, _, err := f.svc.ReaderForLink(ctx, unsub, newsletter.PurposeUnsubscribe); err != nil {
			t.Errorf("five-year-old unsubscribe link: %v", err)
		}
		// Another service on the same database (another instance) reads
		// the same secret and accepts the link.
		other := newsletter.NewService(newsletter.Options{Store: db, Now: f.clock.Now})
		if _, _, err := other.ReaderForLink(ctx, unsub, newsletter.PurposeUnsubscribe); err != nil {
			t.Errorf("another instance refused the link: %v", err)
		}
	})
}

// An import never brings back a newsletter the reader left, and records
// the source of the consent.
func TestImportKeepsUnsubscribesAndRecordsSource(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		r := f.subscribed(t, "hal@example.org", 0, f.weekly)
		if err := f.svc.UnsubscribeAll(ctx, r.ID, newsletter.Meta{Method: newsletter.MethodSignedLink, Source: "/newsletters/preferences"}); err != nil {
			t.Fatal(err)
		}
		meta := newsletter.Meta{Method: newsletter.MethodImport, Source: "Town hall sign-up sheet, 2026-11-20"}
		for _, addr := range []string{"hal@example.org", "ivy@example.org"} {
			if ok, err := f.svc.Import(ctx, addr, []int64{f.weekly, f.daily}, f.sector, meta); err != nil || !ok {
				t.Fatalf("import %s: %v %v", addr, ok, err)
			}
		}
		if st := statuses(t, f, r.ID); st[f.weekly] != "unsubscribed" || st[f.daily] != "confirmed" {
			t.Errorf("hal after import: %v", st)
		}
		ivy := f.reader(t, "ivy@example.org")
		recs, _ := f.svc.ConsentHistory(ctx, ivy.ID)
		if a := actions(recs); a != "confirm,confirm" || recs[0].Source != meta.Source || recs[0].Method != newsletter.MethodImport {
			t.Errorf("ivy's consent log %s %+v", a, recs)
		}
		_, err := f.svc.Import(ctx, "jo@example.org", []int64{f.weekly}, 0, newsletter.Meta{Method: newsletter.MethodImport})
		wantField(t, err, "source", "where the consent was given")
		_, err = f.svc.Import(ctx, "jo@example.org", []int64{f.weekly}, 0, newsletter.Meta{Method: newsletter.MethodImport, Source: "list\x00"})
		wantField(t, err, "source", "on one line")
		if n := len(f.mail.Messages()); n != 1 {
			t.Errorf("%d emails; an import sends none", n-1)
		}
	})
}

// Addresses typed into a form and never confirmed are not kept once their
// link has expired; confirmed readers, and readers who once confirmed and
// left, stay (their unsubscribes keep imports from bringing them back).
func TestPruneUnconfirmedReaders(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		for _, addr := range []string{"never@example.org", "withdrew@example.org"} {
			if err := f.svc.Subscribe(ctx, f.signUp(addr, f.weekly)); err != nil {
				t.Fatal(err)
			}
		}
		w := f.reader(t, "withdrew@example.org")
		if err := f.svc.UnsubscribeAll(ctx, w.ID, newsletter.Meta{Method: newsletter.MethodSignedLink, Source: "/newsletters/preferences"}); err != nil {
			t.Fatal(err)
		}
		f.subscribed(t, "kept@example.org", 0, f.weekly)
		left := f.subscribed(t, "left@example.org", 0, f.weekly)
		if err := f.svc.UnsubscribeAll(ctx, left.ID, newsletter.Meta{Method: newsletter.MethodOneClick, Source: "List-Unsubscribe-Post"}); err != nil {
			t.Fatal(err)
		}
		never := f.reader(t, "never@example.org")
		f.clock.Add(newsletter.ConfirmLifetime - time.Minute)
		if err := f.svc.PruneUnconfirmed(ctx); err != nil {
			t.Fatal(err)
		}
		if n, _ := db.CountReaders(ctx); n != 4 {
			t.Fatalf("%d readers before the links expired, want 4", n)
		}
		f.clock.Add(2 * time.Minute)
		if err := f.svc.PruneUnconfirmed(ctx); err != nil {
			t.Fatal(err)
		}
		for addr, want := range map[string]bool{"never@example.org": false, "withdrew@example.org": false, "kept@example.org": true, "left@example.org": true} {
			_, err := f.svc.ReaderByEmail(ctx, addr)
			if got := err == nil; got != want {
				t.Errorf("%s kept: %v, want %v (%v)", addr, got, want, err)
			}
		}
		if recs, _ := f.svc.ConsentHistoryByAddress(ctx, "never@example.org"); actions(recs) != "subscribe" || recs[0].SubjectHash != never.SubjectHash {
			t.Errorf("the pruned reader's request record: %s", actions(recs))
		}
	})
}

// A confirmation job that runs after its link would have expired (the
// queue was down) sends nothing: the link could not be used.
func TestExpiredConfirmationIsNotSent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		if err := f.svc.Subscribe(ctx, f.signUp("slow@example.org", f.weekly)); err != nil {
			t.Fatal(err)
		}
		f.clock.Add(newsletter.ConfirmLifetime)
		f.drain(t)
		if n := len(f.mail.Messages()); n != 0 {
			t.Errorf("%d emails with a link that had already expired", n)
		}
	})
}
