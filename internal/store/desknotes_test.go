package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/auth"
	"masthead/internal/content"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// Editorial notes keep their text as typed, their writer, time and
// mentions; they are read in the order written; a failed transaction
// stores none; deleting a draft deletes its notes.
func TestDeskNotesAndMentions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		sec, au, ed, carla := deskNoteWorld(t, db)
		at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		var err error
		draft := newArticle("draft", sec, au, at)
		draft.Article.Status, draft.Article.PublishedAt = content.StatusDraft, time.Time{}
		id, err := db.CreateArticle(ctx, draft)
		if err != nil {
			t.Fatal(err)
		}
		other, err := db.CreateArticle(ctx, newArticle("other", sec, au, at))
		if err != nil {
			t.Fatal(err)
		}
		add := func(n content.DeskNote) int64 {
			t.Helper()
			var nid int64
			if err := db.InTx(ctx, func(tx content.Tx) error {
				var err error
				nid, err = tx.AddDeskNote(ctx, n)
				return err
			}); err != nil {
				t.Fatal(err)
			}
			return nid
		}
		second := add(content.DeskNote{ArticleID: id, UserID: ed, At: at.Add(2 * time.Minute), Text: "@carla please check\nthe figures <b>", Mentions: []int64{carla}})
		add(content.DeskNote{ArticleID: id, UserID: carla, At: at.Add(time.Minute), Text: "First."})
		add(content.DeskNote{ArticleID: other, UserID: carla, At: at, Text: "Elsewhere."})

		// A transaction that fails after the note stores nothing.
		boom := errors.New("the email could not be queued")
		err = db.InTx(ctx, func(tx content.Tx) error {
			if _, err := tx.AddDeskNote(ctx, content.DeskNote{ArticleID: id, UserID: ed, At: at.Add(time.Hour), Text: "Lost.", Mentions: []int64{carla}}); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("failed transaction: %v", err)
		}

		notes, err := db.DeskNotes(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(notes) != 2 || notes[0].Text != "First." || notes[0].UserName != "Carla Jones" || len(notes[0].Mentions) != 0 ||
			notes[1].ID != second || notes[1].Text != "@carla please check\nthe figures <b>" || notes[1].UserID != ed ||
			notes[1].UserName != "Eddie Editor" || !notes[1].At.Equal(at.Add(2*time.Minute)) || !slices.Equal(notes[1].Mentions, []int64{carla}) {
			t.Fatalf("notes = %+v", notes)
		}
		got, err := db.GetDeskNote(ctx, second)
		if err != nil || got.Text != notes[1].Text || !slices.Equal(got.Mentions, []int64{carla}) || got.ArticleID != id {
			t.Fatalf("GetDeskNote = %+v, %v", got, err)
		}
		if _, err := db.GetDeskNote(ctx, 99999); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("unknown note: %v", err)
		}

		if err := db.DeleteDraft(ctx, id); err != nil {
			t.Fatal(err)
		}
		if notes, err := db.DeskNotes(ctx, id); err != nil || len(notes) != 0 {
			t.Errorf("notes of the deleted draft = %+v, %v", notes, err)
		}
		if _, err := db.GetDeskNote(ctx, second); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("the deleted draft's note: %v", err)
		}
		if notes, _ := db.DeskNotes(ctx, other); len(notes) != 1 {
			t.Errorf("another article's notes = %+v", notes)
		}
	})
}

// Deleting a note removes it and its mentions and leaves the others;
// deleting it again, or a note that never was, is not found.
func TestDeleteDeskNote(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		sec, au, ed, carla := deskNoteWorld(t, db)
		at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		var err error
		id, err := db.CreateArticle(ctx, newArticle("noted", sec, au, at))
		if err != nil {
			t.Fatal(err)
		}
		var gone, kept int64
		if err := db.InTx(ctx, func(tx content.Tx) error {
			var err error
			if gone, err = tx.AddDeskNote(ctx, content.DeskNote{ArticleID: id, UserID: ed, At: at, Text: "@carla see this", Mentions: []int64{carla}}); err != nil {
				return err
			}
			kept, err = tx.AddDeskNote(ctx, content.DeskNote{ArticleID: id, UserID: carla, At: at.Add(time.Minute), Text: "Seen, @ed.", Mentions: []int64{ed}})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteDeskNote(ctx, gone); err != nil {
			t.Fatal(err)
		}
		notes, err := db.DeskNotes(ctx, id)
		if err != nil || len(notes) != 1 || notes[0].ID != kept || !slices.Equal(notes[0].Mentions, []int64{ed}) {
			t.Fatalf("notes after deleting one = %+v, %v", notes, err)
		}
		if _, err := db.GetDeskNote(ctx, gone); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("the deleted note: %v", err)
		}
		for _, nid := range []int64{gone, 99999} {
			if err := db.DeleteDeskNote(ctx, nid); apperr.KindOf(err) != apperr.NotFound {
				t.Errorf("deleting note %d again: %v", nid, err)
			}
		}
		if notes, _ := db.DeskNotes(ctx, id); len(notes) != 1 {
			t.Errorf("a refused delete changed the notes: %+v", notes)
		}
	})
}

// deskNoteWorld is a section and author to write in, and two editors to
// write and be mentioned: Eddie and Carla.
func deskNoteWorld(t *testing.T, db *store.DB) (sec, au, ed, carla int64) {
	t.Helper()
	ctx := context.Background()
	sec, au = seedTaxonomy(t, db)
	var err error
	if ed, err = db.CreateUser(ctx, auth.User{Email: "ed@example.org", Name: "Eddie Editor", Role: auth.RoleEditor, PasswordHash: "h"}); err != nil {
		t.Fatal(err)
	}
	if carla, err = db.CreateUser(ctx, auth.User{Email: "carla@example.org", Name: "Carla Jones", Role: auth.RoleEditor, PasswordHash: "h"}); err != nil {
		t.Fatal(err)
	}
	return sec, au, ed, carla
}
