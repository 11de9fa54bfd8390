package admin

import (
	"errors"
	"net/http"
	"strings"

	"masthead/internal/apperr"
	"masthead/internal/auth"
)

type loginView struct {
	Email string
	Next  string
}

func (a *Admin) loginPage(w http.ResponseWriter, r *http.Request) error {
	next := localNext(r.URL.Query().Get("next"))
	if _, ok, err := a.currentSession(r); err != nil {
		return err
	} else if ok {
		return seeOther(w, r, next)
	}
	if needed, err := a.auth.SetupNeeded(r.Context()); err != nil {
		return err
	} else if needed {
		return seeOther(w, r, "/admin/setup")
	}
	p := &page{Title: "Sign in", Data: loginView{Next: next}}
	switch r.URL.Query().Get("done") {
	case "reset":
		p.Notice = "Your password is changed. Sign in with it."
	case "out":
		p.Notice = "You are signed out."
	}
	return a.ok(w, r, "login", p)
}

func (a *Admin) login(w http.ResponseWriter, r *http.Request) error {
	v := loginView{Email: strings.TrimSpace(r.PostFormValue("email")), Next: localNext(r.PostFormValue("next"))}
	token, sess, err := a.auth.Login(r.Context(), v.Email, r.PostFormValue("password"), a.client(r))
	if errors.Is(err, auth.ErrAccessRemoved) {
		return &formError{page: "login", p: &page{Title: "Sign in", Data: v}, err: err}
	}
	if err != nil {
		return again("login", &page{Title: "Sign in", Data: v}, err)
	}
	a.startSession(w, token, sess)
	a.rememberDevice(w, sess)
	return seeOther(w, r, v.Next)
}

func (a *Admin) logout(w http.ResponseWriter, r *http.Request) error {
	if tok := a.sessions.Token(r); tok != "" {
		if err := a.auth.Logout(r.Context(), tok); err != nil {
			return err
		}
	}
	a.sessions.End(w)
	return seeOther(w, r, "/admin/login?done=out")
}

type forgotView struct {
	Email string
	Sent  bool
}

func (a *Admin) forgotPage(w http.ResponseWriter, r *http.Request) error {
	return a.ok(w, r, "forgot", &page{Title: "Reset your password", Data: forgotView{}})
}

// forgot answers the same whether or not the address has an account: it
// only queues a job, which sends the email if there is one to send (and
// logs a failure), so neither the answer nor its timing reveals accounts.
func (a *Admin) forgot(w http.ResponseWriter, r *http.Request) error {
	v := forgotView{Email: strings.TrimSpace(r.PostFormValue("email"))}
	p := &page{Title: "Reset your password", Data: v}
	if v.Email == "" {
		return again("forgot", p, apperr.Fields{"email": "Enter the email address you sign in with."})
	}
	if err := a.auth.RequestReset(r.Context(), v.Email, a.client(r)); err != nil {
		a.log.Error("admin: queue password reset email", "err", err)
	}
	v.Sent = true
	p.Data = v
	return a.ok(w, r, "forgot", p)
}
