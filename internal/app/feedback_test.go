package app_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"net/smtp"
	"strconv"
	"strings"
	"testing"
	"time"

	"masthead/internal/app"
	"masthead/internal/config"
	"masthead/internal/newsletter"
)

// serve starts the inbound SMTP listener beside HTTP when configured; a
// bounce delivered to it suppresses the address, the Mailgun webhook and
// the open pixel answer through the whole middleware chain, and shutdown
// stops the listener.
func TestInboundListenerAndWebhookInServe(t *testing.T) {
	const key = "key-3ax6xnjp29jd6fds4gc373sgvjxteol0"
	cfg := config.Config{Addr: "127.0.0.1:0", DataDir: t.TempDir(), BounceAddress: "bounce@news.example.org",
		InboundSMTPAddr: "127.0.0.1:0", MailgunWebhookKey: key}
	srv, err := app.Build(context.Background(), cfg, quiet, false)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	nl, err := srv.Newsletters.SaveNewsletter(ctx, newsletter.Newsletter{Name: "The Saturday Guide", SenderName: "N", SenderEmail: "news@example.org", Public: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, email := range []string{"ann@example.com", "bob@example.com"} {
		if _, err := srv.Newsletters.Import(ctx, email, []int64{nl}, 0, newsletter.Meta{Method: newsletter.MethodImport, Source: "launch list"}); err != nil {
			t.Fatal(err)
		}
	}
	ann, err := srv.Newsletters.ReaderByEmail(ctx, "ann@example.com")
	if err != nil {
		t.Fatal(err)
	}
	signer, err := srv.Newsletters.Signer(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := signer.Sign(newsletter.Link{ReaderUID: ann.UID, NewsletterID: nl, CampaignID: 4, Purpose: newsletter.PurposeBounce})
	if err != nil {
		t.Fatal(err)
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if srv.InboundListener, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	runCtx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Run(runCtx, ln) }()

	// A DSN over SMTP.
	c, err := smtp.Dial(srv.InboundListener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Mail(""); err != nil {
		t.Fatal(err)
	}
	if err := c.Rcpt("relay@example.com"); err == nil || !strings.HasPrefix(err.Error(), "550") {
		t.Errorf("a foreign recipient: %v, want 550", err)
	}
	if err := c.Rcpt("bounce+" + tok + "@news.example.org"); err != nil {
		t.Fatal(err)
	}
	w, err := c.Data()
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprint(w, "From: MAILER-DAEMON@mx.example.com\nSubject: Undelivered Mail Returned to Sender\nMIME-Version: 1.0\n"+
		"Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n--b\nContent-Type: message/delivery-status\n\n"+
		"Reporting-MTA: dns; mx.example.com\n\nFinal-Recipient: rfc822; ann@example.com\nAction: failed\nStatus: 5.1.1\n--b--\n")
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	_ = c.Quit()
	if sup, _ := srv.Newsletters.Suppressed(ctx, "ann@example.com"); !sup {
		t.Error("the bounce did not suppress the address")
	}

	// The Mailgun webhook, from Mailgun's side.
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte(ts + "tok-1"))
	body := `{"signature": {"timestamp": "` + ts + `", "token": "tok-1", "signature": "` + hex.EncodeToString(m.Sum(nil)) + `"},
		"event-data": {"event": "complained", "recipient": "bob@example.com", "user-variables": {"campaign_id": "4"}}}`
	req, _ := http.NewRequest(http.MethodPost, "http://"+ln.Addr().String()+"/webhooks/mailgun", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", "https://mailgun.example")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("webhook: %d", res.StatusCode)
	}
	if sup, _ := srv.Newsletters.Suppressed(ctx, "bob@example.com"); !sup {
		t.Error("the complaint did not suppress the address")
	}
	if counts, err := srv.DB.CampaignEventCounts(ctx, 4); err != nil || counts["bounce"] != 1 || counts["complaint"] != 1 {
		t.Errorf("campaign 4: %v %v", counts, err)
	}

	// The pixel, through the page-cache front and the middleware.
	for range 2 {
		res, _ := get(t, "http://"+ln.Addr().String()+"/newsletters/o/not-a-token.gif")
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/gif" || !strings.Contains(res.Header.Get("Cache-Control"), "no-store") ||
			res.Header.Get("Set-Cookie") != "" {
			t.Errorf("pixel: %d %q %q %q", res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Cache-Control"), res.Header.Get("Set-Cookie"))
		}
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("shutdown: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("server did not stop")
	}
	if c, err := net.DialTimeout("tcp", srv.InboundListener.Addr().String(), time.Second); err == nil {
		c.Close()
		t.Error("the inbound listener still accepts connections after shutdown")
	}
}

// Without a bounce address the listener cannot know its domain.
func TestInboundListenerNeedsBounceAddress(t *testing.T) {
	_, err := app.Build(context.Background(), config.Config{Addr: "127.0.0.1:0", DataDir: t.TempDir(), InboundSMTPAddr: "127.0.0.1:0"}, quiet, false)
	if err == nil || !strings.Contains(err.Error(), "bounce address") {
		t.Errorf("Build without a bounce address: %v", err)
	}
}
