package content

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/auth"
)

// Corrections and updates (decision 0043): dated notes on a published
// article. A correction says what was wrong and what is right; an update
// says what was added or changed since publication. Notes are part of the
// public record: they are never edited or deleted, only followed by
// another note. Adding one makes the article "Updated" at the note's time.

// NoteKind is what a note is.
type NoteKind string

// The kinds of note.
const (
	NoteCorrection NoteKind = "correction"
	NoteUpdate     NoteKind = "update"
)

// Valid reports whether k is a known kind.
func (k NoteKind) Valid() bool { return k == NoteCorrection || k == NoteUpdate }

// Label is the kind as readers see it: "Correction" or "Update".
func (k NoteKind) Label() string {
	if k == NoteUpdate {
		return "Update"
	}
	return "Correction"
}

// Note is one correction or update of an article.
type Note struct {
	ID        int64
	ArticleID int64
	Kind      NoteKind
	Text      string
	At        time.Time // when it was made
	By        int64     // the staff member who made it; 0 when unknown
	ByName    string    // their name, for the newsroom; "" when unknown
}

// CorrectionEntry is a note with the article it belongs to, for the
// public corrections page.
type CorrectionEntry struct {
	Note
	Slug     string
	Headline string
}

// NoteStore keeps notes; *store.DB is one.
type NoteStore interface {
	// AddNote stores n and moves the article's modified time to n.At
	// when that is later, in one transaction.
	AddNote(ctx context.Context, n Note) (int64, error)
	ArticleNotes(ctx context.Context, articleID int64) ([]Note, error)
}

// AddNote adds a dated correction or update to a published article, made
// now by actor. Editors and admins add either kind to any article; authors
// add updates to published articles in their own byline. On any error
// nothing is stored.
func (s *Service) AddNote(ctx context.Context, actor Actor, articleID int64, kind NoteKind, text string) (Note, error) {
	if !actor.Role.AtLeast(auth.RoleAuthor) {
		return Note{}, apperr.New(apperr.Forbidden, "Only authors and editors can add notes to articles.")
	}
	a, err := s.store.GetArticle(ctx, articleID)
	if err != nil {
		return Note{}, s.notFound(err, "article")
	}
	if !actor.Role.AtLeast(auth.RoleEditor) {
		if kind == NoteCorrection {
			return Note{}, apperr.New(apperr.Forbidden, "Only editors can add corrections; you can add an update.")
		}
		if actor.AuthorID == 0 || !slices.Contains(a.AuthorIDs, actor.AuthorID) {
			return Note{}, apperr.New(apperr.Forbidden, "You can add updates only to your own articles.")
		}
	}
	text = strings.Join(strings.Fields(text), " ")
	bad := apperr.Fields{}
	if !kind.Valid() {
		bad.Add("note_kind", "Choose correction or update.")
	}
	if text == "" {
		bad.Add("note_text", "Write what was corrected or updated.")
	} else {
		bad.MaxChars("note_text", "The note", text, MaxCorrectionChars)
	}
	if a.Status != StatusPublished {
		bad.Add("note_text", "Corrections and updates are for published articles; edit a draft instead.")
	}
	if len(bad) > 0 {
		return Note{}, bad
	}
	n := Note{ArticleID: a.ID, Kind: kind, Text: text, At: s.now().UTC(), By: actor.UserID}
	if n.ID, err = s.store.AddNote(ctx, n); err != nil {
		return Note{}, fmt.Errorf("content: add note to %d: %w", a.ID, err)
	}
	s.changed(ctx)
	return n, nil
}

// ArticleNotes returns an article's notes in the order they were made.
func (s *Service) ArticleNotes(ctx context.Context, articleID int64) ([]Note, error) {
	return s.store.ArticleNotes(ctx, articleID)
}
