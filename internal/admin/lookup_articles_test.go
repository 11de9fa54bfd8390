package admin_test

import (
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"masthead/internal/auth"
	"masthead/internal/content"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// TestArticleLookupListsPublishedArticlesOnly is the see-also picker's
// search: published articles whose headline holds the words, with their
// reader address; drafts never; signed-out visitors get nothing.
func TestArticleLookupListsPublishedArticlesOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		ed := a.user("ed@example.org", auth.RoleEditor)
		a.user("new@example.org", auth.RoleContributor)
		rents := a.story("rents-rise", "Housing", "Rents rose.", ed.AuthorID, content.ActionPublish)
		a.story("rents-draft", "Housing", "Not yet.", ed.AuthorID, content.ActionSave)
		a.story("council", "Council", "The vote.", ed.AuthorID, content.ActionPublish)

		lookup := func(c *client, q string) (int, map[string]any) {
			t.Helper()
			r := c.get("/admin/articles/lookup.json?q=" + url.QueryEscape(q))
			var out map[string]any
			if r.status == http.StatusOK || r.status == http.StatusUnprocessableEntity {
				if err := json.Unmarshal([]byte(r.body), &out); err != nil {
					t.Fatalf("lookup %q: %v: %s", q, err, r.body)
				}
				if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
					t.Errorf("lookup answers %s", ct)
				}
			}
			return r.status, out
		}
		cc := a.signIn("new@example.org") // contributors write see-also links too
		status, out := lookup(cc, "RENTS")
		if status != http.StatusOK {
			t.Fatalf("lookup answered %d", status)
		}
		items := out["items"].([]any)
		if len(items) != 1 {
			t.Fatalf("lookup for rents found %v, want the published article only", items)
		}
		got := items[0].(map[string]any)
		if got["id"].(float64) != float64(rents.ID) || got["headline"] != rents.Headline || got["url"] != "/articles/rents-rise" ||
			got["published_at"] != rents.PublishedAt.UTC().Format("2006-01-02T15:04:05Z07:00") {
			t.Errorf("lookup item is %v", got)
		}
		if _, out := lookup(cc, ""); len(out["items"].([]any)) != 0 {
			t.Errorf("an empty query lists %v", out["items"])
		}
		if _, out := lookup(cc, "no such words"); len(out["items"].([]any)) != 0 {
			t.Errorf("a query matching nothing lists %v", out["items"])
		}
		status, out = lookup(cc, strings.Repeat("a", 201))
		if status != http.StatusUnprocessableEntity || !strings.Contains(out["error"].(string), "200 characters") {
			t.Errorf("a long query answered %d %v", status, out)
		}
		if r := a.client().get("/admin/articles/lookup.json?q=rents"); r.status != http.StatusUnauthorized || strings.Contains(r.body, "rents-rise") {
			t.Errorf("a signed-out visitor got %d %s", r.status, r.body)
		}
	})
}

// TestEditorPageCarriesTheBodyForTheRichEditor: the edit page carries the
// stored body as canonical HTML, escaped inside a <template> (inert for a
// browser without JavaScript, never posted), loads the editor bundle, and
// the Markdown form without JavaScript still saves as before.
func TestEditorPageCarriesTheBodyForTheRichEditor(t *testing.T) {
	a := newApp(t, storetest.Open(t, storetest.SQLite))
	ed := a.user("ed@example.org", auth.RoleEditor)
	art := a.story("budget", "Council", "The **vote** came at 11pm.\n\n>> We did our job.\n>> — The mayor", ed.AuthorID, content.ActionPublish)
	c := a.signIn("ed@example.org")
	page := c.get("/admin/articles/" + itoa(art.ID))
	wantStatus(t, page, http.StatusOK, "edit page")
	stored := a.article(art.ID).Body
	wantBody(t, page, "edit page", `<template id="body-html">`+html.EscapeString(stored)+`</template>`, `data-rich="ready"`,
		`data-raw-html="true"`, `<script src="/admin/assets/editor.`, `<link rel="stylesheet" href="/admin/assets/editor.`)
	if !strings.Contains(stored, `<figure class="pullquote">`) {
		t.Fatalf("the stored body is %q", stored)
	}
	// The bundle is served under its hash, for a year.
	js := c.get(regexp.MustCompile(`/admin/assets/editor\.[0-9a-f]{12}\.js`).FindString(page.body))
	wantStatus(t, js, http.StatusOK, "editor bundle")
	if !strings.Contains(js.header.Get("Cache-Control"), "immutable") || !strings.Contains(js.body, "body_html") {
		t.Errorf("the editor bundle is served with %q", js.header.Get("Cache-Control"))
	}
	// Asked for, the Markdown form: no rich editor, and the choice is kept through a save.
	md := c.get("/admin/articles/" + itoa(art.ID) + "?editor=markdown")
	if strings.Contains(md.body, `data-rich=`) || strings.Contains(md.body, `id="body-html"`) || !strings.Contains(md.body, `name="editor" value="markdown"`) {
		t.Error("the Markdown form still asks for the rich editor")
	}
	// Without JavaScript the form posts body (Markdown) only, and it saves.
	form := articleForm(a.section, ed.AuthorID, art.Headline, "Changed by the Markdown form.", "save")
	form.Set("version", itoa(a.article(art.ID).UpdatedAt.UnixMicro()))
	form.Set("slug", "budget")
	r := c.post("/admin/articles/"+itoa(art.ID), form)
	wantStatus(t, r, http.StatusSeeOther, "Markdown save")
	if got := a.article(art.ID); got.BodySource != "Changed by the Markdown form." || !strings.Contains(got.Body, "<p>Changed by the Markdown form.</p>") {
		t.Errorf("after the Markdown save the body is %q / %q", got.BodySource, got.Body)
	}
	// A refused save from the rich editor shows what it posted, not the stored body.
	posted := "<p>Typed, not saved.</p>"
	refused := articleForm(a.section, ed.AuthorID, "", "", "save")
	refused.Del("body")
	refused.Set("body_html", posted)
	refused.Set("version", itoa(a.article(art.ID).UpdatedAt.UnixMicro()))
	r = c.post("/admin/articles/"+itoa(art.ID), refused)
	wantStatus(t, r, http.StatusUnprocessableEntity, "rich save without a headline")
	wantBody(t, r, "refused rich save", `<template id="body-html">`+html.EscapeString(posted)+`</template>`)

	// A contributor's page offers no editor-only HTML.
	a.user("new@example.org", auth.RoleContributor)
	if p := a.signIn("new@example.org").get("/admin/articles/new"); !strings.Contains(p.body, `data-rich="ready"`) || strings.Contains(p.body, `data-raw-html`) {
		t.Error("a contributor's editor offers editor-only HTML, or no rich editor")
	}
}
