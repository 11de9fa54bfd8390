package site

import (
	"context"
	"net/http"

	"masthead/internal/content"
)

// section lists a section's articles: GET /sections/{slug}.
func (s *Site) section(ctx context.Context, r *http.Request, after content.Cursor) (view, error) {
	slug := r.PathValue("slug")
	if !content.ValidSlug(slug) {
		return view{}, errNotFound
	}
	sh, err := s.common(ctx)
	if err != nil {
		return view{}, err
	}
	var sec content.Section
	found := false
	for _, x := range sh.Sections { // sections are few and already in memory
		if x.Slug == slug {
			sec, found = x, true
		}
	}
	if !found {
		return view{}, errNotFound
	}
	d, lv := s.listPage(sh, "Section", sec.Name, sec.Description, "/sections/"+sec.Slug, after)
	d.Current = sec.Slug
	if err := s.list(ctx, sh, lv, content.Filter{SectionID: sec.ID}, after); err != nil {
		return view{}, err
	}
	return view{page: "list", data: d}, nil
}
