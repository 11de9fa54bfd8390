package admin_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"masthead/internal/auth"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

func TestFormsWithoutTheirTokenChangeNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		ed := a.user("ed@example.org", auth.RoleEditor)
		c := a.signIn("ed@example.org")
		form := articleForm(a.section, ed.AuthorID, "Forged", "Body.", "publish")

		cases := []struct {
			name    string
			csrf    []string // nil: no field at all
			headers []string
			want    string
		}{
			{name: "no token", want: "This form has expired"},
			{name: "empty token", csrf: []string{""}, want: "This form has expired"},
			{name: "wrong token", csrf: []string{strings.Repeat("x", 43)}, want: "This form has expired"},
			{name: "cross-site", csrf: []string{c.csrf}, headers: []string{"Sec-Fetch-Site", "cross-site"}, want: "from another site"},
			{name: "foreign origin", csrf: []string{c.csrf}, headers: []string{"Origin", "https://evil.example"}, want: "from another site"},
		}
		for _, tc := range cases {
			f := url.Values{}
			for k, v := range form {
				f[k] = v
			}
			if tc.csrf != nil {
				f["csrf"] = tc.csrf
			} else {
				f["csrf"] = nil
			}
			r := c.post("/admin/articles/new", f, tc.headers...)
			wantStatus(t, r, http.StatusForbidden, tc.name)
			wantBody(t, r, tc.name, tc.want)
			r = c.post("/admin/sections/new", url.Values{"name": {"Forged " + tc.name}, "csrf": f["csrf"]}, tc.headers...)
			wantStatus(t, r, http.StatusForbidden, tc.name+", section")
		}
		if n := a.countArticles(); n != 0 {
			t.Errorf("%d articles after forged posts, want 0", n)
		}
		if secs, _ := db.ListSections(context.Background()); len(secs) != 1 {
			t.Errorf("%d sections after forged posts, want 1", len(secs))
		}
		// Logout is a form too.
		wantStatus(t, c.post("/admin/logout", url.Values{"csrf": {"nope"}}), http.StatusForbidden, "forged logout")
		wantStatus(t, c.get("/admin"), http.StatusOK, "still signed in")
		// And the real token works.
		savedID(t, c.post("/admin/articles/new", form))
	})
}

func TestSignedOutFormsNeedTheirCookieToken(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		a.user("writer@example.org", auth.RoleAuthor)
		creds := url.Values{"email": {"writer@example.org"}, "password": {password}}

		// A token without the cookie that goes with it (another browser's).
		first := a.client()
		first.get("/admin/login")
		stranger := a.client()
		f := url.Values{"csrf": {first.csrf}}
		for k, v := range creds {
			f[k] = v
		}
		r := stranger.post("/admin/login", f)
		wantStatus(t, r, http.StatusForbidden, "token without its cookie")
		if strings.Contains(r.header.Get("Set-Cookie"), "masthead_session=") {
			t.Error("a forged sign-in opened a session")
		}
		// The cookie without the token.
		r = first.post("/admin/login", url.Values{"email": creds["email"], "password": creds["password"], "csrf": nil})
		wantStatus(t, r, http.StatusForbidden, "cookie without its token")
		r = first.post("/admin/login", creds, "Sec-Fetch-Site", "cross-site")
		wantStatus(t, r, http.StatusForbidden, "cross-site sign-in")
		wantStatus(t, first.post("/admin/login", creds), http.StatusSeeOther, "real sign-in")

		// Forgot: a forged request sends no email.
		c := a.client()
		c.get("/admin/forgot")
		wantStatus(t, c.post("/admin/forgot", url.Values{"email": {"writer@example.org"}, "csrf": {"forged"}}), http.StatusForbidden, "forged forgot")
		a.runJobs()
		if len(a.mail.Messages()) != 0 {
			t.Error("a forged reset request sent an email")
		}
	})
}
