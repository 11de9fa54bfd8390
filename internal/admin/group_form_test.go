package admin_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"masthead/internal/auth"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// A section or series named like an existing one, with the slug left
// empty, is refused against the name the person typed, not a slug they
// never filled; and the form stays a "New …" form that creates.
func TestDuplicateNameOnNewGroupForm(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		a.user("ed@example.org", auth.RoleEditor)
		c := a.signIn("ed@example.org")
		for _, g := range []struct{ kind, path, name string }{
			{"series", "/admin/series", "The Long Table"},
			{"section", "/admin/sections", "News"}, // made by newApp
		} {
			if g.kind == "series" {
				wantStatus(t, c.post(g.path+"/new", url.Values{"name": {g.name}}), http.StatusSeeOther, "first series")
			}
			c.get(g.path + "/new")
			r := c.post(g.path+"/new", url.Values{"name": {g.name}, "slug": {""}, "description": {"Again."}})
			wantStatus(t, r, http.StatusUnprocessableEntity, "duplicate "+g.kind+" name")
			body := html.UnescapeString(r.body)
			wantBody(t, resp{body: body}, "duplicate "+g.kind+" name",
				`<p class="field-error" id="name-error"><span class="visually-hidden">Error:</span> A `+g.kind+` called “`+g.name+`” already exists.`,
				"<title>New "+g.kind+" · ", "<h1>New "+g.kind+"</h1>", `action="`+g.path+`/new"`, "Save "+g.kind, `value="`+g.name+`"`, "Again.")
			if strings.Contains(body, `id="slug-error"`) || strings.Contains(body, "This slug is already used") {
				t.Errorf("%s: the clash is reported against the slug the person left empty", g.kind)
			}
			if strings.Contains(body, "Edit "+g.kind) {
				t.Errorf("%s: a refused new %s turned into an edit form", g.kind, g.kind)
			}
			// A slug the person typed themselves is still the slug's fault.
			r = c.post(g.path+"/new", url.Values{"name": {"Something else"}, "slug": {strings.ToLower(strings.ReplaceAll(g.name, " ", "-"))}})
			wantStatus(t, r, http.StatusUnprocessableEntity, "typed duplicate "+g.kind+" slug")
			wantBody(t, r, "typed duplicate "+g.kind+" slug", `id="slug-error"`, "This slug is already used", "<h1>New "+g.kind+"</h1>")
		}
		// Authors share the title rule.
		wantStatus(t, c.post("/admin/authors/new", url.Values{"name": {"Ada"}, "links": {"not a link"}}), http.StatusUnprocessableEntity, "bad author link")
		if r := c.post("/admin/authors/new", url.Values{"name": {"Ada"}, "links": {"not a link"}}); !strings.Contains(r.body, "<h1>New author</h1>") {
			t.Error("a refused new author turned into an edit form")
		}
	})
}
