package media_test

import (
	"bytes"
	"context"
	"image"
	"io"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gen2brain/webp"

	"masthead/internal/content"
	"masthead/internal/media"
	"masthead/internal/media/mediatest"
	"masthead/internal/queue"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// decodeBlob decodes a stored file of any type variants have (not AVIF).
func decodeBlob(t *testing.T, files media.Blobs, name string) (image.Image, []byte) {
	t.Helper()
	f, err := files.Open(context.Background(), name)
	if err != nil {
		t.Fatalf("recorded file %s is not stored: %v", name, err)
	}
	data, _ := io.ReadAll(f)
	f.Close()
	var pic image.Image
	if strings.HasSuffix(name, ".webp") {
		pic, err = webp.Decode(bytes.NewReader(data))
	} else {
		pic, _, err = image.Decode(bytes.NewReader(data))
	}
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return pic, data
}

// A per-use crop of a camera photo (GPS, serial, turned by EXIF) has the
// ratio asked for at every width up to its own (never wider), is upright,
// holds no metadata, decodes to its recorded size, and is recorded once.
func TestUseCropHasItsRatioWidthsAndNoMetadata(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		files := media.NewLocal(t.TempDir())
		lib := media.NewIn(files, db, time.Now)
		lib.AVIF = false // the AVIF encoder is the variants' (TestVariantsAreUprightCleanAndRecordedOnceStored)
		// Stored 1400×700 with Orientation 6: shown 700 wide, 1400 high.
		img, err := lib.Upload(ctx, bytes.NewReader(mediatest.CameraJPEG(t, 1400, 700)), "IMG_3.jpg", 0, media.Details{})
		if err != nil {
			t.Fatal(err)
		}
		n, err := lib.MakeUseCrop(ctx, img.Path, "16x9", "0.50,0.20")
		if err != nil {
			t.Fatal(err)
		}
		got, _ := db.GetImage(ctx, img.ID)
		if len(got.Variants) != 0 {
			t.Errorf("a crop's files listed as the image's variants: %v", got.Variants)
		}
		var widths []int
		for _, v := range got.UseCrops {
			if v.Crop != "16x9@0.50,0.20" {
				t.Errorf("%s recorded as crop %q", v.Path, v.Crop)
			}
			pic, data := decodeBlob(t, files, v.Path)
			if b := pic.Bounds(); b.Dx() != v.Width || b.Dy() != v.Height {
				t.Errorf("%s decodes as %v, recorded %d×%d", v.Path, b, v.Width, v.Height)
			}
			if d := float64(v.Width)/float64(v.Height) - 16.0/9; d > 0.01 || d < -0.01 {
				t.Errorf("%s is %d×%d, not 16:9", v.Path, v.Width, v.Height)
			}
			for _, s := range append(slices.Clone(mediatest.Secrets), "Exif") {
				if bytes.Contains(data, []byte(s)) {
					t.Errorf("%s holds %q", v.Path, s)
				}
			}
			if v.Mime == "image/jpeg" {
				widths = append(widths, v.Width)
			}
		}
		slices.Sort(widths)
		// The crop of a 700-wide upright picture is 700 wide: the standard
		// widths below it and itself, in WebP and JPEG.
		if want := []int{320, 640, 700}; !slices.Equal(widths, want) || n != 6 || len(got.UseCrops) != 6 {
			t.Errorf("made %d files, JPEG widths %v, want 6 and %v", n, widths, want)
		}
		if again, err := lib.MakeUseCrop(ctx, img.Path, "16x9", "0.50,0.20"); again != 0 || err != nil {
			t.Errorf("second run made %d (%v)", again, err)
		}
		for _, bad := range [][2]string{{"16x10", "0.5,0.5"}, {"1x1", "2,0"}, {"1x1", ""}} {
			if _, err := lib.MakeUseCrop(ctx, img.Path, bad[0], bad[1]); err == nil {
				t.Errorf("crop %v accepted", bad)
			}
		}
	})
}

// The crops an article asks for are queued once each, made by the queue
// around each use's focal point (or the image's), pages are told, and the
// article page's lead image then is the crop.
func TestUseCropsAreQueuedAndFollowTheFocalPoint(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		files := media.NewLocal(t.TempDir())
		lib := media.NewIn(files, db, time.Now)
		lib.AVIF = false
		q := queue.New(db, slog.New(slog.DiscardHandler), queue.Options{})
		changed := 0
		lib.UseQueue(q, slog.New(slog.DiscardHandler), func(context.Context) { changed++ })
		img, err := lib.Upload(ctx, bytes.NewReader(pngBytes(t, thirds(1200, 400, 255))), "stripes.png", 0, media.Details{})
		if err != nil {
			t.Fatal(err)
		}
		if err := q.Drain(ctx); err != nil { // the image's own crops and variants
			t.Fatal(err)
		}
		changed = 0
		fig := func(focus string) string {
			return `<figure class="image" data-media-id="` + strconv.FormatInt(img.ID, 10) + `"` + focus + ` data-crop="1x1"><img src="/media/x.png" alt=""></figure>`
		}
		a := content.Article{ID: 7, LeadImageID: img.ID, LeadCrop: "1x1", LeadFocus: "0.00,0.50",
			Body: fig(` data-focus="0.00,0.50"`) + fig(` data-focus="1.00,0.50"`) + fig("")}
		// The lead's 1:1, its 16:9 and 4:3 for structured data around its
		// focal point (its 1:1 is the same crop), the body's two others.
		if uses := content.CropUses(a); len(uses) != 5 {
			t.Fatalf("uses %+v, want the lead's three and the body's two others", uses)
		}
		lib.QueueUseCrops(ctx, a)
		lib.QueueUseCrops(ctx, a) // saved twice before the jobs ran
		if err := q.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		got, _ := db.GetImage(ctx, img.ID)
		centre := func(ratio, focus string) (r, g, b uint32, w, h int) {
			t.Helper()
			c, ok := got.Cropped(ratio, focus)
			if !ok {
				t.Fatalf("no crop %s around %q", ratio, focus)
			}
			pic, _ := decodeBlob(t, files, c.Path)
			bb := pic.Bounds()
			r, g, b, _ = pic.At(bb.Dx()/2, bb.Dy()/2).RGBA()
			return r >> 8, g >> 8, b >> 8, c.Width, c.Height
		}
		for _, tc := range []struct {
			focus, want string
			r, g, b     bool
		}{{"0.00,0.50", "red", true, false, false}, {"1.00,0.50", "blue", false, false, true}, {"", "green (the image's own focal point)", false, true, false}} {
			r, g, b, w, h := centre("1x1", tc.focus)
			if (r > 128) != tc.r || (g > 128) != tc.g || (b > 128) != tc.b {
				t.Errorf("focus %q: the crop's centre is rgb(%d,%d,%d), want %s", tc.focus, r, g, b, tc.want)
			}
			if w != 400 || h != 400 {
				t.Errorf("focus %q: the crop is %d×%d, want 400×400", tc.focus, w, h)
			}
		}
		// In WebP and PNG, each made once: 3 squares of 2 widths (320,
		// 400), a 16:9 of 3 (320, 640, 711) and a 4:3 of 2 (320, 533).
		if len(got.UseCrops) != 22 || changed != 5 {
			t.Errorf("%d crop files, pages told %d times; want 22 and 5", len(got.UseCrops), changed)
		}
		if c, ok := got.Cropped("16x9", "0.00,0.50"); !ok || c.Width != 711 || c.Height != 400 {
			t.Errorf("the 16:9 crop: %d×%d (%v), want 711×400", c.Width, c.Height, ok)
		}
		// At start, serve queues what saved articles use and is missing:
		// here, the three crops around another focal point.
		sec, err := db.SaveSection(ctx, content.Section{Slug: "news", Name: "News"})
		if err != nil {
			t.Fatal(err)
		}
		now := time.Now()
		for i, focus := range []string{"0.00,0.50", "0.70,0.50"} {
			stored := content.Article{Slug: "a" + strconv.Itoa(i), Headline: "A", SectionID: sec, Status: content.StatusDraft, CreatedAt: now, UpdatedAt: now,
				LeadImageID: img.ID, LeadCrop: "1x1", LeadFocus: focus}
			if _, err := db.CreateArticle(ctx, content.ArticleWrite{Article: stored}); err != nil {
				t.Fatal(err)
			}
		}
		if n, err := lib.QueueMissingUseCrops(ctx, db); n != 3 || err != nil {
			t.Errorf("queued %d missing crops (%v), want 3", n, err)
		}
	})
}

// A new focal point of the image, or a new file, queues the crops of the
// uses that follow it; the old file's crops are removed with it.
func TestUseCropsFollowAReplaceAndANewFocalPoint(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		files := media.NewLocal(t.TempDir())
		lib := media.NewIn(files, db, time.Now)
		lib.AVIF = false
		q := queue.New(db, slog.New(slog.DiscardHandler), queue.Options{})
		lib.UseQueue(q, slog.New(slog.DiscardHandler), nil)
		img, err := lib.Upload(ctx, bytes.NewReader(pngBytes(t, thirds(600, 200, 255))), "stripes.png", 0, media.Details{})
		if err != nil {
			t.Fatal(err)
		}
		sec, err := db.SaveSection(ctx, content.Section{Slug: "news", Name: "News"})
		if err != nil {
			t.Fatal(err)
		}
		now := time.Now()
		a := content.Article{Slug: "a", Headline: "A", SectionID: sec, Status: content.StatusDraft, CreatedAt: now, UpdatedAt: now, LeadImageID: img.ID, LeadCrop: "1x1"}
		if _, err := db.CreateArticle(ctx, content.ArticleWrite{Article: a}); err != nil {
			t.Fatal(err)
		}
		lib.QueueUseCrops(ctx, a)
		if err := q.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		has := func(focus string) bool {
			m, _ := db.GetImage(ctx, img.ID)
			_, ok := m.Cropped("1x1", focus)
			return ok
		}
		if !has("0.50,0.50") {
			t.Fatal("no crop around the image's own focal point")
		}
		if _, err := lib.Update(ctx, img.ID, media.Details{Name: "stripes.png", FocusX: 0.1, FocusY: 0.5}); err != nil {
			t.Fatal(err)
		}
		if err := q.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		if !has("0.10,0.50") {
			t.Error("moving the image's focal point did not remake the crop of the use that follows it")
		}
		old, _ := db.GetImage(ctx, img.ID)
		if _, err := lib.Replace(ctx, img.ID, bytes.NewReader(pngBytes(t, thirds(300, 600, 255))), "tall.png"); err != nil {
			t.Fatal(err)
		}
		if err := q.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		m, _ := db.GetImage(ctx, img.ID)
		c, ok := m.Cropped("1x1", "0.10,0.50")
		if !ok || c.Width != 300 || c.Height != 300 {
			t.Errorf("the new file's crop: %+v %v, want 300×300", c, ok)
		}
		for _, v := range old.UseCrops {
			if _, err := files.Stat(ctx, v.Path); err == nil {
				t.Errorf("%s of the replaced file is still stored", v.Path)
			}
		}
	})
}
