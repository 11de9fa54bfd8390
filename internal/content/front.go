package content

import (
	"context"
	"fmt"
	"strings"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/auth"
)

// Front-page curation (decision 0040): editors pin the lead story and the
// top stories of the home page and of each section page, with an optional
// headline and picture of the page's own. They change a draft, preview it,
// then publish it; readers only ever see the published layout, and a slot
// whose article is not published (or not pinned) shows the latest article.

// FrontTopStories is how many top stories follow the lead on a curated page.
const FrontTopStories = 6

// FrontSlots is the number of slots of a page: the lead (slot 0) and the
// top stories (slots 1 to FrontTopStories).
const FrontSlots = FrontTopStories + 1

// FrontSlot is one pinned story of a front page.
type FrontSlot struct {
	Slot      int   // 0 is the lead, 1 to FrontTopStories the top stories in order
	ArticleID int64 // the pinned article
	Headline  string
	ImageID   int64  // 0: the article's own picture
	ImageAlt  string // describes ImageID
}

// FrontLayout is the curated part of a front page: the home page
// (SectionID 0) or a section's page.
type FrontLayout struct {
	SectionID int64
	Slots     []FrontSlot // the pinned slots only, by slot number
	// DraftAt and DraftBy say who last changed the draft; zero when the
	// page has no draft of its own (its draft is then the live layout).
	DraftAt time.Time
	DraftBy int64
	// PublishedAt and PublishedBy say who last published the page.
	PublishedAt time.Time
	PublishedBy int64
}

// Pinned returns the slot numbered n, and whether it is pinned.
func (l FrontLayout) Pinned(n int) (FrontSlot, bool) {
	for _, s := range l.Slots {
		if s.Slot == n {
			return s, true
		}
	}
	return FrontSlot{}, false
}

// FrontStore keeps front-page layouts; *store.DB is one.
type FrontStore interface {
	// FrontLayout returns the live layout of a page, or with draft its
	// draft (the live one when it has none). A page never curated has an
	// empty layout, not an error.
	FrontLayout(ctx context.Context, sectionID int64, draft bool) (FrontLayout, error)
	SaveFrontDraft(ctx context.Context, l FrontLayout, by int64, at time.Time) error
	// PublishFront makes the draft the live layout; a page without a
	// draft publishes its live layout again.
	PublishFront(ctx context.Context, sectionID, by int64, at time.Time) error
	DiscardFrontDraft(ctx context.Context, sectionID int64) error
	PublishedArticles(ctx context.Context, ids []int64) ([]Article, error)
}

// SaveFrontDraft checks and stores the draft layout of a page. Only
// published articles can be pinned, each once, each slot once; override
// pictures must exist and be described. Editors and admins. On any error
// nothing is stored.
func (s *Service) SaveFrontDraft(ctx context.Context, actor Actor, l FrontLayout) error {
	if err := s.requireRole(actor, auth.RoleEditor); err != nil {
		return err
	}
	if err := s.frontPage(ctx, l.SectionID); err != nil {
		return err
	}
	bad := apperr.Fields{}
	slots := map[int]bool{}
	articles := map[int64]int{}
	var ids []int64
	for i := range l.Slots {
		sl := &l.Slots[i]
		field := fmt.Sprintf("slot_%d", sl.Slot)
		if sl.Slot < 0 || sl.Slot >= FrontSlots {
			bad.Add("slots", fmt.Sprintf("A page has slots 0 (the lead) to %d.", FrontTopStories))
			continue
		}
		if slots[sl.Slot] {
			bad.Add(field, "This slot is given twice.")
			continue
		}
		slots[sl.Slot] = true
		if sl.ArticleID <= 0 {
			bad.Add(field, "Choose an article to pin, or leave the slot to the latest.")
			continue
		}
		if other, ok := articles[sl.ArticleID]; ok {
			bad.Add(field, fmt.Sprintf("This article is already pinned in %s.", SlotName(other)))
			continue
		}
		articles[sl.ArticleID] = sl.Slot
		ids = append(ids, sl.ArticleID)
		sl.Headline = strings.TrimSpace(sl.Headline)
		if bad.MaxChars(field+"_headline", "The headline", sl.Headline, MaxHeadlineChars) {
			bad.OneLine(field+"_headline", "headline", sl.Headline)
		}
		sl.ImageAlt = strings.TrimSpace(sl.ImageAlt)
		if sl.ImageID == 0 {
			sl.ImageAlt = ""
			continue
		}
		if _, err := s.store.GetImage(ctx, sl.ImageID); err != nil {
			if apperr.KindOf(err) != apperr.NotFound {
				return err
			}
			bad.Add(field+"_image", "There is no uploaded image with this number.")
			continue
		}
		if sl.ImageAlt == "" {
			bad.Add(field+"_alt", "Describe the picture for readers who cannot see it.")
		} else if bad.MaxChars(field+"_alt", "The description", sl.ImageAlt, MaxAltChars) {
			bad.OneLine(field+"_alt", "description", sl.ImageAlt)
		}
	}
	if len(ids) > 0 {
		live, err := s.store.PublishedArticles(ctx, ids)
		if err != nil {
			return err
		}
		published := map[int64]bool{}
		for _, a := range live {
			published[a.ID] = true
		}
		for _, id := range ids {
			if !published[id] {
				bad.Add(fmt.Sprintf("slot_%d", articles[id]), "Only published articles can be pinned; this one is not published or does not exist.")
			}
		}
	}
	if err := bad.Err(); err != nil {
		return err
	}
	return s.store.SaveFrontDraft(ctx, l, actor.UserID, s.now().UTC())
}

// PublishFront puts a page's draft live and refreshes what readers see.
// Editors and admins.
func (s *Service) PublishFront(ctx context.Context, actor Actor, sectionID int64) error {
	if err := s.requireRole(actor, auth.RoleEditor); err != nil {
		return err
	}
	if err := s.frontPage(ctx, sectionID); err != nil {
		return err
	}
	if err := s.store.PublishFront(ctx, sectionID, actor.UserID, s.now().UTC()); err != nil {
		return err
	}
	s.changed(ctx)
	return nil
}

// DiscardFrontDraft drops a page's draft: its draft is the live layout
// again. Readers see no change. Editors and admins.
func (s *Service) DiscardFrontDraft(ctx context.Context, actor Actor, sectionID int64) error {
	if err := s.requireRole(actor, auth.RoleEditor); err != nil {
		return err
	}
	if err := s.frontPage(ctx, sectionID); err != nil {
		return err
	}
	return s.store.DiscardFrontDraft(ctx, sectionID)
}

// frontPage checks that a page exists: the home page, or a section.
func (s *Service) frontPage(ctx context.Context, sectionID int64) error {
	if sectionID == 0 {
		return nil
	}
	if _, err := s.store.GetSection(ctx, sectionID); err != nil {
		return s.notFound(err, "section")
	}
	return nil
}

// SlotName names a slot as the desk does: "the lead", "top story 3".
func SlotName(n int) string {
	if n == 0 {
		return "the lead"
	}
	return fmt.Sprintf("top story %d", n)
}
