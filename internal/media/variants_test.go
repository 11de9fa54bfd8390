package media_test

import (
	"bytes"
	"context"
	"image"
	"io"
	"log/slog"
	"slices"
	"testing"
	"time"

	"github.com/gen2brain/avif"
	"github.com/gen2brain/webp"

	"masthead/internal/content"
	"masthead/internal/media"
	"masthead/internal/media/mediatest"
	"masthead/internal/queue"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// A camera photo (GPS, serial number, turned by EXIF) gets variants in
// AVIF, WebP and JPEG at every standard width below its upright width and
// at that width, each upright, decodable, of the size recorded, and none
// holding any of the camera's metadata. A second run makes nothing.
func TestVariantsAreUprightCleanAndRecordedOnceStored(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		files := media.NewLocal(t.TempDir())
		lib := media.NewIn(files, db, time.Now)
		// Stored 1400×700 with Orientation 6: shown 700 wide, 1400 high.
		img, err := lib.Upload(ctx, bytes.NewReader(mediatest.CameraJPEG(t, 1400, 700)), "IMG_2.jpg", 0, media.Details{})
		if err != nil {
			t.Fatal(err)
		}
		n, err := lib.MakeVariants(ctx, img.Path)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := db.GetImage(ctx, img.ID)
		type key struct {
			mime string
			w    int
		}
		var keys []key
		for _, v := range got.Variants {
			keys = append(keys, key{v.Mime, v.Width})
			if v.Height != v.Width*2 {
				t.Errorf("%s is %d×%d: not upright (want twice as high as wide)", v.Path, v.Width, v.Height)
			}
			f, err := files.Open(ctx, v.Path)
			if err != nil {
				t.Fatalf("recorded variant %s is not stored: %v", v.Path, err)
			}
			data, _ := io.ReadAll(f)
			f.Close()
			for _, s := range mediatest.Secrets {
				if bytes.Contains(data, []byte(s)) {
					t.Errorf("%s holds the camera's %q", v.Path, s)
				}
			}
			if bytes.Contains(data, []byte("Exif")) {
				t.Errorf("%s has an EXIF segment", v.Path)
			}
			var cfg image.Config
			switch v.Mime {
			case "image/webp":
				cfg, err = webp.DecodeConfig(bytes.NewReader(data))
			case "image/avif":
				cfg, err = avif.DecodeConfig(bytes.NewReader(data))
			default:
				cfg, _, err = image.DecodeConfig(bytes.NewReader(data))
			}
			if err != nil || cfg.Width != v.Width || cfg.Height != v.Height {
				t.Errorf("%s decodes as %d×%d (%v), recorded %d×%d", v.Path, cfg.Width, cfg.Height, err, v.Width, v.Height)
			}
		}
		want := []key{{"image/avif", 320}, {"image/avif", 640}, {"image/avif", 700}, {"image/jpeg", 320}, {"image/jpeg", 640}, {"image/jpeg", 700},
			{"image/webp", 320}, {"image/webp", 640}, {"image/webp", 700}}
		if !slices.Equal(keys, want) || n != len(want) {
			t.Errorf("made %d variants %v, want %v", n, keys, want)
		}
		if again, err := lib.MakeVariants(ctx, img.Path); again != 0 || err != nil {
			t.Errorf("second run made %d (%v)", again, err)
		}
	})
}

// A wide PNG gets every standard width (never wider than itself), WebP and
// PNG when AVIF is off, and a replaced file's variants are removed when
// the new file's job runs; the new file gets its own.
func TestVariantWidthsAndReplace(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		files := media.NewLocal(t.TempDir())
		lib := media.NewIn(files, db, time.Now)
		lib.AVIF = false
		q := queue.New(db, slog.New(slog.DiscardHandler), queue.Options{})
		lib.UseQueue(q, slog.New(slog.DiscardHandler), nil)
		img, err := lib.Upload(ctx, bytes.NewReader(pngBytes(t, thirds(2500, 500, 255))), "wide.png", 0, media.Details{})
		if err != nil {
			t.Fatal(err)
		}
		if err := q.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		got, _ := db.GetImage(ctx, img.ID)
		widths := map[string][]int{}
		for _, v := range got.Variants {
			widths[v.Mime] = append(widths[v.Mime], v.Width)
		}
		for _, m := range []string{"image/webp", "image/png"} {
			if !slices.Equal(widths[m], media.VariantWidths) {
				t.Errorf("%s widths %v, want %v", m, widths[m], media.VariantWidths)
			}
		}
		if len(widths) != 2 {
			t.Errorf("types %v, want WebP and PNG only", widths)
		}
		old := got.Variants
		repl, err := lib.Replace(ctx, img.ID, bytes.NewReader(pngBytes(t, thirds(400, 300, 255))), "new.png")
		if err != nil {
			t.Fatal(err)
		}
		if err := q.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		got, _ = db.GetImage(ctx, img.ID)
		if got.Path != repl.Path || got.Path == img.Path || len(got.Variants) != 4 { // 320 and 400, two types
			t.Errorf("after replace: %s with %d variants %+v", got.Path, len(got.Variants), got.Variants)
		}
		for _, v := range append(old, content.ImageVariant{Path: img.Path}) {
			if _, err := files.Stat(ctx, v.Path); err == nil {
				t.Errorf("%s of the replaced file is still stored", v.Path)
			}
		}
	})
}

// Images stored before variants existed get theirs from the job that serve
// queues at start; running it again queues nothing for them.
func TestQueueMissingVariants(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		files := media.NewLocal(t.TempDir())
		old := media.NewIn(files, db, time.Now) // no queue: as before variants
		img, err := old.SaveImage(ctx, bytes.NewReader(pngBytes(t, thirds(500, 300, 255))), 0)
		if err != nil {
			t.Fatal(err)
		}
		lib := media.NewIn(files, db, time.Now)
		lib.AVIF = false
		q := queue.New(db, slog.New(slog.DiscardHandler), queue.Options{})
		lib.UseQueue(q, slog.New(slog.DiscardHandler), nil)
		if n, err := lib.QueueMissingVariants(ctx, db, slog.New(slog.DiscardHandler)); n != 1 || err != nil {
			t.Fatalf("queued %d (%v), want 1", n, err)
		}
		if err := q.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		got, _ := db.GetImage(ctx, img.ID)
		if len(got.Variants) != 4 { // 320 and 500, WebP and PNG
			t.Fatalf("after the job: %+v", got.Variants)
		}
		if n, _ := lib.QueueMissingVariants(ctx, db, slog.New(slog.DiscardHandler)); n != 0 {
			t.Errorf("second start queued %d", n)
		}
	})
}
