package site

import (
	"context"
	"html/template"
	"net/http"

	"masthead/internal/content"
)

// privacy shows the publication's privacy notice: GET /privacy. The notice
// is Markdown from the settings, converted and sanitised by content like an
// article body.
func (s *Site) privacy(ctx context.Context, _ *http.Request, _ content.Cursor) (view, error) {
	sh, err := s.common(ctx)
	if err != nil {
		return view{}, err
	}
	d := s.pageData(sh, "Privacy", "/privacy")
	d.Privacy = &privacyView{}
	d.Description = "How " + sh.Settings.Name + " handles personal data."
	if sh.Settings.PrivacyNotice != "" {
		noLinks := func(string) (content.ArticleRef, bool) { return content.ArticleRef{}, false }
		res, err := content.ConvertMarkdown(sh.Settings.PrivacyNotice, noLinks)
		if err != nil {
			return view{}, err
		}
		d.Privacy.Notice = template.HTML(res.HTML) // sanitised by ConvertMarkdown
	}
	return view{page: "privacy", data: d}, nil
}
