package web

import (
	"context"
	"net/http"
	"time"

	"masthead/internal/apperr"
)

// Kind is whose a session is. Staff and readers are separate identities
// (DESIGN.md, decision 0017): each kind has its own cookie, its own rows
// (the sessions table records the kind) and its own place in a request's
// context, so a reader's session can never open the newsroom.
type Kind string

const (
	Staff  Kind = "staff"
	Reader Kind = "reader"
)

// Cookie names and paths, fixed by kind so that no surface can be set up
// to read the other's cookie. The staff cookie is never sent outside
// /admin; the reader cookie goes everywhere on the site, /admin included,
// where nothing reads it.
const (
	StaffCookie  = "masthead_session"
	ReaderCookie = "masthead_reader"
)

// Lease is how long a loaded session lasts, and whether loading it just
// extended it (the cookie is then set again with the new lifetime).
type Lease struct {
	Expires time.Time
	Renewed bool
}

// Sessions finds the session of kind K behind a request's cookie. S is the
// surface's session type (auth.Session for staff).
type Sessions[S any] struct {
	kind   Kind
	cookie string
	path   string
	secure bool
	now    func() time.Time
	load   func(ctx context.Context, token string) (S, Lease, error)
}

// NewSessions returns the sessions of kind. load returns the live session
// of a raw cookie token, an error of kind NotFound when there is none, or
// another error when it cannot tell. secure sets the cookie's Secure flag.
func NewSessions[S any](kind Kind, load func(ctx context.Context, token string) (S, Lease, error), secure bool, now func() time.Time) *Sessions[S] {
	m := &Sessions[S]{kind: kind, load: load, secure: secure, now: now}
	switch kind {
	case Staff:
		m.cookie, m.path = StaffCookie, "/admin"
	case Reader:
		m.cookie, m.path = ReaderCookie, "/"
	default:
		panic("web: unknown session kind " + string(kind))
	}
	if m.now == nil {
		m.now = time.Now
	}
	return m
}

// Kind is the kind of session m finds.
func (m *Sessions[S]) Kind() Kind { return m.kind }

// CookieName is the name of the kind's cookie.
func (m *Sessions[S]) CookieName() string { return m.cookie }

type sessionKey struct{ kind Kind }

type loaded[S any] struct{ s S }

// Token returns the raw token of the request's cookie, "" when none.
func (m *Sessions[S]) Token(r *http.Request) string {
	c, err := r.Cookie(m.cookie)
	if err != nil {
		return ""
	}
	return c.Value
}

// Current loads the session of the request's cookie; ok is false when
// there is none or it has ended.
func (m *Sessions[S]) Current(r *http.Request) (s S, lease Lease, ok bool, err error) {
	tok := m.Token(r)
	if tok == "" {
		return s, lease, false, nil
	}
	s, lease, err = m.load(r.Context(), tok)
	if apperr.KindOf(err) == apperr.NotFound {
		var zero S
		return zero, Lease{}, false, nil
	}
	return s, lease, err == nil, err
}

// Middleware puts the session of the request's cookie, if any, in its
// context for the handlers and for the pages (errors included) they
// render; a renewed session's cookie is set again. An error loading it
// goes to fail.
func (m *Sessions[S]) Middleware(fail func(w http.ResponseWriter, r *http.Request, err error)) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			s, lease, ok, err := m.Current(r)
			if err != nil {
				fail(w, r, err)
				return
			}
			if ok {
				if lease.Renewed {
					m.Start(w, m.Token(r), lease.Expires)
				}
				r = r.WithContext(context.WithValue(r.Context(), sessionKey{m.kind}, &loaded[S]{s}))
			}
			next.ServeHTTP(w, r)
		})
	}
}

// From returns the session Middleware put in ctx; nil when signed out.
func (m *Sessions[S]) From(ctx context.Context) *S { return From[S](ctx, m.kind) }

// From returns the session of kind that a Sessions[S] middleware put in
// ctx; nil when there is none. A session of another kind is never
// returned, whatever its type.
func From[S any](ctx context.Context, kind Kind) *S {
	l, _ := ctx.Value(sessionKey{kind}).(*loaded[S])
	if l == nil {
		return nil
	}
	return &l.s
}

// Start sets the cookie after sign-in and on renewal. Its lifetime is a
// Max-Age, so a browser whose clock is off keeps it as long as the server.
func (m *Sessions[S]) Start(w http.ResponseWriter, token string, expires time.Time) {
	maxAge := int(expires.Sub(m.now()).Seconds())
	if maxAge <= 0 {
		maxAge = -1
	}
	http.SetCookie(w, &http.Cookie{Name: m.cookie, Value: token, Path: m.path, MaxAge: maxAge,
		HttpOnly: true, Secure: m.secure, SameSite: http.SameSiteLaxMode})
}

// End removes the cookie.
func (m *Sessions[S]) End(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: m.cookie, Value: "", Path: m.path, MaxAge: -1,
		HttpOnly: true, Secure: m.secure, SameSite: http.SameSiteLaxMode})
}
