package store_test

import (
	"context"
	"testing"
	"time"

	"masthead/internal/content"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// An article keeps its lead image's crop and focal point (and its
// revision too); a crop's files are listed with the image once recorded,
// only for its current file, and go stale with a replaced file.
func TestPerUseCropsAreKept(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		sec, err := db.SaveSection(ctx, content.Section{Slug: "news", Name: "News"})
		if err != nil {
			t.Fatal(err)
		}
		img, err := db.CreateImage(ctx, content.Image{Path: "2026/03/a.jpg", Mime: "image/jpeg", Width: 1200, Height: 800, Size: 5}, 0)
		if err != nil {
			t.Fatal(err)
		}
		a := content.Article{Slug: "cropped", Headline: "Cropped", SectionID: sec, Status: content.StatusPublished, PublishedAt: now,
			CreatedAt: now, UpdatedAt: now, LeadImageID: img, LeadCrop: "1x1", LeadFocus: "0.20,0.80",
			Body: `<figure class="image" data-media-id="1" data-crop="16x9"><img src="/media/x.jpg" alt=""></figure>`}
		id, err := db.CreateArticle(ctx, content.ArticleWrite{Article: a, Revision: content.SnapshotOf(a, nil)})
		if err != nil {
			t.Fatal(err)
		}
		plain := content.Article{Slug: "plain", Headline: "Plain", SectionID: sec, Status: content.StatusPublished, PublishedAt: now, CreatedAt: now, UpdatedAt: now, LeadImageID: img}
		plainID, err := db.CreateArticle(ctx, content.ArticleWrite{Article: plain})
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.GetArticle(ctx, id)
		if err != nil || got.LeadCrop != "1x1" || got.LeadFocus != "0.20,0.80" {
			t.Fatalf("saved lead crop %q %q, %v", got.LeadCrop, got.LeadFocus, err)
		}
		view, err := db.ArticleView(ctx, id)
		if err != nil || view.LeadCrop != "1x1" || view.LeadFocus != "0.20,0.80" {
			t.Fatalf("article view lead crop %q %q, %v", view.LeadCrop, view.LeadFocus, err)
		}
		views, err := db.Views(ctx, []content.Article{{ID: id, LeadImageID: img, SectionID: sec}, {ID: plainID, LeadImageID: img, SectionID: sec}})
		if err != nil || views[0].LeadCrop != "1x1" || views[0].LeadFocus != "0.20,0.80" || views[1].LeadCrop != "" {
			t.Fatalf("list views: %+v %+v, %v", views[0].Article, views[1].Article, err)
		}
		revs := mustRevisions(t, db, id)
		if len(revs) == 0 || revs[0].Snapshot.LeadCrop != "1x1" || revs[0].Snapshot.LeadFocus != "0.20,0.80" {
			t.Errorf("revision: %+v", revs)
		}
		users, err := db.ArticlesWithCrops(ctx, 0, 0, 10)
		if err != nil || len(users) != 1 || users[0].ID != id || len(content.CropUses(users[0])) != 4 {
			t.Fatalf("articles with crops: %+v, %v", users, err)
		}
		// A change to one image reads only the articles using it.
		if users, err := db.ArticlesWithCrops(ctx, img, 0, 10); err != nil || len(users) != 1 || users[0].ID != id {
			t.Fatalf("articles with crops of image %d: %+v, %v", img, users, err)
		}
		if users, err := db.ArticlesWithCrops(ctx, img+100, 0, 10); err != nil || len(users) != 0 {
			t.Fatalf("articles with crops of an image nobody uses: %+v, %v", users, err)
		}

		key := "1x1@0.20,0.80"
		files := []content.ImageVariant{
			{Path: "2026/03/a.c1x1-20-80.w320.webp", Mime: "image/webp", Width: 320, Height: 320, Crop: key},
			{Path: "2026/03/a.c1x1-20-80.w320.jpg", Mime: "image/jpeg", Width: 320, Height: 320, Crop: key},
		}
		if ok, err := db.AddImageCrop(ctx, img, "2026/03/old.jpg", key, files, []int64{1, 1}); ok || err != nil {
			t.Fatalf("a crop of a file the image no longer has: %v %v", ok, err)
		}
		if ok, err := db.AddImageCrop(ctx, img, "2026/03/a.jpg", key, files, []int64{1, 1}); !ok || err != nil {
			t.Fatalf("add crop: %v %v", ok, err)
		}
		m, err := db.GetImage(ctx, img)
		if err != nil || len(m.UseCrops) != 2 || len(m.Variants) != 0 {
			t.Fatalf("image: variants %v crops %v, %v", m.Variants, m.UseCrops, err)
		}
		if c, ok := m.Cropped("1x1", "0.20,0.80"); !ok || c.Path != "2026/03/a.c1x1-20-80.w320.jpg" || c.Width != 320 || c.Height != 320 || len(c.Variants) != 2 {
			t.Errorf("cropped: %+v %v", c, ok)
		}
		if view, _ = db.ArticleView(ctx, id); view.LeadImageShown().Path != "2026/03/a.c1x1-20-80.w320.jpg" {
			t.Errorf("the article page's lead image: %+v", view.LeadImageShown())
		}
		if _, err := db.ReplaceImageFile(ctx, content.Image{ID: img, Path: "2026/03/b.jpg", Mime: "image/jpeg", Width: 10, Height: 10, Size: 1}); err != nil {
			t.Fatal(err)
		}
		if m, _ = db.GetImage(ctx, img); len(m.UseCrops) != 0 {
			t.Errorf("crops of the replaced file still listed: %v", m.UseCrops)
		}
		stale, err := db.StaleImageVariants(ctx, 10)
		if err != nil || len(stale) != 2 {
			t.Fatalf("stale: %v %v", stale, err)
		}
		for _, p := range stale {
			if err := db.ForgetImageVariant(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
		if stale, _ = db.StaleImageVariants(ctx, 10); len(stale) != 0 {
			t.Errorf("still stale after forgetting: %v", stale)
		}
	})
}
