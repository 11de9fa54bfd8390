// Package feedback handles what comes back from sent newsletters: bounces,
// spam complaints and emailed unsubscribes reaching the inbound SMTP
// listener at bounce+TOKEN@ and unsubscribe+TOKEN@ the bounce domain, a
// mail provider's webhook (Mailgun's), and opens and clicks where a
// newsletter tracks them (decision record 0025).
//
// Every message and request names its reader by a signed token
// (newsletter.PurposeBounce or PurposeTrack), or, for the webhook, by an
// address the provider signed for. Nothing that does not verify changes
// anything. Campaigns are referred to by id only.
package feedback

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"masthead/internal/apperr"
	"masthead/internal/newsletter"
)

// Readers is what feedback needs of readers and consent;
// *newsletter.Service has it.
type Readers interface {
	Signer(ctx context.Context) (*newsletter.Signer, error)
	ReaderForLink(ctx context.Context, token string, purpose newsletter.Purpose) (newsletter.Reader, newsletter.Link, error)
	ReaderByEmail(ctx context.Context, email string) (newsletter.Reader, error)
	Newsletter(ctx context.Context, id int64) (newsletter.Newsletter, error)
	Suppress(ctx context.Context, email, reason string) error
	Unsubscribe(ctx context.Context, readerID, newsletterID int64, meta newsletter.Meta) error
	UnsubscribeAll(ctx context.Context, readerID int64, meta newsletter.Meta) error
}

// Store is what feedback needs from the database; *store.DB has it.
type Store interface {
	RecordMailEvent(ctx context.Context, e newsletter.MailEvent) (bool, error)
	CampaignLink(ctx context.Context, campaignID int64, n int) (string, error)
	TakeAttempt(ctx context.Context, key string, now time.Time, window time.Duration) (int, error)
	ClearAttempts(ctx context.Context, key string) error
}

// Options build a Service.
type Options struct {
	Readers Readers
	Store   Store
	Logger  *slog.Logger
	Now     func() time.Time
	// BounceAddress is the newsletters' envelope sender (bounce@domain);
	// the listener accepts mail for bounce+TOKEN@ and unsubscribe+TOKEN@
	// its domain only.
	BounceAddress string
	// MailgunKey is the webhook signing key; empty: no webhook.
	MailgunKey string
}

// Service records and acts on what comes back from sent mail.
type Service struct {
	readers    Readers
	store      Store
	log        *slog.Logger
	now        func() time.Time
	domain     string
	mailgunKey []byte
}

// New returns a service.
func New(o Options) *Service {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	s := &Service{readers: o.Readers, store: o.Store, log: o.Logger, now: o.Now}
	if i := strings.LastIndexByte(o.BounceAddress, '@'); i >= 0 {
		s.domain = strings.TrimSuffix(strings.ToLower(o.BounceAddress[i+1:]), ".")
	}
	if o.MailgunKey != "" {
		s.mailgunKey = []byte(o.MailgunKey)
	}
	return s
}

// Where consent records say an action came from.
const (
	sourceComplaint   = "spam complaint (feedback report)"
	sourceMailto      = "email to the unsubscribe address"
	sourceMailgun     = "Mailgun webhook"
	maxDetailRunes    = 200
	errBadTrackingURL = "feedback: stored link is not a web address"
)

// record adds an event, logging rather than failing: what it counts must
// never stop the unsubscribe or the redirect it goes with.
func (s *Service) record(ctx context.Context, e newsletter.MailEvent) {
	if e.CampaignID <= 0 || e.ReaderID == 0 {
		return
	}
	if e.Kind != newsletter.EventClick {
		e.Link = -1
	}
	e.Detail = Bounded(e.Detail, maxDetailRunes)
	if e.At.IsZero() {
		e.At = s.now()
	}
	if _, err := s.store.RecordMailEvent(ctx, e); err != nil {
		s.log.Error("feedback: event not recorded", "kind", e.Kind, "campaign", e.CampaignID, "err", err)
	}
}

// Unsubscribed records that a reader unsubscribed through a link emailed
// in a campaign (the one-click unsubscribe, the preference centre); a
// link without a campaign records nothing.
func (s *Service) Unsubscribed(ctx context.Context, readerID int64, l newsletter.Link) {
	s.record(ctx, newsletter.MailEvent{CampaignID: l.CampaignID, NewsletterID: l.NewsletterID, ReaderID: readerID, Kind: newsletter.EventUnsubscribe})
}

// tracked returns the reader and link of a tracking token when the token
// verifies, the reader is still there and the newsletter tracks; ok false
// otherwise (nothing is recorded then).
func (s *Service) tracked(ctx context.Context, token string) (newsletter.Reader, newsletter.Link, bool, error) {
	r, l, err := s.readers.ReaderForLink(ctx, token, newsletter.PurposeTrack)
	if apperr.KindOf(err) == apperr.NotFound {
		return r, l, false, nil
	} else if err != nil {
		return r, l, false, err
	}
	n, err := s.readers.Newsletter(ctx, l.NewsletterID)
	if apperr.KindOf(err) == apperr.NotFound {
		return r, l, false, nil
	} else if err != nil {
		return r, l, false, err
	}
	return r, l, n.Track && l.CampaignID > 0, nil
}

// Open records that a reader opened a campaign's email, once, when the
// token verifies and the newsletter tracks. The pixel is answered either
// way, so the result is for logs only.
func (s *Service) Open(ctx context.Context, token string) error {
	if len(token) > maxTokenLen {
		return nil
	}
	r, l, ok, err := s.tracked(ctx, token)
	if err != nil || !ok {
		return err
	}
	s.record(ctx, newsletter.MailEvent{CampaignID: l.CampaignID, NewsletterID: l.NewsletterID, ReaderID: r.ID, Kind: newsletter.EventOpen, Link: -1})
	return nil
}

// errNoLink is the one answer for a click that leads nowhere: a token
// that does not verify, or a link number the campaign does not have.
var errNoLink = apperr.New(apperr.NotFound, "This link does not lead anywhere. Open the newsletter's links from a more recent email.")

// maxTokenLen bounds the tokens looked at: real ones are under 100 bytes.
const maxTokenLen = 200

// Click returns link n of the token's campaign, recording a click when the
// newsletter tracks. Only a link stored for the campaign is ever
// returned, so the address cannot be made to redirect anywhere else; a
// token that does not verify or a link it does not have is NotFound.
// The link works for an erased reader or with tracking since turned off,
// recording nothing.
func (s *Service) Click(ctx context.Context, token string, n int) (string, error) {
	if len(token) > maxTokenLen || n < 0 {
		return "", errNoLink
	}
	signer, err := s.readers.Signer(ctx)
	if err != nil {
		return "", err
	}
	l, err := signer.Verify(token, newsletter.PurposeTrack, s.now())
	if err != nil || l.CampaignID <= 0 {
		return "", errNoLink
	}
	target, err := s.store.CampaignLink(ctx, l.CampaignID, n)
	if apperr.KindOf(err) == apperr.NotFound {
		return "", errNoLink
	} else if err != nil {
		return "", err
	}
	if u, err := url.Parse(target); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", errors.New(errBadTrackingURL)
	}
	r, _, ok, err := s.tracked(ctx, token)
	if err != nil {
		s.log.Error("feedback: click not recorded", "campaign", l.CampaignID, "err", err)
	} else if ok {
		s.record(ctx, newsletter.MailEvent{CampaignID: l.CampaignID, NewsletterID: l.NewsletterID, ReaderID: r.ID, Kind: newsletter.EventClick, Link: n})
	}
	return target, nil
}

// Bounded makes text from outside safe to keep: one line of printable
// characters, valid UTF-8, at most max runes.
func Bounded(s string, max int) string {
	var b strings.Builder
	n := 0
	space := false
	for _, r := range s {
		if n >= max {
			break
		}
		if r == utf8.RuneError || unicode.IsSpace(r) || !unicode.IsPrint(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			n++
			space = false
			if n >= max {
				break
			}
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}

// complain acts on a spam complaint: the reader is unsubscribed from every
// newsletter (each a consent record with method complaint), the address
// suppressed, and the complaint counted for the campaign.
func (s *Service) complain(ctx context.Context, r newsletter.Reader, campaignID, newsletterID int64, source string) error {
	if err := s.readers.UnsubscribeAll(ctx, r.ID, newsletter.Meta{Method: newsletter.MethodComplaint, Source: source}); err != nil {
		return fmt.Errorf("feedback: complaint: %w", err)
	}
	if err := s.readers.Suppress(ctx, r.Email, newsletter.ReasonComplaint); err != nil {
		return fmt.Errorf("feedback: complaint: %w", err)
	}
	s.record(ctx, newsletter.MailEvent{CampaignID: campaignID, NewsletterID: newsletterID, ReaderID: r.ID, Kind: newsletter.EventComplaint})
	s.log.Info("feedback: spam complaint: reader unsubscribed and suppressed", "reader", r.ID, "campaign", campaignID)
	return nil
}

// bounce acts on a delivery failure: a permanent one suppresses the
// address; either is counted for the campaign.
func (s *Service) bounce(ctx context.Context, r newsletter.Reader, campaignID, newsletterID int64, f Failure) error {
	kind := newsletter.EventSoftBounce
	if f.Permanent() {
		kind = newsletter.EventBounce
		if err := s.readers.Suppress(ctx, r.Email, Bounded(newsletter.ReasonBounced+" ("+f.Status+")", 60)); err != nil {
			return fmt.Errorf("feedback: bounce: %w", err)
		}
		s.log.Info("feedback: permanent bounce: address suppressed", "reader", r.ID, "campaign", campaignID, "status", f.Status)
	}
	s.record(ctx, newsletter.MailEvent{CampaignID: campaignID, NewsletterID: newsletterID, ReaderID: r.ID, Kind: kind,
		Detail: strings.TrimSpace(f.Status + " " + f.Diagnostic)})
	return nil
}
