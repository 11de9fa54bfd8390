package admin_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"testing"

	"masthead/internal/auth"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// bylineForm is a save of the article with these authors, in order.
func bylineForm(section int64, headline string, authors ...int64) url.Values {
	f := articleForm(section, 0, headline, "Words.", "save")
	f.Del("author1")
	for i, id := range authors {
		f.Set("author"+strconv.Itoa(i+1), strconv.FormatInt(id, 10))
	}
	return f
}

// Bylines through HTTP: contributors and authors may add co-authors to
// their own work but not take themselves off it or credit it to others
// alone; editors may set any byline; a byline left as an editor set it is
// accepted. Refusals say why, next to the byline, and store nothing.
func TestBylineRules(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		ed := a.user("ed@example.org", auth.RoleEditor)
		con := a.user("con@example.org", auth.RoleContributor)
		au := a.user("author@example.org", auth.RoleAuthor)
		guest := a.saveAuthor("Guest Writer")
		c := a.signIn("con@example.org")
		const selfMsg = "Keep yourself on the byline: you can add co-authors, but only an editor can credit your article to others alone."

		// A new article credited to someone else alone: refused, nothing created.
		r := c.post("/admin/articles/new", bylineForm(a.section, "Not mine", ed.AuthorID))
		wantStatus(t, r, http.StatusUnprocessableEntity, "contributor credits an editor alone")
		wantBody(t, r, "contributor credits an editor alone", selfMsg, `id="authors-error"`)
		if n := a.countArticles(); n != 0 {
			t.Fatalf("%d articles after a refused byline", n)
		}

		// Their own article, with a co-author after them or before them.
		id := savedID(t, c.post("/admin/articles/new", bylineForm(a.section, "Mine", con.AuthorID)))
		path := "/admin/articles/" + itoa(id)
		wantStatus(t, c.post(path, bylineForm(a.section, "Mine", con.AuthorID, guest)), http.StatusSeeOther, "contributor adds a co-author")
		wantStatus(t, c.post(path, bylineForm(a.section, "Mine", guest, con.AuthorID)), http.StatusSeeOther, "contributor puts a co-author first")
		if got := a.article(id).AuthorIDs; !slices.Equal(got, []int64{guest, con.AuthorID}) {
			t.Fatalf("byline = %v", got)
		}

		// Taking themselves off: refused, the byline and headline unchanged.
		for _, c2 := range []struct {
			what    string
			authors []int64
		}{
			{"contributor removes self", []int64{guest}},
			{"contributor credits an editor alone", []int64{ed.AuthorID}},
			{"contributor credits two others", []int64{ed.AuthorID, guest}},
		} {
			r := c.post(path, bylineForm(a.section, "Changed", c2.authors...))
			wantStatus(t, r, http.StatusUnprocessableEntity, c2.what)
			wantBody(t, r, c2.what, selfMsg)
			if got := a.article(id); got.Headline != "Mine" || !slices.Equal(got.AuthorIDs, []int64{guest, con.AuthorID}) {
				t.Fatalf("after %s: %q by %v", c2.what, got.Headline, got.AuthorIDs)
			}
		}

		// An author: the same rules on their own work.
		w := a.signIn("author@example.org")
		aid := savedID(t, w.post("/admin/articles/new", bylineForm(a.section, "Author's", au.AuthorID, con.AuthorID)))
		r = w.post("/admin/articles/"+itoa(aid), bylineForm(a.section, "Author's", con.AuthorID))
		wantStatus(t, r, http.StatusUnprocessableEntity, "author removes self")
		wantBody(t, r, "author removes self", selfMsg)

		// An editor sets any byline, even without the contributor.
		e := a.signIn("ed@example.org")
		wantStatus(t, e.post(path, bylineForm(a.section, "Mine", guest)), http.StatusSeeOther, "editor sets any byline")
		if got := a.article(id).AuthorIDs; !slices.Equal(got, []int64{guest}) {
			t.Fatalf("byline after the editor = %v", got)
		}
		// The contributor may still save their text under the editor's byline,
		// and may put themselves back.
		wantStatus(t, c.post(path, bylineForm(a.section, "Mine, revised", guest)), http.StatusSeeOther, "contributor keeps the editor's byline")
		wantStatus(t, c.post(path, bylineForm(a.section, "Mine, revised", guest, con.AuthorID)), http.StatusSeeOther, "contributor adds self back")
		if got := a.article(id); got.Headline != "Mine, revised" || !slices.Equal(got.AuthorIDs, []int64{guest, con.AuthorID}) {
			t.Fatalf("after the contributor's saves: %q by %v", got.Headline, got.AuthorIDs)
		}

		// A contributor with no author profile cannot set a byline.
		if _, err := a.auth.CreateUser(context.Background(), "nobyline@example.org", "No Byline", password, auth.RoleContributor); err != nil {
			t.Fatal(err)
		}
		n := a.signIn("nobyline@example.org")
		r = n.post("/admin/articles/new", bylineForm(a.section, "Whose?", guest))
		wantStatus(t, r, http.StatusUnprocessableEntity, "contributor without a profile")
		wantBody(t, r, "contributor without a profile", "Your account has no author profile, so you cannot set a byline.")
		if n := a.countArticles(); n != 2 {
			t.Errorf("%d articles, want 2", n)
		}
	})
}
