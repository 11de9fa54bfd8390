package newsletter

import (
	"context"
	"fmt"
	"strings"
	"time"

	mailer "masthead/internal/mail"
)

// Signed links' pages on the public site (decision records 0016 and 0021).
const (
	// AccessLifetime is how long an emailed link to download or erase a
	// reader's data works: long enough to open the email, short enough
	// that a forwarded or leaked one soon stops.
	AccessLifetime = time.Hour
	// DataPath is where access links point: DataPath + token.
	DataPath = "/newsletters/data/"
	// PreferencesPath is where preference links point (the footer link of
	// every email): PreferencesPath + token.
	PreferencesPath = "/newsletters/preferences/"
	// UnsubscribePath is where a newsletter's unsubscribe links point, the
	// List-Unsubscribe URL and the visible link: UnsubscribePath + token.
	// A POST there is the RFC 8058 one-click unsubscribe.
	UnsubscribePath = "/newsletters/unsubscribe/"
	// MaxAccessMails is how many access links one address receives in an
	// hour, so the preference centre cannot be used to flood an inbox.
	MaxAccessMails = 3
)

// SendAccessLink emails a reader a link, valid for AccessLifetime, to
// download or erase everything held about them. It goes to the reader's
// own address only, so a preference link in a forwarded newsletter does
// not open the reader's data to whoever received it. Past MaxAccessMails
// in an hour nothing is sent, and the answer is the same.
func (s *Service) SendAccessLink(ctx context.Context, readerID int64) error {
	if s.mail == nil {
		return fmt.Errorf("newsletter: access link: no mail sender")
	}
	r, err := s.store.GetReader(ctx, readerID)
	if err != nil {
		return err
	}
	now := s.now()
	n, err := s.store.TakeAttempt(ctx, "newsletter-access:"+r.SubjectHash, now, time.Hour)
	if err != nil {
		return err
	}
	if n > MaxAccessMails {
		s.log.Info("newsletter: access link not sent: hourly limit for the address reached", "reader", r.ID)
		return nil
	}
	signer, err := s.Signer(ctx)
	if err != nil {
		return err
	}
	token, err := signer.Sign(Link{ReaderUID: r.UID, Purpose: PurposeAccess, Expires: now.Add(AccessLifetime)})
	if err != nil {
		return err
	}
	site, base := s.site(ctx)
	m := mailer.Message{To: []string{r.Email}, Subject: "Your data at " + site,
		Text: fmt.Sprintf("Someone, probably you, asked from the newsletter preferences of %s for a link to download or erase "+
			"what %s holds about this address.\n\nThe link works for %d minutes:\n\n%s%s%s\n\n"+
			"If it was not you, ignore this email: nothing has changed.\n",
			site, site, int(AccessLifetime/time.Minute), strings.TrimRight(base, "/"), DataPath, token)}
	if err := s.mail.Send(ctx, m); err != nil {
		return fmt.Errorf("newsletter: send access link: %w", err)
	}
	return nil
}
