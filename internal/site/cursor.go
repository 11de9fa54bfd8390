package site

import (
	"net/http"

	"masthead/internal/apperr"
	"masthead/internal/content"
)

// Lists are paginated with a keyset cursor in the address (content.Cursor):
// ?after=<published_at as Unix microseconds>-<id> of the last article shown.

var errBadCursor = apperr.New(apperr.Invalid, "This page address is not valid: the “after” value should look like 1772355600000000-42.")

func parseCursor(s string) (content.Cursor, error) {
	c, ok := content.ParseCursor(s)
	if !ok {
		return content.Cursor{}, errBadCursor
	}
	return c, nil
}

func formatCursor(c content.Cursor) string { return c.String() }

// pageKey is the cache key of a request: its path, plus the cursor in a
// canonical form on paginated pages. Every other query parameter (tracking
// tags, cache busters) is ignored, so it can neither split the cache nor
// fill it.
func pageKey(r *http.Request, paginated bool) (string, content.Cursor, error) {
	if r.URL.RawQuery == "" || !paginated {
		return r.URL.Path, content.Cursor{}, nil
	}
	raw := r.URL.Query()["after"]
	if len(raw) == 0 || (len(raw) == 1 && raw[0] == "") {
		return r.URL.Path, content.Cursor{}, nil
	}
	if len(raw) > 1 {
		return "", content.Cursor{}, errBadCursor
	}
	c, err := parseCursor(raw[0])
	if err != nil {
		return "", content.Cursor{}, err
	}
	return r.URL.Path + "?after=" + formatCursor(c), c, nil
}
