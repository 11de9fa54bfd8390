package admin

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"masthead/internal/auth"
	"masthead/internal/content"
)

type staffView struct {
	Users       []auth.User
	Authors     map[int64]string
	Invite      inviteForm
	Invitations []auth.Invitation // pending, newest first
	Now         time.Time
}

type inviteForm struct {
	Email string
	Role  auth.Role
}

// staffList shows the staff and the invitation form. Admins only.
func (a *Admin) staffList(w http.ResponseWriter, r *http.Request) error {
	v, err := a.staffView(r)
	if err != nil {
		return err
	}
	p := &page{Title: "Staff", Nav: "staff", Data: v, Notice: savedNotice(r)}
	// Notices are fixed texts chosen by a code: text taken from the address
	// would let any link put words on an admin page.
	switch r.URL.Query().Get("done") {
	case "invited":
		p.Notice = "Invitation on its way. The link in it works for 7 days."
	case "resent":
		p.Notice = "A new invitation is on its way; the link sent before no longer works."
	case "withdrawn":
		p.Notice = "Invitation withdrawn: its link no longer works."
	}
	return a.ok(w, r, "staff", p)
}

func (a *Admin) staffView(r *http.Request) (*staffView, error) {
	users, err := a.auth.ListUsers(r.Context())
	if err != nil {
		return nil, err
	}
	authors, err := a.store.ListAuthors(r.Context())
	if err != nil {
		return nil, err
	}
	invitations, err := a.auth.PendingInvitations(r.Context(), sessionFrom(r.Context()).User)
	if err != nil {
		return nil, err
	}
	v := &staffView{Users: users, Authors: map[int64]string{}, Invite: inviteForm{Role: auth.RoleContributor},
		Invitations: invitations, Now: a.now()}
	for _, au := range authors {
		v.Authors[au.ID] = au.Name
	}
	return v, nil
}

func (a *Admin) invite(w http.ResponseWriter, r *http.Request) error {
	v, err := a.staffView(r)
	if err != nil {
		return err
	}
	v.Invite = inviteForm{Email: strings.TrimSpace(r.PostFormValue("email")), Role: auth.Role(r.PostFormValue("role"))}
	p := &page{Title: "Staff", Nav: "staff", Data: v}
	if err := a.auth.Invite(r.Context(), sessionFrom(r.Context()).User, v.Invite.Email, v.Invite.Role); err != nil {
		return again("staff", p, err)
	}
	return seeOther(w, r, "/admin/staff?done=invited")
}

type staffMemberView struct {
	User    auth.User
	Authors []content.Author
	IsSelf  bool // the signed-in admin: no access switch
}

func (a *Admin) staffMemberPage(w http.ResponseWriter, r *http.Request) error {
	v, err := a.staffMember(r)
	if err != nil {
		return err
	}
	p := &page{Title: "Edit staff: " + v.User.Name, Nav: "staff", Data: v}
	switch r.URL.Query().Get("done") {
	case "access-removed":
		p.Notice = "Access removed: " + v.User.Name + " is signed out everywhere and cannot sign in."
	case "access-restored":
		p.Notice = "Access restored: " + v.User.Name + " can sign in again."
	}
	return a.ok(w, r, "staff_member", p)
}

func (a *Admin) saveStaffMember(w http.ResponseWriter, r *http.Request) error {
	v, err := a.staffMember(r)
	if err != nil {
		return err
	}
	p := &page{Title: "Edit staff: " + v.User.Name, Nav: "staff", Data: v}
	v.User.Name = strings.TrimSpace(r.PostFormValue("name"))
	v.User.Role = auth.Role(r.PostFormValue("role"))
	v.User.AuthorID = formID(r, "author")
	if err := a.auth.UpdateUser(r.Context(), sessionFrom(r.Context()).User, v.User); err != nil {
		return again("staff_member", p, err)
	}
	return seeOther(w, r, "/admin/staff?done=saved")
}

// setAccess removes or restores a staff member's access.
func (a *Admin) setAccess(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	active := r.PostFormValue("access") == "restore"
	if err := a.auth.SetAccess(r.Context(), sessionFrom(r.Context()).User, id, active); err != nil {
		return err
	}
	done := "access-removed"
	if active {
		done = "access-restored"
	}
	return seeOther(w, r, fmt.Sprintf("/admin/staff/%d?done=%s", id, done))
}

func (a *Admin) staffMember(r *http.Request) (*staffMemberView, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	u, err := a.auth.GetUser(r.Context(), id)
	if err != nil {
		return nil, err
	}
	authors, err := a.store.ListAuthors(r.Context())
	if err != nil {
		return nil, err
	}
	return &staffMemberView{User: u, Authors: authors, IsSelf: u.ID == sessionFrom(r.Context()).User.ID}, nil
}

// resendInvitation sends a new link to a pending invitation's address; the
// old link stops working.
func (a *Admin) resendInvitation(w http.ResponseWriter, r *http.Request) error {
	return a.invitationAction(w, r, a.auth.ResendInvitation, "resent")
}

// withdrawInvitation stops a pending invitation's link from working.
func (a *Admin) withdrawInvitation(w http.ResponseWriter, r *http.Request) error {
	return a.invitationAction(w, r, a.auth.WithdrawInvitation, "withdrawn")
}

func (a *Admin) invitationAction(w http.ResponseWriter, r *http.Request, act func(context.Context, auth.User, string) error, done string) error {
	if err := act(r.Context(), sessionFrom(r.Context()).User, r.PostFormValue("email")); err != nil {
		v, verr := a.staffView(r)
		if verr != nil {
			return verr
		}
		return again("staff", &page{Title: "Staff", Nav: "staff", Data: v}, err)
	}
	return seeOther(w, r, "/admin/staff?done="+done)
}
