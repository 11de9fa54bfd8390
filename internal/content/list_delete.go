package content

import (
	"context"

	"masthead/internal/apperr"
	"masthead/internal/auth"
)

// ListDeleter deletes sections and series; *store.DB is one.
type ListDeleter interface {
	// CountListArticles counts the articles of every status in the
	// section (kind "section") or series (kind "series") id.
	CountListArticles(ctx context.Context, kind string, id int64) (int, error)
	// DeleteSection and DeleteSeries move the articles to moveTo (a
	// series: out of any with 0) and delete the entry in one transaction;
	// its address then redirects to moveTo.
	DeleteSection(ctx context.Context, id, moveTo int64) error
	DeleteSeries(ctx context.Context, id, moveTo int64) error
	ListSections(ctx context.Context) ([]Section, error)
}

// DeleteSection deletes a section. One with articles needs another section
// to move them to (moveTo), which its address then leads to; the only
// section cannot go, as every article needs one. Editors and admins.
func (s *Service) DeleteSection(ctx context.Context, actor Actor, id, moveTo int64) error {
	if err := s.requireRole(actor, auth.RoleEditor); err != nil {
		return err
	}
	if _, err := s.store.GetSection(ctx, id); err != nil {
		return s.notFound(err, "section")
	}
	secs, err := s.store.ListSections(ctx)
	if err != nil {
		return err
	}
	if len(secs) <= 1 {
		return apperr.New(apperr.Invalid, "This is the only section, and every article needs one: add another section first.")
	}
	if err := s.checkMove(ctx, "section", id, moveTo, true); err != nil {
		return err
	}
	if err := s.store.DeleteSection(ctx, id, moveTo); err != nil {
		return err
	}
	s.changed(ctx)
	return nil
}

// DeleteSeries deletes a series, moving its articles to series moveTo, or
// out of any series with 0. Editors and admins.
func (s *Service) DeleteSeries(ctx context.Context, actor Actor, id, moveTo int64) error {
	if err := s.requireRole(actor, auth.RoleEditor); err != nil {
		return err
	}
	if _, err := s.store.GetSeries(ctx, id); err != nil {
		return s.notFound(err, "series")
	}
	if err := s.checkMove(ctx, "series", id, moveTo, false); err != nil {
		return err
	}
	if err := s.store.DeleteSeries(ctx, id, moveTo); err != nil {
		return err
	}
	s.changed(ctx)
	return nil
}

// checkMove checks where the articles of a list go: another existing entry
// of the same kind, or (when none is required) nowhere.
func (s *Service) checkMove(ctx context.Context, kind string, id, moveTo int64, required bool) error {
	if moveTo == 0 {
		if !required {
			return nil
		}
		n, err := s.store.CountListArticles(ctx, kind, id)
		if err != nil {
			return err
		}
		if n > 0 {
			return apperr.Fields{"move_to": "This " + kind + " has articles: choose a " + kind + " to move them to."}
		}
		return nil
	}
	if moveTo == id {
		return apperr.Fields{"move_to": "Choose another " + kind + " than the one you are deleting."}
	}
	var err error
	if kind == "section" {
		_, err = s.store.GetSection(ctx, moveTo)
	} else {
		_, err = s.store.GetSeries(ctx, moveTo)
	}
	if apperr.KindOf(err) == apperr.NotFound {
		return apperr.Fields{"move_to": "Choose a " + kind + " from the list; that one no longer exists."}
	}
	return err
}
