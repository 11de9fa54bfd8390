package admin_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"masthead/internal/admin"
	"masthead/internal/auth"
	"masthead/internal/newsletter"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// lockedBuffer is a log the server writes while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestSubscriberExportCSV(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var logs lockedBuffer
		a := newAppWith(t, db, func(o *admin.Options) { o.Logger = slog.New(slog.NewTextHandler(&logs, nil)) })
		boss := a.user("admin@example.org", auth.RoleAdmin)
		c := a.signIn("admin@example.org")
		weekly, daily := a.newsletter("Weekly"), a.newsletter("Daily")
		secs := a.sectors()
		a.reader("=1+2@example.org", secs[0].ID, weekly)
		a.reader("-minus@example.org", 0, weekly)
		a.reader("plain@example.org", 0, daily)
		left := a.reader("left@example.org", 0, weekly)
		if err := a.nl.Unsubscribe(ctx, left.ID, weekly, newsletter.Meta{Method: newsletter.MethodStaff, Source: "test"}); err != nil {
			t.Fatal(err)
		}

		r := c.get("/admin/subscribers?newsletter=" + itoa(weekly) + "&status=confirmed")
		wantBody(t, r, "list", `href="/admin/subscribers/export?newsletter=`+itoa(weekly)+`&amp;status=confirmed"`, `href="/admin/subscribers/import"`)
		r = c.get("/admin/subscribers/export?newsletter=" + itoa(weekly) + "&status=confirmed")
		wantStatus(t, r, http.StatusOK, "export")
		if ct := r.header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
			t.Errorf("Content-Type %q", ct)
		}
		if cd := r.header.Get("Content-Disposition"); cd != `attachment; filename="subscribers-2026-11-10.csv"` {
			t.Errorf("Content-Disposition %q", cd)
		}
		if cc := r.header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("Cache-Control %q", cc)
		}
		lines := strings.Split(strings.TrimSuffix(r.body, "\r\n"), "\r\n")
		if len(lines) != 3 || lines[0] != "\uFEFFemail,sector,signed up (UTC),Daily status,Daily confirmed (UTC),Weekly status,Weekly confirmed (UTC)" {
			t.Fatalf("export lines:\n%s", strings.Join(lines, "\n"))
		}
		// The formula cells start with an apostrophe; the leaver and the
		// daily reader are filtered out.
		if !strings.HasPrefix(lines[1], "'=1+2@example.org,"+secs[0].Name+",2026-11-10 09:00:00,,,confirmed,2026-11-10 09:00:00") ||
			!strings.HasPrefix(lines[2], "'-minus@example.org,,") {
			t.Errorf("export rows:\n%s\n%s", lines[1], lines[2])
		}
		if !regexp.MustCompile(`msg="admin: subscribers exported" staff=` + itoa(boss.ID) + ` staff_email=admin@example.org filters="newsletter=` + itoa(weekly) + `&status=confirmed" rows=2 complete=true`).MatchString(logs.String()) {
			t.Errorf("the export is not logged as it should be:\n%s", logs.String())
		}
		// An address search is logged as a search, without the address.
		before := len(logs.String())
		c.get("/admin/subscribers/export?q=minus%40example.org")
		if got := logs.String()[before:]; !strings.Contains(got, `filters="q=%E2%80%A6"`) || strings.Contains(got, "minus") {
			t.Errorf("the searched address reached the log:\n%s", got)
		}
		all := c.get("/admin/subscribers/export")
		if n := strings.Count(all.body, "\r\n"); n != 5 {
			t.Errorf("the unfiltered export has %d lines, want a header and 4", n)
		}

		for _, role := range []auth.Role{auth.RoleEditor, auth.RoleAuthor} {
			email := string(role) + "@example.org"
			a.user(email, role)
			o := a.signIn(email)
			r := o.get("/admin/subscribers/export")
			wantStatus(t, r, http.StatusForbidden, string(role)+" export")
			if strings.Contains(r.body, "example.org,") {
				t.Errorf("the %s got addresses", role)
			}
		}
	})
}

// importFile is the CSV of the import tests: new readers, a duplicate, a
// bad address, someone who left, a suppressed address, an unknown sector.
func importFile(sector string) string {
	return "Name,Email,Sector\r\n" +
		"Ann,ann@example.org," + sector + "\r\n" +
		"Bob,bob@example.org,\r\n" +
		"Ann twice,ANN@example.org,\r\n" +
		"Nobody,not-an-address,\r\n" +
		"Lena,left@example.org,\r\n" +
		"Sam,suppressed@example.org,\r\n" +
		"Carl,carl@example.org,Astronomy\r\n"
}

var importIDRE = regexp.MustCompile(`name="import" value="([^"]+)"`)

func TestSubscriberImportCSV(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := newApp(t, db)
		a.user("admin@example.org", auth.RoleAdmin)
		a.user("other@example.org", auth.RoleAdmin)
		c := a.signIn("admin@example.org")
		weekly, daily := a.newsletter("Weekly"), a.newsletter("Daily")
		sec := a.sectors()[4]
		left := a.reader("left@example.org", 0, weekly)
		if err := a.nl.Unsubscribe(ctx, left.ID, weekly, newsletter.Meta{Method: newsletter.MethodOneClick, Source: "email"}); err != nil {
			t.Fatal(err)
		}
		if err := a.nl.Suppress(ctx, "suppressed@example.org", newsletter.ReasonComplaint); err != nil {
			t.Fatal(err)
		}
		readers := func() int {
			n, err := db.CountReaders(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		before := readers()

		r := c.get("/admin/subscribers/import")
		wantStatus(t, r, http.StatusOK, "import page")
		wantBody(t, r, "import page", `enctype="multipart/form-data"`, `name="file"`, `name="source"`, `value="`+itoa(weekly)+`"`)
		file := []byte(importFile(sec.Name))
		form := func(source string, nls ...int64) url.Values {
			v := url.Values{"source": {source}}
			for _, id := range nls {
				v.Add("newsletters", itoa(id))
			}
			return v
		}

		// Refused: no source, no newsletter, no file, a bad file. Nothing changes.
		r = c.postFile("/admin/subscribers/import", form("  "), "file", "list.csv", file)
		wantStatus(t, r, http.StatusUnprocessableEntity, "no source")
		wantBody(t, r, "no source", `id="source-error"`, "Say where these people gave their consent", `id="newsletters-error"`)
		r = c.post("/admin/subscribers/import", form("Fair", weekly))
		wantStatus(t, r, http.StatusUnprocessableEntity, "no file")
		wantBody(t, r, "no file", `id="file-error"`, "Choose the CSV file")
		for _, bad := range []struct{ name, data, says string }{
			{"binary", "email\nann@example.org\n\x00\x00\x01PK", "Line 3 holds a NUL byte"},
			{"ragged", "email,sector\nann@example.org\nbob@example.org,,x\n", "Line 2 has 1 cell where the first line has 2"},
			{"latin-1", "email\nren\xe9@example.org\n", "Line 2 is not UTF-8"},
			{"utf-16", "\xff\xfee\x00", "UTF-16"},
			{"open quote", "email\n\"ann@example.org\n", "Line 2 cannot be read as CSV"},
		} {
			r = c.postFile("/admin/subscribers/import", form("Fair", weekly), "file", bad.name+".csv", []byte(bad.data))
			wantStatus(t, r, http.StatusUnprocessableEntity, bad.name)
			wantBody(t, r, bad.name, `id="file-error"`, bad.says, `value="Fair"`)
		}
		if n := readers(); n != before {
			t.Fatalf("refused uploads made %d readers", n-before)
		}

		// The dry run: every line's outcome, nothing changed.
		r = c.postFile("/admin/subscribers/import", form("Town hall sign-up sheet, 2026-11-20", weekly, daily), "file", "town-hall.csv", file)
		wantStatus(t, r, http.StatusOK, "dry run")
		wantBody(t, r, "dry run", "Dry run of town-hall.csv", "Town hall sign-up sheet, 2026-11-20",
			"<dt>Lines read</dt><dd>7 (after the header line)</dd>", "<dt>To add</dt><dd>3 (2 new readers, 5 subscriptions)</dd>",
			"<td>4</td><td>ANN@example.org</td><td>duplicate</td><td>The same address as line 2, which is kept.</td>",
			"<td>5</td><td>not-an-address</td><td>invalid address</td><td>It has no @.</td>",
			"<td>6</td><td>left@example.org</td><td>unsubscribed before</td><td>Left Weekly before: not subscribed to it again. Added to Daily.</td>",
			"<td>7</td><td>suppressed@example.org</td><td>suppressed</td><td>Suppressed: not imported.</td>",
			"<td>8</td><td>carl@example.org</td><td>unknown sector</td>", "Import 3 lines")
		if strings.Contains(r.body, "complaint") {
			t.Error("the report says why an address is suppressed")
		}
		if n := readers(); n != before {
			t.Fatalf("the dry run made %d readers", n-before)
		}
		m := importIDRE.FindStringSubmatch(r.body)
		if m == nil {
			t.Fatal("no confirmation form")
		}
		id := m[1]

		// The confirmation names the kept file: a made-up id, another
		// admin, no token: refused, nothing imported.
		wantStatus(t, c.post("/admin/subscribers/import/confirm", url.Values{"import": {"made-up"}}), http.StatusNotFound, "made-up id")
		o := a.signIn("other@example.org")
		wantStatus(t, o.post("/admin/subscribers/import/confirm", url.Values{"import": {id}}), http.StatusNotFound, "another admin's import")
		wantStatus(t, c.post("/admin/subscribers/import/confirm", url.Values{"import": {id}, "csrf": {""}}), http.StatusForbidden, "no token")
		wantStatus(t, c.post("/admin/subscribers/import/cancel", url.Values{"import": {id}, "csrf": {"forged"}}), http.StatusForbidden, "cancel with a forged token")
		noToken := form("Fair", weekly)
		noToken.Set("csrf", "")
		wantStatus(t, c.postFile("/admin/subscribers/import", noToken, "file", "list.csv", file), http.StatusForbidden, "upload without a token")
		if n := readers(); n != before {
			t.Fatalf("refused confirmations made %d readers", n-before)
		}

		r = c.post("/admin/subscribers/import/confirm", url.Values{"import": {id}})
		if r.status != http.StatusSeeOther || r.location() != "/admin/subscribers?done=imported&readers=2&subscriptions=5" {
			t.Fatalf("confirm: %d %q\n%s", r.status, r.location(), r.body)
		}
		list := c.get(r.location())
		wantBody(t, list, "list after import", "Imported: 2 new readers, 5 subscriptions confirmed.", ">ann@example.org<", ">bob@example.org<")
		ann, err := a.nl.ReaderByEmail(ctx, "ann@example.org")
		if err != nil || ann.SectorID != sec.ID {
			t.Fatalf("ann: %+v %v", ann, err)
		}
		recs, _ := a.nl.ConsentHistory(ctx, ann.ID)
		if len(recs) != 2 || recs[0].Source != "Town hall sign-up sheet, 2026-11-20" || recs[0].Method != newsletter.MethodImport || recs[0].StaffID == 0 {
			t.Errorf("ann's consent records: %+v", recs)
		}
		subs, _ := a.nl.Subscriptions(ctx, left.ID)
		for _, s := range subs {
			if s.NewsletterID == weekly && s.Status != newsletter.StatusUnsubscribed {
				t.Errorf("the reader who left the weekly is %s", s.Status)
			}
		}
		if _, err := a.nl.ReaderByEmail(ctx, "suppressed@example.org"); err == nil {
			t.Error("a suppressed address was imported")
		}
		if _, err := a.nl.ReaderByEmail(ctx, "carl@example.org"); err == nil {
			t.Error("a line with an unknown sector was imported")
		}
		// The kept file is gone once imported.
		wantStatus(t, c.post("/admin/subscribers/import/confirm", url.Values{"import": {id}}), http.StatusNotFound, "confirm twice")

		// The same file again adds nobody.
		after := readers()
		r = c.postFile("/admin/subscribers/import", form("Town hall sign-up sheet, 2026-11-20", weekly, daily), "file", "town-hall.csv", file)
		wantStatus(t, r, http.StatusOK, "second dry run")
		wantBody(t, r, "second dry run", "<dt>To add</dt><dd>0 (0 new readers, 0 subscriptions)</dd>", "<dt>Already subscribed</dt><dd>2</dd>", "Nothing to import")
		if importIDRE.MatchString(r.body) {
			t.Error("a dry run adding nobody offers to import")
		}
		if n := readers(); n != after {
			t.Errorf("the second run made %d readers", n-after)
		}

		// Changed between the dry run and the confirmation: the new dry run
		// is shown and must be confirmed.
		r = c.postFile("/admin/subscribers/import", form("Fair", weekly), "file", "fair.csv", []byte("email\ndora@example.org\nemil@example.org\n"))
		id = importIDRE.FindStringSubmatch(r.body)[1]
		if err := a.nl.Suppress(ctx, "emil@example.org", newsletter.ReasonStaff); err != nil {
			t.Fatal(err)
		}
		r = c.post("/admin/subscribers/import/confirm", url.Values{"import": {id}})
		wantStatus(t, r, http.StatusConflict, "changed since the dry run")
		wantBody(t, r, "changed since the dry run", "Subscribers changed since the dry run", "<dt>To add</dt><dd>1 (1 new readers, 1 subscriptions)</dd>", "<dt>Suppressed</dt><dd>1</dd>")
		if _, err := a.nl.ReaderByEmail(ctx, "dora@example.org"); err == nil {
			t.Fatal("a changed dry run imported")
		}
		wantStatus(t, c.post("/admin/subscribers/import/confirm", url.Values{"import": {id}}), http.StatusSeeOther, "confirm the new dry run")
		if _, err := a.nl.ReaderByEmail(ctx, "dora@example.org"); err != nil {
			t.Error("the confirmed import did not add dora")
		}

		// Cancelled: the kept file is deleted and nothing imported.
		r = c.postFile("/admin/subscribers/import", form("Fair", weekly), "file", "fair.csv", []byte("email\nfred@example.org\n"))
		wantBody(t, r, "dry run to cancel", `formaction="/admin/subscribers/import/cancel"`)
		cancelled := importIDRE.FindStringSubmatch(r.body)[1]
		r = c.post("/admin/subscribers/import/cancel", url.Values{"import": {cancelled}})
		if r.status != http.StatusSeeOther || r.location() != "/admin/subscribers/import?done=cancelled" {
			t.Fatalf("cancel: %d %q", r.status, r.location())
		}
		wantBody(t, c.get(r.location()), "after cancelling", "Not imported: the uploaded file is deleted.")
		wantStatus(t, c.post("/admin/subscribers/import/confirm", url.Values{"import": {cancelled}}), http.StatusNotFound, "confirm a cancelled import")
		if _, err := a.nl.ReaderByEmail(ctx, "fred@example.org"); err == nil {
			t.Error("a cancelled import added its reader")
		}

		// Only admins import.
		for _, role := range []auth.Role{auth.RoleEditor, auth.RoleContributor} {
			email := string(role) + "@example.org"
			a.user(email, role)
			ed := a.signIn(email)
			wantStatus(t, ed.get("/admin/subscribers/import"), http.StatusForbidden, string(role)+" import page")
			wantStatus(t, ed.postFile("/admin/subscribers/import", form("Fair", weekly), "file", "x.csv", []byte("email\nzed@example.org\n")), http.StatusForbidden, string(role)+" upload")
			wantStatus(t, ed.post("/admin/subscribers/import/confirm", url.Values{"import": {id}}), http.StatusForbidden, string(role)+" confirm")
		}
		if _, err := a.nl.ReaderByEmail(ctx, "zed@example.org"); err == nil {
			t.Error("a non-admin imported")
		}
	})
}

func TestSubscriberGrowthChart(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		a.user("admin@example.org", auth.RoleAdmin)
		c := a.signIn("admin@example.org")
		weekly := a.newsletter("Weekly")
		a.newsletter("Daily")
		a.reader("ann@example.org", 0, weekly)
		a.clock.Add(48 * 60 * 60 * 1e9)
		a.reader("bob@example.org", 0, weekly)

		r := c.get("/admin/subscribers")
		wantBody(t, r, "chart", `<svg class="chart-svg"`, `role="img" aria-labelledby="growth-title growth-desc"`,
			`<title id="growth-title">Confirmed subscribers per newsletter, 15 August 2026 to 12 November 2026</title>`,
			"Daily: 0 to 0; Weekly: 0 to 2.", `<polyline class="chart-line"`, "<th scope=\"col\">Daily</th><th scope=\"col\">Weekly</th>",
			`<time datetime="2026-11-12">Thu 12 Nov 2026</time></th><td>0</td><td>2</td>`,
			`<time datetime="2026-11-11">Wed 11 Nov 2026</time></th><td>0</td><td>1</td>`,
			`<a href="/admin/subscribers?" aria-current="true">90 days</a>`)
		if n := strings.Count(r.body, `<polyline class="chart-line"`); n != 2 {
			t.Errorf("%d lines drawn, want one per newsletter", n)
		}
		r = c.get("/admin/subscribers?days=30&newsletter=" + itoa(weekly))
		wantBody(t, r, "30 days", "14 October 2026 to 12 November 2026", `href="/admin/subscribers?days=30&amp;newsletter=`+itoa(weekly)+`" aria-current="true">30 days</a>`)
		r = c.get("/admin/subscribers?days=365")
		wantBody(t, r, "a year", "One row a week, ending today.")
	})
}
