package admin_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"masthead/internal/auth"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// The Search and social fieldset saves its three texts, shows them again,
// keeps them in revisions (and a restore brings them back); a long SEO
// title or social description is advice that does not stop publication.
// Without JavaScript the editor shows the stored article's length, reading
// time and headline length.
func TestSearchAndSocialFieldsInTheEditor(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := newApp(t, db)
		ed := a.user("ed@example.org", auth.RoleEditor)
		c := a.signIn("ed@example.org")
		r := c.get("/admin/articles/new")
		wantBody(t, r, "new article", "<legend>Search and social</legend>", `name="seo_title"`, `name="social_title"`, `name="social_description"`,
			"About 60 characters", "About 200 characters")
		if strings.Contains(r.body, `id="stat-words"`) {
			t.Error("a new article shows counts of nothing")
		}

		seo := `Budget 2026: "cuts" to libraries & parking, and what the vote means </script>`
		social := "What the budget means for you"
		desc := strings.Repeat("Libraries close early. ", 10)
		var sentences []string
		for i := range 30 {
			sentences = append(sentences, "Point "+itoa(int64(i))+" makes one more distinct claim about this now.")
		}
		body := strings.Join(sentences, " ") // 300 words
		f := articleForm(a.section, ed.AuthorID, "Council passes the budget", body, "publish")
		f.Set("seo_title", seo)
		f.Set("social_title", social)
		f.Set("social_description", desc)
		id := savedID(t, c.post("/admin/articles/new", f)) // advice only: published
		art := a.article(id)
		if art.Status != "published" || art.SEOTitle != seo || art.SocialTitle != social || art.SocialDescription != strings.TrimSpace(desc) {
			t.Fatalf("saved: %s %q %q %q", art.Status, art.SEOTitle, art.SocialTitle, art.SocialDescription)
		}
		r = c.get("/admin/articles/" + itoa(id))
		wantBody(t, r, "stored article",
			`value="`+html.EscapeString(seo)+`"`, `value="What the budget means for you"`, strings.TrimSpace(desc)+"</textarea>",
			`<span id="stat-words">300</span> words, <span id="stat-reading">2</span> min read`,
			`<span id="stat-headline-chars">25</span> characters (at most 110)`,
			`<strong>Advice:</strong> The SEO title has 77 characters`, `<strong>Advice:</strong> The social description has 229 characters`)
		if strings.Contains(r.body, `class="check check-soft"`) || strings.Contains(r.body, "checks-ok") {
			t.Error("advice shown as a failed check, or as all checks passing")
		}

		// Emptied, they are published empty (a plain save of a published
		// article would wait as pending changes); the revision before keeps
		// them and restoring it brings them back.
		f = articleForm(a.section, ed.AuthorID, "Council passes the budget", body, "publish")
		f.Set("slug", art.Slug)
		f.Set("version", versionOf(t, r))
		savedID(t, c.post("/admin/articles/"+itoa(id), f))
		if got := a.article(id); got.SEOTitle != "" || got.SocialTitle != "" || got.SocialDescription != "" {
			t.Fatalf("emptied fields kept: %+v", got)
		}
		revs, _ := db.ListRevisions(ctx, id)
		if len(revs) != 2 {
			t.Fatalf("%d revisions", len(revs))
		}
		r = c.get("/admin/articles/" + itoa(id) + "/revisions/" + itoa(revs[1].ID))
		wantBody(t, r, "revision page", "<dt>SEO title</dt><dd>"+html.EscapeString(seo)+"</dd>", "<dt>Social title</dt><dd>"+social+"</dd>")
		r = c.get("/admin/articles/" + itoa(id) + "/revisions/" + itoa(revs[0].ID))
		wantBody(t, r, "revision without them", "<dt>SEO title</dt><dd>None (the headline)</dd>")
		wantStatus(t, c.post("/admin/articles/"+itoa(id)+"/revisions/"+itoa(revs[1].ID)+"/restore", url.Values{"part": {"seo"}}), http.StatusSeeOther, "restore")
		// The article is published, so the restore waits as pending changes.
		if got := a.pending(id); got.SEOTitle != seo || got.SocialTitle != social {
			t.Errorf("restored: %q %q", got.SEOTitle, got.SocialTitle)
		}

		// A refused publish shows the checks and the counts of what was kept.
		f = articleForm(a.section, ed.AuthorID, "Repeated", "The same paragraph of news, twice over.\n\nThe same paragraph of news, twice over.", "publish")
		r = c.post("/admin/articles/new", f)
		wantStatus(t, r, http.StatusUnprocessableEntity, "refused publish")
		wantBody(t, r, "refused publish", "Saved, but not published", "Paragraph 2 repeats paragraph 1",
			`<span id="stat-words">14</span> words, <span id="stat-reading">1</span> min read`, `<span id="stat-headline-chars">8</span>`)
	})
}
