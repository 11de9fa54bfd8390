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
		{"stray"},
	} {
		if _, err := config.Load(nil, args, &bytes.Buffer{}, "serve", nil); err == nil {
			t.Errorf("%v: accepted", args)
		}
	}
}
