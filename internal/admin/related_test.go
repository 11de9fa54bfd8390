package admin_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"masthead/internal/auth"
	"masthead/internal/content"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// story saves an article through the newsroom service, as an editor:
// published unless action says otherwise.
func (a *app) story(slug, topics, body string, author int64, action content.Action) content.Article {
	a.t.Helper()
	res, err := a.content.Save(context.Background(), editorActor, content.ArticleInput{Headline: "Story " + slug, Slug: slug,
		Standfirst: "What happened.", SectionID: a.section, AuthorIDs: []int64{author}, Topics: topics,
		BodySource: body, Action: action})
	if err != nil {
		a.t.Fatalf("save %s: %v", slug, err)
	}
	return res.Article
}

var suggestionRE = regexp.MustCompile(`<span class="suggestion-headline">([^<]*)</span>`)

// suggested lists the headlines of the editor's see-also suggestions.
func suggested(page string) []string {
	var out []string
	for _, m := range suggestionRE.FindAllStringSubmatch(page, -1) {
		out = append(out, m[1])
	}
	return out
}

func TestEditorSuggestsRelatedArticlesNotYetLinked(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		ed := a.user("ed@example.org", auth.RoleEditor)
		culture := a.saveSection("Culture")
		both := a.story("rents-rise", "Housing, Rents", "Rents rose.", ed.AuthorID, content.ActionPublish)
		linked := a.story("housing-plan", "Housing", "A plan.", ed.AuthorID, content.ActionPublish)
		a.story("housing-draft", "Housing, Rents", "Not yet.", ed.AuthorID, content.ActionSave)
		if _, err := a.content.Save(context.Background(), editorActor, content.ArticleInput{Headline: "Opera season opens",
			Slug: "opera", Standfirst: "A new season.", SectionID: culture, AuthorIDs: []int64{ed.AuthorID}, Topics: "Opera", BodySource: "Music.",
			Action: content.ActionPublish}); err != nil {
			t.Fatal(err)
		}
		oneTopic := a.story("housing-weekly", "Housing", "Weekly.", ed.AuthorID, content.ActionPublish)
		source := a.story("source", "Housing, Rents", "Text.\n\nSee also: /articles/housing-plan", ed.AuthorID, content.ActionSave)

		c := a.signIn("ed@example.org")
		r := c.get("/admin/articles/" + itoa(source.ID))
		wantStatus(t, r, http.StatusOK, "editor")
		got := suggested(r.body)
		want := []string{both.Headline, oneTopic.Headline}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Fatalf("suggestions = %q, want %q (published, related, not yet linked, not itself)", got, want)
		}
		wantBody(t, r, "suggestions", `<h2 id="suggestions-title">Suggested see-also</h2>`,
			`data-see-also="See also: /articles/rents-rise"`, `name="target" value="`+itoa(both.ID)+`"`,
			`<form id="see-also-form" method="post" action="/admin/articles/`+itoa(source.ID)+`/see-also">`, "News · <time")
		if strings.Contains(strings.Join(got, "|"), linked.Headline) {
			t.Error("an article the body already links to is suggested")
		}

		r = c.get("/admin/articles/new")
		wantBody(t, r, "new article", "Save the article first: suggestions come from its saved text")
		if strings.Contains(r.body, `id="see-also-form"`) {
			t.Error("a new article offers Insert buttons")
		}
	})
}

func TestInsertSeeAlsoWithoutJavaScriptSavesTheLine(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		ed := a.user("ed@example.org", auth.RoleEditor)
		writer := a.user("writer@example.org", auth.RoleAuthor)
		a.user("new@example.org", auth.RoleContributor)
		target := a.story("rents-rise", "Housing", "Rents rose.", ed.AuthorID, content.ActionPublish)
		draft := a.story("housing-draft", "Housing", "Not yet.", ed.AuthorID, content.ActionSave)
		// A draft: a published article's insert waits as pending changes
		// (TestInsertSeeAlsoIntoAPublishedArticleIsStaged).
		source := a.story("source", "Housing", "First paragraph.", writer.AuthorID, content.ActionSave)
		path := "/admin/articles/" + itoa(source.ID) + "/see-also"
		version := func() string { return itoa(a.article(source.ID).UpdatedAt.UnixMicro()) }
		insert := url.Values{"target": {itoa(target.ID)}, "version": {version()}}

		// Forged or foreign posts change nothing.
		ec := a.signIn("ed@example.org")
		r := ec.post(path, insert, "Sec-Fetch-Site", "cross-site")
		wantStatus(t, r, http.StatusForbidden, "cross-site insert")
		r = ec.post(path, url.Values{"target": {itoa(target.ID)}, "version": {version()}, "csrf": {"forged"}})
		wantStatus(t, r, http.StatusForbidden, "insert without the session's token")
		// A contributor cannot edit published work, so cannot insert into it.
		cc := a.signIn("new@example.org")
		wantStatus(t, cc.post(path, url.Values{"target": {itoa(target.ID)}, "version": {version()}}), http.StatusForbidden, "contributor")
		// Only published articles can be linked.
		r = ec.post(path, url.Values{"target": {itoa(draft.ID)}, "version": {version()}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "insert a draft")
		wantBody(t, r, "insert a draft", "not published")
		r = ec.post(path, url.Values{"target": {"abc"}, "version": {version()}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "insert nonsense")
		if got := a.article(source.ID); got.BodySource != "First paragraph." {
			t.Fatalf("refused inserts changed the body to %q", got.BodySource)
		}

		// The article's own author inserts; the line is saved as a see-also block.
		wc := a.signIn("writer@example.org")
		opened := version()
		a.clock.Add(time.Minute)
		r = wc.post(path, url.Values{"target": {itoa(target.ID)}, "version": {opened}})
		if id := savedID(t, r); id != source.ID || !strings.HasSuffix(r.location(), "done=see-also") {
			t.Fatalf("insert redirected to %s", r.location())
		}
		got := a.article(source.ID)
		if got.BodySource != "First paragraph.\n\nSee also: /articles/rents-rise\n" || len(got.LinkedIDs) != 1 || got.LinkedIDs[0] != target.ID {
			t.Fatalf("after insert: body %q, links %v", got.BodySource, got.LinkedIDs)
		}
		if ids := content.SeeAlsoIDs(got.Body); len(ids) != 1 || ids[0] != target.ID || got.Status != content.StatusDraft {
			t.Fatalf("stored body has see-also blocks %v (status %s)", ids, got.Status)
		}
		if revs, _ := db.ListRevisions(context.Background(), source.ID); len(revs) != 2 {
			t.Errorf("%d revisions, want the insert recorded as one", len(revs))
		}
		r = wc.get(r.location())
		wantBody(t, r, "after insert", "See-also line added to the end of the body, and saved.")
		if strings.Contains(strings.Join(suggested(r.body), "|"), target.Headline) {
			t.Error("the linked article is still suggested")
		}

		// An insert from the page as it was before that save is refused.
		other := a.story("rents-fall", "Housing", "Rents fell.", ed.AuthorID, content.ActionPublish)
		r = ec.post(path, url.Values{"target": {itoa(other.ID)}, "version": {opened}})
		wantStatus(t, r, http.StatusConflict, "insert from a stale page")
		wantBody(t, r, "stale insert", "Not inserted: this article was saved again after you opened it")
		if got := a.article(source.ID); strings.Contains(got.BodySource, "rents-fall") {
			t.Fatal("an insert from a stale page was saved")
		}
		// An editor may insert into anyone's article.
		a.clock.Add(time.Minute)
		savedID(t, ec.post(path, url.Values{"target": {itoa(other.ID)}, "version": {version()}}))
		if got := a.article(source.ID); !strings.HasSuffix(got.BodySource, "See also: /articles/rents-rise\n\nSee also: /articles/rents-fall\n") {
			t.Fatalf("after the editor's insert the body is %q", got.BodySource)
		}
	})
}

func TestShowRelatedSettingIsSavedFromTheEditor(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		ed := a.user("ed@example.org", auth.RoleEditor)
		c := a.signIn("ed@example.org")
		checked := `<input type="checkbox" id="show_related" name="show_related" value="1" checked`
		wantBody(t, c.get("/admin/articles/new"), "new article", checked, "Show related articles at the end")

		// The box left unticked: only the hidden field is sent.
		f := articleForm(a.section, ed.AuthorID, "No related list", "Text.", "publish")
		f.Set("show_related", "0")
		id := savedID(t, c.post("/admin/articles/new", f))
		if !a.article(id).HideRelated {
			t.Fatal("unticking the box did not turn the Related list off")
		}
		r := c.get("/admin/articles/" + itoa(id))
		if strings.Contains(r.body, checked) || !strings.Contains(r.body, `name="show_related" value="1" aria-describedby`) {
			t.Error("the editor shows the box ticked for an article without the list")
		}
		// A post without the field (an older form) leaves the setting alone.
		f = articleForm(a.section, ed.AuthorID, "No related list", "Text, edited.", "publish")
		f.Set("version", itoa(a.article(id).UpdatedAt.UnixMicro()))
		savedID(t, c.post("/admin/articles/"+itoa(id), f))
		if !a.article(id).HideRelated {
			t.Fatal("a save without the box turned the list back on")
		}
		// Ticked again (hidden field and box both sent).
		f["show_related"] = []string{"0", "1"}
		f.Set("version", itoa(a.article(id).UpdatedAt.UnixMicro()))
		savedID(t, c.post("/admin/articles/"+itoa(id), f))
		if a.article(id).HideRelated {
			t.Fatal("ticking the box did not turn the list on")
		}
		// Restoring the first revision brings its setting back.
		revs, _ := db.ListRevisions(context.Background(), id)
		first := revs[len(revs)-1]
		wantBody(t, c.get("/admin/articles/"+itoa(id)+"/revisions/"+itoa(first.ID)), "the first revision",
			"<dt>Related articles</dt><dd>Not shown</dd>")
		if _, err := a.content.RestoreRevision(context.Background(), editorActor, first.ID); err != nil {
			t.Fatal(err)
		}
		// The article is live: the restore waits as its pending version.
		if _, err := a.content.PublishChanges(context.Background(), editorActor, id); err != nil {
			t.Fatal(err)
		}
		if !a.article(id).HideRelated {
			t.Error("restoring a revision did not restore its Related setting")
		}
	})
}
