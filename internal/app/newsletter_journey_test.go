package app_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"errors"
	"io"
	"math/big"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/http"
	netmail "net/mail"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/chromedp/cdproto/security"
	"github.com/chromedp/chromedp"

	"masthead/internal/app"
	"masthead/internal/auth"
	"masthead/internal/browsertest"
	"masthead/internal/campaign"
	"masthead/internal/config"
	"masthead/internal/content"
	"masthead/internal/mail/mailtest"
	"masthead/internal/newsletter"
	"masthead/internal/store/storetest"
)

// TestReaderNewsletterJourney is a reader's whole life with a newsletter,
// in Chromium against the running application (serve's wiring, its queue
// and a real SMTP server): sign up on an article page, confirm from the
// email the SMTP server received, receive an issue staff send, change
// preferences and unsubscribe from the links in that issue, and leave a
// second newsletter by the one-click POST of its List-Unsubscribe header.
// axe checks every page on the way; the consent log tells the story.
//
// It runs on SQLite only: loading the demo publication is most of its
// time, and a second engine would double it; the store calls on its way
// are tested on both engines in their own packages and in
// TestReaderLinksThroughTheServer.
func TestReaderNewsletterJourney(t *testing.T) {
	const email = "ruth.ellis@example.com"
	b := browsertest.Start(t)
	ctx := context.Background()
	j := startJourneyServer(t, storetest.SQLite)
	srv := j.srv
	nls, err := srv.Newsletters.Newsletters(ctx)
	if err != nil {
		t.Fatal(err)
	}
	guide, briefing := newsletterBySlug(t, nls, "saturday-guide"), newsletterBySlug(t, nls, "morning-briefing")
	sectors, err := srv.Newsletters.Sectors(ctx)
	if err != nil || len(sectors) < 10 {
		t.Fatalf("sectors: %d, %v", len(sectors), err)
	}
	firstSector, secondSector := sectors[3], sectors[7]
	arts, err := srv.DB.ListPublished(ctx, content.Filter{}, content.Cursor{}, 2)
	if err != nil || len(arts) < 2 {
		t.Fatalf("published articles: %v", err)
	}
	article := arts[0]

	tab := b.NewTab(t)
	// The server's certificate is the test's own: the page is served over
	// HTTPS, as List-Unsubscribe-Post requires (RFC 8058).
	if _, err := chromedp.Call(tab, security.SetIgnoreCertificateErrors, security.SetIgnoreCertificateErrorsParams{Ignore: true}); err != nil {
		t.Fatal(err)
	}

	// 1. Sign up on the article page.
	if code := browsertest.Navigate(t, tab, j.base+"/articles/"+article.Slug); code != 200 {
		t.Fatalf("article page: HTTP %d", code)
	}
	browsertest.AssertNoAxeViolations(t, tab)
	guideBox := "#signup-nl-" + strconv.FormatInt(guide.ID, 10)
	if label := browsertest.Text(t, tab, `label[for="`+guideBox[1:]+`"] strong`); label != guide.Name {
		t.Fatalf("the article's sign-up block offers %q, want %q", label, guide.Name)
	}
	browsertest.Click(t, tab, guideBox)
	browsertest.SendKeys(t, tab, "#signup-email", email)
	browsertest.SetValue(t, tab, "#signup-sector", strconv.FormatInt(firstSector.ID, 10))
	if code := browsertest.ClickAndWait(t, tab, ".signup button[type=submit]"); code != 200 {
		t.Fatalf("sign-up: HTTP %d; page: %s", code, browsertest.Text(t, tab, "main"))
	}
	if h1 := browsertest.Text(t, tab, "h1"); h1 != "Check your inbox" {
		t.Fatalf("after signing up, h1 = %q; page: %s", h1, browsertest.Text(t, tab, "main"))
	}
	browsertest.AssertNoAxeViolations(t, tab)

	// 2. The confirmation email, read as a mail client would.
	confirmMail := j.awaitMail(t, "the confirmation email", func(m receivedMail) bool {
		return m.to == email && strings.HasPrefix(m.subject, "Confirm your subscription")
	})
	if !strings.Contains(confirmMail.text, guide.Name) {
		t.Errorf("the confirmation email does not name %q:\n%s", guide.Name, confirmMail.text)
	}
	confirmURL := regexp.MustCompile(regexp.QuoteMeta(j.base) + `/newsletters/confirm/[A-Za-z0-9_-]+`).FindString(confirmMail.text)
	if confirmURL == "" {
		t.Fatalf("no confirmation link to %s in the email's text:\n%s", j.base, confirmMail.text)
	}
	if r, err := srv.Newsletters.ReaderByEmail(ctx, email); err != nil {
		t.Fatal(err)
	} else if st := subscriptionStatus(t, srv, r.ID); st[guide.ID] != newsletter.StatusPending {
		t.Fatalf("before confirming: %v, want %s pending", st, guide.Name)
	}
	browsertest.Navigate(t, tab, confirmURL)
	if h1 := browsertest.Text(t, tab, "h1"); h1 != "Confirm your subscription" {
		t.Fatalf("the confirmation link shows h1 %q", h1)
	}
	browsertest.AssertNoAxeViolations(t, tab)
	if code := browsertest.ClickAndWait(t, tab, "main form button[type=submit]"); code != 200 {
		t.Fatalf("confirm: HTTP %d", code)
	}
	if h1 := browsertest.Text(t, tab, "h1"); h1 != "You're subscribed" {
		t.Fatalf("after confirming, h1 = %q", h1)
	}
	if li := browsertest.Text(t, tab, "main li"); li != guide.Name {
		t.Errorf("the confirmed page lists %q, want %q", li, guide.Name)
	}
	browsertest.AssertNoAxeViolations(t, tab)
	reader, err := srv.Newsletters.ReaderByEmail(ctx, email)
	if err != nil {
		t.Fatal(err)
	}
	if st := subscriptionStatus(t, srv, reader.ID); st[guide.ID] != newsletter.StatusConfirmed || len(st) != 1 {
		t.Fatalf("after confirming: %v, want only %s confirmed", st, guide.Name)
	}
	if reader.SectorID != firstSector.ID {
		t.Errorf("sector after sign-up %d, want %d (%s)", reader.SectorID, firstSector.ID, firstSector.Name)
	}

	// 3. Staff send an issue; the server's queue sends it.
	staff, err := srv.Auth.CreateUser(ctx, "editor@example.org", "Eddie Editor", "a long enough password", auth.RoleEditor)
	if err != nil {
		t.Fatal(err)
	}
	issue, issueID := j.sendIssue(t, email, staff.ID, guide.ID, "This week in Northbridge", article.ID)
	if !strings.Contains(issue.text, article.Headline) || !strings.Contains(issue.html, article.Headline) {
		t.Errorf("the issue lacks the article %q in a part", article.Headline)
	}

	// 4. The issue's unsubscribe headers, then its preference link.
	guideUnsub := j.checkUnsubscribeHeaders(t, issue)
	unsubLink, prefsLink := htmlLink(t, issue.html, "Unsubscribe"), htmlLink(t, issue.html, "Manage your newsletters")
	if unsubLink != guideUnsub {
		t.Errorf("the visible unsubscribe link %s is not the List-Unsubscribe one %s", unsubLink, guideUnsub)
	}
	if !strings.Contains(issue.text, unsubLink) || !strings.Contains(issue.text, prefsLink) {
		t.Errorf("the text part lacks the unsubscribe or preferences link:\n%s", issue.text)
	}
	if !strings.HasPrefix(prefsLink, j.base+newsletter.PreferencesPath) {
		t.Fatalf("preferences link %q does not lead to %s", prefsLink, j.base)
	}
	if code := browsertest.Navigate(t, tab, prefsLink); code != 200 {
		t.Fatalf("preferences: HTTP %d", code)
	}
	if got := browsertest.Text(t, tab, "main strong"); got != email {
		t.Errorf("the preference centre is for %q, want %q", got, email)
	}
	guideChoice, briefingChoice := "#newsletter-"+strconv.FormatInt(guide.ID, 10), "#newsletter-"+strconv.FormatInt(briefing.ID, 10)
	if got := checked(t, tab, guideChoice, briefingChoice); got != [2]bool{true, false} {
		t.Errorf("preferences tick %s and %s: %v, want [true false]", guide.Name, briefing.Name, got)
	}
	browsertest.AssertNoAxeViolations(t, tab)
	browsertest.Click(t, tab, briefingChoice)
	browsertest.SetValue(t, tab, "#sector", strconv.FormatInt(secondSector.ID, 10))
	if code := browsertest.ClickAndWait(t, tab, `form[method="post"] button[type="submit"]`); code != 200 {
		t.Fatalf("saving preferences: HTTP %d", code)
	}
	if got := browsertest.Text(t, tab, `[role="status"]`); got != "Your preferences are saved." {
		t.Errorf("after saving, the note says %q", got)
	}
	if got := checked(t, tab, guideChoice, briefingChoice); got != [2]bool{true, true} {
		t.Errorf("after saving, the page ticks %v, want both", got)
	}
	if got := browsertest.Eval[string](t, tab, `document.querySelector("#sector").value`); got != strconv.FormatInt(secondSector.ID, 10) {
		t.Errorf("after saving, the sector shown is %s, want %d", got, secondSector.ID)
	}
	browsertest.AssertNoAxeViolations(t, tab)
	if st := subscriptionStatus(t, srv, reader.ID); st[guide.ID] != newsletter.StatusConfirmed || st[briefing.ID] != newsletter.StatusConfirmed {
		t.Fatalf("stored after saving preferences: %v", st)
	}
	if r, err := srv.Newsletters.Reader(ctx, reader.ID); err != nil || r.SectorID != secondSector.ID {
		t.Errorf("stored sector %d (%v), want %d", r.SectorID, err, secondSector.ID)
	}

	// 5. The visible unsubscribe link asks first; the button unsubscribes
	// from that newsletter only.
	if code := browsertest.Navigate(t, tab, unsubLink); code != 200 {
		t.Fatalf("unsubscribe link: HTTP %d", code)
	}
	if h1 := browsertest.Text(t, tab, "h1"); h1 != "Unsubscribe from "+guide.Name+"?" {
		t.Errorf("unsubscribe link: h1 = %q", h1)
	}
	browsertest.AssertNoAxeViolations(t, tab)
	if st := subscriptionStatus(t, srv, reader.ID); st[guide.ID] != newsletter.StatusConfirmed {
		t.Fatalf("opening the unsubscribe link unsubscribed by itself: %v", st)
	}
	if code := browsertest.ClickAndWait(t, tab, "main form button"); code != 200 {
		t.Fatalf("unsubscribe button: HTTP %d", code)
	}
	if h1 := browsertest.Text(t, tab, "h1"); h1 != "You are unsubscribed" {
		t.Errorf("after the button, h1 = %q", h1)
	}
	if got := browsertest.Text(t, tab, `[role="status"]`); !strings.Contains(got, email) || !strings.Contains(got, guide.Name) {
		t.Errorf("after the button, the page says %q", got)
	}
	browsertest.AssertNoAxeViolations(t, tab)
	if st := subscriptionStatus(t, srv, reader.ID); st[guide.ID] != newsletter.StatusUnsubscribed || st[briefing.ID] != newsletter.StatusConfirmed {
		t.Fatalf("after unsubscribing from %s: %v, want only it left", guide.Name, st)
	}

	// The newsletter added in the preferences sends an issue too; its
	// List-Unsubscribe URL takes a one-click POST from a mail provider.
	second, secondID := j.sendIssue(t, email, staff.ID, briefing.ID, "Five things before work", arts[1].ID)
	briefingUnsub := j.checkUnsubscribeHeaders(t, second)
	before := consentHistory(t, srv, reader.ID)
	j.oneClick(t, briefingUnsub)
	if st := subscriptionStatus(t, srv, reader.ID); st[guide.ID] != newsletter.StatusUnsubscribed || st[briefing.ID] != newsletter.StatusUnsubscribed {
		t.Fatalf("after the one-click POST: %v, want both unsubscribed", st)
	}
	// A provider that repeats the POST, or one for the first issue, gets
	// the same answer and nothing is recorded twice.
	after := consentHistory(t, srv, reader.ID)
	j.oneClick(t, briefingUnsub)
	j.oneClick(t, guideUnsub)
	if again := consentHistory(t, srv, reader.ID); len(again) != len(after) || len(after) != len(before)+1 {
		t.Errorf("consent records: %d before the one-click, %d after, %d after repeats; want one more, then none", len(before), len(after), len(again))
	}

	// Staff see each issue's unsubscribe among its results, once.
	for _, id := range []int64{issueID, secondID} {
		if counts, err := srv.DB.CampaignEventCounts(ctx, id); err != nil || counts[newsletter.EventUnsubscribe] != 1 {
			t.Errorf("campaign %d counts %v (%v), want 1 unsubscribe", id, counts, err)
		}
	}

	// The reader's mailbox holds what they asked for, each once.
	var inbox []string
	for _, raw := range j.sink.Raw() {
		if m := parseMail(t, raw); m.to == email {
			inbox = append(inbox, m.subject)
		}
	}
	if want := []string{confirmMail.subject, issue.subject, second.subject}; !slices.Equal(inbox, want) {
		t.Errorf("the reader received %q, want %q", inbox, want)
	}

	// 6. The consent log, oldest first.
	type rec struct{ newsletter, action, method, source string }
	want := []rec{
		{guide.Name, newsletter.ActionSubscribe, newsletter.MethodForm, "/articles/" + article.Slug},
		{guide.Name, newsletter.ActionConfirm, newsletter.MethodDoubleOptIn, "/articles/" + article.Slug},
		{briefing.Name, newsletter.ActionSubscribe, newsletter.MethodSignedLink, newsletter.PreferencesPath},
		{briefing.Name, newsletter.ActionConfirm, newsletter.MethodSignedLink, newsletter.PreferencesPath},
		{guide.Name, newsletter.ActionUnsubscribe, newsletter.MethodSignedLink, newsletter.UnsubscribePath},
		{briefing.Name, newsletter.ActionUnsubscribe, newsletter.MethodOneClick, newsletter.UnsubscribePath},
	}
	names := map[int64]string{}
	for _, n := range nls {
		names[n.ID] = n.Name
	}
	var got []rec
	for _, c := range after {
		got = append(got, rec{names[c.NewsletterID], c.Action, c.Method, c.Source})
	}
	if !slices.Equal(got, want) {
		t.Errorf("consent history:\n got %q\nwant %q", got, want)
	}
	for i := 1; i < len(after); i++ {
		if after[i].At.Before(after[i-1].At) {
			t.Errorf("consent records out of order: %v before %v", after[i-1].At, after[i].At)
		}
	}
	for _, i := range []int{0, 2} { // the form's and the preference centre's wording
		if i < len(after) && after[i].ConsentVersion == 0 {
			t.Errorf("consent record %d (%s %s) does not name the wording shown", i, after[i].Action, after[i].Source)
		}
	}
}

// journeyServer is the application as serve runs it, over HTTPS, sending
// through a real SMTP server.
type journeyServer struct {
	srv    *app.Server
	base   string // https://127.0.0.1:port, also MASTHEAD_BASE_URL
	sink   *mailtest.SMTPSink
	client *http.Client // trusts the test certificate; no cookies, no redirects followed
	seen   int          // messages of the sink already matched
}

func startJourneyServer(t *testing.T, e storetest.Engine) *journeyServer {
	t.Helper()
	sink := mailtest.StartSMTPSink(t, &mailtest.SMTPSink{})
	smtpAddr := sink.Addr
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "https://" + ln.Addr().String()
	env := []string{
		"MASTHEAD_ADDR=" + ln.Addr().String(),
		"MASTHEAD_DATA=" + t.TempDir(),
		"MASTHEAD_DATABASE_URL=" + storetest.URL(t, e),
		"MASTHEAD_SMTP_URL=smtp://" + smtpAddr,
		"MASTHEAD_BASE_URL=" + base,
		"MASTHEAD_BOUNCE_ADDRESS=bounce@news.example.org",
		"MASTHEAD_MAIL_FROM=The Northbridge Weekly <newsroom@northbridge.example>",
	}
	cfg, err := config.Load(env, nil, io.Discard, "serve", nil)
	if err != nil {
		ln.Close()
		t.Fatal(err)
	}
	srv, err := app.Build(context.Background(), cfg, quiet, true)
	if err != nil {
		ln.Close()
		t.Fatal(err)
	}
	srv.Auth.SetHashCost(4)
	// TLS ends in front of the server, as a proxy would end it.
	tlsConf := selfSigned(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Run(ctx, tls.NewListener(ln, tlsConf)) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	pool := x509.NewCertPool()
	pool.AddCert(tlsConf.Certificates[0].Leaf)
	client := &http.Client{
		Transport:     &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Timeout:       10 * time.Second,
	}
	t.Cleanup(client.CloseIdleConnections)
	return &journeyServer{srv: srv, base: base, sink: sink, client: client}
}

// sendIssue saves a campaign of one article and sends it now through the
// server's queue, and returns the copy that reached to once the whole
// send is finished.
func (j *journeyServer) sendIssue(t *testing.T, to string, staffID, newsletterID int64, subject string, articleID int64) (receivedMail, int64) {
	t.Helper()
	ctx := context.Background()
	id, err := j.srv.Campaigns.Save(ctx, campaign.Draft{NewsletterID: newsletterID, Subject: subject, ArticleIDs: []int64{articleID}, By: staffID})
	if err != nil {
		t.Fatal(err)
	}
	if err := j.srv.Campaigns.SendNow(ctx, id); err != nil {
		t.Fatal(err)
	}
	m := j.awaitMail(t, "the issue "+strconv.Quote(subject), func(m receivedMail) bool {
		return m.to == to && m.subject == subject
	})
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := j.srv.Campaigns.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if c.Status == campaign.StatusSent {
			if c.Sent != c.Total || c.Sent < 2 {
				t.Errorf("campaign %q: sent %d of %d", subject, c.Sent, c.Total)
			}
			return m, id
		}
		if time.Now().After(deadline) {
			t.Fatalf("campaign %q is %s 10s after the reader's copy arrived", subject, c.Status)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// checkUnsubscribeHeaders checks an issue's List-Id and unsubscribe
// headers and returns its HTTPS unsubscribe URL.
func (j *journeyServer) checkUnsubscribeHeaders(t *testing.T, m receivedMail) string {
	t.Helper()
	if m.header.Get("List-Id") == "" {
		t.Error("the issue has no List-Id")
	}
	if got := m.header.Get("List-Unsubscribe-Post"); got != "List-Unsubscribe=One-Click" {
		t.Errorf("List-Unsubscribe-Post = %q", got)
	}
	lu := m.header.Get("List-Unsubscribe")
	sm := regexp.MustCompile(`^<(https://[^>]+)>, <mailto:(unsubscribe\+[A-Za-z0-9._=-]+@news\.example\.org)>$`).FindStringSubmatch(lu)
	if sm == nil {
		t.Fatalf("List-Unsubscribe = %q, want an https URL and a mailto at the bounce domain", lu)
	}
	if !strings.HasPrefix(sm[1], j.base+newsletter.UnsubscribePath) {
		t.Fatalf("List-Unsubscribe URL %q does not lead to %s", sm[1], j.base)
	}
	return sm[1]
}

// oneClick posts an RFC 8058 unsubscribe as a mail provider does: no
// cookies, no Origin of this site; it must answer 200 without a redirect.
func (j *journeyServer) oneClick(t *testing.T, u string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, u, strings.NewReader("List-Unsubscribe=One-Click"))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := j.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Header.Get("Location") != "" {
		t.Fatalf("one-click POST: %d, Location %q; want 200 without a redirect", res.StatusCode, res.Header.Get("Location"))
	}
}

// receivedMail is a message the SMTP server received, decoded.
type receivedMail struct {
	header      netmail.Header
	to, subject string
	text, html  string
}

// awaitMail waits up to 10 seconds for a message not matched before that
// satisfies match.
func (j *journeyServer) awaitMail(t *testing.T, what string, match func(receivedMail) bool) receivedMail {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		msgs := j.sink.Raw()
		for i := j.seen; i < len(msgs); i++ {
			if m := parseMail(t, msgs[i]); match(m) {
				j.seen = i + 1
				return m
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not arrive within 10s (%d messages received)", what, len(msgs))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// parseMail decodes a message as a mail client does: headers, then the
// text/plain and text/html parts, in any multipart nesting, undoing
// quoted-printable and base64.
func parseMail(t *testing.T, raw string) receivedMail {
	t.Helper()
	msg, err := netmail.ReadMessage(strings.NewReader(raw))
	if err != nil {
		t.Fatalf("unreadable message: %v\n%s", err, raw)
	}
	m := receivedMail{header: msg.Header}
	if to, err := netmail.ParseAddress(msg.Header.Get("To")); err == nil {
		m.to = to.Address
	}
	if m.subject, err = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject")); err != nil {
		t.Fatalf("subject %q: %v", msg.Header.Get("Subject"), err)
	}
	var walk func(contentType, encoding string, body io.Reader)
	walk = func(contentType, encoding string, body io.Reader) {
		mt, params, err := mime.ParseMediaType(contentType)
		if contentType == "" {
			mt, err = "text/plain", nil
		}
		if err != nil {
			t.Fatalf("Content-Type %q: %v", contentType, err)
		}
		if strings.HasPrefix(mt, "multipart/") {
			mr := multipart.NewReader(body, params["boundary"])
			for {
				p, err := mr.NextRawPart()
				if errors.Is(err, io.EOF) {
					return
				}
				if err != nil {
					t.Fatalf("multipart: %v", err)
				}
				walk(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p)
			}
		}
		switch strings.ToLower(encoding) {
		case "quoted-printable":
			body = quotedprintable.NewReader(body)
		case "base64":
			body = base64.NewDecoder(base64.StdEncoding, body)
		}
		b, err := io.ReadAll(body)
		if err != nil {
			t.Fatalf("%s part: %v", mt, err)
		}
		switch mt {
		case "text/plain":
			m.text = string(b)
		case "text/html":
			m.html = string(b)
		}
	}
	walk(msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body)
	return m
}

// htmlLink returns the href of the one link whose text is text.
func htmlLink(t *testing.T, body, text string) string {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var hrefs []string
	doc.Find("a").Each(func(_ int, a *goquery.Selection) {
		if strings.TrimSpace(a.Text()) == text {
			hrefs = append(hrefs, a.AttrOr("href", ""))
		}
	})
	if len(hrefs) != 1 {
		t.Fatalf("the HTML part has %d links %q, want one", len(hrefs), text)
	}
	return hrefs[0]
}

func newsletterBySlug(t *testing.T, nls []newsletter.Newsletter, slug string) newsletter.Newsletter {
	t.Helper()
	for _, n := range nls {
		if n.Slug == slug {
			return n
		}
	}
	t.Fatalf("no newsletter %q in the demo", slug)
	return newsletter.Newsletter{}
}

// subscriptionStatus maps a reader's newsletters to their status.
func subscriptionStatus(t *testing.T, srv *app.Server, readerID int64) map[int64]string {
	t.Helper()
	subs, err := srv.Newsletters.Subscriptions(context.Background(), readerID)
	if err != nil {
		t.Fatal(err)
	}
	st := map[int64]string{}
	for _, s := range subs {
		st[s.NewsletterID] = s.Status
	}
	return st
}

func consentHistory(t *testing.T, srv *app.Server, readerID int64) []newsletter.ConsentRecord {
	t.Helper()
	h, err := srv.Newsletters.ConsentHistory(context.Background(), readerID)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// checked says whether the two checkboxes are ticked.
func checked(t *testing.T, tab context.Context, a, b string) [2]bool {
	t.Helper()
	v := browsertest.Eval[[]bool](t, tab, `["`+a+`", "`+b+`"].map(s => document.querySelector(s).checked)`)
	return [2]bool{v[0], v[1]}
}

// selfSigned is a TLS configuration with a fresh certificate for 127.0.0.1.
func selfSigned(t *testing.T) *tls.Config {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, BasicConstraintsValid: true, IsCA: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}}}
}
