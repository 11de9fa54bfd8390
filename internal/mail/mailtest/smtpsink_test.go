package mailtest

import (
	"errors"
	"net/smtp"
	"net/textproto"
	"strings"
	"testing"

	gosmtp "github.com/emersion/go-smtp"
)

func send(t *testing.T, addr, from string, to []string, body string) error {
	t.Helper()
	return smtp.SendMail(addr, nil, from, to, []byte(body))
}

// code is the SMTP reply code of a refusal, 0 for none.
func code(err error) int {
	var te *textproto.Error
	if errors.As(err, &te) {
		return te.Code
	}
	return 0
}

func TestSMTPSinkKeepsEnvelopeAndData(t *testing.T) {
	s := StartSMTPSink(t, &SMTPSink{})
	if err := send(t, s.Addr, "a@example.org", []string{"b@example.org", "c@example.org"}, "Subject: hi\r\n\r\nbody\r\n"); err != nil {
		t.Fatal(err)
	}
	if err := send(t, s.Addr, "a@example.org", []string{"b@example.org"}, "Subject: again\r\n\r\nbody\r\n"); err != nil {
		t.Fatal(err)
	}
	got := s.Received()
	if len(got) != 2 || got[0].From != "a@example.org" || strings.Join(got[0].To, ",") != "b@example.org,c@example.org" ||
		!strings.Contains(string(got[1].Data), "Subject: again") {
		t.Fatalf("received %+v", got)
	}
	if by := s.ByRecipient(); by["b@example.org"] != 2 || by["c@example.org"] != 1 || len(by) != 2 {
		t.Fatalf("by recipient %v", by)
	}
	if raw := s.Raw(); len(raw) != 2 || !strings.HasPrefix(raw[0], "Subject: hi") || s.Count() != 2 {
		t.Fatalf("raw %q, count %d", raw, s.Count())
	}
}

func TestSMTPSinkRefusesWithTheGivenError(t *testing.T) {
	refuse := func(c int) error {
		return &gosmtp.SMTPError{Code: c, EnhancedCode: gosmtp.EnhancedCode{5, 1, 1}, Message: "no"}
	}
	s := StartSMTPSink(t, &SMTPSink{
		RefuseMail: func(from string) error {
			if from == "bad@example.org" {
				return refuse(553)
			}
			return nil
		},
		RefuseRcpt: func(to string) error {
			if to == "gone@example.org" {
				return refuse(550)
			}
			return nil
		},
		RefuseData: func(m SMTPMail) error {
			if m.To[0] == "spam@example.org" {
				return refuse(554)
			}
			return nil
		},
	})
	for _, c := range []struct {
		from, to string
		want     int
	}{{"bad@example.org", "x@example.org", 553}, {"a@example.org", "gone@example.org", 550}, {"a@example.org", "spam@example.org", 554}} {
		if err := send(t, s.Addr, c.from, []string{c.to}, "x\r\n"); code(err) != c.want {
			t.Errorf("%s -> %s: %v, want %d", c.from, c.to, err, c.want)
		}
	}
	if got := s.Received(); len(got) != 0 || s.Count() != 0 {
		t.Fatalf("kept refused messages: %+v", got)
	}
}

func TestSMTPSinkGateHoldsTheMessage(t *testing.T) {
	entered, release := make(chan string), make(chan struct{})
	s := StartSMTPSink(t, &SMTPSink{Gate: func(m SMTPMail) { entered <- m.To[0]; <-release }})
	done := make(chan error)
	go func() { done <- send(t, s.Addr, "a@example.org", []string{"b@example.org"}, "x\r\n") }()
	if to := <-entered; to != "b@example.org" {
		t.Fatalf("gate saw %q", to)
	}
	if n := len(s.Received()); n != 0 {
		t.Fatalf("a held message is already kept (%d)", n)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if n := len(s.Received()); n != 1 {
		t.Fatalf("kept %d after release", n)
	}
}

func TestSMTPSinkDiscardOnlyCounts(t *testing.T) {
	s := StartSMTPSink(t, &SMTPSink{Discard: true})
	for range 3 {
		if err := send(t, s.Addr, "a@example.org", []string{"b@example.org"}, "x\r\n"); err != nil {
			t.Fatal(err)
		}
	}
	if s.Count() != 3 || len(s.Received()) != 0 {
		t.Fatalf("count %d, kept %d", s.Count(), len(s.Received()))
	}
}
