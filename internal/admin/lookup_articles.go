package admin

import (
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"masthead/internal/apperr"
	"masthead/internal/content"
)

// lookupSize is how many articles the see-also picker shows at once.
const lookupSize = 10

// maxLookupQuery bounds the picker's query.
const maxLookupQuery = 200

type lookupItem struct {
	ID          int64  `json:"id"`
	Headline    string `json:"headline"`
	URL         string `json:"url"`
	PublishedAt string `json:"published_at"`
}

type lookupList struct {
	Items []lookupItem `json:"items"`
}

// articleLookup answers the rich editor's see-also picker:
// GET /admin/articles/lookup.json?q= lists published articles whose
// headline holds q (the article list's headline search), most recently
// edited first. An empty q lists none; a query too long is refused with
// {"error": "..."}.
func (a *Admin) articleLookup(w http.ResponseWriter, r *http.Request) (int, any, error) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if utf8.RuneCountInString(q) > maxLookupQuery {
		return 0, nil, apperr.New(apperr.Invalid, "Search with at most 200 characters.")
	}
	out := lookupList{Items: []lookupItem{}}
	if q == "" {
		return http.StatusOK, out, nil
	}
	arts, err := a.store.ListArticles(r.Context(), content.StatusPublished, q, content.Cursor{}, lookupSize)
	if err != nil {
		return 0, nil, err
	}
	for _, art := range arts {
		out.Items = append(out.Items, lookupItem{ID: art.ID, Headline: art.Headline, URL: content.ArticleRef{Slug: art.Slug}.URL(),
			PublishedAt: art.PublishedAt.UTC().Format(time.RFC3339)})
	}
	return http.StatusOK, out, nil
}
