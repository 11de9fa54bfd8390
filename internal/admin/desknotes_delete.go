package admin

import (
	"net/http"
	"strconv"

	"masthead/internal/auth"
	"masthead/internal/content"
)

// Deleting one's own editorial note from the Desk panel (decision 0046):
// a small form beside each of one's notes, posted to
// /admin/articles/{id}/desk-notes/{note}/delete.

// doneNoteDeleted is the article page's ?done= after a note is deleted.
const doneNoteDeleted = "desk-note-deleted"

// deleteNoteAction is where sess's user deletes n, "" when n is not
// theirs (only a note's writer may delete it).
func deleteNoteAction(sess *auth.Session, n content.DeskNote) string {
	if n.UserID == 0 || n.UserID != sess.User.ID {
		return ""
	}
	return "/admin/articles/" + strconv.FormatInt(n.ArticleID, 10) + "/desk-notes/" + strconv.FormatInt(n.ID, 10) + "/delete"
}

// deleteDeskNote deletes the signed-in person's own note: POST
// /admin/articles/{id}/desk-notes/{note}/delete. Another's note is
// refused (403), another article's note is not found (404); either way
// nothing changes.
func (a *Admin) deleteDeskNote(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	note, err := pathID(r, "note")
	if err != nil {
		return err
	}
	ctx := r.Context()
	if err := a.content.DeleteDeskNote(ctx, actor(sessionFrom(ctx)), id, note); err != nil {
		return err
	}
	return seeOther(w, r, "/admin/articles/"+strconv.FormatInt(id, 10)+"?done="+doneNoteDeleted+"#desk")
}
