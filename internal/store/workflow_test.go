package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"masthead/internal/auth"
	"masthead/internal/content"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// The review workflow's storage (migration 0026): status moves guarded by
// the state and version, the assignee, the event log, and the list's
// assignee filter.
func TestWorkflowEventsAndAssignee(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		sec, au := seedTaxonomy(t, db)
		at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		user := func(email, name string, role auth.Role) int64 {
			t.Helper()
			id, err := db.CreateUser(ctx, auth.User{Email: email, Name: name, Role: role, PasswordHash: "h"})
			if err != nil {
				t.Fatal(err)
			}
			return id
		}
		writer := user("cy@example.org", "Cy Writer", auth.RoleContributor)
		editor := user("ed@example.org", "Ed Itor", auth.RoleEditor)
		draft := func(slug string) int64 {
			t.Helper()
			w := newArticle(slug, sec, au, at)
			w.Article.Status, w.Article.PublishedAt, w.Article.CreatedBy = content.StatusDraft, time.Time{}, writer
			id, err := db.CreateArticle(ctx, w)
			if err != nil {
				t.Fatal(err)
			}
			return id
		}
		id, other, third := draft("submitted"), draft("other"), draft("third")
		tx := func(fn func(tx content.Tx) error) error { return db.InTx(ctx, fn) }

		// Submit: the move and its event commit together.
		opened, _ := db.GetArticle(ctx, id)
		err := tx(func(tx content.Tx) error {
			if err := tx.MoveArticle(ctx, content.StatusMove{ID: id, From: content.StatusDraft, To: content.StatusReview, At: at.Add(time.Minute), Expect: opened.UpdatedAt}); err != nil {
				return err
			}
			_, err := tx.AddArticleEvent(ctx, content.ArticleEvent{ArticleID: id, At: at.Add(time.Minute), UserID: writer, Kind: content.EventStatus, From: content.StatusDraft, To: content.StatusReview})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		got, _ := db.GetArticle(ctx, id)
		if got.Status != content.StatusReview || !got.UpdatedAt.Equal(at.Add(time.Minute)) {
			t.Fatalf("after submit: status %q, updated %v", got.Status, got.UpdatedAt)
		}
		// A move from the wrong state, or from an old version, is stale and changes nothing.
		for name, m := range map[string]content.StatusMove{
			"wrong state": {ID: id, From: content.StatusDraft, To: content.StatusReview, At: at.Add(2 * time.Minute)},
			"old version": {ID: id, From: content.StatusReview, To: content.StatusReady, At: at.Add(2 * time.Minute), Expect: opened.UpdatedAt},
		} {
			err := tx(func(tx content.Tx) error {
				if _, err := tx.AddArticleEvent(ctx, content.ArticleEvent{ArticleID: id, At: m.At, Kind: content.EventStatus, From: m.From, To: m.To}); err != nil {
					return err
				}
				return tx.MoveArticle(ctx, m)
			})
			if !errors.Is(err, content.ErrStale) {
				t.Errorf("%s: err = %v, want ErrStale", name, err)
			}
		}
		// Assign, with a send-back note on the same article.
		err = tx(func(tx content.Tx) error {
			if err := tx.AssignArticle(ctx, id, editor); err != nil {
				return err
			}
			if _, err := tx.AddArticleEvent(ctx, content.ArticleEvent{ArticleID: id, At: at.Add(3 * time.Minute), UserID: editor, Kind: content.EventAssign, AssigneeID: editor}); err != nil {
				return err
			}
			if err := tx.MoveArticle(ctx, content.StatusMove{ID: id, From: content.StatusReview, To: content.StatusDraft, At: at.Add(4 * time.Minute)}); err != nil {
				return err
			}
			_, err := tx.AddArticleEvent(ctx, content.ArticleEvent{ArticleID: id, At: at.Add(4 * time.Minute), UserID: editor, Kind: content.EventStatus,
				From: content.StatusReview, To: content.StatusDraft, Note: "Check the figures in the second paragraph."})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		got, _ = db.GetArticle(ctx, id)
		if got.AssigneeID != editor || got.Status != content.StatusDraft || !got.UpdatedAt.Equal(at.Add(4*time.Minute)) {
			t.Fatalf("after assign and send back: %+v", got)
		}
		evs, err := db.ListArticleEvents(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(evs) != 3 {
			t.Fatalf("events = %+v, want submit, assign and send back", evs)
		}
		if e := evs[0]; e.Kind != content.EventStatus || e.From != content.StatusDraft || e.To != content.StatusReview || e.UserName != "Cy Writer" || !e.At.Equal(at.Add(time.Minute)) {
			t.Errorf("first event = %+v", e)
		}
		if e := evs[1]; e.Kind != content.EventAssign || e.AssigneeID != editor || e.AssigneeName != "Ed Itor" || e.UserID != editor {
			t.Errorf("assign event = %+v", e)
		}
		if e := evs[2]; e.Note != "Check the figures in the second paragraph." || e.To != content.StatusDraft {
			t.Errorf("send-back event = %+v", e)
		}
		as, err := db.Assignees(ctx, []int64{id, other})
		if err != nil || len(as) != 1 || as[id].Name != "Ed Itor" || as[id].UserID != editor {
			t.Fatalf("assignees = %+v, %v", as, err)
		}

		// The list's assignee filter: the editor's, and nobody's.
		list := func(q content.ArticleQuery) []int64 {
			t.Helper()
			q.Limit = 10
			arts, err := db.ListArticlesBy(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for _, a := range arts {
				ids = append(ids, a.ID)
			}
			return ids
		}
		if ids := list(content.ArticleQuery{AssigneeID: editor}); len(ids) != 1 || ids[0] != id {
			t.Errorf("assigned to the editor: %v, want [%d]", ids, id)
		}
		if ids := list(content.ArticleQuery{Unassigned: true}); len(ids) != 2 || ids[0] != third || ids[1] != other {
			t.Errorf("assigned to nobody: %v, want [%d %d]", ids, third, other)
		}
		if ids := list(content.ArticleQuery{AssigneeID: editor, Status: content.StatusReview}); len(ids) != 0 {
			t.Errorf("assigned to the editor and in review: %v, want none", ids)
		}
		// Unassigning empties it; a deleted draft takes its events with it.
		if err := tx(func(tx content.Tx) error { return tx.AssignArticle(ctx, id, 0) }); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.GetArticle(ctx, id); got.AssigneeID != 0 {
			t.Errorf("unassigned article keeps assignee %d", got.AssigneeID)
		}
		if err := db.DeleteDraft(ctx, id); err != nil {
			t.Fatal(err)
		}
		if evs, err := db.ListArticleEvents(ctx, id); err != nil || len(evs) != 0 {
			t.Errorf("events of a deleted draft = %+v, %v", evs, err)
		}
		if err := tx(func(tx content.Tx) error { return tx.AssignArticle(ctx, id, editor) }); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("assigning a deleted article: %v, want ErrNotFound", err)
		}
	})
}

// The publish job's publication is in the workflow log, once, by no one.
func TestScheduledPublicationIsLogged(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		sec, au := seedTaxonomy(t, db)
		now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		w := newArticle("later", sec, au, time.Time{})
		w.Article.Status, w.Article.ScheduledAt, w.Article.CreatedAt, w.Article.UpdatedAt = content.StatusScheduled, now.Add(time.Hour), now, now
		id, err := db.CreateArticle(ctx, w)
		if err != nil {
			t.Fatal(err)
		}
		for _, at := range []time.Time{now, now.Add(2 * time.Hour), now.Add(3 * time.Hour)} {
			if _, err := db.PublishScheduled(ctx, id, at); err != nil {
				t.Fatal(err)
			}
		}
		evs, err := db.ListArticleEvents(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(evs) != 1 || evs[0].From != content.StatusScheduled || evs[0].To != content.StatusPublished || evs[0].UserID != 0 || !evs[0].At.Equal(now.Add(2*time.Hour)) {
			t.Fatalf("events = %+v, want one publication by the schedule", evs)
		}
	})
}
