package admin

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"masthead/internal/content"
)

// lookupSize is how many articles the see-also picker shows at once.
const lookupSize = 10

// maxLookupQuery bounds the picker's query, as the article list's search.
const maxLookupQuery = 200

type lookupItem struct {
	ID          int64  `json:"id"`
	Headline    string `json:"headline"`
	URL         string `json:"url"`
	PublishedAt string `json:"published_at"`
}

// articleLookup answers the rich editor's see-also picker:
// GET /admin/articles/lookup.json?q= lists published articles whose
// headline holds q, most recently edited first. An empty q lists none; a
// query too long is a 400 with {"error": "..."}.
func (a *Admin) articleLookup(w http.ResponseWriter, r *http.Request) error {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if utf8.RuneCountInString(q) > maxLookupQuery {
		return writeJSON(w, http.StatusBadRequest, map[string]string{"error": "Search with at most 200 characters."})
	}
	items := []lookupItem{}
	if q != "" {
		arts, err := a.store.ListArticles(r.Context(), content.StatusPublished, q, content.Cursor{}, lookupSize)
		if err != nil {
			return err
		}
		for _, art := range arts {
			items = append(items, lookupItem{ID: art.ID, Headline: art.Headline, URL: content.ArticleRef{Slug: art.Slug}.URL(),
				PublishedAt: art.PublishedAt.UTC().Format(time.RFC3339)})
		}
	}
	return writeJSON(w, http.StatusOK, map[string]any{"items": items})
}

// writeJSON answers a script of the newsroom, never cached.
func writeJSON(w http.ResponseWriter, status int, v any) error {
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, err = w.Write(body)
	return err
}
