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
)

// Message is one email as the rest of the application describes it.
type Message struct {
	From    string            // "Name <addr>" or addr; empty means the sender's default From
	To      []string          // addresses
	Subject string            // plain text; encoded on the wire when not ASCII
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
	if hasCRLF(m.Subject) {
		return invalidf("subject must not contain CR or LF")
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

// parseAddress checks for CR/LF before net/mail sees the value, because
// header injection must fail loudly even where the parser would tolerate it.
func parseAddress(field, raw string) (*mail.Address, error) {
	if hasCRLF(raw) {
		return nil, invalidf("%s: address must not contain CR or LF", field)
	}
	a, err := mail.ParseAddress(raw)
	if err != nil {
		return nil, invalidf("%s: %q is not a valid address: %v", field, raw, err)
	}
	return a, nil
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
