package content

import (
	"context"
	"fmt"

	"masthead/internal/apperr"
)

// DeleteDeskNote deletes actor's own editorial note noteID on article
// articleID (decision 0046). Only the note's writer may: anyone else is
// refused (Forbidden), and a note of another article, or none, is not
// found. The emails its mentions sent stay sent.
func (s *Service) DeleteDeskNote(ctx context.Context, actor Actor, articleID, noteID int64) error {
	a, err := s.store.GetArticle(ctx, articleID)
	if err != nil {
		return s.notFound(err, "article")
	}
	if !CanSeeDesk(actor, a) {
		return apperr.New(apperr.Forbidden, "You cannot change the notes of this article: it is not yours.")
	}
	n, err := s.store.GetDeskNote(ctx, noteID)
	if err != nil {
		return s.notFound(err, "note")
	}
	if n.ArticleID != a.ID {
		return apperr.New(apperr.NotFound, "This article has no such note.")
	}
	if n.UserID == 0 || n.UserID != actor.UserID {
		return apperr.New(apperr.Forbidden, "You can delete only your own notes.")
	}
	if err := s.store.DeleteDeskNote(ctx, n.ID); err != nil {
		return fmt.Errorf("content: delete desk note %d: %w", n.ID, s.notFound(err, "note"))
	}
	return nil
}
