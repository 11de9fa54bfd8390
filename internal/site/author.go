package site

import (
	"context"
	"net/http"

	"masthead/internal/apperr"
	"masthead/internal/content"
)

// author shows a writer's bio, links and articles: GET /authors/{slug}.
func (s *Site) author(ctx context.Context, r *http.Request, after content.Cursor) (view, error) {
	slug := r.PathValue("slug")
	if !content.ValidSlug(slug) {
		return view{}, errNotFound
	}
	sh, err := s.common(ctx)
	if err != nil {
		return view{}, err
	}
	a, err := s.store.GetAuthorBySlug(ctx, slug)
	if err != nil {
		return view{}, asNotFound(err)
	}
	d, lv := s.listPage(sh, "Writer", a.Name, a.Bio, "/authors/"+a.Slug, after)
	d.OGType = "profile"
	lv.Links = a.Links
	if a.PhotoID != 0 {
		img, err := s.store.GetImage(ctx, a.PhotoID)
		switch {
		case err == nil:
			lv.Photo = &img
			d.OGImage = d.absolute(mediaURL(img.Path))
		case apperr.KindOf(err) != apperr.NotFound: // a missing photo is no reason to fail the page
			return view{}, err
		}
	}
	if err := s.list(ctx, sh, lv, content.Filter{AuthorID: a.ID}, after); err != nil {
		return view{}, err
	}
	return view{page: "list", data: d}, nil
}
