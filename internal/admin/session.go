package admin

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"masthead/internal/apperr"
	"masthead/internal/auth"
	"masthead/internal/web"
)

const (
	// formCookie holds the double-submit token of the forms used before
	// there is a session (sign-in, set-up, reset, invitation).
	formCookie = "masthead_form"
	// deviceCookie marks a browser that signed in before: the per-address
	// sign-in limit does not apply to it (decision 0012). It outlives
	// sign-out.
	deviceCookie = "masthead_device"
)

// newSessions finds staff sessions: the masthead_session cookie, under
// /admin, and only rows of the staff kind (a reader's session never opens
// the newsroom, decision 0017).
func (a *Admin) newSessions() *web.Sessions[auth.Session] {
	return web.NewSessions(web.Staff, func(ctx context.Context, token string) (auth.Session, web.Lease, error) {
		s, err := a.auth.SessionFor(ctx, token)
		return s, web.Lease{Expires: s.ExpiresAt, Renewed: s.Renewed}, err
	}, a.secure, a.now)
}

// sessionFrom returns the signed-in session, nil when signed out.
func sessionFrom(ctx context.Context) *auth.Session {
	return web.From[auth.Session](ctx, web.Staff)
}

// currentSession loads the session of the request's cookie; ok is false
// when there is none or it has ended.
func (a *Admin) currentSession(r *http.Request) (s auth.Session, ok bool, err error) {
	s, _, ok, err = a.sessions.Current(r)
	return s, ok, err
}

// signedIn makes h require a session of at least role min: signed-out
// visitors are sent to the sign-in page (and back afterwards), staff below
// min get 403.
func signedIn(min auth.Role, h handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		s := sessionFrom(r.Context())
		if s == nil {
			if r.URL.Path == "/admin/logout" {
				return seeOther(w, r, "/admin/login")
			}
			next := r.URL.Path
			if r.Method == http.MethodGet && r.URL.RawQuery != "" {
				next += "?" + r.URL.RawQuery
			}
			return seeOther(w, r, "/admin/login?next="+url.QueryEscape(next))
		}
		if !s.User.Role.AtLeast(min) {
			return apperr.New(apperr.Forbidden, "Your role ("+string(s.User.Role)+") cannot open this page.")
		}
		return h(w, r)
	}
}

// checkSessionCSRF refuses a form whose csrf field is not the session's.
func checkSessionCSRF(h handlerFunc) handlerFunc {
	return web.RequireToken(func(r *http.Request) string {
		if s := sessionFrom(r.Context()); s != nil {
			return s.CSRFToken
		}
		return ""
	}, errFormExpired, h)
}

// startSession sets the session cookie after sign-in.
func (a *Admin) startSession(w http.ResponseWriter, token string, s auth.Session) {
	a.sessions.Start(w, token, s.ExpiresAt)
}

// localNext returns where to go after sign-in: next when it is a path of
// the admin on this site, else the dashboard. It never leads off site.
func localNext(next string) string {
	if next == "" || strings.ContainsAny(next, "\\\r\n\t") || strings.HasPrefix(next, "//") {
		return "/admin"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return "/admin"
	}
	clean := u.EscapedPath()
	if clean != "/admin" && !strings.HasPrefix(clean, "/admin/") || strings.Contains(clean, "/../") || strings.HasSuffix(clean, "/..") {
		return "/admin"
	}
	if u.RawQuery != "" {
		return clean + "?" + u.RawQuery
	}
	return clean
}

// client is where a sign-in comes from: the address the trusted proxies
// report (the one function every limit and log uses) and the browser's
// device token.
func (a *Admin) client(r *http.Request) auth.Client {
	c := auth.Client{IP: a.proxies.ClientIP(r)}
	if ck, err := r.Cookie(deviceCookie); err == nil {
		c.Device = ck.Value
	}
	return c
}

// rememberDevice keeps the device token of a browser that signed in.
func (a *Admin) rememberDevice(w http.ResponseWriter, s auth.Session) {
	if s.Device == "" {
		return
	}
	http.SetCookie(w, &http.Cookie{Name: deviceCookie, Value: s.Device, Path: "/admin", MaxAge: int(auth.DeviceLifetime.Seconds()),
		HttpOnly: true, Secure: a.secure, SameSite: http.SameSiteLaxMode})
}
