package admin_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"masthead/internal/auth"
	"masthead/internal/content"
	"masthead/internal/store/storetest"
)

// BenchmarkRevisionsList opens the revisions list of an article with 500
// revisions of a 5,000-word body, each differing from the one before in
// one word, on SQLite: the first page (50 rows, each with what changed),
// and every page in turn for comparison. Run it with
//
//	go test -run '^$' -bench RevisionsList ./internal/admin
func BenchmarkRevisionsList(b *testing.B) {
	db := storetest.Open(b, storetest.SQLite)
	a := newApp(b, db)
	ed := a.user("ed@example.org", auth.RoleEditor)
	c := a.signIn("ed@example.org")
	ctx := context.Background()
	body := func(i int) string {
		var sb strings.Builder
		for w := range 5000 {
			if w > 0 && w%100 == 0 {
				sb.WriteString("\n\n")
			} else if w > 0 {
				sb.WriteByte(' ')
			}
			if w == (i*7)%5000 {
				fmt.Fprintf(&sb, "edit%d", i)
			} else {
				fmt.Fprintf(&sb, "word%d", w%89)
			}
		}
		return sb.String()
	}
	w := content.ArticleWrite{Article: content.Article{Slug: "long", Headline: "Long", SectionID: a.section, Status: content.StatusDraft,
		AuthorIDs: []int64{ed.AuthorID}, CreatedAt: a.clock.Now(), UpdatedAt: a.clock.Now()}, By: ed.ID}
	for i := range 500 {
		w.Revision = content.Snapshot{Slug: "long", Headline: "Long", BodySource: body(i), SectionID: a.section, AuthorIDs: []int64{ed.AuthorID}}
		w.Article.UpdatedAt = w.Article.UpdatedAt.Add(time.Second)
		var err error
		if i == 0 {
			w.Article.ID, err = db.CreateArticle(ctx, w)
		} else {
			err = db.UpdateArticle(ctx, w)
		}
		if err != nil {
			b.Fatal(err)
		}
	}
	list := "/admin/articles/" + itoa(w.Article.ID) + "/revisions"
	b.Run("first-page", func(b *testing.B) {
		for b.Loop() {
			if r := c.get(list); r.status != http.StatusOK || !strings.Contains(r.body, "Body (1 paragraph changed)") {
				b.Fatalf("list: %d", r.status)
			}
		}
	})
	b.Run("all-10-pages", func(b *testing.B) {
		for b.Loop() {
			next, pages := list, 0
			for next != "" {
				r := c.get(next)
				if r.status != http.StatusOK {
					b.Fatalf("list: %d", r.status)
				}
				pages++
				next = ""
				if m := olderRE.FindStringSubmatch(r.body); m != nil {
					next = list + "?before=" + m[1]
				}
			}
			if pages != 10 {
				b.Fatalf("%d pages, want 10", pages)
			}
		}
	})
}
