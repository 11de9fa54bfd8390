package admin

import (
	"net/http"
	"strings"

	"masthead/internal/apperr"
)

type setupView struct{ Email, Name string }

// setupPage creates the first administrator; once anyone has an account it
// does not exist.
func (a *Admin) setupPage(w http.ResponseWriter, r *http.Request) error {
	if err := a.setupOpen(r); err != nil {
		return err
	}
	return a.ok(w, r, "setup", &page{Title: "Set up your newsroom", Data: setupView{}})
}

func (a *Admin) setup(w http.ResponseWriter, r *http.Request) error {
	if err := a.setupOpen(r); err != nil {
		return err
	}
	v := setupView{Email: strings.TrimSpace(r.PostFormValue("email")), Name: strings.TrimSpace(r.PostFormValue("name"))}
	p := &page{Title: "Set up your newsroom", Data: v}
	pw := r.PostFormValue("password")
	if err := samePasswords(pw, r.PostFormValue("password2")); err != nil {
		return again("setup", p, err)
	}
	token, sess, err := a.auth.Setup(r.Context(), v.Email, v.Name, pw)
	if apperr.KindOf(err) == apperr.Forbidden {
		return errNotFound // someone finished set-up a moment ago
	}
	if err != nil {
		return again("setup", p, err)
	}
	a.startSession(w, token, sess)
	return seeOther(w, r, "/admin?done=setup")
}

func (a *Admin) setupOpen(r *http.Request) error {
	needed, err := a.auth.SetupNeeded(r.Context())
	if err != nil {
		return err
	}
	if !needed {
		return errNotFound
	}
	return nil
}

// samePasswords checks the "type it again" field of a new password.
func samePasswords(pw, again string) error {
	if pw != again {
		return apperr.Fields{"password2": "The two passwords are different. Type the same password in both fields."}
	}
	return nil
}
