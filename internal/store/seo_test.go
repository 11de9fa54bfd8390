package store_test

import (
	"context"
	"testing"
	"time"

	"masthead/internal/content"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// The search and social texts are stored, read by the editor's and the
// reader's queries, and kept in revisions; an article written without them
// reads them empty.
func TestSearchAndSocialTextsRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		sec, au := seedTaxonomy(t, db)
		at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		w := newArticle("story", sec, au, at)
		id, err := db.CreateArticle(ctx, w)
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := db.GetArticle(ctx, id); got.SEOTitle != "" || got.SocialTitle != "" || got.SocialDescription != "" {
			t.Fatalf("a new article has search and social texts: %q %q %q", got.SEOTitle, got.SocialTitle, got.SocialDescription)
		}
		const seo, social, desc = `Budget "2026" </script>`, "Social — ‘title’ 市议会", "A description\nover two lines & more"
		w.Article.ID, w.Article.UpdatedAt = id, at.Add(time.Minute)
		w.Article.SEOTitle, w.Article.SocialTitle, w.Article.SocialDescription = seo, social, desc
		w.Revision = content.SnapshotOf(w.Article, nil)
		if err := db.UpdateArticle(ctx, w); err != nil {
			t.Fatal(err)
		}
		check := func(what string, a content.Article, err error) {
			t.Helper()
			if err != nil || a.SEOTitle != seo || a.SocialTitle != social || a.SocialDescription != desc {
				t.Errorf("%s: %q %q %q, %v", what, a.SEOTitle, a.SocialTitle, a.SocialDescription, err)
			}
		}
		got, err := db.GetArticle(ctx, id)
		check("GetArticle", got, err)
		view, err := db.PublishedArticle(ctx, "story")
		check("PublishedArticle", view.Article, err)
		view, err = db.ArticleView(ctx, id)
		check("ArticleView", view.Article, err)
		reader, err := db.SiteReader(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer reader.Release()
		view, err = reader.PublishedArticle(ctx, "story")
		check("SiteReader.PublishedArticle", view.Article, err)
		views, err := db.Views(ctx, []content.Article{got})
		if err != nil || len(views) != 1 {
			t.Fatalf("views: %v", err)
		}
		check("Views", views[0].Article, nil)
		revs, err := db.ListRevisions(ctx, id)
		if err != nil || len(revs) != 2 {
			t.Fatalf("revisions: %d, %v", len(revs), err)
		}
		if s := revs[0].Snapshot; s.SEOTitle != seo || s.SocialTitle != social || s.SocialDescription != desc {
			t.Errorf("latest revision: %q %q %q", s.SEOTitle, s.SocialTitle, s.SocialDescription)
		}
		if s := revs[1].Snapshot; s.SEOTitle != "" || s.SocialTitle != "" || s.SocialDescription != "" {
			t.Errorf("first revision has texts it was saved without: %+v", s)
		}
	})
}
