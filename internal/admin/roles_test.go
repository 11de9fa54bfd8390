package admin_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"masthead/internal/auth"
	"masthead/internal/content"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

func TestContributorCannotPublishOrOpenOthersWork(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		u := a.user("con@example.org", auth.RoleContributor)
		other := a.user("other@example.org", auth.RoleAuthor)
		c := a.signIn("con@example.org")

		r := c.get("/admin/articles/new")
		wantStatus(t, r, http.StatusOK, "new article")
		for _, button := range []string{`value="publish"`, `value="schedule"`, `value="unpublish"`} {
			if strings.Contains(r.body, button) {
				t.Errorf("a contributor's editor shows the %s button", button)
			}
		}
		wantBody(t, r, "contributor editor", `value="save"`)

		id := savedID(t, c.post("/admin/articles/new", articleForm(a.section, u.AuthorID, "My draft", "Words.", "save")))
		for _, action := range []string{"publish", "schedule", "unpublish"} {
			f := articleForm(a.section, u.AuthorID, "My draft", "Words.", action)
			f.Set("schedule_at", "2030-01-01T09:00")
			r := c.post("/admin/articles/"+itoa(id), f)
			wantStatus(t, r, http.StatusForbidden, "contributor "+action)
			if got := a.article(id); got.Status != content.StatusDraft {
				t.Fatalf("after a refused %s the article is %s", action, got.Status)
			}
		}
		// New articles too: nothing is created.
		wantStatus(t, c.post("/admin/articles/new", articleForm(a.section, u.AuthorID, "Sneaky", "Words.", "publish")), http.StatusForbidden, "contributor publishes new")
		if n := a.countArticles(); n != 1 {
			t.Errorf("%d articles, want 1", n)
		}

		theirs := a.publishedArticle("theirs", other.AuthorID)
		wantStatus(t, c.get("/admin/articles/"+itoa(theirs.ID)), http.StatusForbidden, "another's article")
		wantStatus(t, c.get("/admin/articles/"+itoa(theirs.ID)+"/revisions"), http.StatusForbidden, "another's revisions")
		r = c.post("/admin/articles/"+itoa(theirs.ID), articleForm(a.section, u.AuthorID, "Hijacked", "Words.", "save"))
		wantStatus(t, r, http.StatusForbidden, "saving another's article")
		if got := a.article(theirs.ID); got.Headline != theirs.Headline {
			t.Errorf("another's headline became %q", got.Headline)
		}
		for _, path := range []string{"/admin/sections", "/admin/series/new", "/admin/authors", "/admin/topics", "/admin/settings", "/admin/staff"} {
			wantStatus(t, c.get(path), http.StatusForbidden, "contributor opens "+path)
		}
	})
}

func TestAuthorPublishesOwnWorkOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		u := a.user("author@example.org", auth.RoleAuthor)
		other := a.user("other@example.org", auth.RoleAuthor)
		c := a.signIn("author@example.org")

		id := savedID(t, c.post("/admin/articles/new", articleForm(a.section, u.AuthorID, "Mine", "Words.", "publish")))
		if got := a.article(id); got.Status != content.StatusPublished {
			t.Fatalf("an author's own article is %s after publish", got.Status)
		}
		theirs := a.publishedArticle("theirs", other.AuthorID)
		r := c.post("/admin/articles/"+itoa(theirs.ID), articleForm(a.section, other.AuthorID, "Theirs", "Words.", "unpublish"))
		wantStatus(t, r, http.StatusForbidden, "author unpublishes another's")
		if got := a.article(theirs.ID); got.Status != content.StatusPublished {
			t.Errorf("another's article is %s", got.Status)
		}
	})
}

func TestEditorPublishesAnythingButOnlyAdminsReachSettingsAndStaff(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		writer := a.user("con@example.org", auth.RoleContributor)
		a.user("ed@example.org", auth.RoleEditor)
		a.user("boss@example.org", auth.RoleAdmin)

		con := a.signIn("con@example.org")
		id := savedID(t, con.post("/admin/articles/new", articleForm(a.section, writer.AuthorID, "Their draft", "Words.", "save")))

		ed := a.signIn("ed@example.org")
		wantStatus(t, ed.get("/admin/articles/"+itoa(id)), http.StatusOK, "editor opens a contributor's draft")
		savedID(t, ed.post("/admin/articles/"+itoa(id), articleForm(a.section, writer.AuthorID, "Their draft", "Words.", "publish")))
		if got := a.article(id); got.Status != content.StatusPublished {
			t.Fatalf("after an editor's publish the article is %s", got.Status)
		}
		for _, path := range []string{"/admin/sections", "/admin/series", "/admin/topics", "/admin/authors"} {
			wantStatus(t, ed.get(path), http.StatusOK, "editor opens "+path)
		}
		for _, path := range []string{"/admin/settings", "/admin/staff", "/admin/staff/1"} {
			wantStatus(t, ed.get(path), http.StatusForbidden, "editor opens "+path)
		}
		wantStatus(t, ed.post("/admin/settings", url.Values{"name": {"Taken over"}}), http.StatusForbidden, "editor saves settings")
		wantStatus(t, ed.post("/admin/staff/invite", url.Values{"email": {"x@example.org"}, "role": {"admin"}}), http.StatusForbidden, "editor invites")
		a.runJobs()
		if len(a.mail.Messages()) != 0 {
			t.Error("an editor sent an invitation")
		}

		boss := a.signIn("boss@example.org")
		wantStatus(t, boss.get("/admin/settings"), http.StatusOK, "admin opens settings")
		wantStatus(t, boss.get("/admin/staff"), http.StatusOK, "admin opens staff")
	})
}
