package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"masthead/internal/apperr"
	mailer "masthead/internal/mail"
	"masthead/internal/queue"
	"masthead/internal/ratelimit"
)

// Jobs is the queue auth sends its emails through, and registers their
// job kinds with. *queue.Queue is one.
type Jobs interface {
	Enqueue(ctx context.Context, j queue.NewJob) (int64, error)
	queue.Registry
}

// Job kinds auth owns.
const (
	JobResetMail  = "mail:reset"
	JobInviteMail = "mail:invite"
)

// UseQueue makes the service send its emails through q, and registers the
// handlers that send them. Emails are never sent inside a request: how
// long the mail server takes must not tell a visitor anything.
func (s *Service) UseQueue(q Jobs) {
	s.jobs = q
	q.Register(s.JobKinds()...)
}

// JobKinds are the kinds of job auth owns: its emails, tried five times,
// each try bounded so that a hung mail server frees the worker.
func (s *Service) JobKinds() []queue.Kind {
	return []queue.Kind{
		{Name: JobResetMail, Handler: s.resetMailJob, MaxAttempts: 5, Timeout: 2 * time.Minute},
		{Name: JobInviteMail, Handler: s.inviteMailJob, MaxAttempts: 5, Timeout: 2 * time.Minute},
	}
}

func (s *Service) enqueue(ctx context.Context, j queue.NewJob) error {
	if s.jobs == nil {
		return errors.New("auth: no queue to send emails through")
	}
	_, err := s.jobs.Enqueue(ctx, j)
	return err
}

// RequestReset asks for a single-use reset link to be emailed to an address.
// The request does the same for every well-formed address, with or without
// an account: it queues a job, and the job looks the account up, makes the
// token (so no usable token sits in the queue) and sends the email. So the
// answer reveals nothing, not even through its timing. Repeated requests
// for one address wait as one job, and one client may ask for at most
// MaxResetRequests an hour: past that nothing is queued, so a bot posting
// many distinct addresses cannot fill the jobs table. The answer stays the
// same, and the per-account mail limit still protects each inbox.
func (s *Service) RequestReset(ctx context.Context, email string, from Client) error {
	email = normalEmail(email)
	if !validEmail(email) {
		return nil // no account can have it
	}
	if ok, err := s.allowMail(ctx, "reset-ip:"+ratelimit.AddressKey(from.IP), MaxResetRequests); err != nil {
		return err
	} else if !ok {
		s.log.Info("auth: reset request not queued: hourly limit for the client address reached")
		return nil
	}
	return s.enqueue(ctx, queue.NewJob{Kind: JobResetMail, Payload: email, UniqueKey: JobResetMail + ":" + email})
}

func (s *Service) resetMailJob(ctx context.Context, j queue.Job) error {
	u, err := s.store.GetUserByEmail(ctx, j.Payload)
	if apperr.KindOf(err) == apperr.NotFound {
		return nil
	} else if err != nil {
		return err
	}
	if !u.Active() {
		return nil // answered like an unknown address: no way back in by email
	}
	// Nobody's inbox can be flooded from the form: past the limit nothing
	// is sent. A retry after a failed send does not count again.
	if j.Attempts == 1 {
		if ok, err := s.allowMail(ctx, "reset:"+u.Email, MaxResetMails); err != nil {
			return err
		} else if !ok {
			s.log.Info("auth: reset email not sent: hourly limit reached", "user", u.ID)
			return nil
		}
	}
	token, err := randomToken()
	if err != nil {
		return err
	}
	if err := s.store.CreateToken(ctx, Token{TokenHash: HashToken(token), Purpose: "reset", UserID: u.ID, Email: u.Email, ExpiresAt: s.now().Add(ResetLifetime)}); err != nil {
		return err
	}
	name, base := s.siteFn(ctx)
	return s.send(ctx, "reset", mailer.Message{To: []string{u.Email}, Subject: "Reset your " + name + " password",
		Text: fmt.Sprintf("Someone asked to reset the password of your %s account.\n\nTo choose a new password, open this link within an hour:\n\n%s/admin/reset/%s\n\nIf it was not you, ignore this email: your password stays as it is.\n", name, base, token)})
}

// invitation is the payload of an invitation email job.
type invitation struct {
	Email string `json:"email"`
	Role  Role   `json:"role"`
	By    int64  `json:"by"`
}

// Invite queues a staff invitation email. Admins only.
func (s *Service) Invite(ctx context.Context, by User, email string, role Role) error {
	if by.Role != RoleAdmin {
		return apperr.New(apperr.Forbidden, "Only admins can invite staff.")
	}
	email = normalEmail(email)
	bad := apperr.Fields{}
	if !validEmail(email) {
		bad.Add("email", "Enter an email address such as name@example.org.")
	}
	if !role.Valid() {
		bad.Add("role", "Choose contributor, author, editor or admin.")
	}
	if err := bad.Err(); err != nil {
		return err
	}
	if _, err := s.store.GetUserByEmail(ctx, email); err == nil {
		return apperr.Fields{"email": "This person already has an account."}
	}
	if ok, err := s.allowMail(ctx, "invite:"+email, MaxInviteMails); err != nil {
		return err
	} else if !ok {
		return apperr.New(apperr.Unavailable, "An invitation was sent to this address several times in the last hour. Wait before sending another.")
	}
	payload, err := json.Marshal(invitation{Email: email, Role: role, By: by.ID})
	if err != nil {
		return err
	}
	return s.enqueue(ctx, queue.NewJob{Kind: JobInviteMail, Payload: string(payload), UniqueKey: JobInviteMail + ":" + email})
}

func (s *Service) inviteMailJob(ctx context.Context, j queue.Job) error {
	var inv invitation
	if err := json.Unmarshal([]byte(j.Payload), &inv); err != nil {
		s.log.Error("auth: invitation job: bad payload", "job", j.ID, "err", err)
		return nil // retrying cannot help
	}
	if _, err := s.store.GetUserByEmail(ctx, inv.Email); err == nil {
		return nil // joined in the meantime
	}
	by, err := s.store.GetUser(ctx, inv.By)
	if err != nil {
		return err
	}
	token, err := randomToken()
	if err != nil {
		return err
	}
	if err := s.store.CreateToken(ctx, Token{TokenHash: HashToken(token), Purpose: "invite", Email: inv.Email, Role: inv.Role, CreatedBy: by.ID, ExpiresAt: s.now().Add(InviteLifetime)}); err != nil {
		return err
	}
	name, base := s.siteFn(ctx)
	return s.send(ctx, "invitation", mailer.Message{To: []string{inv.Email}, Subject: by.Name + " invited you to " + name,
		Text: fmt.Sprintf("%s invited you to join %s as %s.\n\nTo create your account, open this link within 7 days:\n\n%s/admin/invite/%s\n", by.Name, name, inv.Role, base, token)})
}

// send delivers an email of a job, logging any failure with its cause. A
// message that can never be sent as composed is not retried.
func (s *Service) send(ctx context.Context, what string, m mailer.Message) error {
	err := s.mail.Send(ctx, m)
	if err == nil {
		return nil
	}
	s.log.Error("auth: "+what+" email not sent", "to", m.To[0], "err", err)
	if errors.Is(err, mailer.ErrInvalid) {
		return nil
	}
	return fmt.Errorf("auth: send %s email: %w", what, err)
}
