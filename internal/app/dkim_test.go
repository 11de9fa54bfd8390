package app_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-msgauth/dkim"

	"masthead/internal/app"
	"masthead/internal/auth"
	"masthead/internal/config"
)

// TestMailIsDKIMSigned: with the three DKIM settings, mail the app sends
// over SMTP carries a signature that verifies against the published key.
func TestMailIsDKIMSigned(t *testing.T) {
	pub, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	keyFile := filepath.Join(t.TempDir(), "dkim.pem")
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	sink, srv := smtpApp(t, config.Config{MailFrom: "The Weekly <newsroom@example.org>",
		DKIMKeyFile: keyFile, DKIMSelector: "mh2026", DKIMDomain: "example.org"})
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
	vs, err := dkim.VerifyWithOptions(strings.NewReader(msgs[0]), &dkim.VerifyOptions{
		LookupTXT: func(domain string) ([]string, error) {
			if domain != "mh2026._domainkey.example.org" {
				t.Errorf("looked up %q", domain)
			}
			return []string{"v=DKIM1; k=ed25519; p=" + base64.StdEncoding.EncodeToString(pub)}, nil
		},
	})
	if err != nil || len(vs) != 1 || vs[0].Err != nil || vs[0].Domain != "example.org" {
		t.Fatalf("verification = %+v, %v; want one valid signature by example.org\n%s", vs, err, msgs[0])
	}
}

func TestBadDKIMKeyStopsTheStart(t *testing.T) {
	keyFile := filepath.Join(t.TempDir(), "dkim.pem")
	if err := os.WriteFile(keyFile, []byte("not a key"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := config.Config{Addr: ":0", DataDir: t.TempDir(), SMTPURL: "smtp://127.0.0.1:2525", MailFrom: "a@example.org",
		DKIMKeyFile: keyFile, DKIMSelector: "s", DKIMDomain: "example.org"}
	srv, err := app.Build(context.Background(), cfg, quiet, false)
	if err == nil {
		srv.DB.Close()
		t.Fatal("Build with an unreadable DKIM key succeeded")
	}
	if !strings.Contains(err.Error(), "dkim key file") {
		t.Errorf("error %q does not name the DKIM key file", err)
	}
}
