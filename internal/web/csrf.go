package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
)

// CrossOrigin refuses state-changing requests (any method but GET, HEAD
// and OPTIONS) that a browser says come from another site: Sec-Fetch-Site
// is cross-site or same-site, or, from a browser too old to send it, the
// Origin's host is not the request's Host. A request with neither header
// is not from a browser (a form on another site cannot be posted without
// them by any browser in use) and passes; so does a route listed with
// Exempt. It is the one defence every form of every surface has, and the
// only one a public form on a cached page has: such a page cannot carry a
// token of its reader (decision 0017).
type CrossOrigin struct {
	cop *http.CrossOriginProtection
}

// NewCrossOrigin returns the check; refused requests go to deny, which
// answers them (with the surface's 403 page).
func NewCrossOrigin(deny http.Handler) *CrossOrigin {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(deny)
	return &CrossOrigin{cop: cop}
}

// Exempt lets requests matching pattern (ServeMux syntax, such as
// "POST /newsletters/subscribe") through from any site. Only a handler
// that is harmless when forged belongs here: one whose whole effect is to
// start a double opt-in (an email asking the address's owner to confirm),
// as an embedded sign-up form on another site needs.
func (c *CrossOrigin) Exempt(pattern string) { c.cop.AddInsecureBypassPattern(pattern) }

// Handler wraps h with the check.
func (c *CrossOrigin) Handler(h http.Handler) http.Handler { return c.cop.Handler(h) }

// Check reports whether r would be refused (nil: it passes).
func (c *CrossOrigin) Check(r *http.Request) error { return c.cop.Check(r) }

// TokenField is the form field a token travels in.
const TokenField = "csrf"

// TokenMatches reports in constant time whether a submitted token is the
// expected one; an empty expected token matches nothing.
func TokenMatches(want, got string) bool {
	return want != "" && subtle.ConstantTimeCompare([]byte(want), []byte(got)) == 1
}

// RequireToken refuses with refused a form whose TokenField is not what
// want says the request's session holds. It runs after ReadForm.
func RequireToken(want func(r *http.Request) string, refused error, h HandlerFunc) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if !TokenMatches(want(r), r.PostFormValue(TokenField)) {
			return refused
		}
		return h(w, r)
	}
}

// FormToken is the double-submit token of private forms used before there
// is a session (signing in, a password reset): a random value in a cookie
// that the form repeats. Another site can neither read the cookie nor set
// it. The page that carries it must not be cached for others.
type FormToken struct {
	Cookie string // the cookie's name
	Path   string // the cookie's path
	Secure bool   // the cookie's Secure flag (true behind HTTPS)
}

// Token returns the browser's token, setting the cookie when it has none.
func (t FormToken) Token(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(t.Cookie); err == nil && ValidToken(c.Value) {
		return c.Value
	}
	tok := NewToken()
	// Lax, not Strict: opening an emailed link from another site must not
	// replace the token of forms already open in other tabs.
	http.SetCookie(w, &http.Cookie{Name: t.Cookie, Value: tok, Path: t.Path, HttpOnly: true,
		Secure: t.Secure, SameSite: http.SameSiteLaxMode})
	return tok
}

// Require refuses with refused a form whose TokenField does not repeat the
// cookie. It runs after ReadForm.
func (t FormToken) Require(refused error, h HandlerFunc) HandlerFunc {
	return RequireToken(func(r *http.Request) string {
		c, err := r.Cookie(t.Cookie)
		if err != nil || !ValidToken(c.Value) {
			return ""
		}
		return c.Value
	}, refused, h)
}

// NewToken returns 32 random bytes, base64url-encoded (43 characters).
func NewToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported systems
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// ValidToken reports whether s has NewToken's form.
func ValidToken(s string) bool {
	if len(s) != 43 {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(s)
	return err == nil
}
