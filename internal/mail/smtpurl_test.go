package mail

import (
	"strings"
	"testing"
)

func TestParseSMTPURL(t *testing.T) {
	tests := []struct {
		raw  string
		want smtpConfig
	}{
		{"smtp://mail.example.org", smtpConfig{host: "mail.example.org", port: "587", helo: "localhost"}},
		{"smtp://u:p%40ss@mail.example.org:2525/", smtpConfig{host: "mail.example.org", port: "2525", helo: "localhost", user: "u", pass: "p@ss"}},
		{"smtps://mail.example.org", smtpConfig{host: "mail.example.org", port: "465", implicitTLS: true, helo: "localhost"}},
		{"smtp://[::1]:25?insecure_skip_verify=1&helo=app.example.org", smtpConfig{host: "::1", port: "25", skipVerify: true, helo: "app.example.org"}},
		{"smtp://u@h?insecure_skip_verify=false", smtpConfig{host: "h", port: "587", helo: "localhost", user: "u"}},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			got, err := parseSMTPURL(tt.raw)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestNewSMTPRejects(t *testing.T) {
	tests := []struct {
		name, raw, from, wantInErr string
	}{
		{"unknown scheme", "http://mail.example.org", "", `scheme "http"`},
		{"no scheme", "mail.example.org:587", "", "scheme"},
		{"missing host", "smtp://", "", "host is required"},
		{"missing host with port", "smtp://:587", "", "host is required"},
		{"opaque", "smtp:mail.example.org", "", "must look like"},
		{"port zero", "smtp://h:0", "", "port"},
		{"port too large", "smtp://h:70000", "", "port"},
		{"port not a number", "smtp://h:abc", "", "port"},
		{"path", "smtp://h/inbox", "", "path"},
		{"unknown parameter", "smtp://h?starttls=off", "", `unknown parameter "starttls"`},
		{"bad bool", "smtp://h?insecure_skip_verify=maybe", "", "insecure_skip_verify"},
		{"bad helo", "smtp://h?helo=a%20b", "", "helo"},
		{"empty user", "smtp://:secret@h", "", "user name is empty"},
		{"bad default from", "smtp://h", "not-an-address", "default from"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewSMTP(tt.raw, tt.from, nil)
			if err == nil {
				t.Fatalf("NewSMTP(%q) succeeded, want error", tt.raw)
			}
			if !strings.Contains(err.Error(), tt.wantInErr) {
				t.Errorf("error %q does not mention %q", err, tt.wantInErr)
			}
		})
	}
}

// Configuration errors end up in logs; they must not leak the password.
func TestNewSMTPErrorHidesPassword(t *testing.T) {
	for _, raw := range []string{
		"smtp://u:s3cret@h:99999",
		"smtp://u:s3cret@h:x",
		"smtp://u:s3cret@h?bogus=1",
		"smtp://u:s3cret@h/%zz",
		"ftp://u:s3cret@h",
	} {
		_, err := NewSMTP(raw, "", nil)
		if err == nil {
			t.Errorf("NewSMTP(%q) succeeded, want error", raw)
			continue
		}
		if strings.Contains(err.Error(), "s3cret") {
			t.Errorf("error for %q leaks the password: %v", raw, err)
		}
	}
}
