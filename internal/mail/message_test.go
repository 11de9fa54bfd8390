package mail

import (
	"errors"
	"testing"
)

func validMessage() Message {
	return Message{
		From:    "Masthead <news@example.org>",
		To:      []string{"reader@example.com"},
		Subject: "Hello",
		Text:    "Body",
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		modify func(m *Message)
		ok     bool
	}{
		{"valid", func(*Message) {}, true},
		{"empty from uses default", func(m *Message) { m.From = "" }, true},
		{"display name in to", func(m *Message) { m.To = []string{"Reader <r@example.com>"} }, true},
		{"extra headers", func(m *Message) {
			m.Headers = map[string]string{"List-Id": "News <news.example.org>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
		}, true},
		{"no recipients", func(m *Message) { m.To = nil }, false},
		{"bad recipient", func(m *Message) { m.To = []string{"not an address"} }, false},
		{"bad from", func(m *Message) { m.From = "news@" }, false},
		// Line breaks in the subject or a display name are cleaned when
		// composing (TestComposeCleansLineBreaks); in an address they fail.
		{"CRLF in subject", func(m *Message) { m.Subject = "Hi\r\nBcc: victim@example.com" }, true},
		{"CR in subject", func(m *Message) { m.Subject = "Hi\rthere" }, true},
		{"LF in from name", func(m *Message) { m.From = "The\n Weekly <e@example.com>" }, true},
		{"CRLF in to", func(m *Message) { m.To = []string{"r@example.com\r\nBcc: victim@example.com"} }, false},
		{"CRLF after from", func(m *Message) { m.From = "Evil <e@example.com>\r\nBcc: victim@example.com" }, false},
		{"LF inside an address", func(m *Message) { m.To = []string{"r@exam\nple.com"} }, false},
		{"CRLF in header value", func(m *Message) { m.Headers = map[string]string{"List-Id": "x\r\nBcc: v@example.com"} }, false},
		{"space in header name", func(m *Message) { m.Headers = map[string]string{"List Id": "x"} }, false},
		{"colon in header name", func(m *Message) { m.Headers = map[string]string{"X-A:": "x"} }, false},
		{"empty header name", func(m *Message) { m.Headers = map[string]string{"": "x"} }, false},
		{"reserved header", func(m *Message) { m.Headers = map[string]string{"subject": "override"} }, false},
		{"reserved content-type", func(m *Message) { m.Headers = map[string]string{"Content-Type": "text/html"} }, false},
		{"same header twice", func(m *Message) { m.Headers = map[string]string{"List-Id": "a", "list-id": "b"} }, false},
		{"empty text", func(m *Message) { m.Text = " \n" }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := validMessage()
			tt.modify(&m)
			err := m.Validate()
			if tt.ok && err != nil {
				t.Fatalf("Validate() = %v, want nil", err)
			}
			if !tt.ok && !errors.Is(err, ErrInvalid) {
				t.Fatalf("Validate() = %v, want ErrInvalid", err)
			}
		})
	}
}

func TestComposeRequiresFrom(t *testing.T) {
	m := validMessage()
	m.From = ""
	if _, err := (Composer{}).Compose(m); !errors.Is(err, ErrInvalid) {
		t.Fatalf("Compose without From = %v, want ErrInvalid", err)
	}
}

func TestComposeRejectsBadMessageIDDomain(t *testing.T) {
	if _, err := (Composer{Domain: "a b"}).Compose(validMessage()); err == nil {
		t.Fatal("Compose with Domain \"a b\" succeeded, want error")
	}
}
