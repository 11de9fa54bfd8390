package admin_test

import (
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"testing"

	"masthead/internal/admin"
	"masthead/internal/auth"
	"masthead/internal/httpx"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// behindProxy is the admin behind a load balancer on 127.0.0.0/8, the
// address test requests come from.
func behindProxy(t *testing.T, db *store.DB) *app {
	return newAppWith(t, db, func(o *admin.Options) {
		o.Proxies = httpx.NewProxies([]netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")})
	})
}

func (c *client) login(email, pw, forwardedFor string) resp {
	c.t.Helper()
	c.get("/admin/login")
	return c.post("/admin/login", url.Values{"email": {email}, "password": {pw}}, "X-Forwarded-For", forwardedFor)
}

func (c *client) logout() {
	c.t.Helper()
	c.get("/admin")
	wantStatus(c.t, c.post("/admin/logout", url.Values{}), http.StatusSeeOther, "sign out")
}

// spray sends the address-wide limit's worth of wrong passwords, each to a
// different account, from one address; the attacker writes its own
// X-Forwarded-For entries, which the proxy keeps and appends to.
func spray(t *testing.T, a *app, from string) {
	t.Helper()
	c := a.client()
	for i := range 4 * auth.MaxFailures {
		r := c.login(fmt.Sprintf("person%d@example.org", i), "Winter2026!!", fmt.Sprintf("10.9.9.%d, %s", i, from))
		wantStatus(t, r, http.StatusUnprocessableEntity, fmt.Sprintf("sprayed guess %d", i+1))
	}
	r := c.login("one.more@example.org", "Winter2026!!", "10.9.9.200, "+from)
	wantStatus(t, r, http.StatusTooManyRequests, "spraying past the address limit")
}

// TestAddressLimitBehindProxy: behind a trusted proxy, each client's
// address is limited on its own; spraying one password over many accounts
// from one address is stopped; a browser that signed in to its account
// before still gets in with the right password from that same address.
func TestAddressLimitBehindProxy(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := behindProxy(t, db)
		a.user("writer@example.org", auth.RoleAuthor)
		a.user("editor@example.org", auth.RoleEditor)
		const office = "203.0.113.66"

		// The writer signed in from this browser last week.
		known := a.client()
		wantStatus(t, known.login("writer@example.org", password, "198.51.100.1"), http.StatusSeeOther, "first sign-in")
		known.logout()

		spray(t, a, office)

		// A new browser at the sprayed address is slowed, even with a right password...
		wantStatus(t, a.client().login("editor@example.org", password, office), http.StatusTooManyRequests, "unknown browser at the sprayed address")
		// ...but another client behind the same proxy is not,
		wantStatus(t, a.client().login("editor@example.org", password, "203.0.113.77"), http.StatusSeeOther, "another address behind the proxy")
		// and the writer's own browser at the sprayed address gets in.
		wantStatus(t, known.login("writer@example.org", password, office), http.StatusSeeOther, "known browser at the sprayed address")
	})
}

// TestUntrustedForwardedForIsIgnored: without a trusted proxy, a client
// cannot dodge the address limit by writing X-Forwarded-For itself.
func TestUntrustedForwardedForIsIgnored(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		a.user("writer@example.org", auth.RoleAuthor)
		c := a.client()
		for i := range 4 * auth.MaxFailures {
			r := c.login(fmt.Sprintf("person%d@example.org", i), "Winter2026!!", fmt.Sprintf("198.51.100.%d", i))
			wantStatus(t, r, http.StatusUnprocessableEntity, fmt.Sprintf("guess %d", i+1))
		}
		wantStatus(t, c.login("one.more@example.org", "Winter2026!!", "198.51.100.250"), http.StatusTooManyRequests, "a new X-Forwarded-For past the limit")
	})
}

// TestKnownBrowserGetsInToAnAccountUnderAttack: failures against an
// account lock out browsers that never signed in to it, not the owner's,
// and a known browser has a limit of its own.
func TestKnownBrowserGetsInToAnAccountUnderAttack(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		a.user("writer@example.org", auth.RoleAuthor)
		known := a.signIn("writer@example.org")
		known.logout()

		attacker := a.client()
		for i := range auth.MaxFailures {
			wantStatus(t, attacker.login("writer@example.org", fmt.Sprintf("guess %d", i), ""), http.StatusUnprocessableEntity, "guess")
		}
		wantStatus(t, attacker.login("writer@example.org", password, ""), http.StatusTooManyRequests, "an unknown browser after 5 failures")
		wantStatus(t, known.login("writer@example.org", password, ""), http.StatusSeeOther, "the owner's browser during the attack")
		known.logout()

		for i := range auth.MaxFailures {
			wantStatus(t, known.login("writer@example.org", fmt.Sprintf("typo %d", i), ""), http.StatusUnprocessableEntity, "typo")
		}
		wantStatus(t, known.login("writer@example.org", password, ""), http.StatusTooManyRequests, "a known browser after 5 failures of its own")
	})
}
