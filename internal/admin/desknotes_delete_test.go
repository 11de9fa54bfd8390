package admin_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"masthead/internal/auth"
	"masthead/internal/content"
	"masthead/internal/staffmail"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// A note's writer deletes it from the Desk panel: the button is beside
// their own notes only; another's note is refused (403), another
// article's note is not found (404), a forged form is refused, and none
// of these changes anything; the mention it already emailed stays sent.
func TestDeskNoteDelete(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		desk := staffmail.New(staffmail.Options{Store: db, Mail: a.mail, Jobs: a.queue,
			Site: func(context.Context) (string, string) { return "Test Weekly", "https://news.example.org" }})
		a.queue.Register(desk.JobKinds()...)
		a.content.UseNotifier(desk)
		a.user("ed@example.org", auth.RoleEditor)
		a.user("carla@example.org", auth.RoleEditor)
		writer := a.user("writer@example.org", auth.RoleContributor)
		ctx := context.Background()
		save := func(headline string) int64 {
			t.Helper()
			res, err := a.content.Save(ctx, content.Actor{UserID: writer.ID, Role: writer.Role, AuthorID: writer.AuthorID},
				content.ArticleInput{Headline: headline, SectionID: a.section, AuthorIDs: []int64{writer.AuthorID}, BodySource: "Text."})
			if err != nil {
				t.Fatal(err)
			}
			return res.Article.ID
		}
		id, otherID := save("Harbour figures"), save("Ferry timetable")
		path, otherPath := "/admin/articles/"+itoa(id), "/admin/articles/"+itoa(otherID)

		e, c := a.signIn("ed@example.org"), a.signIn("carla@example.org")
		wantStatus(t, e.post(path+"/desk-notes", url.Values{"desk_note": {"@carla please check the figures."}}), http.StatusSeeOther, "ed's note")
		wantStatus(t, c.post(path+"/desk-notes", url.Values{"desk_note": {"Checked."}}), http.StatusSeeOther, "carla's note")
		wantStatus(t, c.post(otherPath+"/desk-notes", url.Values{"desk_note": {"Elsewhere."}}), http.StatusSeeOther, "carla's other note")
		a.runJobs()
		if msgs := a.mail.Messages(); len(msgs) != 1 || msgs[0].To[0] != "carla@example.org" {
			t.Fatalf("emails after the notes = %+v", msgs)
		}
		notes := deskNotesOf(t, db, id)
		if len(notes) != 2 {
			t.Fatalf("notes = %+v", notes)
		}
		mine, hers := notes[0], notes[1]
		other := deskNotesOf(t, db, otherID)[0]
		del := func(articlePath string, n content.DeskNote) string {
			return articlePath + "/desk-notes/" + itoa(n.ID) + "/delete"
		}

		// The button is beside one's own notes only.
		r := e.get(path)
		wantBody(t, r, "ed's Desk panel", `action="`+del(path, mine)+`"`, `>Delete</button>`)
		if strings.Contains(r.body, del(path, hers)) {
			t.Error("ed is offered to delete carla's note")
		}

		// Refused: nothing changes.
		for _, tc := range []struct {
			what   string
			who    *client
			path   string
			form   url.Values
			status int
			want   string
		}{
			{"another's note", c, del(path, mine), nil, http.StatusForbidden, "You can delete only your own notes."},
			{"another article's note", c, del(path, other), nil, http.StatusNotFound, ""},
			{"a note that is not there", e, path + "/desk-notes/99999/delete", nil, http.StatusNotFound, ""},
			{"a note of an unknown article", e, "/admin/articles/99999/desk-notes/" + itoa(mine.ID) + "/delete", nil, http.StatusNotFound, ""},
			{"no CSRF token", e, del(path, mine), url.Values{"csrf": {"forged"}}, http.StatusForbidden, ""},
		} {
			form := tc.form
			if form == nil {
				form = url.Values{}
			}
			r := tc.who.post(tc.path, form)
			wantStatus(t, r, tc.status, tc.what)
			if tc.want != "" {
				wantBody(t, r, tc.what, tc.want)
			}
		}
		if n := deskNotesOf(t, db, id); len(n) != 2 {
			t.Fatalf("a refused delete changed the notes: %+v", n)
		}
		if n := deskNotesOf(t, db, otherID); len(n) != 1 {
			t.Fatalf("a refused delete changed the other article's notes: %+v", n)
		}

		// Ed deletes his own note; carla's stays, and so does her email.
		r = e.post(del(path, mine), url.Values{})
		if r.status != http.StatusSeeOther || r.location() != path+"?done=desk-note-deleted#desk" {
			t.Fatalf("delete own note: %d %s\n%s", r.status, r.location(), r.body)
		}
		r = e.get(strings.TrimSuffix(r.location(), "#desk"))
		wantBody(t, r, "page after deleting", "Your note is deleted from the desk.", "Checked.")
		if strings.Contains(r.body, "please check the figures") {
			t.Error("the deleted note is still in the Desk panel")
		}
		if n := deskNotesOf(t, db, id); len(n) != 1 || n[0].ID != hers.ID {
			t.Errorf("notes after deleting = %+v", n)
		}
		a.runJobs()
		if msgs := a.mail.Messages(); len(msgs) != 1 || !strings.Contains(msgs[0].Text, "@carla please check the figures.") {
			t.Errorf("emails after deleting = %+v", msgs)
		}
		wantStatus(t, e.post(del(path, mine), url.Values{}), http.StatusNotFound, "deleting it again")
	})
}
