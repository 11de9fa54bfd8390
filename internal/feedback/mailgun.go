package feedback

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/newsletter"
)

// Mailgun's webhook (https://documentation.mailgun.com, "Securing
// webhooks"): a JSON body whose signature is the HMAC-SHA256, under the
// webhook signing key, of timestamp+token. Only those two are signed, so
// a signed pair is accepted once and only while fresh.
const (
	// MailgunMaxSkew is how far a webhook's timestamp may be from now.
	MailgunMaxSkew = 5 * time.Minute
	// MaxMailgunBody bounds the webhook's body.
	MaxMailgunBody = 256 << 10
)

type mailgunPayload struct {
	Signature struct {
		Timestamp string `json:"timestamp"`
		Token     string `json:"token"`
		Signature string `json:"signature"`
	} `json:"signature"`
	Event struct {
		Event          string         `json:"event"`
		Severity       string         `json:"severity"`
		Recipient      string         `json:"recipient"`
		Reason         string         `json:"reason"`
		DeliveryStatus map[string]any `json:"delivery-status"`
		UserVariables  map[string]any `json:"user-variables"`
	} `json:"event-data"`
}

// Errors of the webhook, with what the provider is told.
var (
	errMailgunBody      = apperr.New(apperr.Invalid, "The body is not a Mailgun webhook: JSON with signature and event-data expected.")
	errMailgunSignature = apperr.New(apperr.Forbidden, "The signature does not match the webhook signing key.")
	errMailgunStale     = apperr.New(apperr.Forbidden, "The timestamp is more than 5 minutes from now.")
	errMailgunReplay    = apperr.New(apperr.Forbidden, "This signed token was already used.")
)

// MailgunEnabled reports whether a webhook signing key is configured.
func (s *Service) MailgunEnabled() bool { return len(s.mailgunKey) > 0 }

// Mailgun handles one webhook call. A bad body is Invalid; a signature
// that does not match, a stale timestamp or a token used before is
// Forbidden, and changes nothing. Events it does not act on (deliveries,
// opens counted by Mailgun, unknown recipients) are nil.
func (s *Service) Mailgun(ctx context.Context, body []byte) error {
	if !s.MailgunEnabled() {
		return apperr.New(apperr.NotFound, "no webhook")
	}
	var p mailgunPayload
	if err := json.Unmarshal(body, &p); err != nil {
		return errMailgunBody
	}
	sig := p.Signature
	want, err := hex.DecodeString(sig.Signature)
	if err != nil || sig.Token == "" || sig.Timestamp == "" || len(sig.Token) > 200 || len(sig.Timestamp) > 20 {
		return errMailgunSignature
	}
	m := hmac.New(sha256.New, s.mailgunKey)
	m.Write([]byte(sig.Timestamp + sig.Token))
	if !hmac.Equal(m.Sum(nil), want) {
		return errMailgunSignature
	}
	ts, err := strconv.ParseInt(sig.Timestamp, 10, 64)
	now := s.now()
	if err != nil || math.Abs(float64(now.Unix()-ts)) > MailgunMaxSkew.Seconds() {
		return errMailgunStale
	}
	// A token seen within twice the allowed skew is a replay; older ones
	// are stale anyway.
	tok := sha256.Sum256([]byte(sig.Token))
	key := "mailgun-token:" + hex.EncodeToString(tok[:])
	n, err := s.store.TakeAttempt(ctx, key, now, 2*MailgunMaxSkew)
	if err != nil {
		return err
	}
	if n > 1 {
		return errMailgunReplay
	}
	if err := s.mailgunEvent(ctx, p); err != nil {
		// Not acted on (the database failed): forget the token, so that
		// Mailgun's retry of this same signed call is not refused as a
		// replay and the bounce or complaint is not lost.
		if cerr := s.store.ClearAttempts(context.WithoutCancel(ctx), key); cerr != nil {
			s.log.Error("feedback: forget a mailgun token", "err", cerr)
		}
		return err
	}
	return nil
}

func (s *Service) mailgunEvent(ctx context.Context, p mailgunPayload) error {
	e := p.Event
	switch e.Event {
	case "failed", "complained", "unsubscribed":
	default:
		return nil
	}
	r, err := s.readers.ReaderByEmail(ctx, e.Recipient)
	if k := apperr.KindOf(err); k == apperr.NotFound || k == apperr.Invalid {
		return nil // not a reader (or erased): nothing to do
	} else if err != nil {
		return err
	}
	campaign, newsletterID := userVar(e.UserVariables, "campaign_id"), userVar(e.UserVariables, "newsletter_id")
	switch e.Event {
	case "failed":
		f := Failure{Status: deliveryString(e.DeliveryStatus, "enhanced-code"), Diagnostic: deliveryString(e.DeliveryStatus, "message")}
		if f.Diagnostic == "" {
			f.Diagnostic = deliveryString(e.DeliveryStatus, "description")
		}
		if code := deliveryString(e.DeliveryStatus, "code"); f.Status == "" || !statusRE.MatchString(f.Status) {
			f.Status = statusFromCode(code, e.Severity)
		}
		// Mailgun's severity decides: "temporary" failures are retried by
		// Mailgun and never suppress, whatever code they quote.
		if e.Severity != "permanent" {
			f.Action = "delayed"
		}
		return s.bounce(ctx, r, campaign, newsletterID, f)
	case "complained":
		return s.complain(ctx, r, campaign, newsletterID, sourceMailgun)
	default: // unsubscribed
		meta := newsletter.Meta{Method: newsletter.MethodEmail, Source: sourceMailgun}
		if newsletterID > 0 {
			if err := s.readers.Unsubscribe(ctx, r.ID, newsletterID, meta); err != nil && apperr.KindOf(err) != apperr.NotFound {
				return err
			}
		} else if err := s.readers.UnsubscribeAll(ctx, r.ID, meta); err != nil {
			return err
		}
		s.record(ctx, newsletter.MailEvent{CampaignID: campaign, NewsletterID: newsletterID, ReaderID: r.ID, Kind: newsletter.EventUnsubscribe})
		return nil
	}
}

// userVar reads a positive id from Mailgun's user-variables, given as a
// string or a number; 0 when absent or not one.
func userVar(vars map[string]any, name string) int64 {
	switch v := vars[name].(type) {
	case string:
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err == nil && n > 0 {
			return n
		}
	case float64:
		if v > 0 && v < 1<<53 && v == math.Trunc(v) {
			return int64(v)
		}
	}
	return 0
}

func deliveryString(ds map[string]any, key string) string {
	switch v := ds[key].(type) {
	case string:
		return Bounded(v, maxDetailRunes)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return ""
}

// statusFromCode makes an enhanced status from a basic SMTP code when the
// provider gives none: 550 is 5.0.0.
func statusFromCode(code, severity string) string {
	if len(code) == 3 && (code[0] == '4' || code[0] == '5') {
		return fmt.Sprintf("%c.0.0", code[0])
	}
	if severity == "permanent" {
		return "5.0.0"
	}
	return "4.0.0"
}
