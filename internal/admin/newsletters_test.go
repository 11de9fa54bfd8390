package admin_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"masthead/internal/auth"
	"masthead/internal/newsletter"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

func newsletterForm(name string) url.Values {
	return url.Values{"name": {name}, "description": {"The week's best."}, "cadence": {"every Saturday"},
		"sender_name": {"Test Weekly"}, "sender_email": {"news@example.org"}, "public": {"1"}, "position": {"1"}}
}

// newsletter stores a newsletter through the service.
func (a *app) newsletter(name string) int64 {
	a.t.Helper()
	id, err := a.nl.SaveNewsletter(context.Background(), newsletter.Newsletter{Name: name, SenderName: "Test Weekly",
		SenderEmail: "news@example.org", Public: true})
	if err != nil {
		a.t.Fatal(err)
	}
	return id
}

// reader subscribes an address as an import would, with a consent wording.
func (a *app) reader(email string, sector int64, nls ...int64) newsletter.Reader {
	a.t.Helper()
	ctx := context.Background()
	v, err := a.nl.ConsentVersion(ctx, "Yes, send me the newsletters I ticked.\nI can unsubscribe at any time.")
	if err != nil {
		a.t.Fatal(err)
	}
	if ok, err := a.nl.Import(ctx, email, nls, sector, newsletter.Meta{Method: newsletter.MethodImport, Source: "spring event list", ConsentVersion: v}); err != nil || !ok {
		a.t.Fatalf("import %s: %v %v", email, ok, err)
	}
	r, err := a.nl.ReaderByEmail(ctx, email)
	if err != nil {
		a.t.Fatal(err)
	}
	return r
}

func (a *app) sectors() []newsletter.Sector {
	a.t.Helper()
	list, err := a.nl.Sectors(context.Background())
	if err != nil {
		a.t.Fatal(err)
	}
	return list
}

func TestNewsletterForms(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := newApp(t, db)
		a.user("admin@example.org", auth.RoleAdmin)
		c := a.signIn("admin@example.org")

		wantBody(t, c.get("/admin"), "nav", `href="/admin/newsletters"`)
		// Tracking is offered, off, with what it does and the privacy notice.
		nf := c.get("/admin/newsletters/new")
		wantBody(t, nf, "new form", `id="track" name="track" value="1" aria-describedby="track-hint">`, "Say so in the privacy notice")
		bad := newsletterForm("Weekly Guide")
		bad.Set("sender_email", "not an address")
		bad.Set("list_id", "no dots")
		r := c.post("/admin/newsletters/new", bad)
		wantStatus(t, r, http.StatusUnprocessableEntity, "bad newsletter")
		wantBody(t, r, "bad newsletter", `id="sender_email-error"`, "Enter the address emails come from", `id="list_id-error"`,
			`value="Weekly Guide"`, `value="every Saturday"`)
		if list, _ := a.nl.Newsletters(ctx); len(list) != 0 {
			t.Fatalf("a refused newsletter was stored: %+v", list)
		}
		r = c.post("/admin/newsletters/new", newsletterForm("Weekly Guide"))
		if r.status != http.StatusSeeOther || r.location() != "/admin/newsletters?done=saved" {
			t.Fatalf("new newsletter: %d %q\n%s", r.status, r.location(), r.body)
		}
		list, _ := a.nl.Newsletters(ctx)
		if len(list) != 1 || list[0].Slug != "weekly-guide" || list[0].ListID != "weekly-guide.example.org" || !list[0].Public || list[0].OnArticles || list[0].Track || list[0].Cadence != "every Saturday" {
			t.Fatalf("stored %+v", list)
		}
		weekly := list[0]
		wantBody(t, c.get("/admin/newsletters?done=saved"), "list", "Weekly Guide", "every Saturday", "Saved.")

		// The same name again, in another case, is refused on the name.
		r = c.post("/admin/newsletters/new", newsletterForm("weekly guide"))
		wantStatus(t, r, http.StatusUnprocessableEntity, "duplicate name")
		wantBody(t, r, "duplicate name", `id="name-error"`, "A newsletter called “Weekly Guide” already exists")
		// A name whose slug another has: on the name too.
		r = c.post("/admin/newsletters/new", newsletterForm("Weekly-Guide!"))
		wantStatus(t, r, http.StatusUnprocessableEntity, "slug from the name taken")
		wantBody(t, r, "slug from the name taken", `id="name-error"`, "already has this name&#39;s address")
		// A typed slug that is taken: on the slug.
		f := newsletterForm("Daily Briefing")
		f.Set("slug", "weekly-guide")
		r = c.post("/admin/newsletters/new", f)
		wantStatus(t, r, http.StatusUnprocessableEntity, "typed slug taken")
		wantBody(t, r, "typed slug taken", `id="slug-error"`, "already has this slug")
		f = newsletterForm("Daily Briefing")
		f.Set("position", "soon")
		wantBody(t, c.post("/admin/newsletters/new", f), "bad position", `id="position-error"`, "Use a whole number")
		if list, _ := a.nl.Newsletters(ctx); len(list) != 1 {
			t.Fatalf("refused saves stored newsletters: %+v", list)
		}

		// Edit: hidden, offered on articles no longer, new cadence.
		wantBody(t, c.get("/admin/newsletters/"+itoa(weekly.ID)), "edit form", `value="Weekly Guide"`, `id="public" name="public" value="1" checked`,
			`id="track" name="track" value="1" aria-describedby`)
		f = newsletterForm("Weekly Guide")
		f.Del("public")
		f.Set("on_articles", "1")
		f.Set("track", "1")
		f.Set("cadence", "every Sunday")
		f.Set("reply_to", "letters@example.org")
		f.Set("slug", "weekly-guide")
		f.Set("list_id", weekly.ListID)
		wantStatus(t, c.post("/admin/newsletters/"+itoa(weekly.ID), f), http.StatusSeeOther, "edit")
		got, _ := a.nl.Newsletter(ctx, weekly.ID)
		if got.Public || !got.OnArticles || !got.Track || got.Cadence != "every Sunday" || got.ReplyTo != "letters@example.org" || got.Position != 1 {
			t.Errorf("after editing: %+v", got)
		}
		wantBody(t, c.get("/admin/newsletters/"+itoa(weekly.ID)), "edited form", `id="track" name="track" value="1" checked`)
		wantStatus(t, c.get("/admin/newsletters/999999"), http.StatusNotFound, "no such newsletter")

		// Editors and contributors neither see nor change newsletters.
		for _, role := range []auth.Role{auth.RoleEditor, auth.RoleContributor} {
			email := string(role) + "@example.org"
			a.user(email, role)
			o := a.signIn(email)
			if strings.Contains(o.get("/admin").body, `href="/admin/newsletters"`) {
				t.Errorf("the %s's menu offers newsletters", role)
			}
			wantStatus(t, o.get("/admin/newsletters"), http.StatusForbidden, string(role)+" list")
			wantStatus(t, o.get("/admin/newsletters/new"), http.StatusForbidden, string(role)+" form")
			wantStatus(t, o.post("/admin/newsletters/new", newsletterForm("Sneaky")), http.StatusForbidden, string(role)+" save")
		}
		if list, _ := a.nl.Newsletters(ctx); len(list) != 1 {
			t.Errorf("refused roles stored newsletters: %+v", list)
		}
	})
}

func TestSectorSettings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		a.user("admin@example.org", auth.RoleAdmin)
		c := a.signIn("admin@example.org")
		secs := a.sectors()
		if len(secs) != 35 {
			t.Fatalf("%d sectors seeded, want 35", len(secs))
		}
		wantBody(t, c.get("/admin/settings"), "settings", `href="/admin/settings/sectors"`)
		r := c.get("/admin/settings/sectors")
		wantStatus(t, r, http.StatusOK, "sector list")
		if n := strings.Count(r.body, `action="/admin/settings/sectors/`); n != 35 {
			t.Errorf("the list shows %d sectors, want 35", n)
		}
		wantBody(t, r, "sector list", "Administration / Office", "Wellbeing, Community / Social Services")

		r = c.post("/admin/settings/sectors", url.Values{"name": {"  "}, "position": {"40"}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "empty sector")
		wantBody(t, r, "empty sector", `id="name-error"`, "Give the sector a name.")
		r = c.post("/admin/settings/sectors", url.Values{"name": {"Marketing"}})
		wantBody(t, r, "duplicate sector", `id="name-error"`, "already a sector with this name")
		wantStatus(t, c.post("/admin/settings/sectors", url.Values{"name": {"Journalism"}, "position": {"0"}}), http.StatusSeeOther, "add sector")
		secs = a.sectors()
		if len(secs) != 36 || secs[0].Name != "Journalism" || !secs[0].Active {
			t.Fatalf("after adding, the first sector is %+v of %d", secs[0], len(secs))
		}

		// A reader in a sector keeps it when it is renamed and deactivated.
		nl := a.newsletter("Weekly")
		target := secs[5]
		rd := a.reader("ann@example.org", target.ID, nl)
		r = c.post("/admin/settings/sectors/"+itoa(target.ID), url.Values{"name": {"Renamed sector"}, "position": {"x"}, "active": {"1"}})
		wantBody(t, r, "bad sector position", `id="position-error"`, `value="Renamed sector"`)
		wantStatus(t, c.post("/admin/settings/sectors/"+itoa(target.ID), url.Values{"name": {"Renamed sector"}, "position": {"99"}, "active": {"1"}}), http.StatusSeeOther, "rename")
		wantStatus(t, c.post("/admin/settings/sectors/"+itoa(target.ID)+"/active", url.Values{"active": {"0"}}), http.StatusSeeOther, "deactivate")
		secs = a.sectors()
		last := secs[len(secs)-1]
		if last.ID != target.ID || last.Name != "Renamed sector" || last.Active || last.Position != 99 {
			t.Fatalf("the sector is %+v", last)
		}
		wantBody(t, c.get("/admin/subscribers/"+itoa(rd.ID)), "reader keeps the sector", "Renamed sector")
		wantBody(t, c.get("/admin/subscribers?sector="+itoa(target.ID)), "filter by an inactive sector", "ann@example.org", "Renamed sector (not offered)")
		wantStatus(t, c.post("/admin/settings/sectors/"+itoa(target.ID)+"/active", url.Values{"active": {"1"}}), http.StatusSeeOther, "activate")
		if secs = a.sectors(); !secs[len(secs)-1].Active {
			t.Error("activating left the sector inactive")
		}
		wantStatus(t, c.get("/admin/settings/sectors/999999"), http.StatusNotFound, "no such sector")

		a.user("ed@example.org", auth.RoleEditor)
		ed := a.signIn("ed@example.org")
		wantStatus(t, ed.get("/admin/settings/sectors"), http.StatusForbidden, "editor sectors")
		wantStatus(t, ed.post("/admin/settings/sectors", url.Values{"name": {"Editors' pick"}}), http.StatusForbidden, "editor adds a sector")
		if len(a.sectors()) != 36 {
			t.Error("an editor added a sector")
		}
	})
}

var subscriberRowRE = regexp.MustCompile(`<a href="/admin/subscribers/\d+">([^<]+)</a>`)

func TestSubscriberListFiltersAndPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		a.user("admin@example.org", auth.RoleAdmin)
		c := a.signIn("admin@example.org")
		weekly, daily := a.newsletter("Weekly"), a.newsletter("Daily")
		secs := a.sectors()
		for i := range 55 {
			a.reader(fmt.Sprintf("reader%02d@example.org", i), secs[i%2].ID, weekly)
			a.clock.Add(time.Minute)
		}
		a.reader("odd_one@example.org", secs[2].ID, daily)
		ctx := context.Background()
		r0, _ := a.nl.ReaderByEmail(ctx, "reader00@example.org")
		if err := a.nl.Unsubscribe(ctx, r0.ID, weekly, newsletter.Meta{Method: newsletter.MethodStaff, Source: "test"}); err != nil {
			t.Fatal(err)
		}

		emails := func(r resp) []string {
			var out []string
			for _, m := range subscriberRowRE.FindAllStringSubmatch(r.body, -1) {
				out = append(out, m[1])
			}
			return out
		}
		r := c.get("/admin/subscribers")
		wantStatus(t, r, http.StatusOK, "subscribers")
		first := emails(r)
		if len(first) != 50 || first[0] != "odd_one@example.org" || first[1] != "reader54@example.org" {
			t.Fatalf("the first page lists %d, starting %v", len(first), first[:min(3, len(first))])
		}
		// Counts per newsletter: Weekly 54 confirmed and 1 unsubscribed; Daily 1.
		wantBody(t, r, "counts", "<th scope=\"row\">Weekly</th><td>54</td><td>0</td><td>1</td>", "<th scope=\"row\">Daily</th><td>1</td><td>0</td><td>0</td>")
		next := regexp.MustCompile(`href="([^"]+)" rel="next"`).FindStringSubmatch(r.body)
		if next == nil {
			t.Fatal("no link to the next page")
		}
		r = c.get(strings.ReplaceAll(next[1], "&amp;", "&"))
		second := emails(r)
		if len(second) != 6 || second[5] != "reader00@example.org" || strings.Contains(r.body, `rel="next"`) {
			t.Errorf("the second page lists %v", second)
		}
		seen := map[string]bool{}
		for _, e := range append(first, second...) {
			if seen[e] {
				t.Errorf("%s listed twice", e)
			}
			seen[e] = true
		}

		for _, c2 := range []struct {
			query string
			want  []string
		}{
			{"q=READER5", []string{"reader54@example.org", "reader53@example.org", "reader52@example.org", "reader51@example.org", "reader50@example.org"}},
			{"q=_", []string{"odd_one@example.org"}},
			{"newsletter=" + itoa(daily), []string{"odd_one@example.org"}},
			{"newsletter=" + itoa(weekly) + "&status=unsubscribed", []string{"reader00@example.org"}},
			{"status=pending", nil},
			{"sector=" + itoa(secs[2].ID), []string{"odd_one@example.org"}},
			{"q=reader0&sector=" + itoa(secs[1].ID), []string{"reader09@example.org", "reader07@example.org", "reader05@example.org", "reader03@example.org", "reader01@example.org"}},
		} {
			r := c.get("/admin/subscribers?" + c2.query)
			wantStatus(t, r, http.StatusOK, c2.query)
			if got := emails(r); strings.Join(got, " ") != strings.Join(c2.want, " ") {
				t.Errorf("%s lists %v, want %v", c2.query, got, c2.want)
			}
		}
		// The filters stay in the next page's address and in the form.
		r = c.get("/admin/subscribers?newsletter=" + itoa(weekly) + "&status=confirmed")
		wantBody(t, r, "filtered first page", `rel="next"`, "newsletter="+itoa(weekly)+"&amp;status=confirmed", `<option value="confirmed" selected>`)
		next = regexp.MustCompile(`href="([^"]+)" rel="next"`).FindStringSubmatch(r.body)
		if next == nil || !strings.Contains(next[1], "status=confirmed") || !strings.Contains(next[1], "newsletter="+itoa(weekly)) {
			t.Fatalf("the next page loses the filters: %v", next)
		}
		if got := emails(c.get(strings.ReplaceAll(next[1], "&amp;", "&"))); len(got) != 4 {
			t.Errorf("the filtered second page lists %v, want the 4 oldest confirmed", got)
		}

		// Subscribers are personal data: only admins see them.
		for _, role := range []auth.Role{auth.RoleContributor, auth.RoleAuthor, auth.RoleEditor} {
			email := string(role) + "@example.org"
			a.user(email, role)
			o := a.signIn(email)
			for _, path := range []string{"/admin/subscribers", "/admin/subscribers/" + itoa(r0.ID), "/admin/subscribers/" + itoa(r0.ID) + "/export",
				"/admin/subscribers/lookup?email=reader00@example.org", "/admin/subscribers/" + itoa(r0.ID) + "/erase"} {
				r := o.get(path)
				wantStatus(t, r, http.StatusForbidden, string(role)+" "+path)
				if strings.Contains(r.body, "reader00@example.org") {
					t.Errorf("%s sees an address at %s", role, path)
				}
			}
		}
	})
}

func TestReaderPageExportEraseAndSuppress(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := newApp(t, db)
		admin := a.user("admin@example.org", auth.RoleAdmin)
		c := a.signIn("admin@example.org")
		weekly := a.newsletter("Weekly Guide")
		secs := a.sectors()
		rd := a.reader("Ann.Reader@Example.org", secs[3].ID, weekly)
		other := a.reader("bob@example.org", 0, weekly)

		r := c.get("/admin/subscribers/" + itoa(rd.ID))
		wantStatus(t, r, http.StatusOK, "reader page")
		wantBody(t, r, "reader page", "Ann.Reader@example.org", secs[3].Name, "Weekly Guide", "confirmed", "spring event list", "import", "subscribe", "confirm")
		m := regexp.MustCompile(`href="(/admin/consent-wording/\d+)"`).FindStringSubmatch(r.body)
		if m == nil {
			t.Fatal("no link to the wording")
		}
		wantBody(t, c.get(m[1]), "wording", "Yes, send me the newsletters I ticked.\nI can unsubscribe at any time.")
		wantStatus(t, c.get("/admin/consent-wording/999999"), http.StatusNotFound, "no such wording")

		r = c.get("/admin/subscribers/" + itoa(rd.ID) + "/export")
		wantStatus(t, r, http.StatusOK, "export")
		if cd := r.header.Get("Content-Disposition"); !strings.Contains(cd, "attachment") || !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") {
			t.Errorf("export headers: %q %q", cd, r.header.Get("Content-Type"))
		}
		var exp newsletter.Export
		if err := json.Unmarshal([]byte(r.body), &exp); err != nil || exp.Email != "Ann.Reader@example.org" || len(exp.Subscriptions) != 1 || len(exp.Consent) == 0 || exp.Consent[0].Wording == "" {
			t.Errorf("export: %v %+v", err, exp)
		}

		// Suppress and lift from the reader's page.
		wantStatus(t, c.post("/admin/subscribers/suppress", url.Values{"email": {rd.Email}, "reader": {itoa(rd.ID)}}), http.StatusSeeOther, "suppress")
		if s, _ := a.nl.Suppressed(ctx, rd.Email); !s {
			t.Fatal("not suppressed")
		}
		wantBody(t, c.get("/admin/subscribers/"+itoa(rd.ID)+"?done=suppressed"), "suppressed reader", "yes: nothing is sent", `action="/admin/subscribers/lift"`)
		wantStatus(t, c.post("/admin/subscribers/lift", url.Values{"email": {rd.Email}, "reader": {itoa(rd.ID)}}), http.StatusSeeOther, "lift")
		if s, _ := a.nl.Suppressed(ctx, rd.Email); s {
			t.Fatal("still suppressed")
		}

		// Erasure: a confirmation page; no reason, no erasure; no token, no erasure.
		wantBody(t, c.get("/admin/subscribers/"+itoa(rd.ID)+"/erase"), "erase page", "cannot be undone", `name="reason"`)
		r = c.post("/admin/subscribers/"+itoa(rd.ID)+"/erase", url.Values{"reason": {"  "}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "erase without a reason")
		wantBody(t, r, "erase without a reason", `id="reason-error"`)
		r = c.post("/admin/subscribers/"+itoa(rd.ID)+"/erase", url.Values{"reason": {"asked by email"}, "csrf": {""}})
		wantStatus(t, r, http.StatusForbidden, "erase without a token")
		if _, err := a.nl.Reader(ctx, rd.ID); err != nil {
			t.Fatalf("a refused erasure erased: %v", err)
		}
		r = c.post("/admin/subscribers/"+itoa(rd.ID)+"/erase", url.Values{"reason": {"email of 1 December"}})
		if r.status != http.StatusSeeOther || r.location() != "/admin/subscribers?done=erased" {
			t.Fatalf("erase: %d %q\n%s", r.status, r.location(), r.body)
		}
		if _, err := a.nl.Reader(ctx, rd.ID); err == nil {
			t.Fatal("the reader is still there")
		}
		if s, _ := a.nl.Suppressed(ctx, "ann.reader@example.org"); !s {
			t.Error("an erased address is not suppressed")
		}
		wantStatus(t, c.get("/admin/subscribers/"+itoa(rd.ID)), http.StatusNotFound, "erased reader's page")
		r = c.get("/admin/subscribers?done=erased")
		wantBody(t, r, "list after erasure", "erased and the address is suppressed", "bob@example.org")
		if strings.Contains(strings.ToLower(r.body), "ann.reader") {
			t.Error("the list still shows the erased address")
		}
		if _, err := a.nl.Reader(ctx, other.ID); err != nil {
			t.Errorf("erasing one reader touched another: %v", err)
		}

		// The lookup finds the pseudonymised records, and the staff member
		// and reason of the erasure.
		recs, err := a.nl.ConsentHistoryByAddress(ctx, "ann.reader@example.org")
		if err != nil || len(recs) == 0 {
			t.Fatal(recs, err)
		}
		last := recs[len(recs)-1]
		if last.Action != newsletter.ActionErase || last.StaffID != admin.ID || last.Method != newsletter.MethodStaff || !strings.Contains(last.Source, "email of 1 December") || last.ReaderID != 0 {
			t.Errorf("the erase record is %+v", last)
		}
		r = c.get("/admin/subscribers/lookup?email=" + url.QueryEscape("ANN.READER@example.org"))
		wantStatus(t, r, http.StatusOK, "lookup")
		wantBody(t, r, "lookup", "none: never signed up, or erased", "Suppressed</dt><dd>yes", "erase", "email of 1 December", "staff, by "+admin.Name, "spring event list")
		wantBody(t, c.get("/admin/subscribers/lookup?email=nobody"), "bad lookup", `id="email-error"`)
		wantStatus(t, c.post("/admin/subscribers/lift", url.Values{"email": {"ann.reader@example.org"}}), http.StatusSeeOther, "lift after erasure")
		if s, _ := a.nl.Suppressed(ctx, "ann.reader@example.org"); s {
			t.Error("lifting from the lookup left the address suppressed")
		}
		wantBody(t, c.get("/admin/subscribers/lookup?email=ann.reader%40example.org&done=lifted"), "lookup after lift", "The suppression is lifted.", "Suppressed</dt><dd>no")
	})
}

// Every newsletter form refuses a post without the session's token and
// changes nothing.
func TestNewsletterFormsNeedTheToken(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := newApp(t, db)
		a.user("admin@example.org", auth.RoleAdmin)
		c := a.signIn("admin@example.org")
		nl := a.newsletter("Weekly")
		rd := a.reader("ann@example.org", 0, nl)
		sec := a.sectors()[0]
		for _, p := range []struct {
			path string
			form url.Values
		}{
			{"/admin/newsletters/new", newsletterForm("Daily")},
			{"/admin/newsletters/" + itoa(nl), newsletterForm("Renamed")},
			{"/admin/settings/sectors", url.Values{"name": {"New sector"}}},
			{"/admin/settings/sectors/" + itoa(sec.ID), url.Values{"name": {"Renamed"}}},
			{"/admin/settings/sectors/" + itoa(sec.ID) + "/active", url.Values{"active": {"0"}}},
			{"/admin/subscribers/suppress", url.Values{"email": {"ann@example.org"}}},
			{"/admin/subscribers/" + itoa(rd.ID) + "/erase", url.Values{"reason": {"asked"}}},
		} {
			for _, token := range []string{"", "forged"} {
				p.form.Set("csrf", token)
				wantStatus(t, c.post(p.path, p.form), http.StatusForbidden, p.path+" with token "+token)
			}
		}
		if list, _ := a.nl.Newsletters(ctx); len(list) != 1 || list[0].Name != "Weekly" {
			t.Errorf("newsletters changed: %+v", list)
		}
		if secs := a.sectors(); len(secs) != 35 || secs[0] != sec {
			t.Errorf("sectors changed: %+v", secs[0])
		}
		if s, _ := a.nl.Suppressed(ctx, "ann@example.org"); s {
			t.Error("suppressed without a token")
		}
		if _, err := a.nl.Reader(ctx, rd.ID); err != nil {
			t.Error("erased without a token")
		}
		// The lift form too: suppress first, with the token.
		c.get("/admin/subscribers/" + itoa(rd.ID))
		wantStatus(t, c.post("/admin/subscribers/suppress", url.Values{"email": {"ann@example.org"}}), http.StatusSeeOther, "suppress")
		wantStatus(t, c.post("/admin/subscribers/lift", url.Values{"email": {"ann@example.org"}, "csrf": {""}}), http.StatusForbidden, "lift without a token")
		if s, _ := a.nl.Suppressed(ctx, "ann@example.org"); !s {
			t.Error("lifted without a token")
		}
	})
}
