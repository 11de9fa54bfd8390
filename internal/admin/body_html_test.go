package admin_test

import (
	"html"
	"net/http"
	"strings"
	"testing"

	"masthead/internal/auth"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// The rich editor posts the body as canonical HTML (body_html). The save
// keeps it as blocks, and keeps the Markdown form of those blocks as the
// source, so the form without JavaScript edits the same article and saving
// it changes nothing. Editor-only HTML blocks are for editors.
func TestRichEditorBodyIsSavedAsBlocksAndEditableAsMarkdown(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		ed := a.user("ed@example.org", auth.RoleEditor)
		au := a.user("au@example.org", auth.RoleAuthor)
		target := a.publishedArticle("the-budget", ed.AuthorID)
		seeAlso := `<aside class="see-also" data-article-id="` + itoa(target.ID) + `"><a href="/articles/the-budget">Story the-budget</a></aside>`
		rich := `<p>It&#39;s <strong>bold</strong>, with <a href="https://example.org/a?b=1&amp;c=2">a link</a>.</p>` + "\n" +
			`<figure class="pullquote"><blockquote><p>We will act.</p></blockquote><figcaption>The mayor</figcaption></figure>` + "\n" +
			seeAlso + "\n" +
			`<figure class="embed" data-provider="youtube" data-url="https://www.youtube.com/watch?v=dQw4w9WgXcQ"><a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">The meeting</a></figure>` + "\n" +
			`<hr>` + "\n" +
			`<div class="raw-html"><table><tbody><tr><td>1</td></tr></tbody></table></div>`

		c := a.signIn("ed@example.org")
		f := articleForm(a.section, ed.AuthorID, "Rich", "stale markdown the editor replaced", "save")
		f.Set("body_html", rich+`<p onclick="x()">Pasted <span style="color:red">text</span><script>alert(1)</script></p>`)
		id := savedID(t, c.post("/admin/articles/new", f))
		art := a.article(id)
		want := rich + "\n<p>Pasted text</p>"
		if art.Body != want {
			t.Fatalf("stored body\n%s\nwant\n%s", art.Body, want)
		}
		for _, w := range []string{"It\\'s **bold**", ">> We will act.\n>> — The mayor", "See also: /articles/the-budget",
			"Embed: https://www.youtube.com/watch?v=dQw4w9WgXcQ\nTitle: The meeting", "```raw-html\n<table>"} {
			if !strings.Contains(art.BodySource, w) {
				t.Errorf("Markdown source lacks %q:\n%s", w, art.BodySource)
			}
		}
		if len(art.LinkedIDs) != 1 || art.LinkedIDs[0] != target.ID {
			t.Errorf("linked %v, want the see-also target %d", art.LinkedIDs, target.ID)
		}
		// The form without JavaScript shows the Markdown; saving it keeps every block.
		r := c.get("/admin/articles/" + itoa(id))
		wantBody(t, r, "editor page", html.EscapeString("Embed: https://www.youtube.com/watch?v=dQw4w9WgXcQ"))
		f = articleForm(a.section, ed.AuthorID, "Rich", art.BodySource, "save")
		savedID(t, c.post("/admin/articles/"+itoa(id), f))
		if got := a.article(id).Body; got != want {
			t.Errorf("saving the Markdown form changed the body:\n%s\nwant\n%s", got, want)
		}

		// An author may edit around an editor's HTML block, not change it or add one.
		auc := a.signIn("au@example.org")
		f = articleForm(a.section, au.AuthorID, "Mine", "", "save")
		f.Set("body_html", `<p>Mine.</p><div class="raw-html"><b>mine</b></div>`)
		r = auc.post("/admin/articles/new", f)
		wantStatus(t, r, http.StatusUnprocessableEntity, "author adding an HTML block")
		wantBody(t, r, "refusal", "Only editors can add or change HTML blocks")
		if n := a.countArticles(); n != 2 {
			t.Errorf("%d articles, want the author's refused one not stored", n)
		}
		f = articleForm(a.section, au.AuthorID, "Mine", "Mine.\n\n```raw-html\n<b>typed</b>\n```", "save")
		wantStatus(t, auc.post("/admin/articles/new", f), http.StatusUnprocessableEntity, "author typing an HTML block in Markdown")
		f = articleForm(a.section, au.AuthorID, "Shared", "", "save")
		f.Set("author2", itoa(au.AuthorID))
		f.Set("body_html", `<p>Before.</p><div class="raw-html"><table><tbody><tr><td>1</td></tr></tbody></table></div>`)
		c = a.signIn("ed@example.org")
		shared := savedID(t, c.post("/admin/articles/new", f))
		f.Del("csrf")
		f.Set("body_html", `<p>Before, edited by the author.</p><div class="raw-html"><table><tbody><tr><td>1</td></tr></tbody></table></div>`)
		f.Set("version", itoa(a.article(shared).UpdatedAt.UnixMicro()))
		savedID(t, auc.post("/admin/articles/"+itoa(shared), f))
		f.Set("body_html", `<p>Before.</p><div class="raw-html"><table><tbody><tr><td>2</td></tr></tbody></table></div>`)
		f.Set("version", itoa(a.article(shared).UpdatedAt.UnixMicro()))
		wantStatus(t, auc.post("/admin/articles/"+itoa(shared), f), http.StatusUnprocessableEntity, "author changing the HTML block")
		if got := a.article(shared).Body; !strings.Contains(got, "edited by the author") || !strings.Contains(got, "<td>1</td>") {
			t.Errorf("body after the refused change: %s", got)
		}
	})
}
