package newsletter

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/auth"
	mailer "masthead/internal/mail"
	"masthead/internal/queue"
)

// SignUp is what a public sign-up form sends.
type SignUp struct {
	Email         string
	NewsletterIDs []int64
	SectorID      int64 // 0: none given
	// Source is the page or form the reader used ("/articles/slug",
	// "/newsletters", "embed"); ConsentVersion the wording it showed.
	Source         string
	ConsentVersion int64
	// Client is the visitor's IP address, used for the per-client limit
	// only: consent records do not keep it (decision record 0019).
	Client string
}

// Subscribe asks for the newsletters of a sign-up, pending until the
// reader confirms from the emailed link. Its answer is the same whether
// the address is new, already subscribed, suppressed or over its limit:
// nil, or a field error about the form itself. Only a confirmation email
// is ever sent to an unconfirmed address.
func (s *Service) Subscribe(ctx context.Context, in SignUp) error {
	_, err := s.subscribe(ctx, in)
	return err
}

func (s *Service) subscribe(ctx context.Context, in SignUp) (SubscribeResult, error) {
	if s.jobs == nil {
		return SubscribeResult{}, errNoQueue
	}
	if in.Client == "" {
		return SubscribeResult{}, errors.New("newsletter: a sign-up needs the client address for its limit")
	}
	bad := apperr.Fields{}
	addr, err := Normalize(in.Email)
	if err != nil {
		bad.Add("email", emailHint)
	}
	ids, err := s.checkNewsletters(ctx, bad, in.NewsletterIDs, true)
	if err != nil {
		return SubscribeResult{}, err
	}
	if err := s.checkSector(ctx, bad, in.SectorID); err != nil {
		return SubscribeResult{}, err
	}
	in.Source = strings.TrimSpace(in.Source)
	if required(bad, "source", "The form did not say where it is.", in.Source) {
		bad.MaxChars("source", "The source", in.Source, MaxSourceChars)
		bad.OneLine("source", "source", in.Source)
	}
	if err := s.checkConsentVersion(ctx, bad, in.ConsentVersion); err != nil {
		return SubscribeResult{}, err
	}
	if err := bad.Err(); err != nil {
		return SubscribeResult{}, err
	}
	now := s.now()
	if n, err := s.store.TakeAttempt(ctx, "newsletter-ip:"+clientKey(in.Client), now, time.Hour); err != nil {
		return SubscribeResult{}, err
	} else if n > MaxSignUpsPerClient {
		s.log.Info("newsletter: sign-up not recorded: hourly limit for the client address reached")
		return SubscribeResult{}, nil
	}
	k, err := s.loadKeys(ctx)
	if err != nil {
		return SubscribeResult{}, err
	}
	uid, err := newUID()
	if err != nil {
		return SubscribeResult{}, err
	}
	res, err := s.store.RequestSubscriptions(ctx, SubscribeRequest{Address: addr, SubjectHash: k.subjectHash(addr.Key), NewUID: uid,
		NewsletterIDs: ids, SectorID: in.SectorID, Source: in.Source, ConsentVersion: in.ConsentVersion, At: now, ExpiresAt: now.Add(ConfirmLifetime)},
		func(w queue.JobWriter, id int64) error {
			key := JobConfirm + ":" + strconv.FormatInt(id, 10)
			_, err := s.jobs.EnqueueWith(ctx, w, queue.NewJob{Kind: JobConfirm, Payload: strconv.FormatInt(id, 10), UniqueKey: key})
			return err
		})
	if err != nil {
		return SubscribeResult{}, fmt.Errorf("newsletter: subscribe: %w", err)
	}
	if res.Suppressed {
		s.log.Info("newsletter: sign-up of a suppressed address ignored")
	}
	return res, nil
}

// checkNewsletters checks a choice of newsletters: at least one, each
// existing (and public, for public forms). It returns them deduplicated.
func (s *Service) checkNewsletters(ctx context.Context, bad apperr.Fields, ids []int64, public bool) ([]int64, error) {
	if len(ids) == 0 {
		bad.Add("newsletters", "Choose at least one newsletter.")
		return nil, nil
	}
	if len(ids) > MaxNewslettersAtOnce {
		bad.Add("newsletters", "Choose newsletters from the list.")
		return nil, nil
	}
	all, err := s.store.ListNewsletters(ctx)
	if err != nil {
		return nil, err
	}
	var out []int64
	for _, id := range ids {
		i := slices.IndexFunc(all, func(n Newsletter) bool { return n.ID == id })
		if i < 0 || (public && !all[i].Public) {
			bad.Add("newsletters", "Choose newsletters from the list.")
			return nil, nil
		}
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out, nil
}

func (s *Service) checkConsentVersion(ctx context.Context, bad apperr.Fields, v int64) error {
	if v <= 0 {
		bad.Add("consent_version", "The form did not say which privacy wording it showed.")
		return nil
	}
	if _, err := s.store.ConsentText(ctx, v); isNotFound(err) {
		bad.Add("consent_version", "The form showed a privacy wording that is not on record.")
	} else if err != nil {
		return err
	}
	return nil
}

// clientKey groups IPv6 clients by /64, as one host usually holds one.
func clientKey(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return ip
	}
	a = a.Unmap()
	if a.Is4() {
		return a.String()
	}
	p, _ := a.Prefix(64)
	return p.String()
}

// confirmJob emails the confirmation link of a sign-up. It makes the
// token itself, so no usable token waits in the queue; a retry makes a
// new one and the earlier, unsent one is forgotten.
func (s *Service) confirmJob(ctx context.Context, j queue.Job) error {
	id, err := strconv.ParseInt(j.Payload, 10, 64)
	if err != nil {
		s.log.Error("newsletter: confirmation job: bad payload", "job", j.ID)
		return nil
	}
	c, err := s.store.GetConfirmation(ctx, id)
	if isNotFound(err) {
		return nil // the reader was erased meanwhile
	} else if err != nil {
		return err
	}
	now := s.now()
	if !c.UsedAt.IsZero() || !now.Before(c.ExpiresAt) {
		return nil
	}
	r, err := s.store.GetReader(ctx, c.ReaderID)
	if err != nil {
		return err
	}
	if sup, err := s.suppressed(ctx, r.SubjectHash); err != nil || sup {
		return err
	}
	if j.Attempts == 1 {
		n, err := s.store.TakeAttempt(ctx, "newsletter-confirm:"+r.SubjectHash, now, time.Hour)
		if err != nil {
			return err
		}
		if n > MaxConfirmMails {
			s.log.Info("newsletter: confirmation email not sent: hourly limit for the address reached", "reader", r.ID)
			return nil
		}
	}
	var names []string
	var from Newsletter
	for i, nid := range c.NewsletterIDs {
		n, err := s.store.GetNewsletter(ctx, nid)
		if err != nil {
			return err
		}
		if i == 0 {
			from = n
		}
		names = append(names, n.Name)
	}
	token, err := randomToken()
	if err != nil {
		return err
	}
	if err := s.store.SetConfirmationToken(ctx, c.ID, auth.HashToken(token), now); err != nil {
		return err
	}
	site, base := s.site(ctx)
	m := mailer.Message{To: []string{r.Email}, Subject: "Confirm your subscription to " + site,
		Text: fmt.Sprintf("Someone, probably you, asked to receive these newsletters from %s at this address:\n\n%s\n\n"+
			"To confirm, open this link within %d days:\n\n%s%s%s\n\n"+
			"If it was not you, ignore this email: nothing more will be sent to you.\n",
			site, "- "+strings.Join(names, "\n- "), int(ConfirmLifetime/(24*time.Hour)), strings.TrimRight(base, "/"), ConfirmPath, token)}
	if from.SenderEmail != "" {
		m.From = mailFrom(from.SenderName, from.SenderEmail)
	}
	if err := s.mail.Send(ctx, m); err != nil {
		s.log.Error("newsletter: confirmation email not sent", "reader", r.ID, "err", err)
		if isInvalidMail(err) {
			return nil
		}
		return fmt.Errorf("newsletter: send confirmation: %w", err)
	}
	return nil
}

// Confirmed is what a used confirmation link did.
type Confirmed struct {
	Reader        Reader
	NewsletterIDs []int64 // newly confirmed; empty when all were already
}

// Confirm uses a confirmation link's token: once, before it expires. It
// confirms the newsletters asked for with it that are still pending and
// records the consent. A used, expired or unknown token is NotFound.
func (s *Service) Confirm(ctx context.Context, token string) (Confirmed, error) {
	if token == "" || len(token) > 100 {
		return Confirmed{}, errBadConfirm
	}
	c, ids, err := s.store.UseConfirmation(ctx, auth.HashToken(token), s.now())
	if isNotFound(err) {
		return Confirmed{}, errBadConfirm
	} else if err != nil {
		return Confirmed{}, fmt.Errorf("newsletter: confirm: %w", err)
	}
	r, err := s.store.GetReader(ctx, c.ReaderID)
	if err != nil {
		return Confirmed{}, err
	}
	return Confirmed{Reader: r, NewsletterIDs: ids}, nil
}

var errBadConfirm = apperr.New(apperr.NotFound, "This confirmation link has expired or was already used. Sign up again to get a new one.")

// Import subscribes an address whose consent was given elsewhere (meta
// says how: MethodImport with the list's source, or MethodStaff). A
// suppressed address is skipped (false); newsletters the reader
// unsubscribed from stay unsubscribed.
func (s *Service) Import(ctx context.Context, email string, newsletterIDs []int64, sectorID int64, meta Meta) (bool, error) {
	bad := apperr.Fields{}
	addr, err := Normalize(email)
	if err != nil {
		bad.Add("email", emailHint)
	}
	ids, err := s.checkNewsletters(ctx, bad, newsletterIDs, false)
	if err != nil {
		return false, err
	}
	if err := s.checkSector(ctx, bad, sectorID); err != nil {
		return false, err
	}
	if meta.Method != MethodImport && meta.Method != MethodStaff {
		bad.Add("method", "Say how consent was given: import or staff.")
	}
	meta.Source = strings.TrimSpace(meta.Source)
	if required(bad, "source", "Say where the consent was given, such as the name of the list or event.", meta.Source) {
		bad.MaxChars("source", "The source", meta.Source, MaxSourceChars)
		bad.OneLine("source", "source", meta.Source)
	}
	if meta.ConsentVersion != 0 {
		if err := s.checkConsentVersion(ctx, bad, meta.ConsentVersion); err != nil {
			return false, err
		}
	}
	if err := bad.Err(); err != nil {
		return false, err
	}
	k, err := s.loadKeys(ctx)
	if err != nil {
		return false, err
	}
	hash := k.subjectHash(addr.Key)
	if sup, err := s.suppressed(ctx, hash); err != nil || sup {
		return false, err
	}
	uid, err := newUID()
	if err != nil {
		return false, err
	}
	_, _, err = s.store.AddSubscriptions(ctx, AddRequest{Address: addr, SubjectHash: hash, NewUID: uid, NewsletterIDs: ids,
		SectorID: sectorID, Meta: meta, At: s.now()})
	if err != nil {
		return false, fmt.Errorf("newsletter: import: %w", err)
	}
	return true, nil
}
