package site

import (
	"context"
	"net/http"

	"masthead/internal/content"
)

// series lists a series' articles, newest first: GET /series/{slug}.
func (s *Site) series(ctx context.Context, r *http.Request, after content.Cursor) (view, error) {
	slug := r.PathValue("slug")
	if !content.ValidSlug(slug) {
		return view{}, errNotFound
	}
	sh, err := s.common(ctx)
	if err != nil {
		return view{}, err
	}
	var ser content.Series
	found := false
	for _, x := range sh.Series { // the list is already in memory
		if x.Slug == slug {
			ser, found = x, true
		}
	}
	if !found {
		return view{}, errNotFound
	}
	d, lv := s.listPage(sh, "Series", ser.Name, ser.Description, "/series/"+ser.Slug, after)
	if err := s.list(ctx, sh, lv, content.Filter{SeriesID: ser.ID}, after); err != nil {
		return view{}, err
	}
	return view{page: "list", data: d}, nil
}
