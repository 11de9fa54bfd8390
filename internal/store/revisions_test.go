package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/content"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// A save that changes nothing records no revision, whatever autosave came
// in between; a staged edit is compared with staged edits the same way;
// the list reads in pages, newest first, and a revision's base is the
// newest stored-for-good revision before it.
func TestRevisionsSkipRepeatsAndReadInPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		sec, au := seedTaxonomy(t, db)
		at := time.Date(2026, 11, 12, 10, 32, 5, 0, time.UTC)
		w := newArticle("story", sec, au, at)
		w.Revision = content.Snapshot{Headline: "One", BodySource: "First."}
		id, err := db.CreateArticle(ctx, w)
		if err != nil {
			t.Fatal(err)
		}
		w.Article.ID = id
		save := func(headline string) {
			t.Helper()
			at = at.Add(time.Second)
			w.Article.UpdatedAt, w.Revision.Headline = at, headline
			if err := db.UpdateArticle(ctx, w); err != nil {
				t.Fatal(err)
			}
		}
		count := func() int {
			revs, err := db.ListRevisions(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			return len(revs)
		}
		for range 5 {
			save("One") // five saves of the same text
		}
		if n := count(); n != 1 {
			t.Fatalf("%d revisions after six saves of one text, want 1", n)
		}
		if got, _ := db.GetArticle(ctx, id); !got.UpdatedAt.Equal(at) {
			t.Errorf("the article was not saved: updated %v, want %v", got.UpdatedAt, at)
		}
		if _, err := db.Autosave(ctx, id, 7, content.Snapshot{Headline: "One, typing"}, at.Add(time.Second)); err != nil {
			t.Fatal(err)
		}
		save("One") // the same text again, after an autosave
		if n := count(); n != 2 {
			t.Fatalf("%d revisions, want 2 (the first save and the autosave)", n)
		}
		save("Two")
		if n := count(); n != 3 {
			t.Fatalf("%d revisions after a changed save, want 3", n)
		}
		// Staged edits: the same snapshot twice is one revision of kind pending.
		p := content.Pending{ArticleID: id, Snapshot: content.Snapshot{Headline: "Two"}, By: 7, UpdatedAt: at.Add(time.Minute)}
		if err := db.InTx(ctx, func(tx content.Tx) error { return tx.SavePending(ctx, p, time.Time{}) }); err != nil {
			t.Fatal(err)
		}
		prev := p.UpdatedAt
		p.UpdatedAt = p.UpdatedAt.Add(time.Second)
		if err := db.InTx(ctx, func(tx content.Tx) error { return tx.SavePending(ctx, p, prev) }); err != nil {
			t.Fatal(err)
		}
		if n := count(); n != 4 {
			t.Fatalf("%d revisions after two identical staged edits, want 4", n)
		}
		if got, _ := db.GetPending(ctx, id); !got.UpdatedAt.Equal(p.UpdatedAt) {
			t.Errorf("the pending version was not saved: %v", got.UpdatedAt)
		}

		// Pages of 2, newest first, then the rest.
		for i := range 3 {
			save(fmt.Sprintf("Three %d", i))
		}
		all, _ := db.ListRevisions(ctx, id)
		first, err := db.RevisionsPage(ctx, id, 0, 2)
		if err != nil || len(first) != 2 || first[0].ID != all[0].ID || first[1].ID != all[1].ID {
			t.Fatalf("first page: %+v %v", first, err)
		}
		rest, err := db.RevisionsPage(ctx, id, first[1].ID, 100)
		if err != nil || len(rest) != len(all)-2 || rest[0].ID != all[2].ID || rest[len(rest)-1].ID != all[len(all)-1].ID {
			t.Fatalf("next page: %d revisions %v, want %d", len(rest), err, len(all)-2)
		}
		// The base of the save after the autosave is the first save.
		var autosave, after content.Revision
		for i, r := range all {
			if r.Kind == content.RevisionAutosave {
				autosave, after = r, all[i-1]
			}
		}
		base, err := db.StoredRevisionBefore(ctx, id, after.ID)
		if err != nil || base.ID != all[len(all)-1].ID || base.ID == autosave.ID {
			t.Fatalf("base of %d: %d %v, want the first revision %d", after.ID, base.ID, err, all[len(all)-1].ID)
		}
		if _, err := db.StoredRevisionBefore(ctx, id, all[len(all)-1].ID); apperr.KindOf(err) != apperr.NotFound {
			t.Fatalf("base of the first revision: %v, want not found", err)
		}
	})
}
