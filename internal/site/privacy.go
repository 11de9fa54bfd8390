package site

import (
	"context"
	"errors"
	"html/template"
	"net/http"
	"strings"

	"masthead/internal/content"
)

// privacy shows the publication's privacy notice: GET /privacy. The notice
// is Markdown from the settings, converted and sanitised by content like an
// article body.
func (s *Site) privacy(ctx context.Context, r *http.Request, _ content.Cursor) (view, error) {
	sh, err := s.common(ctx)
	if err != nil {
		return view{}, err
	}
	d := s.pageData(sh, r, "Privacy", "/privacy")
	d.Privacy = &privacyView{}
	d.Description = "How " + sh.Settings.Name + " handles personal data."
	if sh.Settings.PrivacyNotice != "" {
		noLinks := func(string) (content.ArticleRef, bool) { return content.ArticleRef{}, false }
		res, err := content.ConvertMarkdown(sh.Settings.PrivacyNotice, noLinks)
		var tooCostly *content.SourceError
		switch {
		case errors.As(err, &tooCostly):
			// A notice saved before the Markdown limits existed may break
			// them; readers still get its words, as plain paragraphs.
			d.Privacy.Notice = plainParagraphs(sh.Settings.PrivacyNotice)
		case err != nil:
			return view{}, err
		default:
			d.Privacy.Notice = template.HTML(res.HTML) // sanitised by ConvertMarkdown
		}
	}
	return view{page: "privacy", data: d}, nil
}

// plainParagraphs shows text as escaped paragraphs split at blank lines,
// with no Markdown read at all.
func plainParagraphs(text string) template.HTML {
	var b strings.Builder
	for _, para := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if para = strings.TrimSpace(para); para != "" {
			b.WriteString("<p>")
			b.WriteString(template.HTMLEscapeString(para))
			b.WriteString("</p>\n")
		}
	}
	return template.HTML(b.String()) // every piece of text escaped above
}
