package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"masthead/internal/content"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

func TestMediaLibraryQueries(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		must := func(id int64, err error) int64 {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
			return id
		}
		at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		var ids []int64
		for i := range 5 {
			ids = append(ids, must(db.CreateImage(ctx, content.Image{Path: fmt.Sprintf("2026/03/%d.jpg", i), Mime: "image/jpeg",
				Width: 1200, Height: 800, Size: 50, Name: fmt.Sprintf("photo %d.jpg", i)}, 0)))
		}
		harbour, lead, body, photo := ids[0], ids[1], ids[2], ids[3]

		// Details, and a search by name, caption and credit in any case,
		// with LIKE's wildcards taken literally.
		if err := db.UpdateImageDetails(ctx, content.Image{ID: harbour, Name: "harbour.jpg", Alt: "Boats", Caption: "The 100% HARBOUR at dawn",
			Credit: "Ana Pérez", FocusX: 0.25, FocusY: 0.75}); err != nil {
			t.Fatal(err)
		}
		got, err := db.GetImage(ctx, harbour)
		if err != nil || got.Name != "harbour.jpg" || got.Alt != "Boats" || got.FocusX != 0.25 || got.FocusY != 0.75 {
			t.Fatalf("details = %+v, %v", got, err)
		}
		fresh, _ := db.GetImage(ctx, ids[4])
		if fresh.FocusX != 0.5 || fresh.FocusY != 0.5 {
			t.Errorf("a new image's focal point = %v,%v, want the centre", fresh.FocusX, fresh.FocusY)
		}
		for q, want := range map[string][]int64{"harbour": {harbour}, "100%": {harbour}, "ANA p": {harbour}, "photo": {ids[4], photo, body, lead}, "_": nil, "nothing": nil} {
			imgs, more, err := db.ListImages(ctx, q, 1, 10)
			if err != nil {
				t.Fatal(err)
			}
			var gotIDs []int64
			for _, m := range imgs {
				gotIDs = append(gotIDs, m.ID)
			}
			if !slices.Equal(gotIDs, want) || more {
				t.Errorf("search %q = %v (more %v), want %v", q, gotIDs, more, want)
			}
		}
		p1, more1, _ := db.ListImages(ctx, "", 1, 2)
		p3, more3, _ := db.ListImages(ctx, "", 3, 2)
		if len(p1) != 2 || !more1 || p1[0].ID != ids[4] || len(p3) != 1 || more3 || p3[0].ID != harbour {
			t.Errorf("pages: %v %v / %v %v", p1, more1, p3, more3)
		}

		// Variants are listed once recorded, and only for the current file.
		v := content.ImageVariant{Path: "2026/03/0.w640.webp", Mime: "image/webp", Width: 640, Height: 427}
		if ok, err := db.AddImageVariant(ctx, harbour, "2026/03/0.jpg", v, 10); !ok || err != nil {
			t.Fatalf("add variant: %v %v", ok, err)
		}
		if ok, _ := db.AddImageVariant(ctx, harbour, "2026/03/old.jpg", content.ImageVariant{Path: "x.webp", Mime: "image/webp", Width: 320}, 1); ok {
			t.Error("a variant of a file the image no longer has was recorded")
		}
		got, _ = db.GetImage(ctx, harbour)
		if len(got.Variants) != 1 || got.Variants[0] != v || got.Variants[0].URL() != "/media/2026/03/0.w640.webp" {
			t.Errorf("variants = %+v", got.Variants)
		}
		old, err := db.ReplaceImageFile(ctx, content.Image{ID: harbour, Path: "2026/03/new.png", Mime: "image/png", Width: 800, Height: 600, Size: 9})
		if err != nil || old != "2026/03/0.jpg" {
			t.Fatalf("replace = %q, %v", old, err)
		}
		got, _ = db.GetImage(ctx, harbour)
		if got.Path != "2026/03/new.png" || got.Width != 800 || len(got.Variants) != 0 || got.Name != "harbour.jpg" {
			t.Errorf("after replace: %+v", got)
		}
		stale, _ := db.StaleImageVariants(ctx, 10)
		if !slices.Equal(stale, []string{"2026/03/0.w640.webp"}) {
			t.Errorf("stale variants = %v", stale)
		}
		if err := db.ForgetImageVariant(ctx, stale[0]); err != nil {
			t.Fatal(err)
		}
		if stale, _ = db.StaleImageVariants(ctx, 10); len(stale) != 0 {
			t.Errorf("stale after forget = %v", stale)
		}

		// Uses: a lead image, an image block in a body, an author photo.
		news := must(db.SaveSection(ctx, content.Section{Slug: "news", Name: "News"}))
		w := content.ArticleWrite{Article: content.Article{Slug: "a", Headline: "Lead story", Body: "<p>x</p>", SectionID: news,
			Status: content.StatusDraft, LeadImageID: lead, CreatedAt: at, UpdatedAt: at}}
		must(db.CreateArticle(ctx, w))
		w.Article.Slug, w.Article.Headline, w.Article.LeadImageID = "b", "Body story", 0
		w.Article.Body = fmt.Sprintf(`<figure class="image" data-media-id="%d"><img src="/media/2026/03/2.jpg" alt="" width="1200" height="800"></figure>`, body)
		must(db.CreateArticle(ctx, w))
		must(db.SaveAuthor(ctx, content.Author{Slug: "ada", Name: "Ada", PhotoID: photo}))
		for id, want := range map[int64]content.ImageUse{
			lead: {Kind: content.UseLead, Title: "Lead story"}, body: {Kind: content.UseBody, Title: "Body story"}, photo: {Kind: content.UseAuthor, Title: "Ada"},
		} {
			uses, err := db.ImageUses(ctx, id)
			if err != nil || len(uses) != 1 || uses[0].Kind != want.Kind || uses[0].Title != want.Title || uses[0].ID == 0 {
				t.Errorf("uses of %d = %+v, %v; want %+v", id, uses, err, want)
			}
			if _, deleted, err := db.DeleteUnusedImage(ctx, id); deleted || err != nil {
				t.Errorf("image %d in use was deleted (%v)", id, err)
			}
		}
		// An image nothing uses lists no uses and can be deleted.
		if uses, _ := db.ImageUses(ctx, harbour); len(uses) != 0 {
			t.Errorf("unused image has uses %+v", uses)
		}
		if path, deleted, err := db.DeleteUnusedImage(ctx, harbour); !deleted || err != nil || path != "2026/03/new.png" {
			t.Errorf("delete unused = %q %v %v", path, deleted, err)
		}
		if _, err := db.GetImage(ctx, harbour); err == nil {
			t.Error("deleted image still loads")
		}
	})
}
