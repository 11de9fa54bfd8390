package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/content"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// Consecutive autosaves by one person update one revision; a save, or
// someone else's autosave, in between starts a new one.
func TestAutosavesFoldIntoOneRevision(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		sec, au := seedTaxonomy(t, db)
		at := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
		id, err := db.CreateArticle(ctx, newArticle("story", sec, au, at))
		if err != nil {
			t.Fatal(err)
		}
		ana, ben := int64(7), int64(8)
		var first int64
		for i, text := range []string{"One.", "One. Two.", "One. Two. Three."} {
			rev, err := db.Autosave(ctx, id, ana, content.Snapshot{Headline: "Story", BodySource: text}, at.Add(time.Duration(i+1)*time.Second))
			if err != nil {
				t.Fatal(err)
			}
			if i == 0 {
				first = rev
			} else if rev != first {
				t.Fatalf("autosave %d made revision %d, want %d (folded)", i+1, rev, first)
			}
		}
		revs, err := db.ListRevisions(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(revs) != 2 || revs[0].Kind != content.RevisionAutosave || revs[0].Snapshot.BodySource != "One. Two. Three." ||
			!revs[0].CreatedAt.Equal(at.Add(3*time.Second)) || revs[1].Kind != content.RevisionSave {
			t.Fatalf("revisions after three autosaves: %+v", revs)
		}
		// Ben's autosave is his own row; Ana's next one starts another.
		if rev, err := db.Autosave(ctx, id, ben, content.Snapshot{BodySource: "Ben's."}, at.Add(4*time.Second)); err != nil || rev == first {
			t.Fatalf("ben's autosave: %d %v", rev, err)
		}
		again, err := db.Autosave(ctx, id, ana, content.Snapshot{BodySource: "Ana again."}, at.Add(5*time.Second))
		if err != nil || again == first {
			t.Fatalf("ana's autosave after ben's: %d %v", again, err)
		}
		latest, err := db.LatestAutosave(ctx, id, ana)
		if err != nil || latest.ID != again || latest.Snapshot.BodySource != "Ana again." || latest.Dismissed {
			t.Fatalf("latest autosave: %+v %v", latest, err)
		}
		if err := db.DismissAutosave(ctx, again, ben); apperr.KindOf(err) != apperr.NotFound {
			t.Fatalf("ben dismissed ana's autosave: %v", err)
		}
		if err := db.DismissAutosave(ctx, again, ana); err != nil {
			t.Fatal(err)
		}
		if latest, _ := db.LatestAutosave(ctx, id, ana); !latest.Dismissed {
			t.Fatal("dismissed autosave is not marked")
		}
		// A dismissed autosave that is folded into again is offered again.
		if _, err := db.Autosave(ctx, id, ana, content.Snapshot{BodySource: "More."}, at.Add(6*time.Second)); err != nil {
			t.Fatal(err)
		}
		if latest, _ := db.LatestAutosave(ctx, id, ana); latest.Dismissed || latest.ID != again {
			t.Fatalf("after a new autosave: %+v", latest)
		}
		if _, err := db.LatestAutosave(ctx, id, 99); apperr.KindOf(err) != apperr.NotFound {
			t.Fatalf("nobody's autosave: %v", err)
		}
		if len(mustRevisions(t, db, id)) != 4 {
			t.Fatalf("want 4 revisions (save, ana, ben, ana)")
		}
	})
}

func mustRevisions(t *testing.T, db *store.DB, id int64) []content.Revision {
	t.Helper()
	revs, err := db.ListRevisions(ctx0, id)
	if err != nil {
		t.Fatal(err)
	}
	return revs
}

var ctx0 = context.Background()

// The first person present holds an article; a second only watches until
// they take over; someone not seen for the timeout is gone and their
// hold with them.
func TestPresenceHoldTakeOverAndExpiry(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		sec, au := seedTaxonomy(t, db)
		at := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
		id, err := db.CreateArticle(ctx, newArticle("story", sec, au, at))
		if err != nil {
			t.Fatal(err)
		}
		ana, ben := int64(7), int64(8)
		beat := func(who int64, now time.Time) (content.Holder, []content.Presence) {
			t.Helper()
			h, ps, err := db.Heartbeat(ctx, id, who, now, now.Add(-content.PresenceTimeout))
			if err != nil {
				t.Fatal(err)
			}
			return h, ps
		}
		h, ps := beat(ana, at)
		if h.UserID != ana || !h.Since.Equal(at) || len(ps) != 1 {
			t.Fatalf("first in: holder %+v present %+v", h, ps)
		}
		h, ps = beat(ben, at.Add(10*time.Second))
		if h.UserID != ana || len(ps) != 2 || ps[0].UserID != ana || ps[1].UserID != ben {
			t.Fatalf("second in: holder %+v present %+v", h, ps)
		}
		// Ana's heartbeat keeps her since.
		if _, ps = beat(ana, at.Add(15*time.Second)); !ps[0].Since.Equal(at) || !ps[0].SeenAt.Equal(at.Add(15*time.Second)) {
			t.Fatalf("ana after a heartbeat: %+v", ps[0])
		}
		h, err = db.TakeOver(ctx, id, ben, at.Add(20*time.Second))
		if err != nil || h.UserID != ben || h.PreviousID != ana || !h.TakenAt.Equal(at.Add(20*time.Second)) {
			t.Fatalf("take over: %+v %v", h, err)
		}
		// Ana's next heartbeat does not take it back.
		if h, _ = beat(ana, at.Add(25*time.Second)); h.UserID != ben || h.PreviousID != ana {
			t.Fatalf("ana's heartbeat after the take-over: %+v", h)
		}
		// Ben goes quiet; after the timeout Ana's heartbeat makes her the
		// holder again, and Ben is no longer listed.
		h, ps = beat(ana, at.Add(20*time.Second+content.PresenceTimeout+time.Second))
		if h.UserID != ana || h.PreviousID != 0 || len(ps) != 1 || ps[0].UserID != ana {
			t.Fatalf("after ben's presence expired: holder %+v present %+v", h, ps)
		}
		// Leaving forgets the person at once.
		if err := db.LeaveArticle(ctx, id, ana); err != nil {
			t.Fatal(err)
		}
		h, ps = beat(ben, at.Add(2*time.Minute))
		if h.UserID != ben || len(ps) != 1 {
			t.Fatalf("after ana left: holder %+v present %+v", h, ps)
		}
		_, ps, err = db.Presence(ctx, id, at.Add(2*time.Minute+content.PresenceTimeout+time.Second))
		if err != nil || len(ps) != 0 {
			t.Fatalf("presence after everyone's timeout: %+v %v", ps, err)
		}
	})
}

// A pending version is stored beside the published article, refused when
// written from a version someone replaced, and deleted with no trace.
func TestPendingVersion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		sec, au := seedTaxonomy(t, db)
		at := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
		id, err := db.CreateArticle(ctx, newArticle("story", sec, au, at))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.GetPending(ctx, id); apperr.KindOf(err) != apperr.NotFound {
			t.Fatalf("no pending version yet: %v", err)
		}
		p := content.Pending{ArticleID: id, Snapshot: content.Snapshot{Headline: "New headline", Topics: []string{"Housing"}}, By: 7,
			UpdatedAt: at.Add(time.Minute), PublishAt: at.Add(time.Hour)}
		write := func(p content.Pending, prev time.Time) error {
			return db.InTx(ctx, func(tx content.Tx) error { return tx.SavePending(ctx, p, prev) })
		}
		if err := write(p, time.Time{}); err != nil {
			t.Fatal(err)
		}
		got, err := db.GetPending(ctx, id)
		if err != nil || got.Snapshot.Headline != "New headline" || got.By != 7 || !got.UpdatedAt.Equal(p.UpdatedAt) || !got.PublishAt.Equal(p.PublishAt) {
			t.Fatalf("pending version: %+v %v", got, err)
		}
		// A second writer who also started without one is refused.
		if err := write(p, time.Time{}); !errors.Is(err, content.ErrStale) {
			t.Fatalf("second first pending version: %v", err)
		}
		// An update from the stored one passes; from an older one it does not.
		next := p
		next.Snapshot.Headline, next.UpdatedAt, next.PublishAt = "Newer", at.Add(2*time.Minute), time.Time{}
		if err := write(next, p.UpdatedAt); err != nil {
			t.Fatal(err)
		}
		if err := write(next, p.UpdatedAt); !errors.Is(err, content.ErrStale) {
			t.Fatalf("update from a replaced pending version: %v", err)
		}
		if got, _ := db.GetPending(ctx, id); got.Snapshot.Headline != "Newer" || !got.PublishAt.IsZero() {
			t.Fatalf("after update: %+v", got)
		}
		if a, _ := db.GetArticle(ctx, id); a.Headline == "Newer" {
			t.Fatal("the pending version changed the article")
		}
		// Each stored pending version is a revision: replacing one loses nothing.
		revs := mustRevisions(t, db, id)
		if len(revs) != 3 || revs[0].Kind != content.RevisionPending || revs[0].Snapshot.Headline != "Newer" ||
			revs[1].Kind != content.RevisionPending || revs[1].Snapshot.Headline != "New headline" {
			t.Fatalf("revisions after two pending versions: %+v", revs)
		}
		if err := db.InTx(ctx, func(tx content.Tx) error { return tx.DeletePending(ctx, id) }); err != nil {
			t.Fatal(err)
		}
		if _, err := db.GetPending(ctx, id); apperr.KindOf(err) != apperr.NotFound {
			t.Fatalf("after delete: %v", err)
		}
	})
}
