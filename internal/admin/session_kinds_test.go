package admin_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"masthead/internal/auth"
	"masthead/internal/newsletter"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// A reader's session never opens the newsroom: not the reader cookie (which
// browsers send to /admin too), not even holding a live staff token, and
// not a reader's token moved into the staff cookie (decision 0017).
func TestReaderSessionsNeverOpenTheNewsroom(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		a.user("ed@example.org", auth.RoleEditor)
		ed := a.signIn("ed@example.org")
		srv, _ := url.Parse(a.srv.URL + "/admin")
		var staffTok string
		for _, ck := range ed.hc.Jar.Cookies(srv) {
			if ck.Name == "masthead_session" {
				staffTok = ck.Value
			}
		}
		if staffTok == "" {
			t.Fatal("no staff session cookie after sign-in")
		}
		readerTok := "a-reader-session-token-of-forty-three-chars"
		rid, _, err := db.AddSubscriptions(context.Background(), newsletter.AddRequest{Address: newsletter.Address{Email: "ann@example.org", Key: "ann@example.org"},
			SubjectHash: "ann-hash", NewUID: "ann-uid", At: a.clock.Now()})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.CreateReaderSession(context.Background(), auth.HashToken(readerTok), rid, "csrf", a.clock.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name   string
			cookie string
			value  string
			open   bool
		}{
			{"the staff cookie", "masthead_session", staffTok, true},
			{"a staff token in the reader cookie", "masthead_reader", staffTok, false},
			{"a reader session in the reader cookie", "masthead_reader", readerTok, false},
			{"a reader session in the staff cookie", "masthead_session", readerTok, false},
		} {
			for _, path := range []string{"/admin", "/admin/articles"} {
				c := a.client()
				req, _ := http.NewRequest(http.MethodGet, a.srv.URL+path, nil)
				req.AddCookie(&http.Cookie{Name: tc.cookie, Value: tc.value})
				r := c.do(req)
				if tc.open {
					wantStatus(t, r, http.StatusOK, tc.name+" "+path)
					continue
				}
				wantStatus(t, r, http.StatusSeeOther, tc.name+" "+path)
				if !strings.HasPrefix(r.location(), "/admin/login") {
					t.Errorf("%s %s: sent to %q, want the sign-in page", tc.name, path, r.location())
				}
			}
		}
		// A form posted with the reader cookie changes nothing either.
		c := a.client()
		f := url.Values{"name": {"Forged"}, "csrf": {ed.csrf}}
		req, _ := http.NewRequest(http.MethodPost, a.srv.URL+"/admin/sections/new", strings.NewReader(f.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(&http.Cookie{Name: "masthead_reader", Value: staffTok})
		wantStatus(t, c.do(req), http.StatusSeeOther, "a section posted with the reader cookie")
		if secs, _ := db.ListSections(context.Background()); len(secs) != 1 {
			t.Errorf("%d sections, want 1", len(secs))
		}
	})
}
