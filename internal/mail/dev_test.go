package mail

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDevSender(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "outbox", "dev")
	var logs bytes.Buffer
	d := NewDevSender(dir, slog.New(slog.NewTextHandler(&logs, nil)))
	d.Composer = testComposer() // same instant for both: names must still differ

	first := newsletterMessage()
	second := newsletterMessage()
	second.Subject = "Second"
	second.From = "Desk <desk@example.org>"
	for _, m := range []Message{first, second} {
		if err := d.Send(t.Context(), m); err != nil {
			t.Fatalf("Send: %v", err)
		}
	}

	info, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm&^0o750 != 0 {
		t.Errorf("dir mode = %o, want at most 0750", perm)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 {
		t.Fatalf("dir has %d files, want 2", len(entries))
	}
	// ReadDir sorts by name, and names sort in sending order.
	for i, want := range []Message{first, second} {
		name := entries[i].Name()
		if !strings.HasSuffix(name, ".eml") || !strings.HasPrefix(name, "20260314T140926") {
			t.Errorf("file name %q, want UTC time prefix and .eml", name)
		}
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		checkWellFormed(t, data)
		p := parseMail(t, data)
		if p.Subject != want.Subject || !sameBody(p.Text, want.Text) || !sameBody(p.HTML, want.HTML) {
			t.Errorf("%s: subject %q text %q html %q, want %q %q %q", name, p.Subject, p.Text, p.HTML, want.Subject, want.Text, want.HTML)
		}
		if p.Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
			t.Errorf("%s: extra headers missing:\n%s", name, data)
		}
		if !strings.Contains(logs.String(), filepath.Join(dir, name)) {
			t.Errorf("log does not name %s:\n%s", name, logs.String())
		}
	}
	if from := parseMail(t, mustRead(t, filepath.Join(dir, entries[0].Name()))).Header.Get("From"); from == "" {
		t.Error("message without From got no default From")
	}
	if got := strings.Count(logs.String(), "\n"); got != 2 {
		t.Errorf("logged %d lines, want one per message:\n%s", got, logs.String())
	}
}

func TestDevSenderRefusesInvalid(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	d := NewDevSender(dir, nil)
	m := newsletterMessage()
	m.To = []string{"x@example.org\r\nBcc: victim@example.com"}
	if err := d.Send(t.Context(), m); err == nil {
		t.Fatal("Send succeeded, want error")
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("dir exists after refused message (err %v), want nothing written", err)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A campaign's pre-rendered copies land in the outbox too, byte for byte.
func TestDevSenderDelivers(t *testing.T) {
	dir := t.TempDir()
	d := NewDevSender(dir, nil)
	msg := Composed{From: "bounce@example.org", To: []string{"reader@example.org"}, Data: []byte("Subject: x\r\n\r\nbody\r\n")}
	if err := d.Deliver(t.Context(), msg); err != nil {
		t.Fatal(err)
	}
	if err := d.Deliver(t.Context(), Composed{Data: msg.Data}); err == nil {
		t.Fatal("a message without recipients was written")
	}
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) != 1 {
		t.Fatalf("outbox has %d files (%v), want 1", len(entries), err)
	}
	data, err := os.ReadFile(filepath.Join(dir, entries[0].Name()))
	if err != nil || !bytes.Equal(data, msg.Data) {
		t.Fatalf("file holds %q (%v)", data, err)
	}
}
