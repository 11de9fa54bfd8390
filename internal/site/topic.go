package site

import (
	"context"
	"net/http"

	"masthead/internal/content"
)

// topic lists the articles on a topic: GET /topics/{slug}.
func (s *Site) topic(ctx context.Context, r *http.Request, after content.Cursor) (view, error) {
	slug := r.PathValue("slug")
	if !content.ValidSlug(slug) {
		return view{}, errNotFound
	}
	sh, err := s.common(ctx)
	if err != nil {
		return view{}, err
	}
	t, err := s.store.GetTopicBySlug(ctx, slug)
	if err != nil {
		return view{}, asNotFound(err)
	}
	d, lv := s.listPage(sh, "Topic", t.Name, "", "/topics/"+t.Slug, after)
	d.Description = "Articles about " + t.Name + " in " + sh.Settings.Name + "."
	if err := s.list(ctx, sh, lv, content.Filter{TopicID: t.ID}, after); err != nil {
		return view{}, err
	}
	return view{page: "list", data: d}, nil
}
