package admin

import (
	"net/http"
	"strings"

	"masthead/internal/auth"
)

type inviteView struct {
	Email string
	Role  auth.Role
	Name  string
}

// invitePage lets an invited person create their account.
func (a *Admin) invitePage(w http.ResponseWriter, r *http.Request) error {
	noReferrer(w)
	t, err := a.auth.Invitation(r.Context(), r.PathValue("token"))
	if err != nil {
		return err
	}
	return a.ok(w, r, "invite", &page{Title: "Join the newsroom", Data: inviteView{Email: t.Email, Role: t.Role}})
}

func (a *Admin) acceptInvite(w http.ResponseWriter, r *http.Request) error {
	noReferrer(w)
	token := r.PathValue("token")
	t, err := a.auth.Invitation(r.Context(), token)
	if err != nil {
		return err
	}
	v := inviteView{Email: t.Email, Role: t.Role, Name: strings.TrimSpace(r.PostFormValue("name"))}
	p := &page{Title: "Join the newsroom", Data: v}
	pw := r.PostFormValue("password")
	if err := samePasswords(pw, r.PostFormValue("password2")); err != nil {
		return again("invite", p, err)
	}
	session, sess, err := a.auth.AcceptInvite(r.Context(), token, v.Name, pw)
	if err != nil {
		return again("invite", p, err)
	}
	a.startSession(w, session, sess)
	return seeOther(w, r, "/admin?done=joined")
}
