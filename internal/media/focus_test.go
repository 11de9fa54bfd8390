package media_test

import (
	"bytes"
	"context"
	"image"
	_ "image/jpeg"
	"io"
	"testing"
	"time"

	"masthead/internal/media"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// Crops keep the focal point in frame: a 1:1 crop of a 1200×400 picture
// in red, green and blue thirds is the red third with the point at the
// left edge, green at the centre, blue at the right edge; moving the point
// remakes the crops.
func TestCropsFollowTheFocalPoint(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		files := media.NewLocal(t.TempDir())
		lib := media.NewIn(files, db, time.Now)
		img, err := lib.Upload(ctx, bytes.NewReader(pngBytes(t, thirds(1200, 400, 255))), "stripes.png", 0, media.Details{})
		if err != nil {
			t.Fatal(err)
		}
		square := func() (r, g, b uint32) {
			t.Helper()
			for _, c := range media.Crops(ctx, files, img) {
				if c.Ratio != (media.Ratio{W: 1, H: 1}) {
					continue
				}
				f, err := files.Open(ctx, c.Path)
				if err != nil {
					t.Fatal(err)
				}
				data, _ := io.ReadAll(f)
				f.Close()
				pic, _, err := image.Decode(bytes.NewReader(data))
				if err != nil {
					t.Fatal(err)
				}
				b := pic.Bounds()
				r, g, bl, _ := pic.At(b.Dx()/2, b.Dy()/2).RGBA()
				return r >> 8, g >> 8, bl >> 8
			}
			t.Fatal("no 1:1 crop")
			return
		}
		for _, tc := range []struct {
			x       float64
			want    string
			r, g, b bool
		}{{0.5, "green", false, true, false}, {0, "red", true, false, false}, {1, "blue", false, false, true}} {
			if _, err := lib.Update(ctx, img.ID, media.Details{Name: "stripes.png", FocusX: tc.x, FocusY: 0.5}); err != nil {
				t.Fatal(err)
			}
			if _, err := lib.MakeCrops(ctx, img.Path); err != nil {
				t.Fatal(err)
			}
			r, g, b := square()
			if (r > 128) != tc.r || (g > 128) != tc.g || (b > 128) != tc.b {
				t.Errorf("focus x=%v: the square crop's centre is rgb(%d,%d,%d), want %s", tc.x, r, g, b, tc.want)
			}
		}
	})
}
