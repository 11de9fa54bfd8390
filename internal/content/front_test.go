package content_test

import (
	"context"
	"testing"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/auth"
	"masthead/internal/content"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// The desk's rules for front pages and deleting lists, through the
// service on both engines: who may, what is refused, and that a change
// readers see refreshes the pages.
func TestFrontDraftRulesAndListDeletion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		changes := 0
		svc := content.NewService(db, &fakeScheduler{scheduled: map[int64]time.Time{}}, time.Now, func(context.Context) { changes++ })
		editor := content.Actor{UserID: 1, Role: auth.RoleEditor}
		author := content.Actor{UserID: 2, Role: auth.RoleAuthor}
		sec, err := svc.SaveSection(ctx, editor, content.Section{Name: "News"})
		if err != nil {
			t.Fatal(err)
		}
		now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		id, err := db.CreateArticle(ctx, content.ArticleWrite{Article: content.Article{Slug: "a", Headline: "A", SectionID: sec,
			Status: content.StatusPublished, PublishedAt: now, CreatedAt: now, UpdatedAt: now}, Revision: content.Snapshot{Headline: "A"}})
		if err != nil {
			t.Fatal(err)
		}
		ok := content.FrontLayout{Slots: []content.FrontSlot{{Slot: 0, ArticleID: id}}}
		if err := svc.SaveFrontDraft(ctx, author, ok); apperr.KindOf(err) != apperr.Forbidden {
			t.Errorf("an author saves a front page: %v", err)
		}
		for what, l := range map[string]content.FrontLayout{
			"a slot given twice": {Slots: []content.FrontSlot{{Slot: 1, ArticleID: id}, {Slot: 1, ArticleID: id}}},
			"a slot past 6":      {Slots: []content.FrontSlot{{Slot: 7, ArticleID: id}}},
			"an unknown section": {SectionID: 9999, Slots: ok.Slots},
		} {
			if err := svc.SaveFrontDraft(ctx, editor, l); err == nil {
				t.Errorf("%s was saved", what)
			}
		}
		if d, _ := db.FrontLayout(ctx, 0, true); len(d.Slots) != 0 {
			t.Fatalf("refused drafts stored slots: %+v", d.Slots)
		}
		before := changes
		if err := svc.SaveFrontDraft(ctx, editor, ok); err != nil {
			t.Fatal(err)
		}
		if changes != before {
			t.Error("saving a draft refreshed readers' pages")
		}
		if err := svc.PublishFront(ctx, author, 0); apperr.KindOf(err) != apperr.Forbidden {
			t.Errorf("an author publishes a front page: %v", err)
		}
		if err := svc.PublishFront(ctx, editor, 0); err != nil {
			t.Fatal(err)
		}
		if changes != before+1 {
			t.Errorf("publishing refreshed readers' pages %d times, want once", changes-before)
		}

		// Deleting: not for authors, not the only section, not without a place for the articles.
		if err := svc.DeleteSection(ctx, editor, sec, 0); apperr.KindOf(err) != apperr.Invalid {
			t.Errorf("deleting the only section: %v", err)
		}
		other, _ := svc.SaveSection(ctx, editor, content.Section{Name: "Other"})
		if err := svc.DeleteSection(ctx, author, other, 0); apperr.KindOf(err) != apperr.Forbidden {
			t.Errorf("an author deletes a section: %v", err)
		}
		if err := svc.DeleteSection(ctx, editor, sec, 0); apperr.KindOf(err) != apperr.Invalid {
			t.Errorf("deleting a section with articles and nowhere to move them: %v", err)
		}
		if err := svc.DeleteSection(ctx, editor, 9999, other); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("deleting an unknown section: %v", err)
		}
		if err := svc.DeleteSection(ctx, editor, sec, other); err != nil {
			t.Fatal(err)
		}
		if a, _ := db.GetArticle(ctx, id); a.SectionID != other {
			t.Errorf("article section = %d, want %d", a.SectionID, other)
		}
	})
}
