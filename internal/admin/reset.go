package admin

import (
	"net/http"

	"masthead/internal/apperr"
)

var errResetUsed = apperr.New(apperr.NotFound, "This reset link has expired or was already used. Ask for a new one.")

// resetPage chooses a new password through an emailed, single-use link.
func (a *Admin) resetPage(w http.ResponseWriter, r *http.Request) error {
	noReferrer(w)
	if !a.auth.ResetTokenValid(r.Context(), r.PathValue("token")) {
		return errResetUsed
	}
	return a.ok(w, r, "reset", &page{Title: "Choose a new password"})
}

func (a *Admin) reset(w http.ResponseWriter, r *http.Request) error {
	noReferrer(w)
	if !a.auth.ResetTokenValid(r.Context(), r.PathValue("token")) {
		return errResetUsed
	}
	p := &page{Title: "Choose a new password"}
	pw := r.PostFormValue("password")
	if err := samePasswords(pw, r.PostFormValue("password2")); err != nil {
		return again("reset", p, err)
	}
	if err := a.auth.ResetPassword(r.Context(), r.PathValue("token"), pw); err != nil {
		return again("reset", p, err)
	}
	return seeOther(w, r, "/admin/login?done=reset")
}

// noReferrer keeps a token in the address from leaking to other pages.
func noReferrer(w http.ResponseWriter) { w.Header().Set("Referrer-Policy", "no-referrer") }
