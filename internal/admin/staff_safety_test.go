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

// TestStaffNameLimitOnEveryPath: a staff name of more than 120 characters
// is refused with the same message by set-up, the user create command's
// service call, an invitation and the staff page, and nothing is saved.
func TestStaffNameLimitOnEveryPath(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		ctx := context.Background()
		long := strings.Repeat("n", 121)
		const msg = "Use at most 120 characters for the name."

		c := a.client()
		c.get("/admin/setup")
		r := c.post("/admin/setup", url.Values{"email": {"ed@example.org"}, "name": {long}, "password": {password}, "password2": {password}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "set-up with a long name")
		wantBody(t, r, "set-up with a long name", msg)
		if n, _ := db.CountUsers(ctx); n != 0 {
			t.Fatalf("set-up with a long name created %d users", n)
		}

		if _, err := a.auth.CreateUser(ctx, "cli@example.org", long, password, auth.RoleAuthor); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("user create with a long name: %v, want %q", err, msg)
		}
		if _, err := a.auth.CreateUser(ctx, "cli@example.org", "Two\r\nlines", password, auth.RoleAuthor); err == nil {
			t.Error("user create accepted a name with CR/LF")
		}

		boss := a.user("boss@example.org", auth.RoleAdmin)
		ad := a.signIn("boss@example.org")
		member := "/admin/staff/" + itoa(boss.ID)
		ad.get(member)
		r = ad.post(member, url.Values{"name": {long}, "role": {"admin"}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "staff page with a long name")
		wantBody(t, r, "staff page with a long name", msg)
		if u, _ := a.auth.GetUser(ctx, boss.ID); u.Name != boss.Name {
			t.Errorf("the staff page saved the name %q", u.Name)
		}
		exact := strings.Repeat("é", 120)
		wantStatus(t, ad.post(member, url.Values{"name": {exact}, "role": {"admin"}}), http.StatusSeeOther, "a name of exactly 120 characters")

		link := a.invite(ad, "new@example.org")
		nc := a.client()
		nc.get(link)
		r = nc.post(link, url.Values{"name": {long}, "password": {password}, "password2": {password}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "invitation with a long name")
		wantBody(t, r, "invitation with a long name", msg)
		if _, err := db.GetUserByEmail(ctx, "new@example.org"); err == nil {
			t.Error("an invitation with a long name created the account")
		}
	})
}

// TestNoticesAreNotTakenFromTheAddress: a link cannot put its own words on
// an admin page as a notice.
func TestNoticesAreNotTakenFromTheAddress(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		a.user("boss@example.org", auth.RoleAdmin)
		ad := a.signIn("boss@example.org")
		const planted = "Your session expired: call 555-0100 and read out your password"
		for _, path := range []string{"/admin/staff?invited=", "/admin/staff?done=", "/admin/settings?done=", "/admin?done=", "/admin/account?done=", "/admin/login?done="} {
			r := ad.get(path + url.QueryEscape(planted))
			if strings.Contains(r.body, "555-0100") {
				t.Errorf("%s shows text from the address", path)
			}
		}
		wantBody(t, ad.get("/admin/staff?done=invited"), "invited notice", "Invitation on its way.")
	})
}

// TestForgotDoesNotWaitForMail: the reset form answers before any email is
// sent, whether the address has an account or not, and the worker then
// delivers the one email.
func TestForgotDoesNotWaitForMail(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		a.user("writer@example.org", auth.RoleAuthor)
		entered, release := a.outbox.hold()
		defer release()
		c := a.client()
		c.get("/admin/forgot")
		for i, addr := range []string{"writer@example.org", "nobody@example.org"} {
			answered := make(chan resp, 1)
			go func() { answered <- c.post("/admin/forgot", url.Values{"email": {addr}}) }()
			select {
			case r := <-answered:
				wantStatus(t, r, http.StatusOK, "forgot "+addr)
				wantBody(t, r, "forgot "+addr, "If an account exists")
			case <-entered:
				release()
				t.Fatalf("POST /admin/forgot for %s waited for the mail server", addr)
			}
			// Known or not, the request did the same: one job queued.
			if _, total, err := a.queue.Depth(context.Background()); err != nil || total != i+1 {
				t.Fatalf("after asking for %s: %d jobs waiting (%v), want %d", addr, total, err, i+1)
			}
		}
		if n := len(a.mail.Messages()); n != 0 {
			t.Fatalf("%d emails sent before the worker ran", n)
		}
		release()
		a.runJobs()
		a.runJobs()
		msgs := a.mail.Messages()
		if len(msgs) != 1 || msgs[0].To[0] != "writer@example.org" || !resetRE.MatchString(msgs[0].Text) {
			t.Fatalf("after the worker ran: %d emails %+v, want one reset link to writer@example.org", len(msgs), msgs)
		}
	})
}

// TestSettingsRefuseLineBreaksInOneLineFields: the publication's name and
// the other one-line settings go into page titles and email headers; a
// line break or another control character is refused with a message that
// names the field, and nothing is saved.
func TestSettingsRefuseLineBreaksInOneLineFields(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		a.user("boss@example.org", auth.RoleAdmin)
		c := a.signIn("boss@example.org")
		good := url.Values{"name": {"The Weekly"}, "tagline": {"Civic life"}, "time_zone": {"Europe/London"},
			"support_text": {"Support us"}, "support_url": {"/support"}, "base_url": {"https://news.example.org"}, "privacy_notice": {"We keep\r\nlittle."}}
		c.get("/admin/settings")
		wantStatus(t, c.post("/admin/settings", good), http.StatusSeeOther, "good settings (a line break in the privacy notice is fine)")
		for field, label := range map[string]string{"name": "name", "tagline": "tagline", "support_text": "banner text"} {
			f := url.Values{}
			for k, v := range good {
				f[k] = v
			}
			f.Set(field, "The\r\nBcc: x@example.org")
			c.get("/admin/settings")
			r := c.post("/admin/settings", f)
			wantStatus(t, r, http.StatusUnprocessableEntity, field+" with a line break")
			wantBody(t, r, field+" with a line break", "Write the "+label+" on one line", field+`-error"`)
		}
		if st, _ := db.GetSettings(context.Background()); st.Name != "The Weekly" || st.Tagline != "Civic life" || st.SupportText != "Support us" {
			t.Errorf("settings after refused saves: %+v", st)
		}
	})
}
