package campaign

import (
	"context"
	"fmt"
	"strings"

	"masthead/internal/apperr"
	"masthead/internal/issuemail"
	"masthead/internal/mail"
	"masthead/internal/newsletter"
)

// Sample links put in previews and test sends: they name no reader, so
// following one shows the "link is not valid" page and changes nothing.
const sampleToken = "test-link-acts-on-nobody"

// email returns the email a campaign sends: the frozen one once its send
// started, else built from its content now.
func (s *Service) email(ctx context.Context, c Campaign) (Frozen, error) {
	if !c.StartedAt.IsZero() {
		return c.Frozen, nil
	}
	f, _, err := s.build(ctx, c)
	return f, err
}

// Preview returns a campaign's email with sample links, as HTML and text.
func (s *Service) Preview(ctx context.Context, id int64) (Preview, error) {
	c, err := s.Get(ctx, id)
	if err != nil {
		return Preview{}, err
	}
	f, err := s.email(ctx, c)
	if err != nil {
		return Preview{}, err
	}
	base, err := s.linkBase(ctx)
	if err != nil {
		return Preview{}, err
	}
	r := strings.NewReplacer(issuemail.PlaceholderUnsubscribe, base+"/newsletters/unsubscribe/"+sampleToken,
		issuemail.PlaceholderPreferences, base+"/newsletters/preferences/"+sampleToken, issuemail.PlaceholderTrack, sampleToken)
	return Preview{Subject: f.Message.Subject, HTML: r.Replace(f.Message.HTML), Text: r.Replace(f.Message.Text)}, nil
}

// SendTest sends a campaign's email now to staff addresses (at most
// MaxTestAddresses, each an active staff account's), marked [Test] in the
// subject, with links that act on no reader. It counts nothing and
// changes nothing of the campaign.
func (s *Service) SendTest(ctx context.Context, id int64, addresses []string) error {
	bad := apperr.Fields{}
	var to []string
	for _, a := range addresses {
		if a = strings.TrimSpace(a); a == "" {
			continue
		}
		addr, err := newsletter.Normalize(a)
		if err != nil {
			bad.Add("addresses", fmt.Sprintf("%q is not an email address.", a))
			continue
		}
		staff, err := s.o.Store.StaffEmail(ctx, addr.Email)
		if err != nil {
			return err
		}
		if !staff {
			bad.Add("addresses", "Test emails go to staff accounts' addresses only.")
			continue
		}
		to = append(to, addr.Email)
	}
	switch {
	case len(to) == 0:
		bad.Add("addresses", "Give at least one staff address to send the test to.")
	case len(to) > MaxTestAddresses:
		bad.Add("addresses", fmt.Sprintf("Send a test to at most %d addresses.", MaxTestAddresses))
	}
	if err := bad.Err(); err != nil {
		return err
	}
	c, err := s.Get(ctx, id)
	if err != nil {
		return err
	}
	f, err := s.email(ctx, c)
	if err != nil {
		return err
	}
	f.Message.Subject = "[Test] " + f.Message.Subject
	tmpl, err := s.template(f)
	if err != nil {
		return err
	}
	base, err := s.linkBase(ctx)
	if err != nil {
		return err
	}
	unsub := base + "/newsletters/unsubscribe/" + sampleToken
	var buf []byte
	for _, addr := range to {
		msg, err := tmpl.Render(buf, mail.Recipient{To: addr, UnsubscribeURL: unsub,
			Values: []string{unsub, base + "/newsletters/preferences/" + sampleToken, sampleToken}})
		if err != nil {
			return fmt.Errorf("campaign %d: test email: %w", id, err)
		}
		if err := s.o.Mail.Deliver(ctx, msg); err != nil {
			return apperr.Wrap(apperr.Unavailable, "The test email could not be sent: the mail relay refused it or could not be reached.", err)
		}
		buf = msg.Data[:0]
	}
	return nil
}
