package auth

import (
	"context"
	"encoding/json"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/queue"
)

// Pending invitations: admins see them, send a new link (the old one stops
// working) or withdraw them (the link stops working at once).

// InvitationStore is what the invitation list needs; *store.DB is one.
type InvitationStore interface {
	// ListInvitations lists the newest unused invitation of each address
	// without an account, newest first, expired ones included.
	ListInvitations(ctx context.Context) ([]Invitation, error)
	// WithdrawInvitations makes every unused invitation link of email
	// unusable and reports how many there were.
	WithdrawInvitations(ctx context.Context, email string, now time.Time) (int, error)
}

// errNoInvitation answers an action on an address with no pending invitation.
var errNoInvitation = apperr.New(apperr.NotFound, "There is no pending invitation for this address: it was accepted or withdrawn.")

func (s *Service) invitations() (InvitationStore, error) {
	is, ok := s.store.(InvitationStore)
	if !ok {
		return nil, apperr.New(apperr.Unavailable, "Invitations cannot be listed with this store.")
	}
	return is, nil
}

func adminOnly(by User) error {
	if by.Role != RoleAdmin {
		return apperr.New(apperr.Forbidden, "Only admins can manage invitations.")
	}
	return nil
}

// PendingInvitations lists the invitations not yet accepted. Admins only.
func (s *Service) PendingInvitations(ctx context.Context, by User) ([]Invitation, error) {
	if err := adminOnly(by); err != nil {
		return nil, err
	}
	is, err := s.invitations()
	if err != nil {
		return nil, err
	}
	return is.ListInvitations(ctx)
}

// pending finds the pending invitation of email.
func (s *Service) pending(ctx context.Context, is InvitationStore, email string) (Invitation, error) {
	list, err := is.ListInvitations(ctx)
	if err != nil {
		return Invitation{}, err
	}
	email = normalEmail(email)
	for _, inv := range list {
		if inv.Email == email {
			return inv, nil
		}
	}
	return Invitation{}, errNoInvitation
}

// WithdrawInvitation stops the invitation links of email from working, at
// once. Admins only.
func (s *Service) WithdrawInvitation(ctx context.Context, by User, email string) error {
	if err := adminOnly(by); err != nil {
		return err
	}
	is, err := s.invitations()
	if err != nil {
		return err
	}
	inv, err := s.pending(ctx, is, email)
	if err != nil {
		return err
	}
	// A resend still waiting in the queue would make a new link: it goes too.
	if c, ok := s.jobs.(interface {
		Cancel(ctx context.Context, uniqueKey string) error
	}); ok {
		if err := c.Cancel(ctx, JobInviteMail+":"+inv.Email); err != nil {
			return err
		}
	}
	n, err := is.WithdrawInvitations(ctx, inv.Email, s.now())
	if err != nil {
		return err
	}
	if n == 0 {
		return errNoInvitation
	}
	return nil
}

// ResendInvitation sends a new invitation link to email, for the same
// role, and stops the old links from working. Admins only; at most
// MaxInviteMails an hour per address, as for invitations.
func (s *Service) ResendInvitation(ctx context.Context, by User, email string) error {
	if err := adminOnly(by); err != nil {
		return err
	}
	is, err := s.invitations()
	if err != nil {
		return err
	}
	inv, err := s.pending(ctx, is, email)
	if err != nil {
		return err
	}
	if ok, err := s.allowMail(ctx, "invite:"+inv.Email, MaxInviteMails); err != nil {
		return err
	} else if !ok {
		return apperr.New(apperr.Unavailable, "An invitation was sent to this address several times in the last hour. Wait before sending another.")
	}
	payload, err := json.Marshal(invitation{Email: inv.Email, Role: inv.Role, By: by.ID})
	if err != nil {
		return err
	}
	if _, err := is.WithdrawInvitations(ctx, inv.Email, s.now()); err != nil {
		return err
	}
	return s.enqueue(ctx, queue.NewJob{Kind: JobInviteMail, Payload: string(payload), UniqueKey: JobInviteMail + ":" + inv.Email})
}
