package newsletter

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"masthead/internal/apperr"
)

// Reader returns a reader by id.
func (s *Service) Reader(ctx context.Context, id int64) (Reader, error) {
	return s.store.GetReader(ctx, id)
}

// ReaderByEmail finds the reader of an address, in any spelling of it.
func (s *Service) ReaderByEmail(ctx context.Context, email string) (Reader, error) {
	a, err := Normalize(email)
	if err != nil {
		return Reader{}, err
	}
	return s.store.GetReaderByEmail(ctx, a.Key)
}

// Subscriptions lists a reader's newsletters in every status.
func (s *Service) Subscriptions(ctx context.Context, readerID int64) ([]Subscription, error) {
	return s.store.ListSubscriptions(ctx, readerID)
}

// ConsentHistory lists a reader's consent records, oldest first.
func (s *Service) ConsentHistory(ctx context.Context, readerID int64) ([]ConsentRecord, error) {
	return s.store.ListConsentRecords(ctx, readerID)
}

// ConsentHistoryByAddress lists the consent records of an address,
// including those an erased or pruned reader left under the keyed hash:
// how staff answer "you emailed me without my consent" (0019).
func (s *Service) ConsentHistoryByAddress(ctx context.Context, email string) ([]ConsentRecord, error) {
	h, err := s.addressHash(ctx, email)
	if err != nil {
		return nil, err
	}
	return s.store.ConsentRecordsBySubject(ctx, h)
}

func checkMeta(meta Meta) error {
	bad := apperr.Fields{}
	switch meta.Method {
	case MethodSignedLink, MethodOneClick, MethodStaff, MethodForm, MethodEmail, MethodComplaint:
	default:
		bad.Add("method", "Say how the reader asked: signed link, one-click, form, staff, email or complaint.")
	}
	if required(bad, "source", "Say where the reader asked.", meta.Source) {
		bad.MaxChars("source", "The source", meta.Source, MaxSourceChars)
		bad.OneLine("source", "source", meta.Source)
	}
	return bad.Err()
}

// Unsubscribe ends one newsletter for a reader, writing a withdrawal to
// the consent log. Unsubscribing again changes and records nothing.
func (s *Service) Unsubscribe(ctx context.Context, readerID, newsletterID int64, meta Meta) error {
	if err := checkMeta(meta); err != nil {
		return err
	}
	if _, err := s.store.EndSubscriptions(ctx, readerID, []int64{newsletterID}, meta, s.now()); err != nil {
		return fmt.Errorf("newsletter: unsubscribe: %w", err)
	}
	return nil
}

// UnsubscribeAll ends every newsletter of a reader.
func (s *Service) UnsubscribeAll(ctx context.Context, readerID int64, meta Meta) error {
	if err := checkMeta(meta); err != nil {
		return err
	}
	if _, err := s.store.EndSubscriptions(ctx, readerID, nil, meta, s.now()); err != nil {
		return fmt.Errorf("newsletter: unsubscribe all: %w", err)
	}
	return nil
}

// Preferences is what the preference centre saves.
type Preferences struct {
	NewsletterIDs []int64 // the newsletters the reader wants from now on
	SectorID      int64   // 0: none
}

// UpdatePreferences sets a reader's newsletters and sector from the
// preference centre, reached by a signed link (which proves the reader
// holds the mailbox, so newsletters added there need no further link).
// Newsletters left out are unsubscribed; each change is a consent record.
func (s *Service) UpdatePreferences(ctx context.Context, readerID int64, p Preferences, meta Meta) error {
	if err := checkMeta(meta); err != nil {
		return err
	}
	r, err := s.store.GetReader(ctx, readerID)
	if err != nil {
		return err
	}
	current, err := s.store.ListSubscriptions(ctx, readerID)
	if err != nil {
		return err
	}
	bad := apperr.Fields{}
	if err := s.checkSector(ctx, bad, p.SectorID); err != nil {
		return err
	}
	all, err := s.store.ListNewsletters(ctx)
	if err != nil {
		return err
	}
	var add, remove []int64
	for _, id := range p.NewsletterIDs {
		i := slices.IndexFunc(all, func(n Newsletter) bool { return n.ID == id })
		held := slices.IndexFunc(current, func(c Subscription) bool { return c.NewsletterID == id && c.Status == StatusConfirmed }) >= 0
		switch {
		case i < 0 || (!all[i].Public && !held):
			bad.Add("newsletters", "Choose newsletters from the list.")
		case !held && !slices.Contains(add, id):
			add = append(add, id)
		}
	}
	if meta.ConsentVersion != 0 {
		if err := s.checkConsentVersion(ctx, bad, meta.ConsentVersion); err != nil {
			return err
		}
	}
	if err := bad.Err(); err != nil {
		return err
	}
	for _, c := range current {
		if c.Status != StatusUnsubscribed && !slices.Contains(p.NewsletterIDs, c.NewsletterID) {
			remove = append(remove, c.NewsletterID)
		}
	}
	now := s.now()
	change := PreferencesChange{ReaderID: readerID, Remove: remove, SectorID: p.SectorID,
		Add: AddRequest{Address: Address{Email: r.Email, Key: r.EmailKey}, SubjectHash: r.SubjectHash, NewsletterIDs: add,
			Resubscribe: true, Meta: meta, At: now}}
	if err := s.store.SavePreferences(ctx, change); err != nil {
		return fmt.Errorf("newsletter: preferences: %w", err)
	}
	return nil
}

// Export is everything held about a reader, as the reader downloads it.
type Export struct {
	GeneratedAt   time.Time            `json:"generated_at"`
	Email         string               `json:"email"`
	Sector        string               `json:"job_sector,omitempty"`
	CreatedAt     time.Time            `json:"created_at"`
	UpdatedAt     time.Time            `json:"updated_at"`
	Subscriptions []ExportSubscription `json:"subscriptions"`
	Confirmations []ExportConfirmation `json:"confirmation_requests"`
	Consent       []ExportConsent      `json:"consent_records"`
	MailEvents    []ExportMailEvent    `json:"mail_events"`
}

// ExportMailEvent is one thing that came back from an email sent to the
// reader: a bounce, complaint or unsubscribe, or an open or click where
// the newsletter tracks them.
type ExportMailEvent struct {
	Newsletter string    `json:"newsletter,omitempty"`
	CampaignID int64     `json:"campaign_id"`
	Kind       string    `json:"kind"`
	Link       string    `json:"link,omitempty"`
	Detail     string    `json:"detail,omitempty"`
	At         time.Time `json:"at"`
}

// ExportSubscription is one newsletter of an export.
type ExportSubscription struct {
	Newsletter     string     `json:"newsletter"`
	Status         string     `json:"status"`
	CreatedAt      time.Time  `json:"created_at"`
	ConfirmedAt    *time.Time `json:"confirmed_at,omitempty"`
	UnsubscribedAt *time.Time `json:"unsubscribed_at,omitempty"`
}

// ExportConfirmation is one sign-up request and its emailed link.
type ExportConfirmation struct {
	Newsletters []string   `json:"newsletters"`
	Source      string     `json:"source"`
	Sector      string     `json:"job_sector,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
	ExpiresAt   time.Time  `json:"expires_at"`
	SentAt      *time.Time `json:"sent_at,omitempty"`
	UsedAt      *time.Time `json:"used_at,omitempty"`
}

// ExportConsent is one consent record with the wording the reader saw.
type ExportConsent struct {
	Newsletter string    `json:"newsletter,omitempty"`
	Action     string    `json:"action"`
	Method     string    `json:"method"`
	Source     string    `json:"source"`
	Wording    string    `json:"wording,omitempty"`
	ByStaff    bool      `json:"by_staff,omitempty"`
	At         time.Time `json:"at"`
}

// Export gathers everything held about a reader.
func (s *Service) Export(ctx context.Context, readerID int64) (Export, error) {
	r, err := s.store.GetReader(ctx, readerID)
	if err != nil {
		return Export{}, err
	}
	all, err := s.store.ListNewsletters(ctx)
	if err != nil {
		return Export{}, err
	}
	names := map[int64]string{}
	for _, n := range all {
		names[n.ID] = n.Name
	}
	secs, err := s.store.ListSectors(ctx)
	if err != nil {
		return Export{}, err
	}
	sectors := map[int64]string{}
	for _, sec := range secs {
		sectors[sec.ID] = sec.Name
	}
	out := Export{GeneratedAt: s.now().UTC(), Email: r.Email, Sector: sectors[r.SectorID], CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt,
		Subscriptions: []ExportSubscription{}, Confirmations: []ExportConfirmation{}, Consent: []ExportConsent{}, MailEvents: []ExportMailEvent{}}
	subs, err := s.store.ListSubscriptions(ctx, readerID)
	if err != nil {
		return Export{}, err
	}
	for _, sub := range subs {
		out.Subscriptions = append(out.Subscriptions, ExportSubscription{Newsletter: names[sub.NewsletterID], Status: sub.Status,
			CreatedAt: sub.CreatedAt, ConfirmedAt: optTime(sub.ConfirmedAt), UnsubscribedAt: optTime(sub.UnsubscribedAt)})
	}
	confs, err := s.store.ListConfirmations(ctx, readerID)
	if err != nil {
		return Export{}, err
	}
	for _, c := range confs {
		e := ExportConfirmation{Newsletters: []string{}, Source: c.Source, Sector: sectors[c.SectorID], CreatedAt: c.CreatedAt,
			ExpiresAt: c.ExpiresAt, SentAt: optTime(c.SentAt), UsedAt: optTime(c.UsedAt)}
		for _, id := range c.NewsletterIDs {
			e.Newsletters = append(e.Newsletters, names[id])
		}
		out.Confirmations = append(out.Confirmations, e)
	}
	recs, err := s.store.ListConsentRecords(ctx, readerID)
	if err != nil {
		return Export{}, err
	}
	wording := map[int64]string{}
	for _, rec := range recs {
		if _, ok := wording[rec.ConsentVersion]; !ok && rec.ConsentVersion != 0 {
			if wording[rec.ConsentVersion], err = s.store.ConsentText(ctx, rec.ConsentVersion); err != nil {
				return Export{}, err
			}
		}
		out.Consent = append(out.Consent, ExportConsent{Newsletter: names[rec.NewsletterID], Action: rec.Action, Method: rec.Method,
			Source: rec.Source, Wording: wording[rec.ConsentVersion], ByStaff: rec.StaffID != 0, At: rec.At})
	}
	events, err := s.store.ListMailEvents(ctx, readerID)
	if err != nil {
		return Export{}, err
	}
	for _, e := range events {
		out.MailEvents = append(out.MailEvents, ExportMailEvent{Newsletter: names[e.NewsletterID], CampaignID: e.CampaignID, Kind: e.Kind,
			Link: e.URL, Detail: e.Detail, At: e.At})
	}
	return out, nil
}

// ExportJSON is Export as indented JSON, for download.
func (s *Service) ExportJSON(ctx context.Context, readerID int64) ([]byte, error) {
	e, err := s.Export(ctx, readerID)
	if err != nil {
		return nil, err
	}
	return json.MarshalIndent(e, "", "  ")
}

func optTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// Erase deletes a reader with their subscriptions, profile and pending
// links, and suppresses the address by its keyed hash so that no import
// or form brings it back until staff lift it. The consent records stay as
// evidence, pseudonymised: they lose the reader and keep only the hash
// (decision record 0019).
func (s *Service) Erase(ctx context.Context, readerID int64, meta Meta) error {
	if err := checkMeta(meta); err != nil {
		return err
	}
	if err := s.store.EraseReader(ctx, readerID, meta, s.now()); err != nil {
		return fmt.Errorf("newsletter: erase %d: %w", readerID, err)
	}
	return nil
}

// Suppress keeps an address from being mailed or signed up again, for
// reason (bounced, complaint, staff), until staff lift it.
func (s *Service) Suppress(ctx context.Context, email, reason string) error {
	h, err := s.addressHash(ctx, email)
	if err != nil {
		return err
	}
	return s.store.Suppress(ctx, h, reason, s.now())
}

// Suppressed reports whether an address is suppressed now.
func (s *Service) Suppressed(ctx context.Context, email string) (bool, error) {
	h, err := s.addressHash(ctx, email)
	if err != nil {
		return false, err
	}
	return s.suppressed(ctx, h)
}

// suppressed reports whether the address with this subject hash is
// suppressed now (suppressed and not lifted).
func (s *Service) suppressed(ctx context.Context, hash string) (bool, error) {
	sup, err := s.store.GetSuppression(ctx, hash)
	if isNotFound(err) {
		return false, nil
	} else if err != nil {
		return false, err
	}
	return sup.LiftedAt.IsZero(), nil
}

// LiftSuppression lets an address be signed up again; staff only, since
// only they can know the reader asked (the address itself is not stored).
func (s *Service) LiftSuppression(ctx context.Context, email string, staffID int64) error {
	h, err := s.addressHash(ctx, email)
	if err != nil {
		return err
	}
	return s.store.LiftSuppression(ctx, h, staffID, s.now())
}

// PruneUnconfirmed deletes readers who never confirmed a sign-up once
// their last confirmation link has expired: an address typed into a form
// by anyone, never proven, is not kept (decision record 0016). Their
// "subscribe" consent records stay under the keyed hash.
func (s *Service) PruneUnconfirmed(ctx context.Context) error {
	n, err := s.store.PruneUnconfirmed(ctx, s.now())
	if err != nil {
		return fmt.Errorf("newsletter: prune unconfirmed readers: %w", err)
	}
	if n > 0 {
		s.log.Info("newsletter: deleted readers who never confirmed", "readers", n)
	}
	// Uploaded import files nobody confirmed hold addresses too.
	if cs, ok := s.store.(CSVStore); ok {
		if _, err := cs.DeleteExpiredImports(ctx, s.now()); err != nil {
			return fmt.Errorf("newsletter: delete expired import files: %w", err)
		}
	}
	return nil
}
