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
	"masthead/internal/staffmail"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

func deskNotesOf(t *testing.T, db *store.DB, id int64) []content.DeskNote {
	t.Helper()
	n, err := db.DeskNotes(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// The Desk panel: an editor adds a note mentioning a colleague from the
// article's editor page; the page says whom it emailed and which mentions
// notified nobody; the article's contributor reads it; others cannot add
// one; refused notes store nothing and come back as typed.
func TestDeskNotesOnTheEditorPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		desk := staffmail.New(staffmail.Options{Store: db, Mail: a.mail, Jobs: a.queue,
			Site: func(context.Context) (string, string) { return "Test Weekly", "https://news.example.org" }})
		a.queue.Register(desk.JobKinds()...)
		a.content.UseNotifier(desk)
		ed := a.user("ed@example.org", auth.RoleEditor)
		carla := a.user("carla@example.org", auth.RoleEditor)
		writer := a.user("writer@example.org", auth.RoleContributor)
		a.user("other@example.org", auth.RoleContributor)
		ctx := context.Background()
		res, err := a.content.Save(ctx, content.Actor{UserID: writer.ID, Role: writer.Role, AuthorID: writer.AuthorID},
			content.ArticleInput{Headline: "Harbour figures", SectionID: a.section, AuthorIDs: []int64{writer.AuthorID}, BodySource: "Text."})
		if err != nil {
			t.Fatal(err)
		}
		id := res.Article.ID
		path := "/admin/articles/" + itoa(id)

		e := a.signIn("ed@example.org")
		r := e.get(path)
		wantStatus(t, r, http.StatusOK, "editor page")
		wantBody(t, r, "editor page", `<h2 id="desk-heading">Desk</h2>`, "No notes yet.", `action="`+path+`/desk-notes"`,
			"@carla (carla), @writer (writer).")
		if strings.Contains(r.body, "@ed (ed)") {
			t.Error("the hint offers to mention yourself")
		}

		r = e.post(path+"/desk-notes", url.Values{"desk_note": {"@carla please check the figures.\r\nSee <b>table 2</b>, @nobody and @other."}})
		if r.status != http.StatusSeeOther || !strings.HasPrefix(r.location(), path+"?done=desk-note&note=") || !strings.HasSuffix(r.location(), "#desk") {
			t.Fatalf("add a note: %d %s\n%s", r.status, r.location(), r.body)
		}
		notes := deskNotesOf(t, db, id)
		if len(notes) != 1 || notes[0].Text != "@carla please check the figures.\nSee <b>table 2</b>, @nobody and @other." ||
			notes[0].UserID != ed.ID || len(notes[0].Mentions) != 1 || notes[0].Mentions[0] != carla.ID || !notes[0].At.Equal(a.clock.Now().UTC()) {
			t.Fatalf("stored notes = %+v", notes)
		}
		// One email, to the colleague mentioned, sent by the queue.
		a.runJobs()
		if msgs := a.mail.Messages(); len(msgs) != 1 || msgs[0].To[0] != "carla@example.org" || msgs[0].Subject != "You were mentioned: “Harbour figures”" ||
			!strings.Contains(msgs[0].Text, "@carla please check the figures.\nSee <b>table 2</b>") ||
			!strings.Contains(msgs[0].Text, "https://news.example.org/admin/articles/"+itoa(id)) {
			t.Fatalf("emails after the note = %+v", msgs)
		}
		r = e.get(strings.TrimSuffix(r.location(), "#desk"))
		wantBody(t, r, "page after adding", "Note added to the desk. Emailed: carla.",
			"<li>@nobody was not notified: no one on the staff has this name.</li>",
			"<li>@other (other) was not notified: they cannot open this article.</li>",
			`<p class="desk-text">@carla please check the figures.<br>See &lt;b&gt;table 2&lt;/b&gt;, @nobody and @other.</p>`,
			`<p class="desk-notified">Emailed carla.</p>`, `<strong>ed</strong> <time datetime="2026-11-10T09:00:00Z" title="Tuesday 10 November 2026, 09:00:00 UTC">10 Nov 2026, 09:00</time>`)

		// The article's contributor reads the note and answers.
		w := a.signIn("writer@example.org")
		r = w.get(path)
		wantBody(t, r, "the contributor's editor page", "@carla please check the figures.")
		wantStatus(t, w.post(path+"/desk-notes", url.Values{"desk_note": {"Checked, @ed."}}), http.StatusSeeOther, "the contributor's note")
		// Someone else's note is not reported to them as theirs.
		r = w.get(path + "?done=desk-note&note=" + itoa(notes[0].ID))
		if strings.Contains(r.body, "Note added to the desk.") {
			t.Error("the page reports someone else's note as added by the reader")
		}

		// The workflow's events are listed with the notes, in the order they happened.
		a.clock.Add(time.Minute)
		if _, err := a.content.Transition(ctx, content.Actor{UserID: writer.ID, Role: writer.Role, AuthorID: writer.AuthorID}, id, content.MoveSubmit, "", 0); err != nil {
			t.Fatal(err)
		}
		// While the desk holds it, its writer reads the panel on the held page.
		r = w.get(path)
		wantBody(t, r, "the held page", `id="held-hint"`, `<h2 id="desk-heading">Desk</h2>`, "@carla please check the figures.")
		r = w.post(path+"/desk-notes", url.Values{"desk_note": {" "}})
		wantStatus(t, r, http.StatusUnprocessableEntity, "an empty note from the held page")
		wantBody(t, r, "an empty note from the held page", `id="held-hint"`, "Write a note.")
		a.clock.Add(time.Minute)
		if _, err := a.content.Transition(ctx, content.Actor{UserID: ed.ID, Role: ed.Role, AuthorID: ed.AuthorID}, id, content.MoveSendBack, "Add the council's reply.", 0); err != nil {
			t.Fatal(err)
		}
		r = w.get(path)
		wantBody(t, r, "history", `writer submitted it for review, <time datetime="2026-11-10T09:01:00Z"`,
			`ed sent it back to draft, <time datetime="2026-11-10T09:02:00Z"`, "Add the council&#39;s reply.")
		_, panel, _ := strings.Cut(r.body, `id="desk"`)
		if i, j, k := strings.Index(panel, "@carla please check"), strings.Index(panel, "submitted it for review"), strings.Index(panel, "sent it back to draft"); !(0 <= i && i < j && j < k) {
			t.Errorf("history out of order: note at %d, submitted at %d, sent back at %d", i, j, k)
		}
		a.runJobs() // the answer's mention, the submission's and the send-back's emails
		a.mail.Reset()

		// Refused: nothing more is stored, nobody is emailed.
		o := a.signIn("other@example.org")
		for _, c := range []struct {
			what   string
			who    *client
			path   string
			form   url.Values
			status int
			want   string
		}{
			{"another contributor's note", o, path, url.Values{"desk_note": {"Me too."}}, http.StatusForbidden, "You cannot add notes to this article"},
			{"an empty note", e, path, url.Values{"desk_note": {" \r\n "}}, http.StatusUnprocessableEntity, "Write a note."},
			{"too long a note", e, path, url.Values{"desk_note": {strings.Repeat("x", content.MaxDeskNoteChars+1)}}, http.StatusUnprocessableEntity, "at most 5,000 characters"},
			{"a 5 MB note", e, path, url.Values{"desk_note": {strings.Repeat("x", 5<<20)}}, http.StatusRequestEntityTooLarge, ""},
			{"no CSRF token", e, path, url.Values{"desk_note": {"Forged."}, "csrf": {"forged"}}, http.StatusForbidden, ""},
			{"an unknown article", e, "/admin/articles/99999", url.Values{"desk_note": {"Hello."}}, http.StatusNotFound, ""},
		} {
			r := c.who.post(c.path+"/desk-notes", c.form)
			wantStatus(t, r, c.status, c.what)
			if c.want != "" {
				wantBody(t, r, c.what, c.want)
			}
		}
		r = e.post(path+"/desk-notes", url.Values{"desk_note": {strings.Repeat("y", content.MaxDeskNoteChars+1)}})
		wantBody(t, r, "refused note", ">"+strings.Repeat("y", content.MaxDeskNoteChars+1)+"</textarea>", `id="desk_note-error"`)
		if notes := deskNotesOf(t, db, id); len(notes) != 2 {
			t.Fatalf("refused notes were stored: %+v", notes)
		}
		a.runJobs()
		if msgs := a.mail.Messages(); len(msgs) != 0 {
			t.Errorf("refused notes sent %d emails", len(msgs))
		}

		// Deleting the draft deletes its notes.
		wantStatus(t, e.post(path+"/delete", url.Values{}), http.StatusSeeOther, "delete the draft")
		if notes := deskNotesOf(t, db, id); len(notes) != 0 {
			t.Errorf("the deleted draft's notes remain: %+v", notes)
		}
	})
}
