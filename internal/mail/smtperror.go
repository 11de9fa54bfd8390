package mail

import (
	"errors"
	"fmt"
	"net/textproto"
	"strconv"
	"strings"
)

// ErrPermanent matches (with errors.Is) a DeliveryError that retrying will
// not cure: the server refused the message or a recipient with a 5xx reply
// during the mail transaction. Whether to suppress the address is the
// caller's choice; DeliveryError.BadRecipient is the usual test.
var ErrPermanent = errors.New("permanent delivery failure")

// ErrUnconfirmed matches a send whose message went out in full but whose
// final reply never arrived: the server may or may not have accepted it.
// It is not retried here, since a retry could deliver it twice; a campaign
// counts it as in flight.
var ErrUnconfirmed = errors.New("delivery unconfirmed")

// DeliveryError is an SMTP server's refusal during a mail transaction.
type DeliveryError struct {
	Command   string // "MAIL FROM", "RCPT TO" or "DATA"
	Recipient string // the refused address, for RCPT TO
	Code      int    // basic status, e.g. 550 or 451
	Enhanced  string // enhanced status (RFC 3463), e.g. "5.1.1"; empty when the server gave none
	Message   string // the server's text, without the enhanced status
}

func (e *DeliveryError) Error() string {
	s := fmt.Sprintf("%s refused: %d", e.Command, e.Code)
	if e.Enhanced != "" {
		s += " " + e.Enhanced
	}
	if e.Message != "" {
		s += " " + e.Message
	}
	if e.Recipient != "" {
		s += " (" + e.Recipient + ")"
	}
	return s
}

// Permanent reports a 5xx reply.
func (e *DeliveryError) Permanent() bool { return e.Code >= 500 && e.Code < 600 }

// Temporary reports a 4xx reply, which is worth retrying later.
func (e *DeliveryError) Temporary() bool { return e.Code >= 400 && e.Code < 500 }

// Is makes errors.Is(err, ErrPermanent) true for 5xx replies.
func (e *DeliveryError) Is(target error) bool { return target == ErrPermanent && e.Permanent() }

// BadRecipient reports a permanent failure that is about the address
// itself: a 5.1.x (mailbox address) or 5.2.x (mailbox status) code, or a
// RCPT refused with no enhanced code at all (the classic "550 no such
// user"). Anything else is not, since suppressing the reader would not fix
// it and a whole list could be suppressed by one relay's complaint: the
// sender refused at MAIL FROM (5.1.8 included), a quota or too many
// recipients (5.4.x, 5.5.x), the system (5.3.x), content or policy (5.6.x,
// 5.7.x).
func (e *DeliveryError) BadRecipient() bool {
	switch {
	case !e.Permanent() || e.Command == "MAIL FROM":
		return false
	case strings.HasPrefix(e.Enhanced, "5.1.") || strings.HasPrefix(e.Enhanced, "5.2."):
		return true
	default:
		return e.Enhanced == "" && e.Command == "RCPT TO"
	}
}

// deliveryError turns a server reply into a DeliveryError; other errors
// (network, TLS) are returned unchanged.
func deliveryError(err error, command, rcpt string) error {
	var te *textproto.Error
	if !errors.As(err, &te) {
		return err
	}
	de := &DeliveryError{Command: command, Code: te.Code, Message: te.Msg}
	if command == "RCPT TO" {
		de.Recipient = rcpt
	}
	// "5.1.1 <x@y>: Recipient address rejected" → "5.1.1", the rest.
	if first, rest, ok := strings.Cut(te.Msg, " "); ok && enhancedStatus(first, te.Code) {
		de.Enhanced, de.Message = first, rest
	} else if enhancedStatus(te.Msg, te.Code) {
		de.Enhanced, de.Message = te.Msg, ""
	}
	return de
}

// enhancedStatus reports whether s is class.subject.detail with the class
// matching the basic code's first digit.
func enhancedStatus(s string, code int) bool {
	parts := strings.Split(s, ".")
	if len(parts) != 3 || parts[0] != strconv.Itoa(code/100) {
		return false
	}
	for _, p := range parts[1:] {
		if n, err := strconv.Atoi(p); err != nil || n < 0 || n > 999 || len(p) > 3 {
			return false
		}
	}
	return true
}
