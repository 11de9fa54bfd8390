package site

import (
	"context"
	"fmt"

	"masthead/internal/content"
)

// relatedCount is how many cards the "Related" list at the end of an
// article shows.
const relatedCount = 4

// related is the "Related" list of an article's page (decision 0034): the
// articles its see-also blocks name, in the body's order, then those the
// store finds related, without repeats, never the article itself and only
// what readers can see. It is built with the article's fragment, so it is
// cached with the page until the next Purge, and costs a fixed number of
// queries whatever its length. Empty when the newsroom turned it off.
func (s *Site) related(ctx context.Context, sh *shared, a content.ArticleView) ([]card, error) {
	if a.HideRelated {
		return nil, nil
	}
	seen := map[int64]bool{a.ID: true}
	var ids []int64
	add := func(list []int64) {
		for _, id := range list {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	chosen := content.SeeAlsoIDs(a.Body)
	add(chosen)
	// Ask for enough to fill the list even when every see-also target is
	// among them or has been unpublished.
	computed, err := s.store.RelatedArticles(ctx, a.ID, relatedCount+len(chosen))
	if err != nil {
		return nil, fmt.Errorf("site: related to %d: %w", a.ID, err)
	}
	add(computed)
	arts, err := s.store.PublishedArticles(ctx, ids)
	if err != nil {
		return nil, err
	}
	arts = arts[:min(len(arts), relatedCount)]
	views, err := s.store.Views(ctx, arts)
	if err != nil {
		return nil, err
	}
	return makeCards(views, sh.Loc, cardOpts{level: 3, compact: true}), nil
}
