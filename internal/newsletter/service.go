// Package newsletter holds readers, the newsletters they subscribe to and
// the consent log that proves each subscription. It sends nothing but
// confirmation emails to an address until that address has confirmed, and
// it never rewrites the consent log: every change is a new record.
package newsletter

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"masthead/internal/apperr"
	mailer "masthead/internal/mail"
	"masthead/internal/queue"
)

// Store is what readers and newsletters need from the database.
type Store interface {
	// Newsletters and sectors.
	ListNewsletters(ctx context.Context) ([]Newsletter, error)
	GetNewsletter(ctx context.Context, id int64) (Newsletter, error)
	CreateNewsletter(ctx context.Context, n Newsletter) (int64, error)
	UpdateNewsletter(ctx context.Context, n Newsletter) error
	ListSectors(ctx context.Context) ([]Sector, error)
	CreateSector(ctx context.Context, s Sector) (int64, error)
	UpdateSector(ctx context.Context, s Sector) error
	ConsentVersion(ctx context.Context, textHash, text string) (int64, error)
	ConsentText(ctx context.Context, version int64) (string, error)

	// Readers.
	EnsureSecret(ctx context.Context, name, candidate string) (string, error)
	GetReader(ctx context.Context, id int64) (Reader, error)
	GetReaderByUID(ctx context.Context, uid string) (Reader, error)
	GetReaderByEmail(ctx context.Context, emailKey string) (Reader, error)
	RequestSubscriptions(ctx context.Context, r SubscribeRequest, enqueue func(w queue.JobWriter, confirmationID int64) error) (SubscribeResult, error)
	GetConfirmation(ctx context.Context, id int64) (Confirmation, error)
	SetConfirmationToken(ctx context.Context, id int64, tokenHash string, now time.Time) error
	UseConfirmation(ctx context.Context, tokenHash string, now time.Time) (Confirmation, []int64, error)
	AddSubscriptions(ctx context.Context, r AddRequest) (readerID int64, added []int64, err error)
	EndSubscriptions(ctx context.Context, readerID int64, newsletterIDs []int64, meta Meta, now time.Time) ([]int64, error)
	SavePreferences(ctx context.Context, c PreferencesChange) error
	ListSubscriptions(ctx context.Context, readerID int64) ([]Subscription, error)
	ListConsentRecords(ctx context.Context, readerID int64) ([]ConsentRecord, error)
	ConsentRecordsBySubject(ctx context.Context, subjectHash string) ([]ConsentRecord, error)
	ListConfirmations(ctx context.Context, readerID int64) ([]Confirmation, error)
	ListMailEvents(ctx context.Context, readerID int64) ([]MailEvent, error)
	EraseReader(ctx context.Context, readerID int64, meta Meta, now time.Time) error
	Suppress(ctx context.Context, subjectHash, reason string, now time.Time) error
	LiftSuppression(ctx context.Context, subjectHash string, staffID int64, now time.Time) error
	GetSuppression(ctx context.Context, subjectHash string) (Suppression, error)
	PruneUnconfirmed(ctx context.Context, now time.Time) (int64, error)

	// Limits (shared with sign-in).
	TakeAttempt(ctx context.Context, key string, now time.Time, window time.Duration) (int, error)
}

// SubscribeRequest is a sign-up as the store records it.
type SubscribeRequest struct {
	Address        Address
	SubjectHash    string
	NewUID         string // used if the reader is new
	NewsletterIDs  []int64
	SectorID       int64
	Source         string
	ConsentVersion int64
	At, ExpiresAt  time.Time
}

// SubscribeResult says what a sign-up did, for the service and tests; the
// visitor sees none of it.
type SubscribeResult struct {
	Suppressed     bool
	ReaderID       int64
	ConfirmationID int64 // 0: nothing needed confirming
}

// AddRequest subscribes an address with consent proven otherwise than by
// a confirmation link: an import, staff, or the reader's own signed link.
type AddRequest struct {
	Address     Address
	SubjectHash string
	NewUID      string
	// NewsletterIDs are confirmed; ones the reader unsubscribed from are
	// left alone unless Resubscribe (the reader asking again themselves).
	NewsletterIDs []int64
	Resubscribe   bool
	SectorID      int64 // 0: leave as it is
	Meta          Meta
	At            time.Time
}

// PreferencesChange is a preference-centre save as the store applies it,
// in one transaction.
type PreferencesChange struct {
	ReaderID int64
	Remove   []int64    // newsletters to leave
	Add      AddRequest // newsletters to join, with the meta and time of the change
	SectorID int64      // the sector from now on; 0: none
}

// Jobs is the queue the service sends confirmation emails through.
// *queue.Queue is one.
type Jobs interface {
	EnqueueWith(ctx context.Context, w queue.JobWriter, j queue.NewJob) (int64, error)
	queue.Registry
}

// JobConfirm is the job kind of confirmation emails, owned by this package.
const JobConfirm = "newsletter:confirm"

// Tunables.
const (
	ConfirmLifetime = 7 * 24 * time.Hour
	// At most this many confirmation emails to one address an hour, so the
	// form cannot flood an inbox; past it the request is kept, unsent.
	MaxConfirmMails = 3
	// At most this many sign-ups from one client address an hour.
	MaxSignUpsPerClient = 30
	// ConfirmPath is where confirmation links point: ConfirmPath + token.
	ConfirmPath = "/newsletters/confirm/"
)

// Options build a Service.
type Options struct {
	Store  Store
	Mail   mailer.Sender
	Logger *slog.Logger
	Now    func() time.Time
	// Site returns the publication's name and base URL for emails.
	Site func(ctx context.Context) (name, baseURL string)
	// Changed, when set, is called after a newsletter or a sector is
	// saved, so that what shows them (the site's sign-up forms, built once
	// per purge) is built again.
	Changed func(ctx context.Context)
}

// Service manages readers, newsletters and consent.
type Service struct {
	store Store
	mail  mailer.Sender
	log   *slog.Logger
	now   func() time.Time
	site  func(ctx context.Context) (string, string)
	jobs  Jobs

	changed func(ctx context.Context)

	mu   sync.Mutex
	keys *keys
}

// NewService returns a service; call UseQueue before Subscribe.
func NewService(o Options) *Service {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Site == nil {
		o.Site = func(context.Context) (string, string) { return "Masthead", "http://localhost" }
	}
	return &Service{store: o.Store, mail: o.Mail, log: o.Logger, now: o.Now, site: o.Site, changed: o.Changed}
}

// UseQueue makes the service send confirmation emails through q and
// registers the kinds of job it owns.
func (s *Service) UseQueue(q Jobs) {
	s.jobs = q
	q.Register(s.JobKinds()...)
}

// JobKinds are the kinds of job the service owns: confirmation emails,
// tried five times, each try bounded so that a hung mail server frees the
// worker.
func (s *Service) JobKinds() []queue.Kind {
	return []queue.Kind{{Name: JobConfirm, Handler: s.confirmJob, MaxAttempts: 5, Timeout: 2 * time.Minute,
		Summary: func(p string) string { return "confirmation request " + p }}}
}

// secretName is the secrets row holding the key of subject hashes and
// signed links (decision record 0016).
const secretName = "newsletter"

// loadKeys reads the server secret, making it on first use: every
// instance agrees, because the first insert wins and all read it back.
func (s *Service) loadKeys(ctx context.Context) (*keys, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.keys != nil {
		return s.keys, nil
	}
	candidate := make([]byte, 32)
	if _, err := rand.Read(candidate); err != nil {
		return nil, fmt.Errorf("newsletter: random: %w", err)
	}
	stored, err := s.store.EnsureSecret(ctx, secretName, hex.EncodeToString(candidate))
	if err != nil {
		return nil, fmt.Errorf("newsletter: secret: %w", err)
	}
	secret, err := hex.DecodeString(stored)
	if err != nil || len(secret) < 32 {
		return nil, fmt.Errorf("newsletter: secret %q is not 32 hex-encoded bytes", secretName)
	}
	s.keys = deriveKeys(secret)
	return s.keys, nil
}

// Signer returns the signer of preference-centre and unsubscribe links.
func (s *Service) Signer(ctx context.Context) (*Signer, error) {
	k, err := s.loadKeys(ctx)
	if err != nil {
		return nil, err
	}
	return k.links, nil
}

// SubjectHash is the keyed hash of an address, as consent records and
// the suppression list keep it.
func (s *Service) SubjectHash(ctx context.Context, a Address) (string, error) {
	k, err := s.loadKeys(ctx)
	if err != nil {
		return "", err
	}
	return k.subjectHash(a.Key), nil
}

// addressHash normalizes an address as a reader or staff typed it and
// returns its SubjectHash; a bad address is an apperr.Fields naming "email".
func (s *Service) addressHash(ctx context.Context, email string) (string, error) {
	a, err := Normalize(email)
	if err != nil {
		return "", err
	}
	return s.SubjectHash(ctx, a)
}

// ReaderForLink returns the reader a signed link names, if it is valid
// for purpose now. An erased reader's links find nobody.
func (s *Service) ReaderForLink(ctx context.Context, token string, purpose Purpose) (Reader, Link, error) {
	signer, err := s.Signer(ctx)
	if err != nil {
		return Reader{}, Link{}, err
	}
	l, err := signer.Verify(token, purpose, s.now())
	if err != nil {
		return Reader{}, Link{}, err
	}
	r, err := s.store.GetReaderByUID(ctx, l.ReaderUID)
	if apperr.KindOf(err) == apperr.NotFound {
		return Reader{}, Link{}, errBadLink
	}
	return r, l, err
}

// randomToken is a confirmation token: 32 random bytes, URL-safe.
func randomToken() (string, error) { return randomString(32) }

// newUID is a reader's UID, which names them in signed links: 16 random
// bytes, URL-safe.
func newUID() (string, error) { return randomString(16) }

func randomString(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("newsletter: random: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

func isNotFound(err error) bool {
	return err != nil && apperr.KindOf(err) == apperr.NotFound
}

var errNoQueue = errors.New("newsletter: no queue to send confirmation emails through")
