package admin_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"masthead/internal/auth"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// A NUL byte, another control character or invalid UTF-8 in any form or
// query string is refused with a message, on both engines (PostgreSQL
// cannot store them and answered 500), and nothing changes. Tab, newline
// and carriage return stay allowed.
func TestUnstorableCharactersAreRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		a.user("ed@example.org", auth.RoleAdmin)
		ctx := context.Background()
		snapshot := func() (n int, sections int, name string) {
			secs, err := db.ListSections(ctx)
			if err != nil {
				t.Fatal(err)
			}
			st, err := db.GetSettings(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return a.countArticles(), len(secs), st.Name
		}

		anon := a.client()
		anon.get("/admin/login")
		c := a.signIn("ed@example.org")
		n0, s0, name0 := snapshot()
		const formMsg, addrMsg = "The form contained characters", "The address contained characters"

		form := func(k, v string) url.Values { return url.Values{k: {v}} }
		writer := a.saveAuthor("Writer")
		article := func(headline string) url.Values {
			return articleForm(a.section, writer, headline, "Body text.", "save")
		}
		cases := []struct {
			name string
			send func() resp
			msg  string
		}{
			{"sign-in, NUL in the email (signed out)", func() resp {
				return anon.post("/admin/login", url.Values{"email": {"a\x00b@example.org"}, "password": {password}})
			}, "in “email”"},
			{"sign-in, invalid UTF-8 in the password", func() resp {
				return anon.post("/admin/login", url.Values{"email": {"ed@example.org"}, "password": {"pass\xffword"}})
			}, "in “password”"},
			{"password reset request, NUL", func() resp { return anon.post("/admin/forgot", form("email", "ed\x00@example.org")) }, formMsg},
			{"section name, NUL", func() resp { return c.post("/admin/sections/new", form("name", "Opin\x00ion")) }, "in “name”"},
			{"section name, invalid UTF-8", func() resp { return c.post("/admin/sections/new", form("name", "Opin\xc3ion")) }, formMsg},
			{"section description, bell character", func() resp {
				return c.post("/admin/sections/new", url.Values{"name": {"Letters"}, "description": {"Ding\x07"}})
			}, "in “description”"},
			{"series name, escape character", func() resp { return c.post("/admin/series/new", form("name", "\x1b[31mRed")) }, formMsg},
			{"article save, NUL in the headline", func() resp { return c.post("/admin/articles/new", article("Head\x00line")) }, "in “headline”"},
			{"settings save (multipart), invalid UTF-8", func() resp {
				return c.postFile("/admin/settings", url.Values{"name": {"Weekly \xfe"}, "time_zone": {"UTC"}}, "logo", "logo.png", pngBytes(t))
			}, "in “name”"},
			{"author save (multipart), NUL in the bio", func() resp {
				return c.postFile("/admin/authors/new", url.Values{"name": {"Ada"}, "bio": {"x\x00y"}}, "photo", "ada.png", pngBytes(t))
			}, "in “bio”"},
			{"article list search, NUL", func() resp { return c.get("/admin/articles?q=%00") }, "in “q”"},
			{"article list search, invalid UTF-8", func() resp { return c.get("/admin/articles?q=caf%E9") }, addrMsg},
			{"sign-in page, NUL in next", func() resp { return anon.get("/admin/login?next=%00") }, addrMsg},
			{"reset link, NUL in the token", func() resp { return anon.get("/admin/reset/abc%00def") }, addrMsg},
		}
		for _, tc := range cases {
			r := tc.send()
			if r.status != http.StatusUnprocessableEntity {
				t.Errorf("%s: status %d, want 422\n%.600s", tc.name, r.status, r.body)
				continue
			}
			wantBody(t, r, tc.name, tc.msg, "characters that cannot be stored (a NUL byte, another control character or invalid UTF-8)", "nothing was changed")
		}
		if n, s, name := snapshot(); n != n0 || s != s0 || name != name0 {
			t.Errorf("refused forms changed something: articles %d→%d, sections %d→%d, name %q→%q", n0, n, s0, s, name0, name)
		}

		// Multi-line fields keep tabs and line breaks.
		r := c.post("/admin/sections/new", url.Values{"name": {"Letters"}, "description": {"From readers.\r\n\tEdited for length."}})
		wantStatus(t, r, http.StatusSeeOther, "a description with a tab and line breaks")
		r = c.post("/admin/articles/new", articleForm(a.section, writer, "Letters", "First line.\r\n\r\n\tSecond paragraph.", "save"))
		if id := savedID(t, r); a.article(id).BodySource != "First line.\n\n\tSecond paragraph." {
			t.Errorf("a body with a tab and line breaks was stored as %q", a.article(id).BodySource)
		}
	})
}
