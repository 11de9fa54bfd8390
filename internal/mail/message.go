// Package mail composes RFC 5322 messages and delivers them over SMTP, to
// .eml files in development, or into memory for tests.
package mail

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/mail"
	"net/textproto"
	"slices"
	"strings"
	"unicode"
)

// Message is one email as the rest of the application describes it.
type Message struct {
	From    string            // "Name <addr>" or addr; empty means the sender's default From
	To      []string          // addresses
	Subject string            // plain text; line breaks and control characters become spaces; encoded on the wire when not ASCII
	Text    string            // plain-text body (required)
	HTML    string            // optional HTML alternative
	Headers map[string]string // extra headers, e.g. List-Id, List-Unsubscribe, List-Unsubscribe-Post
}

// Sender delivers a Message. Implementations honour ctx cancellation.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// ErrInvalid marks a Message that can never be sent as given; retrying will
// not help, so callers (queues) can drop it instead of retrying.
var ErrInvalid = errors.New("invalid message")

// reservedHeader reports headers Compose writes itself; letting Headers
// override them would produce duplicates or a broken MIME structure.
func reservedHeader(canonical string) bool {
	switch canonical {
	case "From", "To", "Cc", "Bcc", "Subject", "Date", "Message-Id",
		"Mime-Version", "Content-Type", "Content-Transfer-Encoding":
		return true
	}
	return false
}

// Validate reports whether m can be composed once a From is filled in. An
// empty From is allowed because senders supply their default.
func (m Message) Validate() error {
	if m.From != "" {
		if _, err := parseAddress("from", m.From); err != nil {
			return err
		}
	}
	if _, err := m.recipients(); err != nil {
		return err
	}
	if strings.TrimSpace(m.Text) == "" {
		return invalidf("text body is required")
	}
	seen := make(map[string]bool, len(m.Headers))
	for k, v := range m.Headers {
		name := textproto.CanonicalMIMEHeaderKey(k)
		if !validFieldName(k) {
			return invalidf("header name %q must be printable ASCII without colon or space", k)
		}
		if reservedHeader(name) {
			return invalidf("header %q is set from Message fields and cannot be overridden", name)
		}
		if seen[name] {
			return invalidf("header %q given twice with different case", name)
		}
		seen[name] = true
		if hasCRLF(v) {
			return invalidf("header %q value must not contain CR or LF", name)
		}
	}
	return nil
}

// recipients parses To, refusing an empty list: a message to nobody is a
// caller bug, not something to silently drop.
func (m Message) recipients() ([]*mail.Address, error) {
	if len(m.To) == 0 {
		return nil, invalidf("to: at least one recipient is required")
	}
	out := make([]*mail.Address, 0, len(m.To))
	for i, raw := range m.To {
		a, err := parseAddress(fmt.Sprintf("to[%d]", i), raw)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

// parseAddress reads one address. Line breaks and other control
// characters become spaces first: in a display name (a publication name
// saved with a line break) that keeps the email deliverable, and anywhere
// else the result no longer parses as one address, so header injection
// ("a@b\r\nBcc: c@d") still fails loudly. The display name is written
// RFC 2047-encoded when it is not plain ASCII.
func parseAddress(field, raw string) (*mail.Address, error) {
	a, err := mail.ParseAddress(oneLine(raw))
	if err != nil {
		return nil, invalidf("%s: %q is not a valid address: %v", field, raw, err)
	}
	return a, nil
}

// oneLine turns each run of control characters (CR, LF, tab and the rest)
// into one space, for values that must stay on one header line.
func oneLine(s string) string {
	if strings.IndexFunc(s, unicode.IsControl) < 0 {
		return s
	}
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsControl(r) {
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		b.WriteRune(r)
		space = false
	}
	return b.String()
}

func hasCRLF(s string) bool { return strings.ContainsAny(s, "\r\n") }

// validFieldName follows RFC 5322 section 3.6.8: printable ASCII except colon.
func validFieldName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c > '~' || c == ':' {
			return false
		}
	}
	return true
}

func invalidf(format string, args ...any) error {
	return fmt.Errorf("mail: %w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}

// Clone deep-copies m so a stored copy cannot change under its owner.
func (m Message) Clone() Message {
	m.To = slices.Clone(m.To)
	m.Headers = maps.Clone(m.Headers)
	return m
}
