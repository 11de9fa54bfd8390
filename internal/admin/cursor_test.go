package admin_test

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"masthead/internal/auth"
	"masthead/internal/content"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// The newsroom list writes the site's cursor form, and a link in the
// older dotted form (an open tab, a bookmark) still reaches the same page.
func TestArticleListCursorForms(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		ed := a.user("ed@example.org", auth.RoleEditor)
		for i := 0; i < 27; i++ {
			if _, err := a.content.Save(context.Background(), editorActor, content.ArticleInput{Headline: fmt.Sprintf("Story %02d", i),
				Standfirst: "S.", SectionID: a.section, AuthorIDs: []int64{ed.AuthorID}, BodySource: "B.", Action: content.ActionSave}); err != nil {
				t.Fatal(err)
			}
			a.clock.Add(time.Minute)
		}
		c := a.signIn("ed@example.org")
		next := regexp.MustCompile(`href="/admin/articles\?after=([0-9]+)-([0-9]+)" rel="next"`).FindStringSubmatch(c.get("/admin/articles").body)
		if next == nil {
			t.Fatal("no next link in the form <µs>-<id>")
		}
		titles := func(path string) []string {
			var out []string
			for _, m := range rowRE.FindAllStringSubmatch(c.get(path).body, -1) {
				out = append(out, m[1])
			}
			return out
		}
		want := []string{"Story 01", "Story 00"}
		for _, path := range []string{"/admin/articles?after=" + next[1] + "-" + next[2], "/admin/articles?after=" + next[1] + "." + next[2]} {
			if got := titles(path); !slices.Equal(got, want) {
				t.Errorf("%s lists %v, want %v", path, got, want)
			}
		}
		if got := titles("/admin/articles?after=" + strings.Repeat("9", 25) + "-1"); len(got) != 25 {
			t.Errorf("a malformed cursor lists %d articles, want the first page's 25", len(got))
		}
	})
}
