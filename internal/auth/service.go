package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/mail"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"masthead/internal/apperr"
	mailer "masthead/internal/mail"
	"masthead/internal/ratelimit"

	"golang.org/x/crypto/bcrypt"
)

// Store is what accounts need from the database.
type Store interface {
	CreateUser(ctx context.Context, u User) (int64, error)
	CreateFirstUser(ctx context.Context, u User) (int64, error)
	GetUser(ctx context.Context, id int64) (User, error)
	GetUserByEmail(ctx context.Context, email string) (User, error)
	ListUsers(ctx context.Context) ([]User, error)
	CountUsers(ctx context.Context) (int, error)
	UpdateUser(ctx context.Context, u User) error
	SetAccess(ctx context.Context, userID int64, disabled time.Time) error
	SetPassword(ctx context.Context, userID int64, hash string) error
	CreateSession(ctx context.Context, tokenHash string, userID int64, csrf string, expires time.Time) error
	GetSession(ctx context.Context, tokenHash string, now time.Time) (Session, error)
	ExtendSession(ctx context.Context, tokenHash string, expires time.Time) error
	DeleteSession(ctx context.Context, tokenHash string) error
	CreateToken(ctx context.Context, t Token) error
	PeekToken(ctx context.Context, tokenHash, purpose string, now time.Time) (Token, error)
	ResetPassword(ctx context.Context, tokenHash string, userID int64, hash string, now time.Time) error
	AcceptInvite(ctx context.Context, tokenHash string, u User, now time.Time) (int64, error)
	TakeAttempt(ctx context.Context, key string, now time.Time, window time.Duration) (int, error)
	ReturnAttempt(ctx context.Context, key string) error
	ClearAttempts(ctx context.Context, key string) error
	SaveDevice(ctx context.Context, tokenHash string, userID int64, expires time.Time) error
	DeviceUser(ctx context.Context, tokenHash string, now time.Time) (int64, error)
}

// Tunables of sign-in and emailed links.
const (
	SessionLifetime = 14 * 24 * time.Hour
	ResetLifetime   = time.Hour
	InviteLifetime  = 7 * 24 * time.Hour
	MinPassword     = 10
	// At most this many failed sign-ins per account from browsers that
	// never signed in to it (and 4x per client address), or per known
	// browser, in LoginWindow before sign-in is refused for a while.
	MaxFailures = 5
	LoginWindow = 15 * time.Minute
	// A browser stays known to an account this long after its last sign-in.
	DeviceLifetime = 90 * 24 * time.Hour
	// At most this many reset links per account, and invitations per
	// address, in an hour.
	MaxResetMails  = 3
	MaxInviteMails = 3
	// At most this many reset requests per client address in an hour.
	MaxResetRequests = 20
)

// Service manages staff accounts and sign-in.
type Service struct {
	store  Store
	mail   mailer.Sender
	log    *slog.Logger
	now    func() time.Time
	cost   int
	siteFn func(ctx context.Context) (name, baseURL string)
	// compare checks a password against its hash (bcrypt; tests count calls).
	compare func(hash, password []byte) error
	jobs    Jobs // sends the emails; set by UseQueue
	limits  *ratelimit.Limiter
}

// NewService wires accounts. site returns the publication name and the
// absolute base URL used in emailed links.
func NewService(st Store, m mailer.Sender, logger *slog.Logger, now func() time.Time, site func(ctx context.Context) (string, string)) *Service {
	s := &Service{store: st, mail: m, log: logger, now: now, cost: bcrypt.DefaultCost, siteFn: site,
		compare: bcrypt.CompareHashAndPassword}
	s.limits = ratelimit.New(st, func() time.Time { return s.now() })
	return s
}

// SetHashCost lowers bcrypt's cost (tests only: keeps suites fast).
func (s *Service) SetHashCost(cost int) { s.cost = cost }

// SetPasswordCheck replaces the sign-in password check (tests only: they
// count how many guesses reached it).
func (s *Service) SetPasswordCheck(f func(hash, password []byte) error) { s.compare = f }

// ErrBadLogin is the one message for any failed sign-in, so it does not
// reveal which addresses have accounts.
var ErrBadLogin = apperr.New(apperr.Invalid, "That email and password do not match an account.")

// ErrTooManyAttempts is returned while sign-in is rate limited.
var ErrTooManyAttempts = apperr.New(apperr.Unavailable, "Too many failed sign-ins. Wait 15 minutes and try again, or reset your password.")

// ErrAccessRemoved answers a correct password for an account whose access an
// administrator removed; a wrong one gets ErrBadLogin as for anyone.
var ErrAccessRemoved = apperr.New(apperr.Forbidden, "An administrator has removed this account's access. Ask them if you need it back.")

func (s *Service) openSession(ctx context.Context, u User) (string, Session, error) {
	token, err := randomToken()
	if err != nil {
		return "", Session{}, err
	}
	csrf, err := randomToken()
	if err != nil {
		return "", Session{}, err
	}
	exp := s.now().Add(SessionLifetime)
	if err := s.store.CreateSession(ctx, HashToken(token), u.ID, csrf, exp); err != nil {
		return "", Session{}, fmt.Errorf("auth: create session: %w", err)
	}
	return token, Session{TokenHash: HashToken(token), User: u, CSRFToken: csrf, ExpiresAt: exp}, nil
}

// SessionFor returns the live session of a raw cookie token. A session
// ends after SessionLifetime without use: one used in the second half of
// its life is renewed (Renewed tells the caller to refresh the cookie), so
// staff who work every week stay signed in.
func (s *Service) SessionFor(ctx context.Context, token string) (Session, error) {
	if token == "" || len(token) > 100 {
		return Session{}, apperr.New(apperr.NotFound, "no session")
	}
	now := s.now()
	sess, err := s.store.GetSession(ctx, HashToken(token), now)
	if err != nil || sess.ExpiresAt.Sub(now) > SessionLifetime/2 {
		return sess, err
	}
	exp := now.Add(SessionLifetime)
	if err := s.store.ExtendSession(ctx, sess.TokenHash, exp); err != nil {
		return sess, fmt.Errorf("auth: renew session: %w", err)
	}
	sess.ExpiresAt, sess.Renewed = exp, true
	return sess, nil
}

// Logout ends a session.
func (s *Service) Logout(ctx context.Context, token string) error {
	return s.store.DeleteSession(ctx, HashToken(token))
}

// SetupNeeded reports whether no account exists yet (first-run set-up).
func (s *Service) SetupNeeded(ctx context.Context) (bool, error) {
	n, err := s.store.CountUsers(ctx)
	return n == 0, err
}

// Setup creates the first administrator while no account exists, and signs
// them in.
func (s *Service) Setup(ctx context.Context, email, name, password string) (string, Session, error) {
	u, err := s.newUser(email, name, password, RoleAdmin)
	if err != nil {
		return "", Session{}, err
	}
	id, err := s.store.CreateFirstUser(ctx, u)
	if apperr.KindOf(err) == apperr.Conflict {
		return "", Session{}, apperr.New(apperr.Forbidden, "Set-up is already done: sign in instead.")
	} else if err != nil {
		return "", Session{}, err
	}
	u.ID = id
	return s.openSession(ctx, u)
}

// CreateUser adds a staff account directly (command line).
func (s *Service) CreateUser(ctx context.Context, email, name, password string, role Role) (User, error) {
	u, err := s.newUser(email, name, password, role)
	if err != nil {
		return u, err
	}
	u.ID, err = s.store.CreateUser(ctx, u)
	if apperr.KindOf(err) == apperr.Conflict {
		return u, apperr.Fields{"email": "An account with this email already exists."}
	}
	return u, err
}

func (s *Service) newUser(email, name, password string, role Role) (User, error) {
	bad := apperr.Fields{}
	email = normalEmail(email)
	if !validEmail(email) {
		bad.Add("email", "Enter an email address such as name@example.org.")
	}
	name = strings.TrimSpace(name)
	if msg := nameProblem(name); msg != "" {
		bad.Add("name", msg)
	}
	if msg := passwordProblem(password); msg != "" {
		bad.Add("password", msg)
	}
	if !role.Valid() {
		bad.Add("role", "Choose contributor, author, editor or admin.")
	}
	if err := bad.Err(); err != nil {
		return User{}, err
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), s.cost)
	if err != nil {
		return User{}, fmt.Errorf("auth: hash password: %w", err)
	}
	return User{Email: email, Name: name, Role: role, PasswordHash: string(hash)}, nil
}

// MaxName is the longest staff name, in characters.
const MaxName = 120

// nameProblem is the one check of a staff name, on every way in (set-up,
// invitation, the staff page, the user create command). A name appears in
// email subjects, so it is one line without control characters.
func nameProblem(name string) string {
	switch {
	case name == "":
		return "Enter a name."
	case utf8.RuneCountInString(name) > MaxName:
		return fmt.Sprintf("Use at most %d characters for the name.", MaxName)
	case strings.IndexFunc(name, unicode.IsControl) >= 0:
		return "Write the name on one line, without control characters."
	}
	return ""
}

func passwordProblem(p string) string {
	switch {
	case utf8.RuneCountInString(p) < MinPassword:
		return fmt.Sprintf("Use at least %d characters.", MinPassword)
	case len(p) > 72:
		return "Use at most 72 bytes."
	}
	return ""
}

// ResetTokenValid reports whether a reset link can still be used.
func (s *Service) ResetTokenValid(ctx context.Context, token string) bool {
	_, err := s.store.PeekToken(ctx, HashToken(token), "reset", s.now())
	return err == nil
}

// ResetPassword sets a new password through a reset link, once.
func (s *Service) ResetPassword(ctx context.Context, token, password string) error {
	if msg := passwordProblem(password); msg != "" {
		return apperr.Fields{"password": msg}
	}
	t, err := s.store.PeekToken(ctx, HashToken(token), "reset", s.now())
	if err != nil {
		return apperr.New(apperr.NotFound, "This reset link has expired or was already used. Ask for a new one.")
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), s.cost)
	if err != nil {
		return err
	}
	if err := s.store.ResetPassword(ctx, t.TokenHash, t.UserID, string(hash), s.now()); err != nil {
		return apperr.Wrap(apperr.NotFound, "This reset link has expired or was already used. Ask for a new one.", err)
	}
	return nil
}

// Invitation returns the pending invitation of a link.
func (s *Service) Invitation(ctx context.Context, token string) (Token, error) {
	t, err := s.store.PeekToken(ctx, HashToken(token), "invite", s.now())
	if err != nil {
		return t, apperr.New(apperr.NotFound, "This invitation has expired or was already used. Ask an admin for a new one.")
	}
	return t, nil
}

// AcceptInvite creates the invited account and signs it in.
func (s *Service) AcceptInvite(ctx context.Context, token, name, password string) (string, Session, error) {
	t, err := s.Invitation(ctx, token)
	if err != nil {
		return "", Session{}, err
	}
	u, err := s.newUser(t.Email, name, password, t.Role)
	if err != nil {
		return "", Session{}, err
	}
	u.ID, err = s.store.AcceptInvite(ctx, t.TokenHash, u, s.now())
	if err != nil {
		if apperr.KindOf(err) == apperr.Conflict {
			return "", Session{}, apperr.Fields{"email": "This person already has an account."}
		}
		return "", Session{}, apperr.Wrap(apperr.NotFound, "This invitation has expired or was already used.", err)
	}
	return s.openSession(ctx, u)
}

// ListUsers lists staff.
func (s *Service) ListUsers(ctx context.Context) ([]User, error) { return s.store.ListUsers(ctx) }

// GetUser loads one account.
func (s *Service) GetUser(ctx context.Context, id int64) (User, error) {
	return s.store.GetUser(ctx, id)
}

// UpdateUser changes a user's name, role and byline. Admins only; an admin
// cannot demote themselves (so the publication always keeps one).
func (s *Service) UpdateUser(ctx context.Context, by User, u User) error {
	if by.Role != RoleAdmin {
		return apperr.New(apperr.Forbidden, "Only admins can change staff.")
	}
	if !u.Role.Valid() {
		return apperr.Fields{"role": "Choose contributor, author, editor or admin."}
	}
	if by.ID == u.ID && u.Role != RoleAdmin {
		return apperr.Fields{"role": "You cannot remove your own admin role."}
	}
	u.Name = strings.TrimSpace(u.Name)
	if msg := nameProblem(u.Name); msg != "" {
		return apperr.Fields{"name": msg}
	}
	return s.store.UpdateUser(ctx, u)
}

// SetAccess removes (active false) or restores a staff member's access.
// Removing it signs them out everywhere; their account, bylines and
// revisions stay. Admins only, and never their own.
func (s *Service) SetAccess(ctx context.Context, by User, userID int64, active bool) error {
	if by.Role != RoleAdmin {
		return apperr.New(apperr.Forbidden, "Only admins can change staff.")
	}
	if by.ID == userID {
		return apperr.New(apperr.Conflict, "You cannot remove your own access: ask another admin.")
	}
	var at time.Time
	if !active {
		at = s.now()
	}
	return s.store.SetAccess(ctx, userID, at)
}

// ChangePassword sets a signed-in user's password after checking the old one.
func (s *Service) ChangePassword(ctx context.Context, u User, old, password string) error {
	if bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(old)) != nil {
		return apperr.Fields{"current_password": "That is not your current password."}
	}
	if msg := passwordProblem(password); msg != "" {
		return apperr.Fields{"password": msg}
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), s.cost)
	if err != nil {
		return err
	}
	return s.store.SetPassword(ctx, u.ID, string(hash))
}

// allowMail records one email sent under key and reports whether it stays
// within max an hour. The count lives in the database, shared by instances.
func (s *Service) allowMail(ctx context.Context, key string, max int) (bool, error) {
	return s.limits.Allow(ctx, key, max, time.Hour)
}

// HashToken is how tokens are stored: a leaked table holds no usable token.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func randomToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("auth: random: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

func normalEmail(e string) string { return strings.ToLower(strings.TrimSpace(e)) }

func validEmail(e string) bool {
	if len(e) > 254 || strings.ContainsAny(e, " \r\n<>") {
		return false
	}
	a, err := mail.ParseAddress(e)
	return err == nil && a.Address == e && strings.Contains(e[strings.LastIndex(e, "@"):], ".")
}
