package admin

import (
	"net/http"

	"masthead/internal/apperr"
)

// accountPage lets anyone signed in change their own password.
func (a *Admin) accountPage(w http.ResponseWriter, r *http.Request) error {
	p := &page{Title: "Your account", Nav: "account"}
	if r.URL.Query().Get("done") == "password" {
		p.Notice = "Your password is changed. Other browsers signed in as you were signed out."
	}
	return a.ok(w, r, "account", p)
}

func (a *Admin) changePassword(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	sess := sessionFrom(ctx)
	p := &page{Title: "Your account", Nav: "account"}
	pw := r.PostFormValue("password")
	if err := samePasswords(pw, r.PostFormValue("password2")); err != nil {
		return again("account", p, err)
	}
	if err := a.auth.ChangePassword(ctx, sess.User, r.PostFormValue("current_password"), pw); err != nil {
		return again("account", p, err)
	}
	// Changing the password ends every session, this one included; open a
	// new one for this browser with the password just set.
	token, s, err := a.auth.Login(ctx, sess.User.Email, pw, a.client(r))
	if err != nil {
		if apperr.KindOf(err) == apperr.Unavailable {
			return seeOther(w, r, "/admin/login")
		}
		return err
	}
	a.startSession(w, token, s)
	a.rememberDevice(w, s)
	return seeOther(w, r, "/admin/account?done=password")
}
