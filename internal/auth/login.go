package auth

import (
	"context"
	"fmt"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/ratelimit"
)

// Client is where a sign-in comes from.
type Client struct {
	// IP is the client's address as the trusted proxies report it.
	IP string
	// Device is the raw device token the browser holds, if any: it signed
	// in to an account before.
	Device string
}

// Login checks a password and opens a session; it returns the raw session
// token for the cookie, and in Session.Device the raw device token the
// browser should keep.
//
// Each attempt is taken from its counters before the password is checked,
// in one atomic step per counter, so parallel guesses cannot all pass a
// count read before any was recorded. A browser that signed in to this
// account before (a known device) has a counter of its own and no other;
// any other browser counts against the account and against its address.
// So a flood of failures from one address, or against one account, does
// not lock out staff on browsers they used before (decision 0012).
func (s *Service) Login(ctx context.Context, email, password string, from Client) (string, Session, error) {
	email = normalEmail(email)
	now := s.now()
	// The device is looked up whether or not the account exists, so the
	// time taken does not tell.
	device := s.deviceUser(ctx, from.Device, now)
	u, err := s.store.GetUserByEmail(ctx, email)
	if err != nil && apperr.KindOf(err) != apperr.NotFound {
		return "", Session{}, err
	}
	known := err == nil && device == u.ID
	limits := []ratelimit.Rule{{Key: "account:" + email, Max: MaxFailures, Window: LoginWindow},
		{Key: "ip:" + ratelimit.AddressKey(from.IP), Max: 4 * MaxFailures, Window: LoginWindow}}
	if known {
		limits = []ratelimit.Rule{{Key: "device:" + HashToken(from.Device), Max: MaxFailures, Window: LoginWindow}}
	}
	if err := s.takeAttempt(ctx, limits, from.IP); err != nil {
		return "", Session{}, err
	}
	if u.ID == 0 {
		// Spend the same time as a real check so timing does not reveal accounts.
		_ = s.compare([]byte("$2a$10$7EqJtq98hPqEX7fNZaFWoOhi5BWX4Z2aE1m8nK3oYyQ0J7Y5p2N1e"), []byte(password))
		return "", Session{}, ErrBadLogin
	}
	if s.compare([]byte(u.PasswordHash), []byte(password)) != nil {
		return "", Session{}, ErrBadLogin // the attempts taken stay counted
	}
	// A correct password: the attempt was not a failure.
	_ = s.store.ClearAttempts(ctx, limits[0].Key)
	if !known {
		_ = s.limits.GiveBack(ctx, limits[1].Key)
	}
	if !u.Active() {
		return "", Session{}, ErrAccessRemoved
	}
	token, sess, err := s.openSession(ctx, u)
	if err != nil {
		return "", Session{}, err
	}
	sess.Device, err = s.rememberDevice(ctx, from.Device, known, u.ID, now)
	return token, sess, err
}

// takeAttempt takes one attempt from each counter in turn
// (ratelimit.Limiter.Take): the first one past its limit stops the attempt
// with ErrTooManyAttempts and gives back what was taken from the ones
// before it. A counter's first refusal in a window is logged (once, so an
// attack does not flood the log).
func (s *Service) takeAttempt(ctx context.Context, limits []ratelimit.Rule, client string) error {
	refused, err := s.limits.Take(ctx, limits...)
	if err != nil {
		return err
	}
	if refused == nil {
		return nil
	}
	if refused.First {
		s.log.Warn("auth: sign-in locked for a while: too many failures", "counter", refused.Rule.Key, "client", client, "window", LoginWindow)
	}
	return ErrTooManyAttempts
}

// deviceUser returns the account whose browser holds the device token, or
// 0 for none.
func (s *Service) deviceUser(ctx context.Context, token string, now time.Time) int64 {
	if token == "" || len(token) > 100 {
		return 0
	}
	id, err := s.store.DeviceUser(ctx, HashToken(token), now)
	if err != nil {
		return 0
	}
	return id
}

// rememberDevice records the browser as known to userID for DeviceLifetime,
// keeping its token when it was known already, and returns the raw token.
func (s *Service) rememberDevice(ctx context.Context, token string, known bool, userID int64, now time.Time) (string, error) {
	if !known {
		var err error
		if token, err = randomToken(); err != nil {
			return "", err
		}
	}
	if err := s.store.SaveDevice(ctx, HashToken(token), userID, now.Add(DeviceLifetime)); err != nil {
		return "", fmt.Errorf("auth: remember device: %w", err)
	}
	return token, nil
}
