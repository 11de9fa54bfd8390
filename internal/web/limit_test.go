package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/httpx"
	"masthead/internal/ratelimit"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
	"masthead/internal/web"
)

// A public sign-up form limited per client address and per email address,
// as issue 7's forms are, on the shared counters of both engines.
func TestLimitOnAPublicFormPerClientAndPerAddress(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSurface(web.Statuses{apperr.Unavailable: http.StatusServiceUnavailable, apperr.Invalid: 400})
		proxies := httpx.NewProxies([]netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")})
		l := ratelimit.New(db, nil)
		var accepted []string
		rules := func(r *http.Request) []ratelimit.Rule {
			return []ratelimit.Rule{
				{Key: "signup-addr:" + strings.ToLower(r.PostFormValue("email")), Max: 2, Window: time.Hour},
				{Key: "signup-ip:" + web.ClientKey(proxies, r), Max: 4, Window: time.Hour},
			}
		}
		h := s.errs.Handle(web.ReadForm(web.FormLimit, web.Limit(l, rules, "Too many sign-ups from here. Try again in an hour.",
			func(w http.ResponseWriter, r *http.Request) error {
				accepted = append(accepted, r.PostFormValue("email"))
				return nil
			})))
		signUp := func(client, email string) int {
			req := post(url.Values{"email": {email}}.Encode(), "application/x-www-form-urlencoded")
			req.RemoteAddr = "10.1.2.3:4567" // the load balancer
			req.Header.Set("X-Forwarded-For", "203.0.113.99, "+client)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code == http.StatusTooManyRequests && !strings.Contains(rec.Body.String(), "Too many sign-ups") {
				t.Errorf("the refusal lacks its message: %q", rec.Body)
			}
			return rec.Code
		}
		// One address, from different clients: two confirmation emails,
		// no more, whoever asks.
		for i, want := range []int{200, 200, 429, 429} {
			if got := signUp("198.51.100."+string(rune('1'+i)), "Victim@example.org"); got != want {
				t.Fatalf("sign-up %d for one address: %d, want %d", i+1, got, want)
			}
		}
		// One client, many addresses: four. An IPv6 client is counted by
		// its /64, so hopping within it does not help.
		for i, want := range []int{200, 200, 200, 200, 429} {
			client := "2001:db8:5:6::" + string(rune('1'+i))
			if got := signUp(client, "reader"+string(rune('a'+i))+"@example.org"); got != want {
				t.Fatalf("sign-up %d from one network: %d, want %d", i+1, got, want)
			}
		}
		if len(accepted) != 6 {
			t.Fatalf("%d sign-ups reached the handler, want 6: %v", len(accepted), accepted)
		}
		// The client address the proxies report, not the proxy's: another
		// client behind the same balancer is unaffected.
		if got := signUp("192.0.2.50", "someone@example.org"); got != 200 {
			t.Fatalf("another client behind the balancer: %d", got)
		}
	})
}
