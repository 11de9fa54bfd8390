package mail

import (
	"bytes"
	"flag"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

// countingReader is a predictable stand-in for crypto/rand.
type countingReader struct{ n byte }

func (r *countingReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = r.n
		r.n++
	}
	return len(p), nil
}

// testComposer renders byte-identical output; the zone is deliberately not
// UTC so the Date header proves it keeps the offset.
func testComposer() Composer {
	at := time.Date(2026, 3, 14, 15, 9, 26, 0, time.FixedZone("CET", 3600))
	return Composer{Now: func() time.Time { return at }, Rand: &countingReader{}}
}

func TestComposeGolden(t *testing.T) {
	m := Message{
		From:    "Die Redaktion <news@example.org>",
		To:      []string{"Zoë Leser <zoe@example.com>", "other@example.net"},
		Subject: "Wochenrückblick: Grüße aus Köln",
		Text:    "Hallo Zoë,\n\nhier ist der Rückblick.\n",
		HTML:    "<p>Hallo Zoë,</p>\n<p>hier ist der <b>Rückblick</b>.</p>\n",
		Headers: map[string]string{
			"List-Id":               "Wochenrückblick <weekly.example.org>",
			"List-Unsubscribe":      "<https://example.org/unsubscribe?t=abc>, <mailto:unsubscribe@example.org?subject=abc>",
			"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
		},
	}
	got, err := testComposer().Compose(m)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "weekly.golden.eml")
	if *update {
		if err := os.WriteFile(path, got.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got.Data, want) {
		t.Errorf("composed message differs from %s (run go test -update after checking):\n%s", path, got.Data)
	}
}

func TestCompose(t *testing.T) {
	long := strings.Repeat("word ", 400)
	tests := []struct {
		name    string
		m       Message
		wantCTE string // Content-Transfer-Encoding of the text, single-part only
	}{
		{"ascii text", Message{Subject: "Plain", Text: "Hello\nWorld"}, "quoted-printable"},
		{"non-ascii subject", Message{Subject: "Grüße aus Köln — 東京 ✓", Text: "x"}, "quoted-printable"},
		{"encoded-word lookalike subject", Message{Subject: "Say =?utf-8?q?hi?= literally", Text: "x"}, "quoted-printable"},
		{"long ascii subject", Message{Subject: strings.TrimSpace(strings.Repeat("newsletter ", 20)), Text: "x"}, "quoted-printable"},
		{"long non-ascii subject", Message{Subject: strings.Repeat("Grüße ", 30) + "end", Text: "x"}, "quoted-printable"},
		{"mostly non-ascii text uses base64", Message{Subject: "日本", Text: "東京の天気は晴れです。\n明日も晴れ。\n"}, "base64"},
		{"long line soft-wrapped", Message{Subject: "Long", Text: long}, "quoted-printable"},
		{"leading dots and equals", Message{Subject: "Dots", Text: ".\n..hidden\na=b\n"}, "quoted-printable"},
		{"html alternative", Message{Subject: "Both", Text: "Text part", HTML: "<p>HTML part</p>"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := tt.m
			m.From = "Zoë Redaktion <news@example.org>"
			m.To = []string{"reader@example.com"}
			out, err := testComposer().Compose(m)
			if err != nil {
				t.Fatal(err)
			}
			checkWellFormed(t, out.Data)
			p := parseMail(t, out.Data)
			if p.Subject != m.Subject {
				t.Errorf("subject = %q, want %q", p.Subject, m.Subject)
			}
			if !sameBody(p.Text, m.Text) {
				t.Errorf("text = %q, want %q", p.Text, m.Text)
			}
			if !sameBody(p.HTML, m.HTML) {
				t.Errorf("html = %q, want %q", p.HTML, m.HTML)
			}
			if tt.wantCTE != "" {
				if got := p.Header.Get("Content-Transfer-Encoding"); got != tt.wantCTE {
					t.Errorf("Content-Transfer-Encoding = %q, want %q", got, tt.wantCTE)
				}
			}
			from, err := mail.ParseAddress(p.Header.Get("From"))
			if err != nil || from.Name != "Zoë Redaktion" || from.Address != "news@example.org" {
				t.Errorf("From = %v (%v), want Zoë Redaktion <news@example.org>", from, err)
			}
			if d, err := p.Header.Date(); err != nil || !d.Equal(testComposer().now()) {
				t.Errorf("Date = %v (%v), want %v", d, err, testComposer().now())
			}
			if id := p.Header.Get("Message-Id"); id != out.MessageID || !strings.HasSuffix(id, "@example.org>") {
				t.Errorf("Message-ID = %q, composed %q, want one ending in @example.org>", id, out.MessageID)
			}
		})
	}
}

// checkWellFormed asserts what SMTP relays insist on: CRLF only, 7-bit
// bytes, lines within 998 characters, and plain ASCII headers within 78.
func checkWellFormed(t *testing.T, data []byte) {
	t.Helper()
	if bytes.Contains(bytes.ReplaceAll(data, []byte("\r\n"), nil), []byte("\n")) {
		t.Error("message has a bare LF")
	}
	head, _, _ := bytes.Cut(data, []byte("\r\n\r\n"))
	for i, line := range strings.Split(string(data), "\r\n") {
		if len(line) > 998 {
			t.Errorf("line %d is %d characters long", i+1, len(line))
		}
		for _, c := range []byte(line) {
			if c >= 0x80 {
				t.Errorf("line %d has 8-bit byte: %q", i+1, line)
				break
			}
		}
	}
	for _, line := range strings.Split(string(head), "\r\n") {
		// An encoded word may not be split, so only plain text must fold.
		if len(line) > 78 && !strings.Contains(line, "=?utf-8?") {
			t.Errorf("header line is %d characters long: %q", len(line), line)
		}
		if strings.TrimSpace(line) == "" {
			t.Errorf("header has a whitespace-only line")
		}
	}
}

func TestComposeMessageIDDomain(t *testing.T) {
	c := testComposer()
	c.Domain = "mail.example.net"
	out, err := c.Compose(validMessage())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(out.MessageID, "@mail.example.net>") {
		t.Errorf("Message-ID = %q, want domain mail.example.net", out.MessageID)
	}
	if out.From != "news@example.org" || len(out.To) != 1 || out.To[0] != "reader@example.com" {
		t.Errorf("envelope = %q -> %q, want bare addresses", out.From, out.To)
	}
}

// TestComposeCleansLineBreaks: a publication name saved with a line break
// or another control character, in the subject or the From display name,
// gives one clean header line instead of a dropped email, and cannot add
// a header.
func TestComposeCleansLineBreaks(t *testing.T) {
	m := Message{
		From:    "The\r\nWeekly\x01 Zeitung <news@example.org>",
		To:      []string{"Zoë\tLeser <zoe@example.com>"},
		Subject: "Reset your The\r\nWeekly password\nBcc: victim@example.com",
		Text:    "x",
	}
	out, err := testComposer().Compose(m)
	if err != nil {
		t.Fatalf("Compose = %v, want the message cleaned and composed", err)
	}
	checkWellFormed(t, out.Data)
	p := parseMail(t, out.Data)
	if p.Subject != "Reset your The Weekly password Bcc: victim@example.com" {
		t.Errorf("subject = %q", p.Subject)
	}
	if p.Header.Get("Bcc") != "" || len(out.To) != 1 {
		t.Errorf("a line break in the subject added a recipient: Bcc %q, envelope %v", p.Header.Get("Bcc"), out.To)
	}
	from, err := mail.ParseAddress(p.Header.Get("From"))
	if err != nil || from.Name != "The Weekly Zeitung" || from.Address != "news@example.org" {
		t.Errorf("From = %v (%v), want The Weekly Zeitung <news@example.org>", from, err)
	}
	to, err := mail.ParseAddress(p.Header.Get("To"))
	if err != nil || to.Name != "Zoë Leser" || !strings.Contains(p.Header.Get("To"), "=?utf-8?") {
		t.Errorf("To = %q (%v), want the cleaned name RFC 2047-encoded", p.Header.Get("To"), err)
	}
}
