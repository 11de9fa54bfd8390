package store_test

import (
	"context"
	"testing"

	"masthead/internal/content"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// The images of a body are loaded together, each with its crop files;
// an id no longer in the library is left out.
func TestBodyImagesLoadsCropsOfEachImage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a, err := db.CreateImage(ctx, content.Image{Path: "2026/03/a.jpg", Mime: "image/jpeg", Width: 1200, Height: 800, Size: 5}, 0)
		if err != nil {
			t.Fatal(err)
		}
		b, err := db.CreateImage(ctx, content.Image{Path: "2026/03/b.png", Mime: "image/png", Width: 600, Height: 400, Size: 5}, 0)
		if err != nil {
			t.Fatal(err)
		}
		key := "1x1@0.50,0.50"
		files := []content.ImageVariant{{Path: "2026/03/a.c1x1.w640.jpg", Mime: "image/jpeg", Width: 640, Height: 640, Crop: key}}
		if ok, err := db.AddImageCrop(ctx, a, "2026/03/a.jpg", key, files, []int64{1}); !ok || err != nil {
			t.Fatalf("add crop: %v %v", ok, err)
		}
		got, err := db.BodyImages(ctx, []int64{b, a, 9999})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[b].Path != "2026/03/b.png" || len(got[b].UseCrops) != 0 {
			t.Fatalf("body images: %+v", got)
		}
		if c, ok := got[a].Cropped("1x1", "0.50,0.50"); !ok || c.Path != "2026/03/a.c1x1.w640.jpg" {
			t.Errorf("crop of the first image: %+v %v", c, ok)
		}
		if none, err := db.BodyImages(ctx, nil); err != nil || len(none) != 0 {
			t.Errorf("no ids: %v %v", none, err)
		}
	})
}
