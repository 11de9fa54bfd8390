package admin_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"masthead/internal/auth"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

func TestSetupCreatesFirstAdminThenDisappears(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		c := a.client()

		r := c.get("/admin/articles?status=draft")
		wantStatus(t, r, http.StatusSeeOther, "signed-out page")
		if r.location() != "/admin/login?next=%2Fadmin%2Farticles%3Fstatus%3Ddraft" {
			t.Errorf("signed-out page redirects to %q", r.location())
		}
		r = c.get("/admin/login")
		if r.status != http.StatusSeeOther || r.location() != "/admin/setup" {
			t.Fatalf("login before set-up: %d %q, want redirect to /admin/setup", r.status, r.location())
		}
		wantStatus(t, c.get("/admin/setup"), http.StatusOK, "set-up page")

		r = c.post("/admin/setup", url.Values{"email": {"ed@example.org"}, "name": {"Ed Itor"}, "password": {password}, "password2": {"something else"}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "passwords differ")
		wantBody(t, r, "passwords differ", "The two passwords are different", `value="ed@example.org"`, `value="Ed Itor"`, `aria-describedby="password2-error"`)

		r = c.post("/admin/setup", url.Values{"email": {"ed@example.org"}, "name": {"Ed Itor"}, "password": {password}, "password2": {password}})
		wantStatus(t, r, http.StatusSeeOther, "set-up")
		cookie := r.header.Get("Set-Cookie")
		for _, want := range []string{"masthead_session=", "Path=/admin", "HttpOnly", "SameSite=Lax"} {
			if !strings.Contains(cookie, want) {
				t.Errorf("session cookie %q lacks %s", cookie, want)
			}
		}
		r = c.get("/admin")
		wantStatus(t, r, http.StatusOK, "dashboard after set-up")
		wantBody(t, r, "dashboard", "Ed Itor", "admin", "Sign out")

		// Set-up is gone for everyone, signed in or not.
		wantStatus(t, c.get("/admin/setup"), http.StatusNotFound, "set-up when done")
		other := a.client()
		other.get("/admin/login")
		r = other.post("/admin/setup", url.Values{"email": {"mallory@example.org"}, "name": {"Mallory"}, "password": {password}, "password2": {password}})
		wantStatus(t, r, http.StatusNotFound, "second set-up")
		if users, _ := a.auth.ListUsers(context.Background()); len(users) != 1 {
			t.Errorf("%d users after a second set-up, want 1", len(users))
		}
	})
}

func TestLogin(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		a.user("writer@example.org", auth.RoleAuthor)
		c := a.client()
		wantBody(t, c.get("/admin/login"), "login page", `<label for="email">`, `<label for="password">`)

		r := c.post("/admin/login", url.Values{"email": {"writer@example.org"}, "password": {"wrong password"}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "wrong password")
		wantBody(t, r, "wrong password", "That email and password do not match an account.", `value="writer@example.org"`)
		r = c.post("/admin/login", url.Values{"email": {"nobody@example.org"}, "password": {password}})
		wantBody(t, r, "unknown email", "That email and password do not match an account.")

		// next must stay inside the admin of this site.
		for next, want := range map[string]string{
			"/admin/articles?status=draft": "/admin/articles?status=draft",
			"https://evil.example/admin":   "/admin",
			"//evil.example/admin":         "/admin",
			"/\\evil.example":              "/admin",
			"/elsewhere":                   "/admin",
		} {
			c := a.client()
			c.get("/admin/login?next=" + url.QueryEscape(next))
			r := c.post("/admin/login", url.Values{"email": {"writer@example.org"}, "password": {password}, "next": {next}})
			if r.status != http.StatusSeeOther || r.location() != want {
				t.Errorf("next=%q: %d to %q, want %q", next, r.status, r.location(), want)
			}
		}
	})
}

func TestLoginRateLimited(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		a.user("writer@example.org", auth.RoleAuthor)
		c := a.client()
		c.get("/admin/login")
		for i := 0; i < auth.MaxFailures; i++ {
			r := c.post("/admin/login", url.Values{"email": {"writer@example.org"}, "password": {"guess number " + itoa(int64(i))}})
			wantStatus(t, r, http.StatusUnprocessableEntity, "failed sign-in")
		}
		r := c.post("/admin/login", url.Values{"email": {"writer@example.org"}, "password": {password}})
		wantStatus(t, r, http.StatusTooManyRequests, "sign-in after 5 failures")
		wantBody(t, r, "rate limited", "Too many failed sign-ins")
		if strings.Contains(r.header.Get("Set-Cookie"), "masthead_session=") {
			t.Error("a rate-limited sign-in set a session cookie")
		}
		a.clock.Add(auth.LoginWindow + time.Minute)
		wantStatus(t, c.post("/admin/login", url.Values{"email": {"writer@example.org"}, "password": {password}}), http.StatusSeeOther, "sign-in after the window")
	})
}

func TestLogout(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		a.user("writer@example.org", auth.RoleAuthor)
		c := a.signIn("writer@example.org")
		u, _ := url.Parse(a.srv.URL + "/admin")
		var token string
		for _, ck := range c.hc.Jar.Cookies(u) {
			if ck.Name == "masthead_session" {
				token = ck.Value
			}
		}
		r := c.post("/admin/logout", url.Values{})
		if r.status != http.StatusSeeOther || r.location() != "/admin/login?done=out" {
			t.Fatalf("logout: %d %q", r.status, r.location())
		}
		wantStatus(t, c.get("/admin"), http.StatusSeeOther, "dashboard after logout")
		if _, err := a.auth.SessionFor(context.Background(), token); err == nil {
			t.Error("the session still works after logout")
		}
	})
}

var resetRE = regexp.MustCompile(`/admin/reset/[A-Za-z0-9_-]+`)

func TestForgotAndReset(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		a.user("writer@example.org", auth.RoleAuthor)
		c := a.client()
		c.get("/admin/forgot")

		// The answer is the same for an unknown address, and nothing is sent.
		r := c.post("/admin/forgot", url.Values{"email": {"nobody@example.org"}})
		wantStatus(t, r, http.StatusOK, "forgot, unknown address")
		wantBody(t, r, "forgot", "If an account exists")
		a.runJobs()
		if len(a.mail.Messages()) != 0 {
			t.Fatal("a reset email was sent to an address without an account")
		}
		r = c.post("/admin/forgot", url.Values{"email": {"Writer@Example.org"}})
		wantBody(t, r, "forgot", "If an account exists")
		a.runJobs()
		msg, ok := a.mail.Last()
		if !ok || msg.To[0] != "writer@example.org" {
			t.Fatalf("reset email: %+v", msg)
		}
		link := resetRE.FindString(msg.Text)
		if link == "" || !strings.Contains(msg.Text, a.srv.URL+link) {
			t.Fatalf("no reset link in %q", msg.Text)
		}

		r = c.get(link)
		wantStatus(t, r, http.StatusOK, "reset page")
		if r.header.Get("Referrer-Policy") != "no-referrer" {
			t.Error("the reset page lets its token leak through the Referer header")
		}
		r = c.post(link, url.Values{"password": {"short"}, "password2": {"short"}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "short password")
		wantBody(t, r, "short password", "Use at least 10 characters")
		newPassword := "a brand new secret"
		r = c.post(link, url.Values{"password": {newPassword}, "password2": {newPassword}})
		if r.status != http.StatusSeeOther || r.location() != "/admin/login?done=reset" {
			t.Fatalf("reset: %d %q\n%s", r.status, r.location(), r.body)
		}
		wantBody(t, c.get("/admin/login?done=reset"), "login after reset", "Your password is changed")
		wantStatus(t, c.post("/admin/login", url.Values{"email": {"writer@example.org"}, "password": {newPassword}}), http.StatusSeeOther, "sign in with new password")

		// Single use.
		r = c.get(link)
		wantStatus(t, r, http.StatusNotFound, "used link")
		wantBody(t, r, "used link", "expired or was already used")
		r = c.post(link, url.Values{"password": {"yet another secret"}, "password2": {"yet another secret"}})
		wantStatus(t, r, http.StatusNotFound, "used link, posted")
		if _, _, err := a.auth.Login(context.Background(), "writer@example.org", newPassword, auth.Client{IP: "10.0.0.9"}); err != nil {
			t.Errorf("the password changed through a used link: %v", err)
		}

		// Expired.
		c.post("/admin/forgot", url.Values{"email": {"writer@example.org"}})
		a.runJobs()
		msg, _ = a.mail.Last()
		link = resetRE.FindString(msg.Text)
		a.clock.Add(auth.ResetLifetime + time.Minute)
		r = c.get(link)
		wantStatus(t, r, http.StatusNotFound, "expired link")
		wantBody(t, r, "expired link", "expired or was already used")
	})
}

var inviteRE = regexp.MustCompile(`/admin/invite/[A-Za-z0-9_-]+`)

func TestInviteAndAccept(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		a.user("boss@example.org", auth.RoleAdmin)
		boss := a.signIn("boss@example.org")
		r := boss.post("/admin/staff/invite", url.Values{"email": {"not an address"}, "role": {"author"}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "bad invitation")
		wantBody(t, r, "bad invitation", "Enter an email address", `value="not an address"`)
		r = boss.post("/admin/staff/invite", url.Values{"email": {"new@example.org"}, "role": {"author"}})
		wantStatus(t, r, http.StatusSeeOther, "invite")
		wantBody(t, boss.get(r.location()), "staff after invite", "Invitation on its way.")

		a.runJobs()
		msg, ok := a.mail.Last()
		if !ok || msg.To[0] != "new@example.org" {
			t.Fatalf("invitation email: %+v", msg)
		}
		link := inviteRE.FindString(msg.Text)
		c := a.client()
		r = c.get(link)
		wantStatus(t, r, http.StatusOK, "invitation page")
		wantBody(t, r, "invitation page", "new@example.org", "author")
		r = c.post(link, url.Values{"name": {""}, "password": {password}, "password2": {password}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "invitation without a name")
		r = c.post(link, url.Values{"name": {"Nell Newcomer"}, "password": {password}, "password2": {password}})
		if r.status != http.StatusSeeOther || r.location() != "/admin?done=joined" {
			t.Fatalf("accept: %d %q\n%s", r.status, r.location(), r.body)
		}
		r = c.get("/admin?done=joined")
		wantBody(t, r, "dashboard of the new user", "Nell Newcomer", "author")
		wantStatus(t, a.client().get(link), http.StatusNotFound, "used invitation")
	})
}

func TestChangePassword(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		a.user("writer@example.org", auth.RoleContributor)
		c := a.signIn("writer@example.org")
		c.get("/admin/account")
		r := c.post("/admin/account", url.Values{"current_password": {"not it at all"}, "password": {"new secret words"}, "password2": {"new secret words"}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "wrong current password")
		wantBody(t, r, "wrong current password", "That is not your current password.")
		r = c.post("/admin/account", url.Values{"current_password": {password}, "password": {"new secret words"}, "password2": {"new secret words"}})
		wantStatus(t, r, http.StatusSeeOther, "change password")
		// This browser stays signed in; the new password works.
		wantBody(t, c.get(r.location()), "account page", "Your password is changed")
		if _, _, err := a.auth.Login(context.Background(), "writer@example.org", "new secret words", auth.Client{IP: "10.0.0.9"}); err != nil {
			t.Errorf("new password: %v", err)
		}
	})
}

func TestSessionRenewsWhileUsed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		a.user("writer@example.org", auth.RoleAuthor)
		c := a.signIn("writer@example.org")
		// Early in its life the session is left alone.
		a.clock.Add(24 * time.Hour)
		r := c.get("/admin")
		wantStatus(t, r, http.StatusOK, "dashboard a day after signing in")
		if strings.Contains(r.header.Get("Set-Cookie"), "masthead_session=") {
			t.Error("a fresh session's cookie was set again")
		}
		// Used in the second half of its life, it starts over.
		a.clock.Add(auth.SessionLifetime/2 - 12*time.Hour)
		r = c.get("/admin")
		wantStatus(t, r, http.StatusOK, "dashboard in the second half of the session's life")
		wantMaxAge := fmt.Sprintf("Max-Age=%d", int(auth.SessionLifetime.Seconds()))
		if ck := r.header.Get("Set-Cookie"); !strings.Contains(ck, "masthead_session=") || !strings.Contains(ck, wantMaxAge) {
			t.Errorf("renewal cookie = %q, want the session cookie with %s", ck, wantMaxAge)
		}
		// Past the first session's end, someone who kept working is still in.
		a.clock.Add(auth.SessionLifetime - 24*time.Hour)
		wantStatus(t, c.get("/admin"), http.StatusOK, "dashboard after a lifetime of weekly use")
		// A session left unused for its whole lifetime ends.
		a.clock.Add(auth.SessionLifetime + time.Minute)
		r = c.get("/admin")
		if r.status != http.StatusSeeOther || !strings.HasPrefix(r.location(), "/admin/login") {
			t.Errorf("after %v unused: %d to %q, want the sign-in page", auth.SessionLifetime, r.status, r.location())
		}
	})
}

func TestRemovingAccessSignsOutAndKeepsOut(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		admin := a.user("admin@example.org", auth.RoleAdmin)
		leaver := a.user("leaver@example.org", auth.RoleAuthor)
		ad, gone := a.signIn("admin@example.org"), a.signIn("leaver@example.org")
		member := "/admin/staff/" + itoa(leaver.ID)

		wantStatus(t, gone.post(member+"/access", url.Values{"access": {"remove"}}), http.StatusForbidden, "an author removing access")
		wantBody(t, ad.get(member), "staff member page", "Remove access")
		r := ad.post(member+"/access", url.Values{"access": {"remove"}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("remove access: %d\n%s", r.status, r.body)
		}
		wantBody(t, ad.get(r.location()), "after removing", "Access removed: ", "Restore access")
		wantBody(t, ad.get("/admin/staff"), "staff list", "access removed")

		// Signed out at once, and kept out.
		r = gone.get("/admin")
		if r.status != http.StatusSeeOther || !strings.HasPrefix(r.location(), "/admin/login") {
			t.Fatalf("the leaver's next request: %d to %q, want the sign-in page", r.status, r.location())
		}
		c := a.client()
		c.get("/admin/login")
		r = c.post("/admin/login", url.Values{"email": {"leaver@example.org"}, "password": {password}})
		wantStatus(t, r, http.StatusForbidden, "signing in without access")
		wantBody(t, r, "signing in without access", "removed this account")
		r = c.post("/admin/login", url.Values{"email": {"leaver@example.org"}, "password": {"a wrong password"}})
		wantBody(t, r, "wrong password without access", "That email and password do not match an account.")
		c.get("/admin/forgot")
		c.post("/admin/forgot", url.Values{"email": {"leaver@example.org"}})
		a.runJobs()
		if n := len(a.mail.Messages()); n != 0 {
			t.Errorf("%d reset emails sent to an account without access", n)
		}

		// An admin cannot lock themselves out.
		if strings.Contains(ad.get("/admin/staff/"+itoa(admin.ID)).body, "Remove access") {
			t.Error("an admin is offered to remove their own access")
		}
		wantStatus(t, ad.post("/admin/staff/"+itoa(admin.ID)+"/access", url.Values{"access": {"remove"}}), http.StatusConflict, "removing one's own access")

		wantStatus(t, ad.post(member+"/access", url.Values{"access": {"restore"}}), http.StatusSeeOther, "restore access")
		a.signIn("leaver@example.org")
	})
}
