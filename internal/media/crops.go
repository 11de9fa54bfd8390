package media

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"io/fs"
	"path"
	"strings"
	"sync"

	"golang.org/x/image/draw"
	"golang.org/x/image/math/f64"

	"masthead/internal/content"
)

// Crops are copies of an image at the aspect ratios search engines ask of
// an article's image (16:9, 4:3 and 1:1): the largest rectangle of each
// ratio around the centre, turned upright, scaled down to at most
// MaxCropWidth pixels wide and never up, and written once, off the request
// path, beside the original: 2026/03/abc.jpg gives 2026/03/abc.16x9.jpg.
// They are new encodings of the pixels, so they carry no metadata at all.
// Opaque crops are JPEG, crops with transparency PNG. See decision 0030.

// Ratio is an aspect ratio, width to height.
type Ratio struct{ W, H int }

func (r Ratio) String() string { return fmt.Sprintf("%dx%d", r.W, r.H) }

// CropRatios are the ratios every image is cropped to, widest first.
var CropRatios = []Ratio{{16, 9}, {4, 3}, {1, 1}}

// MaxCropWidth bounds a crop's width: wide enough for large previews
// (search engines ask for 1200 pixels), small enough to fetch quickly.
const MaxCropWidth = 1600

// cropQuality is the JPEG quality of crops.
const cropQuality = 85

// Crop is one crop file of an image.
type Crop struct {
	Ratio         Ratio
	Path          string // relative to the media root, like content.Image.Path
	Mime          string
	Width, Height int
}

// cropExts are the extensions a crop can have, and its type.
var cropExts = []struct{ ext, mime string }{{".jpg", "image/jpeg"}, {".png", "image/png"}}

// cropBase is the name of a crop without its extension.
func cropBase(original string, r Ratio) string {
	return strings.TrimSuffix(original, path.Ext(original)) + "." + r.String()
}

// cropArea is the largest rectangle of ratio r in a w×h picture, placed
// so that the focal point (fx, fy in 0..1) is as near its centre as the
// picture allows, and the size it is scaled to.
func cropArea(w, h int, r Ratio, fx, fy float64) (area image.Rectangle, tw, th int) {
	cw, ch := w, w*r.H/r.W
	if ch > h {
		cw, ch = h*r.W/r.H, h
	}
	cw, ch = max(cw, 1), max(ch, 1)
	x := min(max(int(fx*float64(w))-cw/2, 0), w-cw)
	y := min(max(int(fy*float64(h))-ch/2, 0), h-ch)
	tw, th = cw, ch
	if tw > MaxCropWidth {
		tw, th = MaxCropWidth, max(MaxCropWidth*r.H/r.W, 1)
	}
	return image.Rect(x, y, x+cw, y+ch), tw, th
}

// Crops lists the crops of img that exist in files, in CropRatios order.
// It reads each file's header for its size, so it is meant for data kept
// until the next change, not for every request.
func Crops(ctx context.Context, files Blobs, img content.Image) []Crop {
	if files == nil || img.Path == "" {
		return nil
	}
	var out []Crop
	for _, r := range CropRatios {
		base := cropBase(img.Path, r)
		for _, e := range cropExts {
			f, err := files.Open(ctx, base+e.ext)
			if err != nil {
				continue
			}
			cfg, _, err := image.DecodeConfig(io.LimitReader(f, 64<<10))
			f.Close()
			if err == nil {
				out = append(out, Crop{Ratio: r, Path: base + e.ext, Mime: e.mime, Width: cfg.Width, Height: cfg.Height})
				break
			}
		}
	}
	return out
}

// hasCrops reports whether every crop of the image at name exists.
func hasCrops(ctx context.Context, files Blobs, name string) bool {
	for _, r := range CropRatios {
		if !existsAny(ctx, files, cropBase(name, r)) {
			return false
		}
	}
	return true
}

// removeCrops deletes the crops of the image at name, if any.
func removeCrops(ctx context.Context, files Blobs, name string) error {
	for _, r := range CropRatios {
		for _, e := range cropExts {
			if err := files.Delete(ctx, cropBase(name, r)+e.ext); err != nil {
				return err
			}
		}
	}
	return nil
}

// ErrNoImage is returned by MakeCrops for an image whose file is gone.
var ErrNoImage = errors.New("media: image file not found")

// MakeCrops writes the crops of the stored image at name (a path relative
// to Dir) that do not exist yet, and reports how many it wrote. The file
// is checked against the same limits as an upload and decoded in a turn
// shared with uploads. Each crop is written to a temporary name, synced and
// renamed, so no reader ever gets half a crop, and nothing is written for
// an image that cannot be decoded.
func (l *Library) MakeCrops(ctx context.Context, name string) (int, error) {
	if !ValidName(name) {
		return 0, fmt.Errorf("media: crops: bad path %q", name)
	}
	if hasCrops(ctx, l.Files, name) {
		return 0, nil
	}
	src, lay, release, err := l.decodeStored(ctx, name)
	if err != nil {
		return 0, err
	}
	defer release()
	fx, fy := 0.5, 0.5
	if img, err := l.db.ImageByPath(ctx, name); err == nil {
		fx, fy = img.FocusX, img.FocusY
	}
	made := 0
	for _, r := range CropRatios {
		if err := ctx.Err(); err != nil {
			return made, err
		}
		if existsAny(ctx, l.Files, cropBase(name, r)) {
			continue
		}
		ext, enc, err := encodeCrop(src, lay.orientation, r, fx, fy)
		if err != nil {
			return made, fmt.Errorf("media: crop %s %s: %w", name, r, err)
		}
		mime := "image/jpeg"
		if ext == ".png" {
			mime = "image/png"
		}
		if err := l.Files.Put(ctx, cropBase(name, r)+ext, enc, mime); err != nil {
			return made, err
		}
		made++
	}
	return made, nil
}

// decodeStored reads and decodes the stored image at name within the
// upload limits, in a turn shared with uploads; release ends the turn (it
// may be called more than once).
func (l *Library) decodeStored(ctx context.Context, name string) (src image.Image, lay layout, release func(), err error) {
	data, err := readBlob(ctx, l.Files, name, 4*MaxBytes)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, lay, nil, ErrNoImage
	}
	if err != nil {
		return nil, lay, nil, err
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, lay, nil, fmt.Errorf("%w: %s: %v", errDamaged, name, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > MaxPixels {
		return nil, lay, nil, fmt.Errorf("%w: %s is %d × %d pixels", errDamaged, name, cfg.Width, cfg.Height)
	}
	_, lay, err = strip(data)
	if err != nil {
		return nil, lay, nil, fmt.Errorf("%w: %s: %v", errDamaged, name, err)
	}
	need := decodedBytes(cfg, lay)
	if need > l.budget {
		return nil, lay, nil, fmt.Errorf("%w: %s needs %d MB to decode", errDamaged, name, need>>20)
	}
	if err := l.takeTurn(ctx); err != nil {
		return nil, lay, nil, err
	}
	var once sync.Once
	release = func() { once.Do(func() { l.giveTurn(need) }) }
	if l.decodeHook != nil {
		l.decodeHook()
	}
	src, _, err = image.Decode(bytes.NewReader(data))
	if err != nil {
		release()
		return nil, lay, nil, fmt.Errorf("%w: %s: %v", errDamaged, name, err)
	}
	return src, lay, release, nil
}

func existsAny(ctx context.Context, files Blobs, base string) bool {
	for _, e := range cropExts {
		if exists(ctx, files, base+e.ext) {
			return true
		}
	}
	return false
}

// encodeCrop draws the crop of src at ratio r, upright, and encodes it.
func encodeCrop(src image.Image, orientation int, r Ratio, fx, fy float64) (ext string, data []byte, err error) {
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	if orientation >= 5 { // the picture is shown turned a quarter
		w, h = h, w
	}
	area, tw, th := cropArea(w, h, r, fx, fy)
	dst := image.NewRGBA(image.Rect(0, 0, tw, th))
	switch {
	case orientation <= 1 && area.Dx() == tw && area.Dy() == th:
		draw.Draw(dst, dst.Bounds(), src, area.Min.Add(b.Min), draw.Src) // nothing to scale: a copy
	case orientation <= 1:
		draw.CatmullRom.Scale(dst, dst.Bounds(), src, area.Add(b.Min), draw.Src, nil)
	default:
		draw.CatmullRom.Transform(dst, upright(orientation, b, area, tw, th), src, b, draw.Src, nil)
	}
	var buf bytes.Buffer
	if dst.Opaque() {
		err = jpeg.Encode(&buf, dst, &jpeg.Options{Quality: cropQuality})
		return ".jpg", buf.Bytes(), err
	}
	err = png.Encode(&buf, dst)
	return ".png", buf.Bytes(), err
}

// upright is the affine map from the stored pixels of b to the crop: the
// EXIF orientation turns and flips them as a browser shows them, then the
// crop's area is moved to the origin and scaled to tw×th.
func upright(orientation int, b, area image.Rectangle, tw, th int) f64.Aff3 {
	W, H := float64(b.Dx()), float64(b.Dy())
	// shown (x', y') = (a·x + c·y + e, b·x + d·y + f) for stored (x, y) from b.Min.
	var a, c, e, bb, d, f float64
	switch orientation {
	case 2: // mirrored
		a, e, d = -1, W, 1
	case 3: // upside down
		a, e, d, f = -1, W, -1, H
	case 4: // mirrored upside down
		a, d, f = 1, -1, H
	case 5: // mirrored and turned
		c, bb = 1, 1
	case 6: // turn clockwise to show
		c, e, bb = -1, H, 1
	case 7:
		c, e, bb, f = -1, H, -1, W
	case 8: // turn anticlockwise to show
		c, bb, f = 1, -1, W
	default:
		a, d = 1, 1
	}
	// Stored pixels are numbered from b.Min.
	mx, my := float64(b.Min.X), float64(b.Min.Y)
	e -= a*mx + c*my
	f -= bb*mx + d*my
	sx, sy := float64(tw)/float64(area.Dx()), float64(th)/float64(area.Dy())
	ox, oy := float64(area.Min.X), float64(area.Min.Y)
	return f64.Aff3{
		sx * a, sx * c, sx * (e - ox),
		sy * bb, sy * d, sy * (f - oy),
	}
}
