package feedback_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"maps"
	"net"
	"net/smtp"
	"net/textproto"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"masthead/internal/feedback"
	"masthead/internal/newsletter"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

const postfixDSN = `Return-Path: <>
From: MAILER-DAEMON@mx.example.com (Mail Delivery System)
Subject: Undelivered Mail Returned to Sender
To: %[1]s
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
	boundary="8A2F4C1E3D.1764580800/mx.example.com"

This is a MIME-encapsulated message.

--8A2F4C1E3D.1764580800/mx.example.com
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mx.example.com.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients.

<%[2]s>: host mx.example.com[192.0.2.1] said: 550 5.1.1
    <%[2]s>: Recipient address rejected: User unknown in virtual mailbox
    table (in reply to RCPT TO command)

--8A2F4C1E3D.1764580800/mx.example.com
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.com
X-Postfix-Queue-ID: 8A2F4C1E3D
X-Postfix-Sender: rfc822; %[1]s
Arrival-Date: Tue,  1 Dec 2026 09:00:00 +0000 (UTC)

Final-Recipient: rfc822; %[2]s
Original-Recipient: rfc822;%[2]s
Action: failed
Status: 5.1.1
Remote-MTA: dns; mx.example.com
Diagnostic-Code: smtp; 550 5.1.1 <%[2]s>: Recipient address rejected:
    User unknown in virtual mailbox table

--8A2F4C1E3D.1764580800/mx.example.com
Content-Description: Undelivered Message Headers
Content-Type: text/rfc822-headers

From: The Saturday Guide <news@example.org>
Subject: This week
To: %[2]s

--8A2F4C1E3D.1764580800/mx.example.com--
`

const delayedDSN = `From: MAILER-DAEMON@mx.example.com (Mail Delivery System)
Subject: Delayed Mail (still being retried)
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

--b1
Content-Type: text/plain

Your message could not be delivered yet; the mail system will keep trying.

--b1
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.com

Final-Recipient: rfc822; %[2]s
Action: delayed
Status: 4.4.7
Diagnostic-Code: smtp; 451 4.4.7 mailbox temporarily unavailable
Will-Retry-Until: Sat, 5 Dec 2026 09:00:00 +0000

--b1--
`

const arfReport = `From: Feedback Loop <fbl@isp.example>
Subject: Abuse report
MIME-Version: 1.0
Content-Type: multipart/report; report-type=feedback-report; boundary="part1_13d.2e68ed54_report"

--part1_13d.2e68ed54_report
Content-Type: text/plain; charset="US-ASCII"
Content-Transfer-Encoding: 7bit

This is an email abuse report for an email message received from IP
192.0.2.2 on Tue, 1 Dec 2026 09:00:00 +0000.

--part1_13d.2e68ed54_report
Content-Type: message/feedback-report

Feedback-Type: abuse
User-Agent: SomeGenerator/1.0
Version: 1
Original-Mail-From: <%[1]s>
Original-Rcpt-To: <%[2]s>
Arrival-Date: Tue, 1 Dec 2026 09:00:00 +0000
Reporting-MTA: dns; mail.isp.example
Source-IP: 192.0.2.2

--part1_13d.2e68ed54_report
Content-Type: message/rfc822
Content-Disposition: inline

From: The Saturday Guide <news@example.org>
To: %[2]s
Subject: This week

The newsletter.
--part1_13d.2e68ed54_report--
`

const plainBounce = `From: MAILER-DAEMON@old.example.net
Subject: failure notice

Hi. This is the qmail-send program at old.example.net.
I'm afraid I wasn't able to deliver your message to the following addresses.
This is a permanent error; I've given up. Sorry it didn't work out.

<%[2]s>:
192.0.2.9 does not like recipient.
Remote host said: 550 5.1.1 <%[2]s>... No such user
Giving up on 192.0.2.9.
`

const vacationReply = `From: %[2]s
Subject: Out of office
Auto-Submitted: auto-replied

I am away until Monday, back on 5.1.1 of next year. Error 550 5.1.1 jokes aside.
`

const deliveredDSN = `From: MAILER-DAEMON@mx.example.com
Subject: Successful Mail Delivery Report
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="ok"

--ok
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.com

Final-Recipient: rfc822; %[2]s
Action: delivered
Status: 2.0.0
--ok--
`

// inbound starts the listener on a free local port and stops it at the
// end of the test.
func (f *fixture) inbound(t *testing.T) string {
	t.Helper()
	in, err := feedback.NewInbound(f.fb, "mx."+bounceDomain)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- in.Serve(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := in.Shutdown(ctx); err != nil {
			t.Errorf("shutdown: %v", err)
		}
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	return ln.Addr().String()
}

// deliver runs one SMTP conversation: MAIL FROM:<>, each RCPT, then DATA
// when a recipient was accepted. It returns the first refusal.
func deliver(t *testing.T, addr string, rcpts []string, body string) error {
	t.Helper()
	c, err := smtp.Dial(addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Hello("mx.example.com"); err != nil {
		t.Fatal(err)
	}
	if ok, _ := c.Extension("AUTH"); ok {
		t.Error("the listener offers AUTH; it needs none")
	}
	if err := c.Mail(""); err != nil {
		t.Fatal(err)
	}
	var refused error
	accepted := 0
	for _, r := range rcpts {
		if err := c.Rcpt(r); err != nil {
			refused = errors.Join(refused, err)
		} else {
			accepted++
		}
	}
	if accepted > 0 {
		w, err := c.Data()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			refused = errors.Join(refused, err)
		}
	}
	if err := c.Quit(); err != nil {
		t.Errorf("quit: %v", err)
	}
	return refused
}

func code(err error) int {
	var tp *textproto.Error
	if errors.As(err, &tp) {
		return tp.Code
	}
	return 0
}

func TestInboundSMTP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, "")
		addr := f.inbound(t)
		const campaign = 31
		bounceTo := func(r newsletter.Reader) string {
			return "bounce+" + f.token(t, r, newsletter.PurposeBounce, campaign) + "@" + bounceDomain
		}
		both := map[int64]string{f.weekly: newsletter.StatusConfirmed, f.daily: newsletter.StatusConfirmed}

		// A Postfix DSN, 5.1.1: suppressed (the reason names the status),
		// counted as a bounce; still subscribed, but never mailed again.
		ann := f.reader(t, "ann@example.com")
		if err := deliver(t, addr, []string{bounceTo(ann)}, fmt.Sprintf(postfixDSN, bounceTo(ann), ann.Email)); err != nil {
			t.Fatalf("DSN refused: %v", err)
		}
		if sup, reason := f.suppressed(t, ann.Email); !sup || reason != "bounced (5.1.1)" {
			t.Errorf("after a 5.1.1 DSN: suppressed %v, reason %q", sup, reason)
		}
		if c := f.counts(t, campaign); !maps.Equal(c, map[string]int{"bounce": 1}) {
			t.Errorf("counts after the DSN: %v", c)
		}
		evs, _ := db.ListMailEvents(context.Background(), ann.ID)
		if len(evs) != 1 || !strings.HasPrefix(evs[0].Detail, "5.1.1 smtp; 550 5.1.1") || strings.ContainsAny(evs[0].Detail, "\r\n") || evs[0].NewsletterID != f.weekly {
			t.Errorf("ann's events: %+v", evs)
		}

		// A 4.x.x (delayed) DSN: a soft bounce, nothing else.
		bob := f.reader(t, "bob@example.com")
		if err := deliver(t, addr, []string{bounceTo(bob)}, fmt.Sprintf(delayedDSN, bounceTo(bob), bob.Email)); err != nil {
			t.Fatalf("delayed DSN refused: %v", err)
		}
		if sup, _ := f.suppressed(t, bob.Email); sup {
			t.Error("a 4.4.7 delay suppressed the address")
		}
		if c := f.counts(t, campaign); !maps.Equal(c, map[string]int{"bounce": 1, "soft_bounce": 1}) {
			t.Errorf("counts after the delay: %v", c)
		}

		// An ARF abuse report: unsubscribed from everything with a
		// complaint record each, suppressed, counted.
		cat := f.reader(t, "cat@example.com")
		if err := deliver(t, addr, []string{bounceTo(cat)}, fmt.Sprintf(arfReport, bounceTo(cat), cat.Email)); err != nil {
			t.Fatalf("ARF refused: %v", err)
		}
		if st := f.statuses(t, cat); st[f.weekly] != newsletter.StatusUnsubscribed || st[f.daily] != newsletter.StatusUnsubscribed {
			t.Errorf("after a complaint: %v", st)
		}
		if m := f.methods(t, cat); !slices.Equal(m, []string{"unsubscribe complaint", "unsubscribe complaint"}) {
			t.Errorf("consent records after a complaint: %v", m)
		}
		if sup, reason := f.suppressed(t, cat.Email); !sup || reason != newsletter.ReasonComplaint {
			t.Errorf("after a complaint: suppressed %v %q", sup, reason)
		}

		// An email to the mailto unsubscribe address: that newsletter only.
		dan := f.reader(t, "dan@example.com")
		unsub := "unsubscribe+" + f.token(t, dan, newsletter.PurposeBounce, campaign) + "@" + strings.ToUpper(bounceDomain)
		if err := deliver(t, addr, []string{unsub}, "From: dan@example.com\nSubject: unsubscribe\n\nunsubscribe\n"); err != nil {
			t.Fatalf("unsubscribe mail refused: %v", err)
		}
		if st := f.statuses(t, dan); st[f.weekly] != newsletter.StatusUnsubscribed || st[f.daily] != newsletter.StatusConfirmed {
			t.Errorf("after the unsubscribe mail: %v", st)
		}
		if m := f.methods(t, dan); !slices.Equal(m, []string{"unsubscribe email"}) {
			t.Errorf("consent records after the unsubscribe mail: %v", m)
		}
		if sup, _ := f.suppressed(t, dan.Email); sup {
			t.Error("an unsubscribe mail suppressed the address")
		}
		want := map[string]int{"bounce": 1, "soft_bounce": 1, "complaint": 1, "unsubscribe": 1}
		if c := f.counts(t, campaign); !maps.Equal(c, want) {
			t.Errorf("counts: %v, want %v", c, want)
		}

		// A plain (qmail) bounce quoting 550 5.1.1.
		eve := f.reader(t, "eve@example.com")
		if err := deliver(t, addr, []string{bounceTo(eve)}, fmt.Sprintf(plainBounce, bounceTo(eve), eve.Email)); err != nil {
			t.Fatalf("plain bounce refused: %v", err)
		}
		if sup, reason := f.suppressed(t, eve.Email); !sup || reason != "bounced (5.1.1)" {
			t.Errorf("after a plain bounce: %v %q", sup, reason)
		}
		want["bounce"] = 2

		// Mail that must change nothing, each accepted so nobody retries
		// it: an auto-reply, a success notice, garbage, a report to an
		// erased reader's address.
		fay := f.reader(t, "fay@example.com")
		for name, body := range map[string]string{
			"vacation":  vacationReply,
			"delivered": deliveredDSN,
			"garbage":   "\x00\x01 not a message \xff\n\n--\n",
			"bad MIME":  "From: MAILER-DAEMON@x\nSubject: Undeliverable\nContent-Type: multipart/report; boundary=\"\n\n--\n--\n",
			"no status": "From: MAILER-DAEMON@x\nSubject: Undeliverable\n\nIt did not work.\n",
			"huge header": "From: MAILER-DAEMON@x\nSubject: Undeliverable\nX-Long: " + strings.Repeat("a", 1900) + "\n" +
				strings.Repeat("X-Many: 550 5.1.1\n", 5000) + "\nIt did not work.\n",
		} {
			if err := deliver(t, addr, []string{bounceTo(fay)}, fmt.Sprintf(body, bounceTo(fay), fay.Email)); err != nil {
				t.Errorf("%s: %v; want accepted and ignored", name, err)
			}
		}
		if sup, _ := f.suppressed(t, fay.Email); sup {
			t.Error("an auto-reply, success notice or garbage suppressed the address")
		}
		if st := f.statuses(t, fay); !maps.Equal(st, both) {
			t.Errorf("after ignored mail: %v", st)
		}

		// Too big: refused by size, nothing changed.
		big := fmt.Sprintf(postfixDSN, bounceTo(fay), fay.Email) + strings.Repeat(strings.Repeat("x", 99)+"\n", feedback.MaxMessageBytes/100)
		if err := deliver(t, addr, []string{bounceTo(fay)}, big); code(err) != 552 {
			t.Errorf("a message over the size limit: %v, want 552", err)
		}
		if sup, _ := f.suppressed(t, fay.Email); sup {
			t.Error("an oversized DSN suppressed the address")
		}

		// Never a relay, and a token must verify: foreign addresses,
		// other domains, the bare bounce address, a forged token, another
		// purpose's token, all refused with 550; nothing changed.
		gus := f.reader(t, "gus@example.com")
		tok := f.token(t, gus, newsletter.PurposeBounce, campaign)
		// Another base64url letter, so the forged address still parses
		// (flipping a bit could make '-' a ',').
		forged := []byte(tok)
		if forged[len(forged)-3] == 'A' {
			forged[len(forged)-3] = 'B'
		} else {
			forged[len(forged)-3] = 'A'
		}
		for _, rcpt := range []string{
			"someone@example.com",
			"bounce+" + tok + "@elsewhere.example",
			"bounce+" + tok + "@sub." + bounceDomain,
			"bounce@" + bounceDomain,
			"bounce+" + string(forged) + "@" + bounceDomain,
			"unsubscribe+" + string(forged) + "@" + bounceDomain,
			"bounce+" + f.token(t, gus, newsletter.PurposeUnsubscribe, campaign) + "@" + bounceDomain,
			"bounce+" + f.token(t, gus, newsletter.PurposeTrack, campaign) + "@" + bounceDomain,
			"bounce+" + strings.Repeat("A", 500) + "@" + bounceDomain,
			"postmaster@" + bounceDomain,
		} {
			if err := deliver(t, addr, []string{rcpt}, fmt.Sprintf(postfixDSN, rcpt, gus.Email)); code(err) != 550 {
				t.Errorf("RCPT %.60s: %v, want 550", rcpt, err)
			}
		}
		if sup, _ := f.suppressed(t, gus.Email); sup {
			t.Error("a refused recipient suppressed the address")
		}
		if st := f.statuses(t, gus); !maps.Equal(st, both) {
			t.Errorf("after refused mail: %v", st)
		}

		// An erased reader's token verifies: accepted, nothing to do.
		if err := f.nl.Erase(context.Background(), fay.ID, newsletter.Meta{Method: newsletter.MethodStaff, Source: "request"}); err != nil {
			t.Fatal(err)
		}
		if err := deliver(t, addr, []string{bounceTo(fay)}, fmt.Sprintf(postfixDSN, bounceTo(fay), fay.Email)); err != nil {
			t.Errorf("a DSN for an erased reader: %v", err)
		}
		if c := f.counts(t, campaign); !maps.Equal(c, want) {
			t.Errorf("counts at the end: %v, want %v", c, want)
		}
	})
}

// A client cannot hold more than MaxConnsPerClient connections: the next
// one is told to come back later, and a slot is free again once one ends.
func TestInboundLimitsConnections(t *testing.T) {
	f := newFixture(t, storetest.Open(t, storetest.SQLite), "")
	addr := f.inbound(t)
	greet := func() (net.Conn, string) {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		_ = c.SetDeadline(time.Now().Add(10 * time.Second))
		line, err := bufio.NewReader(c).ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		return c, line
	}
	var open []net.Conn
	for i := range feedback.MaxConnsPerClient {
		c, line := greet()
		if !strings.HasPrefix(line, "220 ") {
			t.Fatalf("connection %d: %q", i+1, line)
		}
		open = append(open, c)
	}
	c, line := greet()
	if !strings.HasPrefix(line, "421 ") {
		t.Errorf("connection over the limit: %q, want 421", line)
	}
	c.Close()
	for _, c := range open {
		fmt.Fprintf(c, "QUIT\r\n")
		_, _ = bufio.NewReader(c).ReadString('\n')
		c.Close()
	}
	// The slots come back as the server closes its side.
	for i := 0; ; i++ {
		c, line := greet()
		c.Close()
		if strings.HasPrefix(line, "220 ") {
			break
		}
		if i > 200 {
			t.Fatalf("no slot came back: %q", line)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Shutdown waits for conversations under way only as long as its context
// allows, then closes them: a server stopping is not held by a silent
// client.
func TestInboundShutdownClosesIdleConversations(t *testing.T) {
	f := newFixture(t, storetest.Open(t, storetest.SQLite), "")
	in, err := feedback.NewInbound(f.fb, "")
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- in.Serve(ln) }()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(20 * time.Second))
	r := bufio.NewReader(c)
	if line, err := r.ReadString('\n'); err != nil || !strings.HasPrefix(line, "220 ") {
		t.Fatalf("greeting: %q %v", line, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := in.Shutdown(ctx); err != nil {
		t.Errorf("shutdown: %v", err)
	}
	if err := <-done; err != nil {
		t.Errorf("serve: %v", err)
	}
	if _, err := r.ReadString('\n'); err == nil {
		t.Error("the idle conversation is still open after shutdown")
	}
	if c, err := net.Dial("tcp", ln.Addr().String()); err == nil {
		c.Close()
		t.Error("the listener still accepts connections")
	}
}

// chanListener hands the listener connections made in the test, from
// whatever address the test says they come from.
type chanListener struct {
	conns chan net.Conn
	done  chan struct{}
	once  sync.Once
}

func (l *chanListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.done:
		return nil, net.ErrClosed
	}
}
func (l *chanListener) Close() error   { l.once.Do(func() { close(l.done) }); return nil }
func (l *chanListener) Addr() net.Addr { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 25} }

type fromConn struct {
	net.Conn
	from net.Addr
}

func (c fromConn) RemoteAddr() net.Addr { return c.from }

// One IPv6 client holds a whole /64, so the per-client limit counts a /64
// as one client: otherwise one host could take every slot, shutting out
// the bounces of everyone else.
func TestInboundLimitsIPv6ClientsByPrefix(t *testing.T) {
	f := newFixture(t, storetest.Open(t, storetest.SQLite), "")
	in, err := feedback.NewInbound(f.fb, "")
	if err != nil {
		t.Fatal(err)
	}
	ln := &chanListener{conns: make(chan net.Conn), done: make(chan struct{})}
	go func() { _ = in.Serve(ln) }()
	t.Cleanup(func() { _ = in.Close() })
	greet := func(ip string) string {
		server, client := net.Pipe()
		t.Cleanup(func() { client.Close() })
		_ = client.SetDeadline(time.Now().Add(10 * time.Second))
		ln.conns <- fromConn{Conn: server, from: &net.TCPAddr{IP: net.ParseIP(ip), Port: 40000}}
		line, err := bufio.NewReader(client).ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		return line
	}
	for i := range feedback.MaxConnsPerClient {
		if line := greet(fmt.Sprintf("2001:db8:1:2::%x", i+1)); !strings.HasPrefix(line, "220 ") {
			t.Fatalf("connection %d: %q", i+1, line)
		}
	}
	if line := greet("2001:db8:1:2:ffff::9"); !strings.HasPrefix(line, "421 ") {
		t.Errorf("another address of the same /64: %q, want 421", line)
	}
	if line := greet("2001:db8:1:3::1"); !strings.HasPrefix(line, "220 ") {
		t.Errorf("another /64: %q, want 220", line)
	}
}
