package app_test

import (
	"context"
	"io"
	"mime/quotedprintable"
	"net/mail"
	"regexp"
	"strings"
	"testing"
	"time"

	"masthead/internal/app"
	"masthead/internal/auth"
	"masthead/internal/config"
	"masthead/internal/mail/mailtest"
)

// smtpApp builds the app with cfg (Addr, DataDir, SMTPURL and BaseURL
// filled in) sending through a fresh SMTP sink, with its workers running.
func smtpApp(t *testing.T, cfg config.Config) (*mailtest.SMTPSink, *app.Server) {
	t.Helper()
	sink := mailtest.StartSMTPSink(t, &mailtest.SMTPSink{})
	addr := sink.Addr
	cfg.Addr, cfg.DataDir, cfg.SMTPURL, cfg.BaseURL = ":0", t.TempDir(), "smtp://"+addr, "http://news.example.org"
	srv, err := app.Build(context.Background(), cfg, quiet, false)
	if err != nil {
		t.Fatal(err)
	}
	stop := srv.Background(context.Background())
	t.Cleanup(func() { stop(); srv.DB.Close() })
	srv.Auth.SetHashCost(4)
	return sink, srv
}

// TestPasswordResetOverSMTP configures a real SMTP server and follows the
// emailed reset link to the reset form.
func TestPasswordResetOverSMTP(t *testing.T) {
	sink, srv := smtpApp(t, config.Config{MailFrom: "The Weekly <newsroom@example.org>"})
	ctx := context.Background()
	if _, err := srv.Auth.CreateUser(ctx, "ed@example.org", "Ed", "a long enough password", auth.RoleEditor); err != nil {
		t.Fatal(err)
	}
	if err := srv.Auth.RequestReset(ctx, "ed@example.org", auth.Client{IP: "192.0.2.1"}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for len(sink.Raw()) == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	msgs := sink.Raw()
	if len(msgs) != 1 {
		t.Fatalf("the SMTP server received %d messages", len(msgs))
	}
	msg, err := mail.ReadMessage(strings.NewReader(msgs[0]))
	if err != nil {
		t.Fatal(err)
	}
	var body io.Reader = msg.Body
	if msg.Header.Get("Content-Transfer-Encoding") == "quoted-printable" {
		body = quotedprintable.NewReader(body)
	}
	text, _ := io.ReadAll(body)
	link := regexp.MustCompile(`http://news\.example\.org(/admin/reset/[A-Za-z0-9_-]+)`).FindStringSubmatch(string(text))
	if link == nil {
		t.Fatalf("no reset link in:\n%s", msgs[0])
	}
	if !srv.Auth.ResetTokenValid(ctx, link[1][len("/admin/reset/"):]) {
		t.Fatal("the emailed link is not a valid reset token")
	}
	if err := srv.Auth.ResetPassword(ctx, link[1][len("/admin/reset/"):], "another long password"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := srv.Auth.Login(ctx, "ed@example.org", "another long password", auth.Client{IP: "127.0.0.1"}); err != nil {
		t.Fatalf("sign in with the new password: %v", err)
	}
}
