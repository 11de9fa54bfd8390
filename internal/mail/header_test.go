package mail

import (
	"bytes"
	"mime"
	"strings"
	"testing"
)

func TestExtraHeaderEncoding(t *testing.T) {
	tests := []struct {
		name     string
		value    string
		verbatim string // must appear unencoded on the wire
	}{
		{"ascii list-unsubscribe", "<https://example.org/u?t=1>, <mailto:u@example.org>", "<https://example.org/u?t=1>, <mailto:u@example.org>"},
		{"non-ascii list name keeps id", "Wochenrückblick <weekly.example.org>", "<weekly.example.org>"},
		{"run of non-ascii words keeps spaces", "Grüße für Zoë <x.example.org>", "<x.example.org>"},
		{"encoded-word lookalike", "=?utf-8?q?x?= <y.example.org>", "<y.example.org>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := validMessage()
			m.Headers = map[string]string{"list-id": tt.value}
			out, err := testComposer().Compose(m)
			if err != nil {
				t.Fatal(err)
			}
			checkWellFormed(t, out.Data)
			head, _, _ := bytes.Cut(out.Data, []byte("\r\n\r\n"))
			if !strings.Contains(strings.ReplaceAll(string(head), "\r\n", ""), tt.verbatim) {
				t.Errorf("header section lacks %q verbatim:\n%s", tt.verbatim, head)
			}
			p := parseMail(t, out.Data)
			var dec mime.WordDecoder
			got, err := dec.DecodeHeader(p.Header.Get("List-Id"))
			if err != nil || got != tt.value {
				t.Errorf("List-Id decodes to %q (%v), want %q", got, err, tt.value)
			}
		})
	}
}

// Only a refusal about the address suppresses a reader: a relay's quota,
// its recipient limit, a refused sender or a content policy must not
// suppress a whole list.
func TestBadRecipientIsAboutTheAddressOnly(t *testing.T) {
	for _, c := range []struct {
		e    DeliveryError
		want bool
	}{
		{DeliveryError{Command: "RCPT TO", Code: 550, Enhanced: "5.1.1"}, true},
		{DeliveryError{Command: "RCPT TO", Code: 550}, true},
		{DeliveryError{Command: "RCPT TO", Code: 552, Enhanced: "5.2.2"}, true},
		{DeliveryError{Command: "DATA", Code: 550, Enhanced: "5.1.1"}, true},
		{DeliveryError{Command: "RCPT TO", Code: 550, Enhanced: "5.4.5"}, false},
		{DeliveryError{Command: "RCPT TO", Code: 452, Enhanced: "4.5.3"}, false},
		{DeliveryError{Command: "RCPT TO", Code: 552, Enhanced: "5.5.3"}, false},
		{DeliveryError{Command: "RCPT TO", Code: 554, Enhanced: "5.7.1"}, false},
		{DeliveryError{Command: "RCPT TO", Code: 550, Enhanced: "5.3.0"}, false},
		{DeliveryError{Command: "MAIL FROM", Code: 550, Enhanced: "5.1.8"}, false},
		{DeliveryError{Command: "MAIL FROM", Code: 550}, false},
		{DeliveryError{Command: "DATA", Code: 554}, false},
	} {
		if got := c.e.BadRecipient(); got != c.want {
			t.Errorf("%+v: BadRecipient = %v, want %v", c.e, got, c.want)
		}
	}
}
