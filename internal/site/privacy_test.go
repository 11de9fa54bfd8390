package site

import (
	"context"
	"strings"
	"testing"

	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// TestPrivacyNoticeBeyondTheMarkdownLimits: a notice stored before the
// Markdown limits existed, shaped so that converting it is refused, still
// shows readers its words (escaped, as plain paragraphs) instead of an error.
func TestPrivacyNoticeBeyondTheMarkdownLimits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		st, err := db.GetSettings(ctx)
		if err != nil {
			t.Fatal(err)
		}
		st.PrivacyNotice = "We keep your <b>address</b> only to send newsletters.\n\n" + strings.Repeat("> ", 40) + "deep\n"
		if err := db.SaveSettings(ctx, st); err != nil {
			t.Fatal(err)
		}
		f.site.Purge()
		res := f.get(t, "/privacy")
		page := body(t, res)
		if res.Code != 200 {
			t.Fatalf("GET /privacy = %d:\n%s", res.Code, page)
		}
		if !strings.Contains(page, "<p>We keep your &lt;b&gt;address&lt;/b&gt; only to send newsletters.</p>") {
			t.Errorf("the notice's words are not shown as an escaped paragraph:\n%s", page)
		}
	})
}
