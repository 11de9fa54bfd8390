package site

import (
	"strings"
	"testing"

	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// An address holding a NUL byte, a control character or invalid UTF-8 is
// refused with a message before any query, on both engines (PostgreSQL
// cannot take them as parameters and answered 500).
func TestUnstorableAddressesAreRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		for _, path := range []string{
			"/articles/council%00budget",
			"/articles/caf%E9",
			"/topics/a%01b",
			"/authors/clara%00",
			"/media/2026/03/x%00.png",
			"/sections/news?after=%00",
			"/sections/news?after=1772355600000000-4%FF",
		} {
			w := f.get(t, path)
			if w.Code != 400 {
				t.Errorf("GET %s: status %d, want 400", path, w.Code)
				continue
			}
			if strings.Contains(path, "?after=") {
				contains(t, path, body(t, w), "the “after” value should look like")
				continue
			}
			contains(t, path, body(t, w), "The address contained characters that cannot be stored")
		}
		// Query parameters pages do not read are ignored, whatever they
		// hold, as the cache ignores them: a tracking tag in Latin-1 from
		// an old mailing tool must not turn an article into an error.
		for _, path := range []string{"/articles/council-budget?utm_campaign=caf%E9", "/?x=%00"} {
			if w := f.get(t, path); w.Code != 200 {
				t.Errorf("GET %s: status %d, want 200", path, w.Code)
			}
		}
	})
}
