package content_test

import (
	"testing"
	"time"

	"masthead/internal/content"
)

func TestCursorOneFormReadsBoth(t *testing.T) {
	want := content.Cursor{PublishedAt: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC), ID: 42}
	if s := want.String(); s != "1772355600000000-42" {
		t.Errorf("cursor written as %q, want 1772355600000000-42", s)
	}
	// The site's form, and the newsroom list's older dotted one.
	for _, s := range []string{"1772355600000000-42", "1772355600000000.42", "0001772355600000000-042"} {
		c, ok := content.ParseCursor(s)
		if !ok || c.ID != want.ID || !c.PublishedAt.Equal(want.PublishedAt) {
			t.Errorf("ParseCursor(%q) = %+v, %v; want %+v", s, c, ok, want)
		}
	}
	for _, s := range []string{"", "abc", "1-", "-1", "1-0", "1-2-3", "1.2.3", "1.2-3", "1772355600000000",
		"99999999999999999999-1", "+1-2", "1- 2", "-5-6", "1-\x00"} {
		if c, ok := content.ParseCursor(s); ok {
			t.Errorf("ParseCursor(%q) = %+v, want refused", s, c)
		}
	}
}
