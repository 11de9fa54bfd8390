package admin_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"masthead/internal/auth"
	"masthead/internal/content"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// postJSON posts a form as the editor's script does and decodes the JSON
// answer into out (when not nil); it fails unless the answer is JSON.
func (c *client) postJSON(path string, form url.Values, out any) resp {
	c.t.Helper()
	r := c.post(path, form, "Accept", "application/json")
	if ct := r.header.Get("Content-Type"); ct != "application/json" {
		c.t.Fatalf("%s answered %d %q, not JSON:\n%s", path, r.status, ct, r.body)
	}
	if out != nil {
		// Fields the answer leaves out must not keep an earlier answer's.
		v := reflect.ValueOf(out).Elem()
		v.Set(reflect.Zero(v.Type()))
		if err := json.Unmarshal([]byte(r.body), out); err != nil {
			c.t.Fatalf("%s: %v\n%s", path, err, r.body)
		}
	}
	return r
}

type autosaveJSON struct {
	Saved     bool   `json:"saved"`
	SavedAt   string `json:"saved_at"`
	ArticleID int64  `json:"article_id"`
	EditURL   string `json:"edit_url"`
	Autosave  string `json:"autosave_url"`
	Version   int64  `json:"version"`
	Error     string `json:"error"`
	Fields    map[string]string
	Presence  *presenceAnswer `json:"presence"`
}

type presenceAnswer struct {
	Holds     bool     `json:"holds"`
	Holder    string   `json:"holder"`
	Message   string   `json:"message"`
	TakenOver string   `json:"taken_over"`
	Others    []string `json:"others"`
	Error     string   `json:"error"`
}

func autosaves(t *testing.T, db *store.DB, id int64) []content.Revision {
	t.Helper()
	revs, err := db.ListRevisions(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	var out []content.Revision
	for _, r := range revs {
		if r.Kind == content.RevisionAutosave {
			out = append(out, r)
		}
	}
	return out
}

// Autosaves keep the writer's text without touching the article, fold
// into one revision, and are offered back when the editor is opened.
func TestAutosaveKeepsTheWorkingCopyAndOffersItBack(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		w := a.user("writer@example.org", auth.RoleAuthor)
		a.user("other@example.org", auth.RoleContributor)
		draft := a.story("draft", "Housing", "First words.", w.AuthorID, content.ActionSave)
		edit := "/admin/articles/" + itoa(draft.ID)
		c := a.signIn("writer@example.org")
		version := versionOf(t, c.get(edit))

		for i, body := range []string{"First words. More", "First words. More words.", "First words. More words. The end."} {
			a.clock.Add(5 * time.Second)
			f := articleForm(a.section, w.AuthorID, "Story draft", body, "")
			f.Set("version", version)
			var ans autosaveJSON
			wantStatus(t, c.postJSON(edit+"/autosave", f, &ans), http.StatusOK, "autosave")
			if !ans.Saved || ans.ArticleID != draft.ID || ans.SavedAt != a.clock.Now().Format("15:04:05") || ans.Presence == nil || !ans.Presence.Holds {
				t.Fatalf("autosave %d answered %+v", i+1, ans)
			}
		}
		if got := a.article(draft.ID); got.BodySource != "First words." || !got.UpdatedAt.Equal(draft.UpdatedAt) {
			t.Fatalf("autosaves changed the article: %q", got.BodySource)
		}
		saved := autosaves(t, db, draft.ID)
		if len(saved) != 1 || saved[0].Snapshot.BodySource != "First words. More words. The end." {
			t.Fatalf("three autosaves left %d autosave revisions: %+v", len(saved), saved)
		}
		wantBody(t, c.get(edit+"/revisions"), "revisions", `<td>autosave</td>`)

		// Opening the editor offers the newer autosave; Restore puts it in the form.
		r := c.get(edit)
		wantBody(t, r, "editor with an autosave", `id="recovery"`, "You have text autosaved at", `href="`+edit+`?restore=`+itoa(saved[0].ID)+`"`)
		if strings.Contains(r.body, "The end.</textarea>") {
			t.Error("the autosave is in the form before it was restored")
		}
		r = c.get(edit + "?restore=" + itoa(saved[0].ID))
		wantBody(t, r, "restored", "First words. More words. The end.</textarea>", "Your autosaved text is below")
		// Saving the restored form keeps it; the offer goes.
		a.clock.Add(time.Minute)
		f := articleForm(a.section, w.AuthorID, "Story draft", "First words. More words. The end.", "save")
		f.Set("version", versionOf(t, r))
		savedID(t, c.post(edit, f))
		if got := a.article(draft.ID); got.BodySource != "First words. More words. The end." {
			t.Fatalf("after saving the restored text: %q", got.BodySource)
		}
		if strings.Contains(c.get(edit).body, `id="recovery"`) {
			t.Error("the offer stays after the text was saved")
		}

		// Discard sets a newer autosave aside; it stays in the revisions.
		a.clock.Add(time.Minute)
		f = articleForm(a.section, w.AuthorID, "Story draft", "Something I will not keep.", "")
		c.postJSON(edit+"/autosave", f, nil)
		latest := autosaves(t, db, draft.ID)[0]
		wantBody(t, c.get(edit), "second offer", `id="recovery"`)
		r = c.post(edit+"/autosave/"+itoa(latest.ID)+"/dismiss", url.Values{})
		if r.status != http.StatusSeeOther || !strings.HasSuffix(r.location(), "done=discarded") {
			t.Fatalf("discard: %d %s", r.status, r.location())
		}
		if strings.Contains(c.get(edit).body, `id="recovery"`) {
			t.Error("the offer stays after Discard")
		}
		if got := autosaves(t, db, draft.ID); len(got) != 2 || got[0].Snapshot.BodySource != "Something I will not keep." {
			t.Errorf("the discarded text is not kept in the revisions: %+v", got)
		}

		// Bad input: over the limit, refused with the field's message; nothing stored.
		before := len(autosaves(t, db, draft.ID))
		huge := articleForm(a.section, w.AuthorID, strings.Repeat("h", content.MaxHeadlineChars+1), "x", "")
		var ans autosaveJSON
		wantStatus(t, c.postJSON(edit+"/autosave", huge, &ans), http.StatusUnprocessableEntity, "autosave over the limit")
		if !strings.Contains(ans.Error, "headline") || ans.Saved {
			t.Errorf("over-limit autosave answered %+v", ans)
		}
		if after := autosaves(t, db, draft.ID); len(after) != before || after[0].Snapshot.BodySource != "Something I will not keep." {
			t.Error("a refused autosave stored something")
		}
		// Without the session's token, from another site, by someone who
		// cannot edit it, or for no article: refused.
		wantStatus(t, c.postJSON(edit+"/autosave", url.Values{"csrf": {"forged"}, "body": {"x"}}, nil), http.StatusForbidden, "forged token")
		wantStatus(t, c.post(edit+"/autosave", url.Values{"body": {"x"}}, "Sec-Fetch-Site", "cross-site"), http.StatusForbidden, "cross-site")
		o := a.signIn("other@example.org")
		wantStatus(t, o.postJSON(edit+"/autosave", url.Values{"body": {"x"}}, &ans), http.StatusForbidden, "another's article")
		if ans.Error == "" {
			t.Error("a refused autosave gives no reason")
		}
		wantStatus(t, c.postJSON("/admin/articles/99999/autosave", url.Values{"body": {"x"}}, nil), http.StatusNotFound, "no such article")
		if got := autosaves(t, db, draft.ID); len(got) != before {
			t.Error("refused autosaves stored something")
		}
	})
}

// A new article's first autosave creates it as a draft and says where it
// now lives; one that cannot be a draft yet says why and creates nothing.
func TestFirstAutosaveOfANewArticleCreatesTheDraft(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		w := a.user("writer@example.org", auth.RoleContributor)
		c := a.signIn("writer@example.org")
		c.get("/admin/articles/new")
		var ans autosaveJSON
		f := articleForm(a.section, w.AuthorID, "", "Words before a headline.", "")
		wantStatus(t, c.postJSON("/admin/articles/new/autosave", f, &ans), http.StatusUnprocessableEntity, "autosave without a headline")
		if !strings.Contains(ans.Error, "Write a headline.") || ans.Fields["headline"] == "" {
			t.Errorf("answer: %+v", ans)
		}
		if n := a.countArticles(); n != 0 {
			t.Fatalf("%d articles after a refused autosave", n)
		}
		f.Set("headline", "Council meets")
		wantStatus(t, c.postJSON("/admin/articles/new/autosave", f, &ans), http.StatusOK, "first autosave")
		art := a.article(ans.ArticleID)
		if art.Status != content.StatusDraft || art.Headline != "Council meets" || ans.EditURL != "/admin/articles/"+itoa(art.ID) ||
			ans.Autosave != ans.EditURL+"/autosave" || ans.Version != art.UpdatedAt.UnixMicro() {
			t.Fatalf("first autosave: %+v, article %+v", ans, art)
		}
		// The next ones keep the working copy of that draft.
		f.Set("body", "Words before a headline, and after.")
		wantStatus(t, c.postJSON(ans.Autosave, f, &ans), http.StatusOK, "second autosave")
		if n := a.countArticles(); n != 1 {
			t.Fatalf("%d articles after two autosaves", n)
		}
		if got := autosaves(t, db, art.ID); len(got) != 1 || got[0].Snapshot.BodySource != "Words before a headline, and after." {
			t.Fatalf("working copy: %+v", got)
		}
	})
}

// Two people in one article: the second sees the first, takes over, and
// the first learns it at their next heartbeat or autosave; their text is
// kept. Someone gone quiet disappears.
func TestPresenceAndTakeOver(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		ana := a.user("ana@example.org", auth.RoleEditor)
		a.user("ben@example.org", auth.RoleEditor)
		a.user("con@example.org", auth.RoleContributor)
		story := a.story("budget", "Council", "The budget.", ana.AuthorID, content.ActionSave)
		edit := "/admin/articles/" + itoa(story.ID)
		ac, bc := a.signIn("ana@example.org"), a.signIn("ben@example.org")

		r := ac.get(edit)
		if strings.Contains(r.body, "is editing this article") {
			t.Fatal("the first in is told someone else is editing")
		}
		a.clock.Add(10 * time.Second)
		r = bc.get(edit)
		wantBody(t, r, "second in, without script", "ana is editing this article (since "+a.clock.Now().Add(-10*time.Second).Format("15:04")+")",
			`action="`+edit+`/take-over"`, `data-holds="false"`)

		var p presenceAnswer
		wantStatus(t, bc.postJSON(edit+"/presence", url.Values{}, &p), http.StatusOK, "ben's heartbeat")
		if p.Holds || p.Holder != "ana" || len(p.Others) != 1 || p.Others[0] != "ana" {
			t.Fatalf("ben's heartbeat: %+v", p)
		}
		a.clock.Add(5 * time.Second)
		wantStatus(t, bc.postJSON(edit+"/take-over", url.Values{}, &p), http.StatusOK, "take over")
		if !p.Holds || p.Message != "" {
			t.Fatalf("after taking over: %+v", p)
		}
		takenAt := a.clock.Now().Format("15:04")
		// Ana's heartbeat learns it.
		wantStatus(t, ac.postJSON(edit+"/presence", url.Values{}, &p), http.StatusOK, "ana's heartbeat")
		if p.Holds || p.TakenOver != "ben took over at "+takenAt+"; your text is kept as a revision" {
			t.Fatalf("ana's heartbeat after the take-over: %+v", p)
		}
		// Her editor saves her text; it is kept as her revision.
		var ans autosaveJSON
		wantStatus(t, ac.postJSON(edit+"/autosave", articleForm(a.section, ana.AuthorID, "Story budget", "Ana's last words.", ""), &ans), http.StatusOK, "ana's last autosave")
		if !ans.Saved || ans.Presence == nil || ans.Presence.TakenOver == "" {
			t.Fatalf("ana's autosave after the take-over: %+v", ans)
		}
		kept := autosaves(t, db, story.ID)
		if len(kept) != 1 || kept[0].CreatedBy != ana.ID || kept[0].Snapshot.BodySource != "Ana's last words." {
			t.Fatalf("ana's text: %+v", kept)
		}
		wantBody(t, ac.get(edit), "ana reopens", "ben is editing this article", "ben took over at "+takenAt)

		// Without a take-over form post from a script, the page comes back.
		r = ac.post(edit+"/take-over", url.Values{})
		if r.status != http.StatusSeeOther || r.location() != edit {
			t.Fatalf("take over without script: %d %s", r.status, r.location())
		}
		wantStatus(t, bc.postJSON(edit+"/take-over", url.Values{}, &p), http.StatusOK, "ben takes it back")

		// Ana closes her editor; after the timeout without a heartbeat she is gone.
		wantStatus(t, ac.post(edit+"/presence", url.Values{"leave": {"1"}}), http.StatusNoContent, "leave")
		wantStatus(t, bc.postJSON(edit+"/presence", url.Values{}, &p), http.StatusOK, "ben alone")
		if !p.Holds || len(p.Others) != 0 {
			t.Fatalf("after ana left: %+v", p)
		}
		ac.get(edit)
		a.clock.Add(content.PresenceTimeout + time.Second)
		wantStatus(t, bc.postJSON(edit+"/presence", url.Values{}, &p), http.StatusOK, "after the timeout")
		if len(p.Others) != 0 {
			t.Fatalf("a presence older than the timeout is still listed: %+v", p)
		}

		// Bad requests and forbidden roles.
		cc := a.signIn("con@example.org")
		wantStatus(t, cc.postJSON(edit+"/presence", url.Values{}, &p), http.StatusForbidden, "contributor's heartbeat on another's article")
		wantStatus(t, cc.postJSON(edit+"/take-over", url.Values{}, &p), http.StatusForbidden, "contributor takes over another's article")
		wantStatus(t, bc.postJSON(edit+"/presence", url.Values{"csrf": {"forged"}}, &p), http.StatusForbidden, "forged heartbeat")
		wantStatus(t, bc.postJSON("/admin/articles/0/presence", url.Values{}, &p), http.StatusNotFound, "no article")
		if h, _, _ := db.Presence(context.Background(), story.ID, a.clock.Now().Add(-content.PresenceTimeout)); h.UserID == 0 {
			t.Error("nobody holds the article")
		}
	})
}
