package config_test

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"masthead/internal/config"
)

func TestLoadPrecedence(t *testing.T) {
	secret := filepath.Join(t.TempDir(), "smtp")
	if err := os.WriteFile(secret, []byte("smtp://u:from-file@mail.example.org:587\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := []string{"MASTHEAD_ADDR=:9000", "MASTHEAD_DATA=/srv/data", "MASTHEAD_SMTP_URL_FILE=" + secret, "MASTHEAD_CACHE_OFF=true"}
	c, err := config.Load(env, []string{"--addr", "127.0.0.1:7000"}, &bytes.Buffer{}, "serve", nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:7000" || c.DataDir != "/srv/data" || c.SMTPURL != "smtp://u:from-file@mail.example.org:587" || !c.CacheOff {
		t.Fatalf("config = %+v", c)
	}
	if c, _ := config.Load(nil, nil, &bytes.Buffer{}, "serve", nil); c.Addr != ":8080" || c.DataDir != "./data" {
		t.Fatalf("defaults = %+v", c)
	}
}

func TestHelpDoesNotPrintSecrets(t *testing.T) {
	var out bytes.Buffer
	_, err := config.Load([]string{"MASTHEAD_SMTP_URL=smtp://u:hunter22@mail.example.org"}, []string{"--help"}, &out, "serve", nil)
	if !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("--help: %v", err)
	}
	if strings.Contains(out.String(), "hunter22") || !strings.Contains(out.String(), "MASTHEAD_SMTP_URL") {
		t.Fatalf("help output:\n%s", out.String())
	}
}

func TestLoadRejectsBadValues(t *testing.T) {
	for _, args := range [][]string{
		{"--cache-off", "maybe"},
		{"--log-level", "loud"},
		{"--database-url", "mysql://x"},
		{"--base-url", "news.example.org"},
		{"--trusted-proxies", "10.0.0.0/8,lb.internal"},
		{"--bounce-address", "Bounces <bounce@news.example.org>"},
		{"--bounce-address", "bounce+x@news.example.org"},
		{"--bounce-address", "news.example.org"},
		{"--inbound-smtp-addr", ":8080"},
		{"stray"},
	} {
		if _, err := config.Load(nil, args, &bytes.Buffer{}, "serve", nil); err == nil {
			t.Errorf("%v: accepted", args)
		}
	}
}

func TestCacheBytes(t *testing.T) {
	for in, want := range map[string]int64{"64MB": 64 << 20, "2048kb": 2 << 20, "1 GiB": 1 << 30, "2000000": 2000000, "3MiB": 3 << 20} {
		c, err := config.Load([]string{"MASTHEAD_CACHE_BYTES=" + in}, nil, &bytes.Buffer{}, "serve", nil)
		if err != nil || c.CacheBytes != want {
			t.Errorf("MASTHEAD_CACHE_BYTES=%s: %d, %v; want %d", in, c.CacheBytes, err, want)
		}
	}
	if c, err := config.Load(nil, nil, &bytes.Buffer{}, "serve", nil); err != nil || c.CacheBytes != 64<<20 {
		t.Errorf("default cache budget %d, %v", c.CacheBytes, err)
	}
	for _, in := range []string{"lots", "-5MB", "12TB", "100KB", "1.5GB"} {
		if _, err := config.Load(nil, []string{"--cache-bytes", in}, &bytes.Buffer{}, "serve", nil); err == nil || !strings.Contains(err.Error(), "--cache-bytes") {
			t.Errorf("--cache-bytes %s: %v, want an error naming the flag", in, err)
		}
	}
	// An unreadable value is reported once, not again as a zero budget.
	if _, err := config.Load(nil, []string{"--cache-bytes", "12XB"}, &bytes.Buffer{}, "serve", nil); err == nil || strings.Count(err.Error(), "--cache-bytes") != 1 {
		t.Errorf("--cache-bytes 12XB: %v, want one error", err)
	}
	if _, err := config.Load(nil, []string{"--cache-bytes", "0", "--cache-off", "true"}, &bytes.Buffer{}, "serve", nil); err != nil {
		t.Errorf("a zero budget with the cache off: %v", err)
	}
}

func TestMetricsSettings(t *testing.T) {
	secret := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(secret, []byte("0123456789abcdef-from-file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := config.Load([]string{"MASTHEAD_METRICS_TOKEN_FILE=" + secret, "MASTHEAD_METRICS_ADDR=127.0.0.1:9090"}, nil, &bytes.Buffer{}, "serve", nil)
	if err != nil || c.MetricsToken != "0123456789abcdef-from-file" || c.MetricsAddr != "127.0.0.1:9090" {
		t.Fatalf("metrics settings: %+v, %v", c, err)
	}
	for _, args := range [][]string{
		{"--metrics-token", "short"},
		{"--addr", ":8080", "--metrics-addr", ":8080"},
	} {
		if _, err := config.Load(nil, args, &bytes.Buffer{}, "serve", nil); err == nil || !strings.Contains(err.Error(), "--metrics-") {
			t.Errorf("%v: %v, want an error naming the flag", args, err)
		}
	}
}

func TestTrustedProxies(t *testing.T) {
	c, err := config.Load([]string{"MASTHEAD_TRUSTED_PROXIES=10.0.0.0/8, 192.0.2.7"}, nil, &bytes.Buffer{}, "serve", nil)
	if err != nil || len(c.TrustedProxies) != 2 || c.TrustedProxies[1].String() != "192.0.2.7/32" {
		t.Fatalf("trusted proxies = %v, %v", c.TrustedProxies, err)
	}
	_, err = config.Load(nil, []string{"--trusted-proxies", "10.0.0.0/8,lb.internal"}, &bytes.Buffer{}, "serve", nil)
	if err == nil || !strings.Contains(err.Error(), `--trusted-proxies: "lb.internal" is neither an IP address nor a CIDR range`) {
		t.Fatalf("a host name among trusted proxies: %v", err)
	}
}

// TestUnreadableSecretFile: a *_FILE that cannot be read stops the start
// with its name. It was ignored, so a missing MASTHEAD_DATABASE_URL_FILE
// started an empty SQLite publication instead of using PostgreSQL.
func TestUnreadableSecretFile(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "absent")
	for _, name := range []string{"MASTHEAD_DATABASE_URL", "MASTHEAD_SMTP_URL", "MASTHEAD_METRICS_TOKEN"} {
		_, err := config.Load([]string{name + "_FILE=" + missing}, nil, &bytes.Buffer{}, "serve", nil)
		if err == nil || !strings.Contains(err.Error(), name+"_FILE") {
			t.Errorf("%s_FILE naming a missing file: %v, want an error naming it", name, err)
		}
	}
	// A flag given on the command line wins, and the file is not read.
	c, err := config.Load([]string{"MASTHEAD_SMTP_URL_FILE=" + missing}, []string{"--smtp-url", "smtp://mail.example.org:587"}, &bytes.Buffer{}, "serve", nil)
	if err != nil || c.SMTPURL != "smtp://mail.example.org:587" {
		t.Errorf("flag over an unreadable file: %q, %v", c.SMTPURL, err)
	}
}

func TestDKIMSettings(t *testing.T) {
	env := []string{"MASTHEAD_DKIM_KEY_FILE=/run/secrets/dkim.pem", "MASTHEAD_DKIM_SELECTOR=mh2026", "MASTHEAD_DKIM_DOMAIN=news.example.org"}
	c, err := config.Load(env, nil, &bytes.Buffer{}, "serve", nil)
	if err != nil || c.DKIMKeyFile != "/run/secrets/dkim.pem" || c.DKIMSelector != "mh2026" || c.DKIMDomain != "news.example.org" {
		t.Fatalf("dkim settings: %+v, %v", c, err)
	}
	for _, args := range [][]string{
		{"--dkim-key-file", "/k.pem"},
		{"--dkim-key-file", "/k.pem", "--dkim-selector", "s"},
		{"--dkim-domain", "news.example.org"},
	} {
		if _, err := config.Load(nil, args, &bytes.Buffer{}, "serve", nil); err == nil || !strings.Contains(err.Error(), "--dkim-key-file, --dkim-selector and --dkim-domain") {
			t.Errorf("Load(%q) = %v, want the three DKIM settings to be required together", args, err)
		}
	}
}

func TestBounceSettings(t *testing.T) {
	c, err := config.Load([]string{"MASTHEAD_BOUNCE_ADDRESS=bounce@news.example.org", "MASTHEAD_INBOUND_SMTP_ADDR=:2525"}, nil, &bytes.Buffer{}, "serve", nil)
	if err != nil || c.BounceAddress != "bounce@news.example.org" || c.InboundSMTPAddr != ":2525" {
		t.Fatalf("%+v %v", c, err)
	}
	if _, err := config.Load([]string{"MASTHEAD_INBOUND_SMTP_ADDR=:2525"}, nil, &bytes.Buffer{}, "serve", nil); err == nil || !strings.Contains(err.Error(), "needs --bounce-address") {
		t.Errorf("a listener without a bounce address: %v", err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "key"), []byte("key-3ax6xnjp29jd6fds4gc373sgvjxteol0\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err = config.Load([]string{"MASTHEAD_MAILGUN_WEBHOOK_KEY_FILE=" + filepath.Join(dir, "key")}, nil, &bytes.Buffer{}, "serve", nil)
	if err != nil || c.MailgunWebhookKey != "key-3ax6xnjp29jd6fds4gc373sgvjxteol0" {
		t.Errorf("webhook key from a file: %q %v", c.MailgunWebhookKey, err)
	}
}
