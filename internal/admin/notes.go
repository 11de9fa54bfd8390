package admin

import (
	"context"
	"net/http"
	"slices"
	"strconv"

	"masthead/internal/auth"
	"masthead/internal/content"
)

// Corrections and updates (decision 0043) are added from the article's
// editor page in a form of their own, posted to
// /admin/articles/{id}/corrections, apart from the article's main save: a
// note is dated and public the moment it is added, and never edited.

// notesPanel is the editor page's "Corrections and updates" section.
type notesPanel struct {
	Action string
	Notes  []content.Note
	// Open is whether notes can be added now (the article is published);
	// CanCorrect whether the reader may add corrections, CanUpdate updates.
	Open, CanCorrect, CanUpdate bool
	Kind, Text                  string // as typed, when the form comes back with an error
}

// notesPanel loads the section for art; nil for an article not yet saved.
func (a *Admin) notesPanel(ctx context.Context, sess *auth.Session, art content.Article) (*notesPanel, error) {
	if art.ID == 0 {
		return nil, nil
	}
	notes, err := a.content.ArticleNotes(ctx, art.ID)
	if err != nil {
		return nil, err
	}
	role := sess.User.Role
	p := &notesPanel{Action: "/admin/articles/" + strconv.FormatInt(art.ID, 10) + "/corrections", Notes: notes,
		Open: art.Status == content.StatusPublished, CanCorrect: role.AtLeast(auth.RoleEditor)}
	p.CanUpdate = p.CanCorrect || (role.AtLeast(auth.RoleAuthor) && sess.User.AuthorID != 0 && slices.Contains(art.AuthorIDs, sess.User.AuthorID))
	p.Kind = string(content.NoteUpdate)
	if p.CanCorrect {
		p.Kind = string(content.NoteCorrection)
	}
	return p, nil
}

// addNote adds a correction or an update to an article:
// POST /admin/articles/{id}/corrections. A refused note shows the editor
// page again with the text as typed; nothing is stored.
func (a *Admin) addNote(w http.ResponseWriter, r *http.Request) error {
	art, err := a.editable(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	kind, text := r.PostFormValue("note_kind"), r.PostFormValue("note_text")
	if _, err := a.content.AddNote(ctx, actor(sessionFrom(ctx)), art.ID, content.NoteKind(kind), text); err != nil {
		p, perr := a.editorPage(ctx, art)
		if perr != nil {
			return perr
		}
		if v, ok := p.Data.(*editorView); ok && v.Notes != nil {
			v.Notes.Kind, v.Notes.Text = kind, text
		}
		return again("editor", p, err)
	}
	return seeOther(w, r, "/admin/articles/"+strconv.FormatInt(art.ID, 10)+"?done=note#notes")
}
