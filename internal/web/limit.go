package web

import (
	"net/http"

	"masthead/internal/apperr"
	"masthead/internal/httpx"
	"masthead/internal/ratelimit"
)

// LimitError is a request refused by a rate limit: 429 with its message,
// on every surface.
type LimitError struct {
	Message string
	Rule    ratelimit.Rule
}

func (e *LimitError) Error() string { return e.Message }

// Status is 429 Too Many Requests.
func (e *LimitError) Status() int { return http.StatusTooManyRequests }

// Unwrap gives the error its kind (Unavailable: try again later) and its
// safe message.
func (e *LimitError) Unwrap() error { return apperr.New(apperr.Unavailable, e.Message) }

// Limit takes one attempt from each of the counters rules names for the
// request (ratelimit.Limiter.Take: in turn, giving back the ones before a
// refusal) and runs h only when all had room; otherwise it returns a
// *LimitError with msg. rules runs after ReadForm when Limit is inside it,
// so it can count by a form field (the address a sign-up is for) as well
// as by client address (ClientKey).
func Limit(l *ratelimit.Limiter, rules func(r *http.Request) []ratelimit.Rule, msg string, h HandlerFunc) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		refused, err := l.Take(r.Context(), rules(r)...)
		if err != nil {
			return err
		}
		if refused != nil {
			return &LimitError{Message: msg, Rule: refused.Rule}
		}
		return h(w, r)
	}
}

// ClientKey is what a per-client limit counts for r: the client address as
// the trusted proxies report it (httpx.Proxies.ClientIP; nil trusts none),
// an IPv6 client by its /64 (ratelimit.AddressKey).
func ClientKey(p *httpx.Proxies, r *http.Request) string {
	return ratelimit.AddressKey(p.ClientIP(r))
}
