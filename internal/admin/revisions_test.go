package admin_test

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"
	"time"

	"masthead/internal/auth"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

var revisionLinkRE = regexp.MustCompile(`/admin/articles/\d+/revisions/(\d+)`)

func TestRevisionsListShowAndRestore(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		con := a.user("con@example.org", auth.RoleContributor)
		a.user("ed@example.org", auth.RoleEditor)
		c := a.signIn("con@example.org")
		id := savedID(t, c.post("/admin/articles/new", articleForm(a.section, con.AuthorID, "First headline", "First body.", "save")))
		a.clock.Add(time.Minute)
		savedID(t, c.post("/admin/articles/"+itoa(id), articleForm(a.section, con.AuthorID, "Second headline", "Second body.", "save")))

		r := c.get("/admin/articles/" + itoa(id) + "/revisions")
		wantStatus(t, r, http.StatusOK, "revisions")
		wantBody(t, r, "revisions", "First headline", "Second headline", "con", "10 Nov 2026, 09:00", "10 Nov 2026, 09:01")
		links := revisionLinkRE.FindAllStringSubmatch(r.body, -1)
		if len(links) != 2 {
			t.Fatalf("%d revision links, want 2", len(links))
		}
		oldest := links[1][1] // newest first
		r = c.get("/admin/articles/" + itoa(id) + "/revisions/" + oldest)
		wantStatus(t, r, http.StatusOK, "a revision")
		wantBody(t, r, "a revision", "First headline", "First body.")
		if regexp.MustCompile(`Restore this revision`).MatchString(r.body) {
			t.Error("a contributor is offered Restore")
		}
		wantStatus(t, c.post("/admin/articles/"+itoa(id)+"/revisions/"+oldest+"/restore", url.Values{}), http.StatusForbidden, "contributor restores")
		if got := a.article(id); got.Headline != "Second headline" {
			t.Fatalf("headline %q after a refused restore", got.Headline)
		}

		ed := a.signIn("ed@example.org")
		wantBody(t, ed.get("/admin/articles/"+itoa(id)+"/revisions/"+oldest), "editor's revision", "Restore this revision")
		r = ed.post("/admin/articles/"+itoa(id)+"/revisions/"+oldest+"/restore", url.Values{})
		if r.status != http.StatusSeeOther || r.location() != "/admin/articles/"+itoa(id)+"?done=restored" {
			t.Fatalf("restore: %d %q\n%s", r.status, r.location(), r.body)
		}
		if got := a.article(id); got.Headline != "First headline" || got.BodySource != "First body." {
			t.Errorf("after restore: %q / %q", got.Headline, got.BodySource)
		}
		if n := len(revisionLinkRE.FindAllString(ed.get("/admin/articles/"+itoa(id)+"/revisions").body, -1)); n != 3 {
			t.Errorf("%d revisions after restore, want 3 (the restore is one)", n)
		}
		// A revision of another article is not found under this one.
		other := savedID(t, ed.post("/admin/articles/new", articleForm(a.section, con.AuthorID, "Other", "Other body.", "save")))
		wantStatus(t, ed.get("/admin/articles/"+itoa(other)+"/revisions/"+oldest), http.StatusNotFound, "revision under the wrong article")
		wantStatus(t, ed.post("/admin/articles/"+itoa(other)+"/revisions/"+oldest+"/restore", url.Values{}), http.StatusNotFound, "restore under the wrong article")
	})
}
