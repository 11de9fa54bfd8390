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

func TestFrontLayoutDraftPublishDiscard(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		sec, au := seedTaxonomy(t, db)
		at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		a1, err := db.CreateArticle(ctx, newArticle("one", sec, au, at))
		if err != nil {
			t.Fatal(err)
		}
		a2, err := db.CreateArticle(ctx, newArticle("two", sec, au, at.Add(time.Hour)))
		if err != nil {
			t.Fatal(err)
		}
		img, err := db.CreateImage(ctx, content.Image{Path: "2026/03/x.jpg", Mime: "image/jpeg", Width: 10, Height: 10, Size: 1}, 0)
		if err != nil {
			t.Fatal(err)
		}
		empty, err := db.FrontLayout(ctx, 0, true)
		if err != nil || len(empty.Slots) != 0 || !empty.DraftAt.IsZero() {
			t.Fatalf("a page never curated: %+v, %v", empty, err)
		}
		draft := content.FrontLayout{Slots: []content.FrontSlot{
			{Slot: 0, ArticleID: a1, Headline: "Pinned lead", ImageID: img, ImageAlt: "A picture"},
			{Slot: 3, ArticleID: a2},
		}}
		if err := db.SaveFrontDraft(ctx, draft, 7, at); err != nil {
			t.Fatal(err)
		}
		// Readers' layout is untouched until publication.
		if live, _ := db.FrontLayout(ctx, 0, false); len(live.Slots) != 0 {
			t.Fatalf("live layout after saving a draft: %+v", live.Slots)
		}
		got, err := db.FrontLayout(ctx, 0, true)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Slots) != 2 || got.Slots[0] != draft.Slots[0] || got.Slots[1] != draft.Slots[1] || got.DraftBy != 7 || !got.DraftAt.Equal(at) {
			t.Fatalf("draft read back = %+v, want %+v by 7 at %v", got, draft.Slots, at)
		}
		if err := db.PublishFront(ctx, 0, 8, at.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		live, _ := db.FrontLayout(ctx, 0, false)
		if len(live.Slots) != 2 || live.Slots[0].Headline != "Pinned lead" || live.PublishedBy != 8 || !live.DraftAt.IsZero() {
			t.Fatalf("live after publishing = %+v", live)
		}
		// A new draft, then discarded: the draft is the live layout again.
		if err := db.SaveFrontDraft(ctx, content.FrontLayout{Slots: []content.FrontSlot{{Slot: 0, ArticleID: a2}}}, 7, at); err != nil {
			t.Fatal(err)
		}
		if err := db.DiscardFrontDraft(ctx, 0); err != nil {
			t.Fatal(err)
		}
		if d, _ := db.FrontLayout(ctx, 0, true); len(d.Slots) != 2 || d.Slots[0].ArticleID != a1 || !d.DraftAt.IsZero() {
			t.Fatalf("draft after discarding = %+v, want the live layout", d)
		}
		// Section pages have their own layouts.
		if err := db.SaveFrontDraft(ctx, content.FrontLayout{SectionID: sec, Slots: []content.FrontSlot{{Slot: 0, ArticleID: a2}}}, 7, at); err != nil {
			t.Fatal(err)
		}
		if err := db.PublishFront(ctx, sec, 7, at); err != nil {
			t.Fatal(err)
		}
		if s, _ := db.FrontLayout(ctx, sec, false); len(s.Slots) != 1 || s.Slots[0].ArticleID != a2 {
			t.Fatalf("section layout = %+v", s)
		}
		if h, _ := db.FrontLayout(ctx, 0, false); len(h.Slots) != 2 {
			t.Fatalf("home layout changed with the section's: %+v", h)
		}
		// Two drafts of one slot cannot be stored.
		dup := content.FrontLayout{Slots: []content.FrontSlot{{Slot: 1, ArticleID: a1}, {Slot: 1, ArticleID: a2}}}
		if err := db.SaveFrontDraft(ctx, dup, 7, at); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("a slot given twice: %v, want a conflict", err)
		}
		if d, _ := db.FrontLayout(ctx, 0, true); len(d.Slots) != 2 || d.Slots[0].ArticleID != a1 {
			t.Fatalf("a refused draft changed the layout: %+v", d)
		}
	})
}

func TestDeleteSectionMovesArticlesAndRedirects(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		news, au := seedTaxonomy(t, db)
		culture, err := db.SaveSection(ctx, content.Section{Slug: "culture", Name: "Culture"})
		if err != nil {
			t.Fatal(err)
		}
		at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		id, err := db.CreateArticle(ctx, newArticle("story", news, au, at))
		if err != nil {
			t.Fatal(err)
		}
		// The section had another address before.
		if _, err := db.SaveSection(ctx, content.Section{ID: news, Slug: "latest-news", Name: "News"}); err != nil {
			t.Fatal(err)
		}
		if err := db.SaveFrontDraft(ctx, content.FrontLayout{SectionID: news, Slots: []content.FrontSlot{{Slot: 0, ArticleID: id}}}, 1, at); err != nil {
			t.Fatal(err)
		}
		if n, err := db.CountListArticles(ctx, "section", news); err != nil || n != 1 {
			t.Fatalf("count = %d, %v", n, err)
		}
		if err := db.DeleteSection(ctx, news, 0); !errors.Is(err, store.ErrListNotEmpty) {
			t.Fatalf("deleting a section with articles and nowhere to move them: %v", err)
		}
		if err := db.DeleteSection(ctx, news, 999); !errors.Is(err, store.ErrMoveTargetGone) {
			t.Fatalf("moving to a section that is not there: %v", err)
		}
		if a, _ := db.GetArticle(ctx, id); a.SectionID != news {
			t.Fatalf("a refused delete moved the article to %d", a.SectionID)
		}
		if err := db.DeleteSection(ctx, news, culture); err != nil {
			t.Fatal(err)
		}
		if a, _ := db.GetArticle(ctx, id); a.SectionID != culture {
			t.Errorf("article is in section %d, want culture %d", a.SectionID, culture)
		}
		if _, err := db.GetSection(ctx, news); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("deleted section still there: %v", err)
		}
		for _, old := range []string{"latest-news", "news"} {
			if to, err := db.ListRedirect(ctx, "section", old); err != nil || to != "culture" {
				t.Errorf("/sections/%s leads to %q, %v; want culture", old, to, err)
			}
		}
		if l, _ := db.FrontLayout(ctx, news, true); len(l.Slots) != 0 {
			t.Errorf("the deleted section's layout is still there: %+v", l.Slots)
		}
		// Search finds the article in its new section.
		if arts, _ := db.ListPublished(ctx, content.Filter{SectionID: culture}, content.Cursor{}, 10); len(arts) != 1 {
			t.Errorf("culture lists %d articles, want 1", len(arts))
		}
		// The only section left cannot go.
		if err := db.DeleteSection(ctx, culture, 0); !errors.Is(err, store.ErrLastSection) {
			t.Fatalf("deleting the last section: %v", err)
		}
		// An empty section is deleted, its address forgotten.
		empty, _ := db.SaveSection(ctx, content.Section{Slug: "empty", Name: "Empty"})
		if err := db.DeleteSection(ctx, empty, 0); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ListRedirect(ctx, "section", "empty"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("an empty section's address after deleting: %v", err)
		}
	})
}

func TestDeleteSeriesMovesOrReleasesArticles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		sec, au := seedTaxonomy(t, db)
		col, _ := db.SaveSeries(ctx, content.Series{Slug: "column", Name: "Column"})
		other, _ := db.SaveSeries(ctx, content.Series{Slug: "other", Name: "Other"})
		at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		w := newArticle("story", sec, au, at)
		w.Article.SeriesID = col
		id, err := db.CreateArticle(ctx, w)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteSeries(ctx, col, other); err != nil {
			t.Fatal(err)
		}
		if a, _ := db.GetArticle(ctx, id); a.SeriesID != other {
			t.Errorf("article series = %d, want %d", a.SeriesID, other)
		}
		if to, err := db.ListRedirect(ctx, "series", "column"); err != nil || to != "other" {
			t.Errorf("/series/column leads to %q, %v", to, err)
		}
		if err := db.DeleteSeries(ctx, other, 0); err != nil {
			t.Fatal(err)
		}
		if a, _ := db.GetArticle(ctx, id); a.SeriesID != 0 {
			t.Errorf("article series = %d after deleting it with no move, want none", a.SeriesID)
		}
		if _, err := db.ListRedirect(ctx, "series", "column"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("the address of a series whose articles left every series: %v", err)
		}
		if n, _ := db.CountListArticles(ctx, "series", other); n != 0 {
			t.Errorf("count of a deleted series = %d", n)
		}
	})
}

func TestPendingInvitations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		admin, err := db.CreateUser(ctx, auth.User{Email: "admin@example.org", Name: "Ada Admin", Role: auth.RoleAdmin, PasswordHash: "x"})
		if err != nil {
			t.Fatal(err)
		}
		invite := func(hash, email string, exp time.Time) {
			t.Helper()
			if err := db.CreateToken(ctx, auth.Token{TokenHash: hash, Purpose: "invite", Email: email, Role: auth.RoleEditor, CreatedBy: admin, ExpiresAt: exp}); err != nil {
				t.Fatal(err)
			}
		}
		invite("h1", "bea@example.org", now.Add(time.Hour))
		time.Sleep(2 * time.Millisecond) // created_at orders the two links to one address
		invite("h2", "bea@example.org", now.Add(48*time.Hour))
		invite("h3", "cy@example.org", now.Add(-time.Hour))
		invite("h4", "admin@example.org", now.Add(time.Hour)) // has an account
		list, err := db.ListInvitations(ctx)
		if err != nil {
			t.Fatal(err)
		}
		byEmail := map[string]auth.Invitation{}
		for _, inv := range list {
			byEmail[inv.Email] = inv
		}
		if len(list) != 2 || byEmail["bea@example.org"].ExpiresAt.Unix() != now.Add(48*time.Hour).Unix() ||
			byEmail["bea@example.org"].InvitedBy != "Ada Admin" || !byEmail["cy@example.org"].Expired(now) {
			t.Fatalf("invitations = %+v", list)
		}
		n, err := db.WithdrawInvitations(ctx, "bea@example.org", now)
		if err != nil || n != 2 {
			t.Fatalf("withdrew %d, %v; want both links", n, err)
		}
		if _, err := db.PeekToken(ctx, "h2", "invite", now); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a withdrawn link still works: %v", err)
		}
		if list, _ := db.ListInvitations(ctx); len(list) != 1 || list[0].Email != "cy@example.org" {
			t.Errorf("after withdrawing: %+v", list)
		}
	})
}
