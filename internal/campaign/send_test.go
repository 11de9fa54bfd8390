package campaign_test

import (
	"bytes"
	"context"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	netmail "net/mail"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/emersion/go-smtp"

	"masthead/internal/campaign"
	"masthead/internal/mail/mailtest"
	"masthead/internal/newsletter"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// parsed is one received message: its headers and decoded bodies.
type parsed struct {
	header     netmail.Header
	text, html string
}

func parse(t *testing.T, data []byte) parsed {
	t.Helper()
	m, err := netmail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	p := parsed{header: m.Header}
	_, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	mr := multipart.NewReader(m.Body, params["boundary"])
	for {
		part, err := mr.NextRawPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		var body []byte
		if part.Header.Get("Content-Transfer-Encoding") == "quoted-printable" {
			body, err = io.ReadAll(quotedprintable.NewReader(part))
		} else {
			body, err = io.ReadAll(part)
		}
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(part.Header.Get("Content-Type"), "text/html") {
			p.html = string(body)
		} else {
			p.text = string(body)
		}
	}
	return p
}

var unsubRE = regexp.MustCompile(`https://news\.example\.org/newsletters/unsubscribe/([A-Za-z0-9_-]+)`)

func TestSendDeliversEachConfirmedReaderTheirOwnCopy(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		snk := mailtest.StartSMTPSink(t, &mailtest.SMTPSink{})
		f := newFixture(t, db, snk, fixtureOptions{workers: 3, batch: 2, bounce: "bounce@news.example.org"})
		ctx := context.Background()
		f.subscribe(t, 0, 7)
		// Not recipients: an unsubscribed reader, a suppressed one, one who
		// never confirmed, and a reader of the other newsletter only.
		r1, _ := f.news.ReaderByEmail(ctx, reader(1))
		if err := f.news.Unsubscribe(ctx, r1.ID, f.weekly, newsletter.Meta{Method: newsletter.MethodSignedLink, Source: "email"}); err != nil {
			t.Fatal(err)
		}
		if err := f.news.Suppress(ctx, reader(2), newsletter.ReasonComplaint); err != nil {
			t.Fatal(err)
		}
		wording, err := f.news.ConsentVersion(ctx, "We send you the newsletters you choose.")
		if err != nil {
			t.Fatal(err)
		}
		if err := f.news.Subscribe(ctx, newsletter.SignUp{Email: "pending@example.org", NewsletterIDs: []int64{f.weekly}, Source: "/newsletters", ConsentVersion: wording, Client: "192.0.2.1"}); err != nil {
			t.Fatal(err)
		}
		if ok, err := f.news.Import(ctx, "other@example.org", []int64{f.other}, 0, newsletter.Meta{Method: newsletter.MethodImport, Source: "t"}); err != nil || !ok {
			t.Fatal(err)
		}
		id := f.save(t)
		if err := f.svc.SendNow(ctx, id); err != nil {
			t.Fatal(err)
		}
		if err := f.q.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		got := snk.ByRecipient()
		want := []string{reader(0), reader(3), reader(4), reader(5), reader(6)}
		if len(got) != len(want) {
			t.Fatalf("received by %v, want %v", got, want)
		}
		for _, w := range want {
			if got[w] != 1 {
				t.Fatalf("%s received %d copies, want 1 (all: %v)", w, got[w], got)
			}
		}
		c := f.get(t, id)
		if c.Status != campaign.StatusSent || c.Total != 5 || c.Sent != 5 || c.Failed+c.Bounced+c.Unconfirmed != 0 || c.FinishedAt.IsZero() {
			t.Fatalf("campaign after the send: status %s counts %+v finished %v", c.Status, c.Counts, c.FinishedAt)
		}
		signer, err := f.news.Signer(ctx)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, m := range snk.Received() {
			p := parse(t, m.Data)
			rd, err := f.news.ReaderByEmail(ctx, m.To[0])
			if err != nil {
				t.Fatal(err)
			}
			to, err := netmail.ParseAddress(p.header.Get("To"))
			if err != nil || to.Address != m.To[0] || p.header.Get("Subject") != "This week in Northbridge" ||
				p.header.Get("List-Id") != `"The Saturday Guide" <the-saturday-guide.northbridge.example>` ||
				p.header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" || !strings.Contains(p.header.Get("From"), "news@northbridge.example") {
				t.Fatalf("headers of %s: %v", m.To[0], p.header)
			}
			// The unsubscribe link in the header, the text and the HTML is
			// this reader's, for this newsletter and campaign.
			hm := unsubRE.FindStringSubmatch(p.header.Get("List-Unsubscribe"))
			if hm == nil || !strings.Contains(p.text, hm[0]) || !strings.Contains(p.html, `href="`+hm[0]+`"`) {
				t.Fatalf("%s: unsubscribe link %v not in both bodies:\n%s\n%s", m.To[0], hm, p.text, p.html)
			}
			l, err := signer.Verify(hm[1], newsletter.PurposeUnsubscribe, f.clock.Now())
			if err != nil || l.ReaderUID != rd.UID || l.NewsletterID != f.weekly || l.CampaignID != id {
				t.Fatalf("%s: unsubscribe token names %+v (%v)", m.To[0], l, err)
			}
			if seen[hm[1]] {
				t.Fatal("two readers got the same unsubscribe link")
			}
			seen[hm[1]] = true
			if !strings.Contains(p.text, "Story number 0") || !strings.Contains(p.html, "https://news.example.org/articles/story-1") ||
				!strings.Contains(p.text, "https://news.example.org/newsletters/preferences/") {
				t.Fatalf("%s: bodies miss the articles or the preferences link:\n%s", m.To[0], p.text)
			}
			// VERP: the envelope sender and the mailto carry the same bounce token.
			local, _, _ := strings.Cut(m.From, "@")
			token, ok := strings.CutPrefix(local, "bounce+")
			if !ok || !strings.HasSuffix(m.From, "@news.example.org") || !strings.Contains(p.header.Get("List-Unsubscribe"), "<mailto:unsubscribe+"+token+"@news.example.org>") {
				t.Fatalf("%s: envelope %q, List-Unsubscribe %q", m.To[0], m.From, p.header.Get("List-Unsubscribe"))
			}
			if l, err := signer.Verify(token, newsletter.PurposeBounce, f.clock.Now()); err != nil || l.ReaderUID != rd.UID || l.CampaignID != id {
				t.Fatalf("%s: bounce token %+v (%v)", m.To[0], l, err)
			}
		}
	})
}

func TestBadRecipientIsSuppressedAndCountedAsBounced(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		snk := mailtest.StartSMTPSink(t, &mailtest.SMTPSink{RefuseRcpt: func(to string) error {
			switch to {
			case reader(1):
				return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such user"}
			case reader(2):
				return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 7, 1}, Message: "Message refused by policy"}
			}
			return nil
		}})
		f := newFixture(t, db, snk, fixtureOptions{workers: 2, batch: 3})
		ctx := context.Background()
		f.subscribe(t, 0, 5)
		id := f.save(t)
		if err := f.svc.SendNow(ctx, id); err != nil {
			t.Fatal(err)
		}
		if err := f.q.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		c := f.get(t, id)
		if c.Status != campaign.StatusSent || c.Sent != 3 || c.Bounced != 1 || c.Failed != 1 || len(snk.Received()) != 3 {
			t.Fatalf("status %s counts %+v, sink got %d", c.Status, c.Counts, len(snk.Received()))
		}
		if sup, err := f.news.Suppressed(ctx, reader(1)); err != nil || !sup {
			t.Fatalf("the 550 5.1.1 reader is not suppressed (%v)", err)
		}
		// A policy refusal is about the message, not the address.
		if sup, err := f.news.Suppressed(ctx, reader(2)); err != nil || sup {
			t.Fatalf("the 5.7.1 reader was suppressed (%v)", err)
		}
		h, _ := f.news.SubjectHash(ctx, mustAddr(t, reader(1)))
		s, err := db.GetSuppression(ctx, h)
		if err != nil || !strings.Contains(s.Reason, "550 5.1.1") {
			t.Fatalf("suppression reason %q (%v), want the SMTP reply", s.Reason, err)
		}
	})
}

func mustAddr(t *testing.T, email string) newsletter.Address {
	t.Helper()
	a, err := newsletter.Normalize(email)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// With tracking on for the newsletter, the campaign stores its click
// targets when the send starts and each copy carries its reader's own
// tracking token in the click and open addresses.
func TestTrackedCampaignStoresItsLinksAndSignsEachReader(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		snk := mailtest.StartSMTPSink(t, &mailtest.SMTPSink{})
		f := newFixture(t, db, snk, fixtureOptions{})
		ctx := context.Background()
		n, err := f.news.Newsletter(ctx, f.weekly)
		if err != nil {
			t.Fatal(err)
		}
		n.Track = true
		if _, err := f.news.SaveNewsletter(ctx, n); err != nil {
			t.Fatal(err)
		}
		f.subscribe(t, 0, 2)
		id := f.save(t)
		if !f.get(t, id).Track {
			t.Fatal("the campaign did not copy the newsletter's tracking flag")
		}
		if err := f.svc.SendNow(ctx, id); err != nil {
			t.Fatal(err)
		}
		if err := f.q.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		var targets []string
		for i := 0; ; i++ {
			u, err := db.CampaignLink(ctx, id, i)
			if err != nil {
				break
			}
			targets = append(targets, u)
		}
		if !slices.Contains(targets, "https://news.example.org/articles/story-0") || !slices.Contains(targets, "https://news.example.org/articles/story-1") {
			t.Fatalf("stored click targets %v miss the articles", targets)
		}
		signer, err := f.news.Signer(ctx)
		if err != nil {
			t.Fatal(err)
		}
		clickRE := regexp.MustCompile(`https://news\.example\.org/newsletters/c/([A-Za-z0-9_-]+)/0"`)
		for _, m := range snk.Received() {
			p := parse(t, m.Data)
			cm := clickRE.FindStringSubmatch(p.html)
			if cm == nil || !strings.Contains(p.html, "https://news.example.org/newsletters/o/"+cm[1]+".gif") {
				t.Fatalf("%s: no click or open address with one token in:\n%s", m.To[0], p.html)
			}
			rd, _ := f.news.ReaderByEmail(ctx, m.To[0])
			if l, err := signer.Verify(cm[1], newsletter.PurposeTrack, f.clock.Now()); err != nil || l.ReaderUID != rd.UID || l.CampaignID != id {
				t.Fatalf("%s: tracking token %+v (%v)", m.To[0], l, err)
			}
		}
	})
}
