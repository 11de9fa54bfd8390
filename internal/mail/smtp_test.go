package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"log/slog"
	"net"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// smtpURL builds a URL for a sink; url.UserPassword escapes odd passwords.
func smtpURL(scheme, addr, user, pass, query string) string {
	u := url.URL{Scheme: scheme, Host: addr, RawQuery: query}
	if user != "" {
		u.User = url.UserPassword(user, pass)
	}
	return u.String()
}

func newsletterMessage() Message {
	return Message{
		To:      []string{"Zoë Leser <zoe@example.com>", "other@example.net"},
		Subject: "Grüße aus Köln — Ausgabe 12",
		Text:    "Hallo Zoë,\n.\n.a line starting with a dot\nBis bald.\n",
		HTML:    "<p>Hallo Zoë,</p>\n<p>Bis bald.</p>\n",
		Headers: map[string]string{
			"List-Id":               "Weekly <weekly.example.org>",
			"List-Unsubscribe":      "<https://example.org/unsubscribe?t=abc>",
			"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
		},
	}
}

func TestSMTPSend(t *testing.T) {
	const user, pass = "mailer", "p@ss:wörd/1"
	cert := selfSignedCert(t)
	tests := []struct {
		name     string
		sink     sinkOptions
		scheme   string
		query    string
		withAuth bool
		from     string // message From; empty uses the default
		wantFrom string // envelope sender
		wantTLS  bool
	}{
		{"plain without auth", sinkOptions{}, "smtp", "", false,
			"", "default@example.org", false},
		{"explicit from", sinkOptions{}, "smtp", "", false,
			"Desk <desk@example.org>", "desk@example.org", false},
		{"starttls with auth", sinkOptions{cert: cert, user: user, pass: pass}, "smtp", "insecure_skip_verify=1", true,
			"", "default@example.org", true},
		{"implicit tls with auth", sinkOptions{cert: cert, implicitTLS: true, user: user, pass: pass}, "smtps", "insecure_skip_verify=true", true,
			"", "default@example.org", true},
		{"auth in clear to localhost", sinkOptions{allowInsecureAuth: true, user: user, pass: pass}, "smtp", "", true,
			"", "default@example.org", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sk := startSink(t, tt.sink)
			u, p := "", ""
			if tt.withAuth {
				u, p = user, pass
			}
			s, err := NewSMTP(smtpURL(tt.scheme, sk.addr, u, p, tt.query), "Default <default@example.org>", testLogger(t))
			if err != nil {
				t.Fatal(err)
			}
			m := newsletterMessage()
			m.From = tt.from
			if err := s.Send(t.Context(), m); err != nil {
				t.Fatalf("Send: %v", err)
			}

			got := sk.received()
			if len(got) != 1 {
				t.Fatalf("sink received %d messages, want 1", len(got))
			}
			r := got[0]
			if r.From != tt.wantFrom {
				t.Errorf("MAIL FROM = %q, want %q", r.From, tt.wantFrom)
			}
			if want := []string{"zoe@example.com", "other@example.net"}; !slices.Equal(r.To, want) {
				t.Errorf("RCPT TO = %q, want %q", r.To, want)
			}
			if r.TLS != tt.wantTLS {
				t.Errorf("session TLS = %v, want %v", r.TLS, tt.wantTLS)
			}
			if tt.withAuth && (r.User != user || r.Pass != pass) {
				t.Errorf("AUTH = %q/%q, want %q/%q", r.User, r.Pass, user, pass)
			}

			checkWellFormed(t, r.Data)
			pm := parseMail(t, r.Data)
			if pm.Subject != m.Subject {
				t.Errorf("subject = %q, want %q", pm.Subject, m.Subject)
			}
			if !sameBody(pm.Text, m.Text) || !sameBody(pm.HTML, m.HTML) {
				t.Errorf("bodies = %q / %q, want %q / %q", pm.Text, pm.HTML, m.Text, m.HTML)
			}
			for k, v := range m.Headers {
				if got := pm.Header.Get(k); got != v {
					t.Errorf("header %s = %q, want %q", k, got, v)
				}
			}
			to, err := pm.Header.AddressList("To")
			if err != nil || len(to) != 2 || to[0].Name != "Zoë Leser" {
				t.Errorf("To header = %v (%v), want Zoë Leser and other", to, err)
			}
		})
	}
}

func TestSMTPSendFailures(t *testing.T) {
	cert := selfSignedCert(t)
	tests := []struct {
		name       string
		sink       sinkOptions
		url        func(addr string) string
		wantInErr  string
		wantTLSErr bool
	}{
		{
			name:       "self-signed certificate is verified by default",
			sink:       sinkOptions{cert: cert},
			url:        func(a string) string { return smtpURL("smtp", a, "", "", "") },
			wantTLSErr: true,
		},
		{
			name:       "implicit tls verifies too",
			sink:       sinkOptions{cert: cert, implicitTLS: true},
			url:        func(a string) string { return smtpURL("smtps", a, "", "", "") },
			wantTLSErr: true,
		},
		{
			name:      "wrong password",
			sink:      sinkOptions{cert: cert, user: "u", pass: "right"},
			url:       func(a string) string { return smtpURL("smtp", a, "u", "wrong", "insecure_skip_verify=1&retries=0") },
			wantInErr: "auth",
		},
		{
			name:      "credentials but server offers no AUTH",
			sink:      sinkOptions{user: "u", pass: "p"},
			url:       func(a string) string { return smtpURL("smtp", a, "u", "p", "") },
			wantInErr: "does not offer AUTH",
		},
		{
			name:      "credentials never sent in clear to a non-local host",
			sink:      sinkOptions{host: "127.0.0.2", allowInsecureAuth: true, user: "u", pass: "p"},
			url:       func(a string) string { return smtpURL("smtp", a, "u", "p", "") },
			wantInErr: "unencrypted",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.sink.host != "" {
				ln, err := net.Listen("tcp", tt.sink.host+":0")
				if err != nil {
					t.Skipf("cannot listen on %s: %v", tt.sink.host, err)
				}
				ln.Close()
			}
			sk := startSink(t, tt.sink)
			s, err := NewSMTP(tt.url(sk.addr), "news@example.org", testLogger(t))
			if err != nil {
				t.Fatal(err)
			}
			err = s.Send(t.Context(), newsletterMessage())
			if err == nil {
				t.Fatal("Send succeeded, want error")
			}
			if tt.wantInErr != "" && !strings.Contains(err.Error(), tt.wantInErr) {
				t.Errorf("error %q does not mention %q", err, tt.wantInErr)
			}
			var verr *tls.CertificateVerificationError
			if tt.wantTLSErr && !errors.As(err, &verr) {
				t.Errorf("error %v is not a certificate verification error", err)
			}
			if n := len(sk.received()); n != 0 {
				t.Errorf("sink received %d messages, want 0", n)
			}
		})
	}
}

func TestSMTPRefusesHeaderInjection(t *testing.T) {
	tests := []struct {
		name   string
		modify func(m *Message)
	}{
		{"recipient", func(m *Message) { m.To = []string{"zoe@example.com\r\nBcc: victim@example.com"} }},
		{"from", func(m *Message) { m.From = "Evil <e@example.com>\nBcc: victim@example.com" }},
		{"extra header", func(m *Message) { m.Headers["List-Id"] = "x\rBcc: victim@example.com" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sk := startSink(t, sinkOptions{})
			s, err := NewSMTP(smtpURL("smtp", sk.addr, "", "", ""), "news@example.org", testLogger(t))
			if err != nil {
				t.Fatal(err)
			}
			m := newsletterMessage()
			tt.modify(&m)
			if err := s.Send(t.Context(), m); !errors.Is(err, ErrInvalid) {
				t.Fatalf("Send = %v, want ErrInvalid", err)
			}
			if n := sk.conns.Load(); n != 0 {
				t.Errorf("sender opened %d connections, want 0", n)
			}
		})
	}
}

// TestSMTPContext uses a server that accepts TCP but never greets: only the
// context can end the send.
func TestSMTPContext(t *testing.T) {
	for _, scheme := range []string{"smtp", "smtps"} {
		t.Run(scheme+"/deadline", func(t *testing.T) {
			addr := silentServer(t, nil)
			ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
			defer cancel()
			err := sendWithGuard(t, ctx, smtpURL(scheme, addr, "", "", ""))
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("Send = %v, want context.DeadlineExceeded", err)
			}
		})
		t.Run(scheme+"/cancel", func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			addr := silentServer(t, cancel)
			err := sendWithGuard(t, ctx, smtpURL(scheme, addr, "", "", ""))
			if !errors.Is(err, context.Canceled) {
				t.Errorf("Send = %v, want context.Canceled", err)
			}
		})
	}
}

// sendWithGuard fails the test instead of hanging the whole run if Send
// ignores its context.
func sendWithGuard(t *testing.T, ctx context.Context, rawURL string) error {
	t.Helper()
	s, err := NewSMTP(rawURL, "news@example.org", testLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.Send(ctx, newsletterMessage()) }()
	select {
	case err := <-done:
		return err
	case <-time.After(30 * time.Second):
		t.Fatal("Send did not return after its context ended")
		return nil
	}
}
