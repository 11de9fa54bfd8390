package admin_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"masthead/internal/auth"
	"masthead/internal/content"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

func notesOf(t *testing.T, db *store.DB, id int64) []content.Note {
	t.Helper()
	n, err := db.ArticleNotes(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func noteForm(kind, text string) url.Values {
	return url.Values{"note_kind": {kind}, "note_text": {text}}
}

// Editors add corrections and updates from the article's editor page;
// authors add updates to their own published work only; contributors
// none. Refused notes say why and store nothing.
func TestAddCorrectionsAndUpdates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		a.user("ed@example.org", auth.RoleEditor)
		writer := a.user("writer@example.org", auth.RoleAuthor)
		other := a.user("other@example.org", auth.RoleAuthor)
		a.user("contrib@example.org", auth.RoleContributor)
		story := a.publishedArticle("story", writer.AuthorID)
		theirs := a.publishedArticle("theirs", other.AuthorID)
		path := "/admin/articles/" + itoa(story.ID)

		ed := a.signIn("ed@example.org")
		r := ed.get(path)
		wantStatus(t, r, http.StatusOK, "editor page")
		wantBody(t, r, "editor page", `<h2 id="notes-heading">Corrections and updates</h2>`, `action="`+path+`/corrections"`,
			`<option value="correction" selected>`, "None yet.")
		if strings.Contains(r.body, `name="correction"`) {
			t.Error("the main form still has the old correction field")
		}

		r = ed.post(path+"/corrections", noteForm("correction", "  An earlier version gave the vote as 8–4.\nIt was 7–5. "))
		if r.status != http.StatusSeeOther || r.location() != path+"?done=note#notes" {
			t.Fatalf("add a correction: %d %s\n%s", r.status, r.location(), r.body)
		}
		notes := notesOf(t, db, story.ID)
		if len(notes) != 1 || notes[0].Kind != content.NoteCorrection || notes[0].Text != "An earlier version gave the vote as 8–4. It was 7–5." ||
			!notes[0].At.Equal(a.clock.Now().UTC()) {
			t.Fatalf("stored notes = %+v", notes)
		}
		if got := a.article(story.ID); !got.ModifiedAt.Equal(notes[0].At) || !got.UpdatedAt.Equal(story.UpdatedAt) {
			t.Errorf("article after the note: modified %v updated %v, want modified at the note and the version unchanged (%v)",
				got.ModifiedAt, got.UpdatedAt, story.UpdatedAt)
		}
		r = ed.get(path + "?done=note")
		wantBody(t, r, "editor page after adding", "Note added: readers see it with the article now.",
			"<strong>Correction</strong>, <time datetime=", "by ed: An earlier version gave the vote as 8–4. It was 7–5.")

		// The article's own author adds an update, later.
		a.clock.Add(time.Hour)
		w := a.signIn("writer@example.org")
		r = w.get(path)
		wantStatus(t, r, http.StatusOK, "author's editor page")
		if strings.Contains(r.body, `<option value="correction"`) {
			t.Error("an author is offered corrections")
		}
		r = w.post(path+"/corrections", noteForm("update", "Adds the mayor's reply."))
		wantStatus(t, r, http.StatusSeeOther, "author's update")
		if notes := notesOf(t, db, story.ID); len(notes) != 2 || notes[1].Kind != content.NoteUpdate || notes[1].By != writer.ID {
			t.Fatalf("notes after the update = %+v", notes)
		}

		// Refused: nothing more is stored.
		for _, c := range []struct {
			what   string
			who    *client
			path   string
			form   url.Values
			status int
			want   string
		}{
			{"an author's correction", w, path, noteForm("correction", "Fix."), http.StatusForbidden, "Only editors can add corrections"},
			{"an update to someone else's article", w, "/admin/articles/" + itoa(theirs.ID), noteForm("update", "More."), http.StatusForbidden, ""},
			{"a contributor's update", a.signIn("contrib@example.org"), path, noteForm("update", "More."), http.StatusForbidden, ""},
			{"no text", ed, path, noteForm("correction", " \n "), http.StatusUnprocessableEntity, "Write what was corrected or updated."},
			{"an unknown kind", ed, path, noteForm("retraction", "Gone."), http.StatusUnprocessableEntity, "Choose correction or update."},
			{"too long a note", ed, path, noteForm("correction", strings.Repeat("x", content.MaxCorrectionChars+1)), http.StatusUnprocessableEntity, "at most 5,000 characters"},
			{"a 5 MB note", ed, path, noteForm("correction", strings.Repeat("x", 5<<20)), http.StatusRequestEntityTooLarge, ""},
			{"no CSRF token", ed, path, url.Values{"note_kind": {"correction"}, "note_text": {"Fix."}, "csrf": {"forged"}}, http.StatusForbidden, ""},
			{"an unknown article", ed, "/admin/articles/99999", noteForm("correction", "Fix."), http.StatusNotFound, ""},
		} {
			r := c.who.post(c.path+"/corrections", c.form)
			wantStatus(t, r, c.status, c.what)
			if c.want != "" {
				wantBody(t, r, c.what, c.want)
			}
		}
		// A refused note comes back as typed.
		r = ed.post(path+"/corrections", noteForm("retraction", "Typed text kept"))
		wantBody(t, r, "refused note", ">Typed text kept</textarea>", `id="note_kind-error"`)
		if notes := notesOf(t, db, story.ID); len(notes) != 2 {
			t.Fatalf("refused notes were stored: %+v", notes)
		}
		if notes := notesOf(t, db, theirs.ID); len(notes) != 0 {
			t.Fatalf("a refused note was stored on another article: %+v", notes)
		}

		// A draft takes no notes: it has not been published.
		res, err := a.content.Save(context.Background(), editorActor, content.ArticleInput{Headline: "A draft", SectionID: a.section,
			AuthorIDs: []int64{writer.AuthorID}, BodySource: "Not yet.", Action: content.ActionSave})
		if err != nil {
			t.Fatal(err)
		}
		draft := "/admin/articles/" + itoa(res.Article.ID)
		wantBody(t, ed.get(draft), "draft's editor page", "can be added once the article is published")
		r = ed.post(draft+"/corrections", noteForm("correction", "Fix."))
		wantStatus(t, r, http.StatusUnprocessableEntity, "a note on a draft")
		wantBody(t, r, "a note on a draft", "for published articles")
		if notes := notesOf(t, db, res.Article.ID); len(notes) != 0 {
			t.Fatalf("a draft got notes: %+v", notes)
		}
	})
}
