package admin

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"

	"masthead/internal/apperr"
	"masthead/internal/auth"
)

const (
	sessionCookie = "masthead_session"
	// formCookie holds the double-submit token of the forms used before
	// there is a session (sign-in, set-up, reset, invitation).
	formCookie = "masthead_form"
	// deviceCookie marks a browser that signed in before: the per-address
	// sign-in limit does not apply to it (decision 0012). It outlives
	// sign-out.
	deviceCookie = "masthead_device"
)

type sessionKey struct{}

// sessionFrom returns the signed-in session, nil when signed out.
func sessionFrom(ctx context.Context) *auth.Session {
	s, _ := ctx.Value(sessionKey{}).(*auth.Session)
	return s
}

// currentSession loads the session of the request's cookie; ok is false
// when there is none or it has ended.
func (a *Admin) currentSession(r *http.Request) (s auth.Session, ok bool, err error) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return s, false, nil
	}
	s, err = a.auth.SessionFor(r.Context(), c.Value)
	if apperr.KindOf(err) == apperr.NotFound {
		return s, false, nil
	}
	return s, err == nil, err
}

// sessions puts the session of the request's cookie, if any, in its
// context, for the handlers and for the pages (errors included) they render.
func (a *Admin) sessions(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s, ok, err := a.currentSession(r)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		if ok {
			if s.Renewed {
				c, _ := r.Cookie(sessionCookie)
				a.startSession(w, c.Value, s)
			}
			r = r.WithContext(context.WithValue(r.Context(), sessionKey{}, &s))
		}
		next.ServeHTTP(w, r)
	})
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
	return func(w http.ResponseWriter, r *http.Request) error {
		if !auth.CSRFMatches(*sessionFrom(r.Context()), r.PostFormValue("csrf")) {
			return errFormExpired
		}
		return h(w, r)
	}
}

// checkFormCSRF refuses a signed-out form unless its csrf field repeats the
// form cookie (double submit). Another site can neither read nor set it.
func (a *Admin) checkFormCSRF(h handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		c, err := r.Cookie(formCookie)
		got := r.PostFormValue("csrf")
		if err != nil || !validToken(c.Value) || subtle.ConstantTimeCompare([]byte(c.Value), []byte(got)) != 1 {
			return errFormExpired
		}
		return h(w, r)
	}
}

// formToken returns the double-submit token, setting the cookie when the
// browser has none.
func (a *Admin) formToken(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(formCookie); err == nil && validToken(c.Value) {
		return c.Value
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported systems
	}
	tok := base64.RawURLEncoding.EncodeToString(b)
	// Lax, not Strict: opening an emailed link from another site must not
	// replace the token of forms already open in other tabs.
	http.SetCookie(w, &http.Cookie{Name: formCookie, Value: tok, Path: "/admin", HttpOnly: true,
		Secure: a.secure, SameSite: http.SameSiteLaxMode})
	return tok
}

func validToken(s string) bool {
	if len(s) != 43 {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(s)
	return err == nil
}

// startSession sets the session cookie after sign-in and on renewal. Its lifetime is a
// Max-Age, so a browser whose clock is off keeps it as long as the server.
func (a *Admin) startSession(w http.ResponseWriter, token string, s auth.Session) {
	maxAge := int(s.ExpiresAt.Sub(a.now()).Seconds())
	if maxAge <= 0 {
		maxAge = -1
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/admin", MaxAge: maxAge,
		HttpOnly: true, Secure: a.secure, SameSite: http.SameSiteLaxMode})
}

func (a *Admin) endSession(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/admin", MaxAge: -1,
		HttpOnly: true, Secure: a.secure, SameSite: http.SameSiteLaxMode})
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
