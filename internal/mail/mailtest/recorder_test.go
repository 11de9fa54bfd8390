package mailtest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"masthead/internal/mail"
)

func newsletterMessage() mail.Message {
	return mail.Message{
		To:      []string{"Zoë Leser <zoe@example.com>", "other@example.net"},
		Subject: "Weekly",
		Text:    "Hello Zoë,\n",
		Headers: map[string]string{"List-Id": "Weekly <weekly.example.org>"},
	}
}

func TestRecorder(t *testing.T) {
	var r Recorder
	if _, ok := r.Last(); ok {
		t.Fatal("Last on empty recorder reported a message")
	}

	var wg sync.WaitGroup
	for i := range 50 {
		wg.Go(func() {
			m := newsletterMessage()
			m.Subject = fmt.Sprint(i)
			if err := r.Send(t.Context(), m); err != nil {
				t.Errorf("Send: %v", err)
			}
		})
	}
	wg.Wait()
	if n := len(r.Messages()); n != 50 {
		t.Fatalf("recorded %d messages, want 50", n)
	}

	if err := r.Send(t.Context(), mail.Message{To: []string{"a@example.com"}, Subject: "last", Text: "x"}); err != nil {
		t.Fatal(err)
	}
	last, ok := r.Last()
	if !ok || last.Subject != "last" {
		t.Fatalf("Last = %q, %v; want subject last", last.Subject, ok)
	}

	// Callers get copies: changing one must not change the record.
	msgs := r.Messages()
	msgs[0].To[0] = "changed@example.com"
	msgs[0].Headers["List-Id"] = "changed"
	if got := r.Messages()[0]; got.To[0] == "changed@example.com" || got.Headers["List-Id"] == "changed" {
		t.Error("mutating a returned message changed the recorded one")
	}

	r.Reset()
	if n := len(r.Messages()); n != 0 {
		t.Errorf("after Reset %d messages, want 0", n)
	}
}

func TestRecorderRefuses(t *testing.T) {
	var r Recorder
	bad := newsletterMessage()
	bad.To = []string{"a@example.com\nBcc: b@example.com"}
	if err := r.Send(t.Context(), bad); !errors.Is(err, mail.ErrInvalid) {
		t.Errorf("Send(invalid) = %v, want ErrInvalid", err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := r.Send(ctx, newsletterMessage()); !errors.Is(err, context.Canceled) {
		t.Errorf("Send(cancelled ctx) = %v, want context.Canceled", err)
	}
	if n := len(r.Messages()); n != 0 {
		t.Errorf("recorded %d refused messages, want 0", n)
	}
}
