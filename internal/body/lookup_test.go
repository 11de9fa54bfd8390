package body

import (
	"strconv"
	"strings"
)

// testLookup knows articles by slug (id = length of the slug, as the
// stored samples were made) and images 1 to 99.
var testLookup = Lookup{
	RefBySlug: func(slug string) (Ref, bool) {
		if slug == "" || slug == "missing" {
			return Ref{}, false
		}
		return Ref{ID: int64(len(slug)), URL: "/articles/" + slug, Headline: "Headline of " + slug, Published: true}, true
	},
	RefByID: func(id int64) (Ref, bool) {
		slug := strings.Repeat("x", int(id))
		return Ref{ID: id, URL: "/articles/" + slug, Headline: "Now " + slug, Published: id%2 == 0}, true
	},
	Media: func(id int64) (Media, bool) {
		if id <= 0 || id > 99 {
			return Media{}, false
		}
		return Media{ID: id, URL: "/media/2026/11/img" + strconv.FormatInt(id, 10) + ".jpg", Width: 1200, Height: 800, Mime: "image/jpeg"}, true
	},
}
