package media_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"masthead/internal/content"
	"masthead/internal/media"
	"masthead/internal/queue"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// thirds is a w×h picture in three vertical bands: red, green, blue.
func thirds(w, h int, alpha uint8) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.NRGBA{0, 0, 0, alpha}
			switch {
			case x < w/3:
				c.R = 255
			case x < 2*w/3:
				c.G = 255
			default:
				c.B = 255
			}
			img.SetNRGBA(x, y, c)
		}
	}
	return img
}

func pngBytes(t *testing.T, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// decodeFile decodes a file under dir and reports its format.
func decodeFile(t *testing.T, dir, name string) (image.Image, string) {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, format, err := image.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return img, format
}

// near reports whether c is about want (JPEG blurs edges and shifts hues a little).
func near(c color.Color, want color.RGBA) bool {
	r, g, b, _ := c.RGBA()
	d := func(x uint32, y uint8) bool { return int(x>>8)-int(y) < 40 && int(y)-int(x>>8) < 40 }
	return d(r, want.R) && d(g, want.G) && d(b, want.B)
}

var (
	red   = color.RGBA{255, 0, 0, 255}
	green = color.RGBA{0, 255, 0, 255}
	blue  = color.RGBA{0, 0, 255, 255}
)

// files lists the names under dir, relative, sorted.
func files(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

func TestMakeCrops(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		dir := t.TempDir()
		lib := media.New(dir, db, time.Now)
		tests := []struct {
			name      string
			w, h      int
			alpha     uint8
			want      map[media.Ratio][2]int
			format    string
			centreOf1 color.RGBA // colour across the whole square crop's middle row
		}{
			// Wide and large: scaled to 1600 wide where the area is wider.
			{"wide", 3000, 1000, 255, map[media.Ratio][2]int{{16, 9}: {1600, 900}, {4, 3}: {1333, 1000}, {1, 1}: {1000, 1000}}, "jpeg", green},
			// Smaller than every crop would be at full size: the largest that fits, never enlarged.
			{"small", 300, 200, 255, map[media.Ratio][2]int{{16, 9}: {300, 168}, {4, 3}: {266, 200}, {1, 1}: {200, 200}}, "jpeg", green},
			// Tall: the width is kept, top and bottom go.
			{"tall", 600, 1800, 255, map[media.Ratio][2]int{{16, 9}: {600, 337}, {4, 3}: {600, 450}, {1, 1}: {600, 600}}, "jpeg", green},
			// Transparent: PNG, so the transparency stays.
			{"transparent", 900, 600, 128, map[media.Ratio][2]int{{16, 9}: {900, 506}, {4, 3}: {800, 600}, {1, 1}: {600, 600}}, "png", green},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				img, err := lib.SaveImage(ctx, bytes.NewReader(pngBytes(t, thirds(tt.w, tt.h, tt.alpha))), 0)
				if err != nil {
					t.Fatal(err)
				}
				n, err := lib.MakeCrops(ctx, img.Path)
				if err != nil || n != 3 {
					t.Fatalf("MakeCrops = %d, %v; want 3 crops", n, err)
				}
				crops := media.Crops(context.Background(), media.NewLocal(dir), img)
				if len(crops) != 3 {
					t.Fatalf("Crops = %+v, want three", crops)
				}
				for i, c := range crops {
					if c.Ratio != media.CropRatios[i] {
						t.Errorf("crop %d is %v, want %v (widest first)", i, c.Ratio, media.CropRatios[i])
					}
					want := tt.want[c.Ratio]
					if c.Width != want[0] || c.Height != want[1] {
						t.Errorf("%v crop is %d × %d, want %d × %d", c.Ratio, c.Width, c.Height, want[0], want[1])
					}
					got, format := decodeFile(t, dir, c.Path)
					if b := got.Bounds(); b.Dx() != c.Width || b.Dy() != c.Height || format != tt.format {
						t.Errorf("%s is %v %s, Crops says %d × %d", c.Path, b, format, c.Width, c.Height)
					}
					if !strings.HasPrefix(c.Path, strings.TrimSuffix(img.Path, filepath.Ext(img.Path))+"."+c.Ratio.String()+".") {
						t.Errorf("crop path %s is not beside %s", c.Path, img.Path)
					}
					if c.Ratio == (media.Ratio{W: 1, H: 1}) {
						b := got.Bounds()
						for _, x := range []int{b.Dx() / 2} {
							if pc := got.At(x, b.Dy()/2); tt.alpha == 255 && !near(pc, tt.centreOf1) {
								t.Errorf("square crop at (%d, middle) is %v, want the centre band %v", x, pc, tt.centreOf1)
							}
						}
					}
					if tt.alpha != 255 {
						if _, _, _, a := got.At(0, 0).RGBA(); a>>8 < 100 || a>>8 > 160 {
							t.Errorf("%s lost its transparency: alpha %d", c.Path, a>>8)
						}
					}
				}
				if n, err := lib.MakeCrops(ctx, img.Path); n != 0 || err != nil {
					t.Errorf("second MakeCrops = %d, %v; want nothing to do", n, err)
				}
				// Discarding the image removes its crops too.
				if ok, err := lib.Discard(ctx, img.ID); !ok || err != nil {
					t.Fatalf("Discard = %v, %v", ok, err)
				}
				if left := media.Crops(context.Background(), media.NewLocal(dir), img); len(left) != 0 {
					t.Errorf("crops left after Discard: %v", left)
				}
			})
		}
		if left := files(t, dir); len(left) != 0 {
			t.Errorf("files left after every image was discarded: %v", left)
		}
	})
}

// jpegWithOrientation is a w×h JPEG (left half red, right half blue) as a
// camera held upright stores it: sideways pixels and an EXIF orientation.
func jpegWithOrientation(t *testing.T, w, h, orientation int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			if x < w/2 {
				img.Set(x, y, red)
			} else {
				img.Set(x, y, blue)
			}
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	exif := []byte("Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08\x00\x01\x01\x12\x00\x03\x00\x00\x00\x01")
	exif = append(exif, 0, byte(orientation), 0, 0, 0, 0, 0, 0)
	seg := append([]byte{0xFF, 0xE1}, binary.BigEndian.AppendUint16(nil, uint16(len(exif)+2))...)
	seg = append(seg, exif...)
	data := buf.Bytes()
	return append(append(append([]byte(nil), data[:2]...), seg...), data[2:]...)
}

// A phone photo stored sideways with "turn clockwise to show" (6) is
// cropped as it is shown: the left of the stored pixels is the top.
func TestCropsAreUpright(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		dir := t.TempDir()
		lib := media.New(dir, db, time.Now)
		for _, tt := range []struct {
			orientation int
			top, bottom color.RGBA // of the square crop
			left, right color.RGBA // of the 16:9 crop
		}{
			{1, red, red, red, blue}, // as stored: the square's middle is the red/blue edge
			{6, red, blue, red, red},
			{8, blue, red, blue, blue},
			{3, blue, blue, blue, red},
		} {
			img, err := lib.SaveImage(ctx, bytes.NewReader(jpegWithOrientation(t, 800, 400, tt.orientation)), 0)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := lib.MakeCrops(ctx, img.Path); err != nil {
				t.Fatal(err)
			}
			crops := media.Crops(context.Background(), media.NewLocal(dir), img)
			if len(crops) != 3 {
				t.Fatalf("orientation %d: crops %v", tt.orientation, crops)
			}
			wide, _ := decodeFile(t, dir, crops[0].Path)
			square, _ := decodeFile(t, dir, crops[2].Path)
			sw, sh := wide.Bounds().Dx(), wide.Bounds().Dy()
			if tt.orientation >= 5 && (sw != 400 || sh != 225) || tt.orientation < 5 && (sw != 711 || sh != 400) {
				t.Errorf("orientation %d: 16:9 crop is %d × %d", tt.orientation, sw, sh)
			}
			q := square.Bounds().Dx()
			if tt.orientation != 1 {
				if c := square.At(q/4, q/8); !near(c, tt.top) {
					t.Errorf("orientation %d: top of the square is %v, want %v", tt.orientation, c, tt.top)
				}
				if c := square.At(q/4, q-q/8); !near(c, tt.bottom) {
					t.Errorf("orientation %d: bottom of the square is %v, want %v", tt.orientation, c, tt.bottom)
				}
			}
			if c := wide.At(sw/8, sh/4); !near(c, tt.left) {
				t.Errorf("orientation %d: left of the 16:9 crop is %v, want %v", tt.orientation, c, tt.left)
			}
			if c := wide.At(sw-sw/8, sh/4); !near(c, tt.right) {
				t.Errorf("orientation %d: right of the 16:9 crop is %v, want %v", tt.orientation, c, tt.right)
			}
		}
	})
}

// Files that cannot be decoded, or only beyond the limits, get no crops and
// leave nothing behind: no crop, no temporary file.
func TestBadImagesLeaveNoCrops(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	lib := media.New(dir, nil, time.Now)
	good := pngBytes(t, thirds(400, 300, 255))
	put := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	put("truncated.png", good[:len(good)/2])
	put("header-only.png", pngHeader(7070, 7070, 16, 6))
	put("not-an-image.jpg", []byte("<html><script>alert(1)</script>"))
	put("empty.png", nil)
	before := files(t, dir)
	for _, name := range before {
		if n, err := lib.MakeCrops(ctx, name); err == nil || n != 0 {
			t.Errorf("%s: MakeCrops = %d, %v; want an error and nothing made", name, n, err)
		}
	}
	if _, err := lib.MakeCrops(ctx, "missing.png"); err != media.ErrNoImage {
		t.Errorf("missing file: err = %v, want ErrNoImage", err)
	}
	for _, bad := range []string{"../outside.png", "/etc/passwd", ""} {
		if _, err := lib.MakeCrops(ctx, bad); err == nil {
			t.Errorf("path %q accepted", bad)
		}
	}
	// Over the decode budget: refused before decoding.
	put("big.png", good)
	media.SetLimits(lib, 1000, time.Second)
	if n, err := lib.MakeCrops(ctx, "big.png"); err == nil || n != 0 {
		t.Errorf("over budget: MakeCrops = %d, %v", n, err)
	}
	if got, want := files(t, dir), append(before, "big.png"); !slices.Equal(got, slices.Sorted(slices.Values(want))) {
		t.Errorf("files after refused crops = %v, want only the originals %v", got, want)
	}
}

// A stored image queues its crops; the job makes them and tells the site.
// Images stored before (the demo's, or with a lost job) get theirs from
// CropStored, which serve runs when it starts.
func TestCropJobsAndBackfill(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		dir := t.TempDir()
		old := media.New(dir, db, time.Now) // no queue: as before crops existed
		before, err := old.SaveImage(ctx, bytes.NewReader(pngBytes(t, thirds(640, 480, 255))), 0)
		if err != nil {
			t.Fatal(err)
		}
		if c := media.Crops(context.Background(), media.NewLocal(dir), before); len(c) != 0 {
			t.Fatalf("crops without a queue: %v", c)
		}

		lib := media.New(dir, db, time.Now)
		q := queue.New(db, slog.New(slog.DiscardHandler), queue.Options{})
		changed := 0
		lib.UseQueue(q, slog.New(slog.DiscardHandler), func(context.Context) { changed++ })
		img, err := lib.SaveImage(ctx, bytes.NewReader(pngBytes(t, thirds(1200, 800, 255))), 0)
		if err != nil {
			t.Fatal(err)
		}
		if c := media.Crops(context.Background(), media.NewLocal(dir), img); len(c) != 0 {
			t.Fatalf("crops made during the upload: %v", c)
		}
		if err := q.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		// Two jobs (crops, then variants) each tell the site once.
		if c := media.Crops(context.Background(), media.NewLocal(dir), img); len(c) != 3 || changed != 2 {
			t.Fatalf("after the jobs: crops %v, changed %d times; want 3 crops and two changes", c, changed)
		}

		// A record whose file is gone, and one that is damaged, are counted.
		must := func(_ int64, err error) {
			if err != nil {
				t.Fatal(err)
			}
		}
		must(db.CreateImage(ctx, content.Image{Path: "gone.png", Mime: "image/png", Width: 10, Height: 10}, 0))
		if err := os.WriteFile(filepath.Join(dir, "damaged.png"), []byte("\x89PNG\r\n\x1a\nbroken"), 0o644); err != nil {
			t.Fatal(err)
		}
		must(db.CreateImage(ctx, content.Image{Path: "damaged.png", Mime: "image/png", Width: 10, Height: 10}, 0))
		res, err := lib.CropStored(ctx, db, slog.New(slog.DiscardHandler))
		if err != nil {
			t.Fatal(err)
		}
		if res != (media.CropResult{Checked: 4, Made: 1, Missing: 1, Damaged: 1}) {
			t.Errorf("CropStored = %+v, want 4 checked, 1 made (the old image), 1 missing, 1 damaged", res)
		}
		if c := media.Crops(context.Background(), media.NewLocal(dir), before); len(c) != 3 {
			t.Errorf("old image's crops after CropStored: %v", c)
		}
		if res, _ := lib.CropStored(ctx, db, slog.New(slog.DiscardHandler)); res.Made != 0 {
			t.Errorf("second CropStored made %d", res.Made)
		}
	})
}
