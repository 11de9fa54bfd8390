package mail

import (
	"bytes"
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/emersion/go-msgauth/dkim"
)

// dkimKeyFile writes key as PEM and returns its path and its DNS record.
func dkimKeyFile(t *testing.T, key crypto.Signer, pkcs1 bool) (path, record string) {
	t.Helper()
	var block *pem.Block
	if pkcs1 {
		block = &pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key.(*rsa.PrivateKey))}
	} else {
		der, err := x509.MarshalPKCS8PrivateKey(key)
		if err != nil {
			t.Fatal(err)
		}
		block = &pem.Block{Type: "PRIVATE KEY", Bytes: der}
	}
	path = filepath.Join(t.TempDir(), "dkim.pem")
	if err := os.WriteFile(path, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	switch pub := key.Public().(type) {
	case *rsa.PublicKey:
		der, err := x509.MarshalPKIXPublicKey(pub)
		if err != nil {
			t.Fatal(err)
		}
		record = "v=DKIM1; k=rsa; p=" + base64.StdEncoding.EncodeToString(der)
	case ed25519.PublicKey:
		record = "v=DKIM1; k=ed25519; p=" + base64.StdEncoding.EncodeToString(pub)
	}
	return path, record
}

func verifyDKIM(t *testing.T, data []byte, record string) *dkim.Verification {
	t.Helper()
	vs, err := dkim.VerifyWithOptions(bytes.NewReader(data), &dkim.VerifyOptions{
		LookupTXT: func(domain string) ([]string, error) {
			if domain != "mh2026._domainkey.news.example.org" {
				return nil, errors.New("no such record: " + domain)
			}
			return []string{record}, nil
		},
	})
	if err != nil {
		t.Fatalf("dkim.Verify: %v", err)
	}
	if len(vs) != 1 {
		t.Fatalf("%d signatures, want 1", len(vs))
	}
	return vs[0]
}

func TestDKIMSignsWhatTheSinkReceives(t *testing.T) {
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	_, edKey, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name  string
		key   crypto.Signer
		pkcs1 bool
	}{
		{"rsa-2048 pkcs8", rsaKey, false},
		{"rsa-2048 pkcs1", rsaKey, true},
		{"ed25519", edKey, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path, record := dkimKeyFile(t, tt.key, tt.pkcs1)
			signer, err := LoadDKIM(path, "news.example.org", "mh2026")
			if err != nil {
				t.Fatal(err)
			}
			sk := startSink(t, sinkOptions{})
			s := poolSender(t, sk, "")
			s.DKIM = signer
			tpl, err := testComposer().Template(issueMessage(), TemplateOptions{Placeholders: []string{unsubToken}})
			if err != nil {
				t.Fatal(err)
			}
			c, err := tpl.Render(nil, Recipient{To: "zoe@example.com", Values: []string{"https://news.example.org/u/t1"},
				UnsubscribeURL: "https://news.example.org/u/t1", UnsubscribeMailto: "u+t1@news.example.org"})
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Deliver(t.Context(), c); err != nil {
				t.Fatal(err)
			}
			got := sk.received()
			if len(got) != 1 {
				t.Fatalf("sink received %d messages", len(got))
			}
			data := got[0].Data
			v := verifyDKIM(t, data, record)
			if v.Err != nil {
				t.Fatalf("signature does not verify: %v", v.Err)
			}
			if v.Domain != "news.example.org" {
				t.Errorf("signing domain = %q", v.Domain)
			}
			for _, h := range []string{"From", "To", "Subject", "Date", "Message-ID", "List-Id",
				"List-Unsubscribe", "List-Unsubscribe-Post", "MIME-Version", "Content-Type"} {
				if !slices.ContainsFunc(v.HeaderKeys, func(k string) bool { return strings.EqualFold(k, h) }) {
					t.Errorf("signature does not cover %s (h=%v)", h, v.HeaderKeys)
				}
			}
			sig := string(data[:bytes.Index(data, []byte("\r\n\r\n"))])
			if !strings.Contains(sig, "c=relaxed/relaxed") {
				t.Errorf("signature is not relaxed/relaxed:\n%s", sig)
			}
			// Changing a covered header, or the link in the body, breaks it.
			for _, tamper := range [][2]string{
				{"List-Unsubscribe: <https://news.example.org/u/t1>", "List-Unsubscribe: <https://evil.example/u/t1>"},
				{"news.example.org/u/t1=\r\n", "news.example.org/u/t2=\r\n"}, // the link, quoted-printable
			} {
				if !bytes.Contains(data, []byte(tamper[0])) {
					t.Fatalf("message lacks %q", tamper[0])
				}
				bad := bytes.Replace(data, []byte(tamper[0]), []byte(tamper[1]), 1)
				if v := verifyDKIM(t, bad, record); v.Err == nil {
					t.Errorf("signature still verifies after changing %q", tamper[0])
				}
			}
		})
	}
}

func TestDKIMRejectsBadKeys(t *testing.T) {
	small, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	smallPath, _ := dkimKeyFile(t, small, false)
	garbage := filepath.Join(t.TempDir(), "garbage.pem")
	if err := os.WriteFile(garbage, []byte("not a key"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, ed, _ := ed25519.GenerateKey(rand.Reader)
	edPath, _ := dkimKeyFile(t, ed, false)
	tests := []struct {
		name, path, domain, selector, want string
	}{
		{"rsa-1024", smallPath, "news.example.org", "s1", "at least 2048 bits"},
		{"not pem", garbage, "news.example.org", "s1", "no PEM block"},
		{"missing file", filepath.Join(t.TempDir(), "none.pem"), "news.example.org", "s1", "key file"},
		{"bad domain", edPath, "news example", "s1", "dkim domain"},
		{"empty selector", edPath, "news.example.org", "", "dkim selector"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadDKIM(tt.path, tt.domain, tt.selector)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("LoadDKIM = %v, want error mentioning %q", err, tt.want)
			}
		})
	}
}

func BenchmarkDKIMSignRSA2048(b *testing.B) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		b.Fatal(err)
	}
	s, err := NewDKIMSigner("news.example.org", "mh2026", key)
	if err != nil {
		b.Fatal(err)
	}
	tpl, err := Composer{}.Template(issueMessage(), TemplateOptions{Placeholders: []string{unsubToken}})
	if err != nil {
		b.Fatal(err)
	}
	c, err := tpl.Render(nil, Recipient{To: "zoe@example.com", Values: []string{"https://news.example.org/u/t1"}})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := s.Sign(c.Data); err != nil {
			b.Fatal(err)
		}
	}
}
