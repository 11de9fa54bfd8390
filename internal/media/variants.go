package media

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io/fs"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gen2brain/avif"
	"github.com/gen2brain/webp"
	"golang.org/x/image/draw"

	"masthead/internal/content"
	"masthead/internal/queue"
)

// Variants are the responsive copies of an image (decision 0036): the
// picture turned upright and scaled down to each of VariantWidths that is
// narrower than it (and to its own width when that is narrower than the
// widest), in WebP, in AVIF when enabled, and in the original's format
// (JPEG stays JPEG; PNG and GIF become PNG). Each is a new encoding of
// the pixels, so none carries metadata. They are made once, off the
// request path, by a media:variants job, and each is recorded only after
// its file is stored whole: 2026/11/abc.jpg gives 2026/11/abc.w640.webp.

// VariantWidths are the widths variants are made at, narrowest first.
var VariantWidths = []int{320, 640, 960, 1280, 1600, 2048}

// JobVariants makes the variants of one stored image; its payload is the
// image's path, like JobCrops.
const JobVariants = "media:variants"

// Encoding qualities of variants.
const (
	variantJPEGQuality = 82
	variantWebPQuality = 78
	variantAVIFQuality = 55
	variantAVIFSpeed   = 10 // libavif's fastest: see decision 0036 for the times
)

// variantFormat is one type variants are made in.
type variantFormat struct {
	mime, ext string
	encode    func(*bytes.Buffer, image.Image) error
}

var (
	formatWebP = variantFormat{"image/webp", ".webp", func(b *bytes.Buffer, m image.Image) error {
		return webp.Encode(b, m, webp.Options{Quality: variantWebPQuality, Method: 4})
	}}
	formatAVIF = variantFormat{"image/avif", ".avif", func(b *bytes.Buffer, m image.Image) error {
		return avif.Encode(b, m, avif.Options{Quality: variantAVIFQuality, QualityAlpha: variantAVIFQuality, Speed: variantAVIFSpeed})
	}}
	formatJPEG = variantFormat{"image/jpeg", ".jpg", func(b *bytes.Buffer, m image.Image) error {
		return jpeg.Encode(b, m, &jpeg.Options{Quality: variantJPEGQuality})
	}}
	formatPNG = variantFormat{"image/png", ".png", func(b *bytes.Buffer, m image.Image) error {
		return (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(b, m)
	}}
)

// formats are the types an image of type mime gets variants in.
func (l *Library) formats(mime string) []variantFormat {
	out := []variantFormat{}
	if l.AVIF {
		out = append(out, formatAVIF)
	}
	out = append(out, formatWebP)
	if mime == "image/jpeg" {
		return append(out, formatJPEG)
	}
	return append(out, formatPNG)
}

// variantWidths are the widths of the variants of a picture w pixels wide
// (upright): every standard width below w, and w itself when it is less
// than the widest.
func variantWidths(w int) []int {
	var out []int
	for _, vw := range VariantWidths {
		if vw < w {
			out = append(out, vw)
		}
	}
	if w <= VariantWidths[len(VariantWidths)-1] {
		out = append(out, w)
	}
	return out
}

// variantName is the file name of a variant of the image at original.
func variantName(original string, width int, ext string) string {
	return strings.TrimSuffix(original, pathExt(original)) + ".w" + strconv.Itoa(width) + ext
}

func pathExt(name string) string {
	if i := strings.LastIndexByte(name, '.'); i > strings.LastIndexByte(name, '/') {
		return name[i:]
	}
	return ""
}

// MakeVariants makes the variants of the stored image at name that are not
// recorded yet and reports how many it made. Each is stored, then
// recorded; a variant of a file replaced meanwhile is deleted again.
func (l *Library) MakeVariants(ctx context.Context, name string) (int, error) {
	if !ValidName(name) {
		return 0, fmt.Errorf("media: variants: bad path %q", name)
	}
	rec, err := l.db.ImageByPath(ctx, name)
	if err != nil {
		return 0, ErrNoImage // deleted or replaced since
	}
	if rec, err = l.db.GetImage(ctx, rec.ID); err != nil {
		return 0, err
	}
	have := map[string]bool{}
	for _, v := range rec.Variants {
		have[v.Path] = true
	}
	src, lay, release, err := l.decodeStored(ctx, name)
	if err != nil {
		return 0, err
	}
	defer release()
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	if lay.orientation >= 5 {
		w, h = h, w
	}
	widths := variantWidths(w)
	formats := l.formats(rec.Mime)
	made := 0
	// Widest first, each scaled from the one before: every step shrinks by
	// less than half, where Catmull-Rom loses nothing visible.
	var prev image.Image = src
	prevOrient := lay.orientation
	for _, vw := range slices.Backward(widths) {
		vh := max(1, (h*vw+w/2)/w)
		var todo []variantFormat
		for _, f := range formats {
			if !have[variantName(name, vw, f.ext)] {
				todo = append(todo, f)
			}
		}
		scaled := scaleUpright(prev, prevOrient, vw, vh)
		prev, prevOrient = scaled, 1
		// The full-size picture is no longer needed (nothing refers to it
		// now): hand the decode turn back to uploads for the slow encoding.
		release()
		for _, f := range todo {
			if err := ctx.Err(); err != nil {
				return made, err
			}
			var buf bytes.Buffer
			if err := f.encode(&buf, scaled); err != nil {
				return made, fmt.Errorf("media: variant %s %d %s: %w", name, vw, f.mime, err)
			}
			v := content.ImageVariant{Path: variantName(name, vw, f.ext), Mime: f.mime, Width: vw, Height: vh}
			if err := l.Files.Put(ctx, v.Path, buf.Bytes(), f.mime); err != nil {
				return made, err
			}
			ok, err := l.db.AddImageVariant(ctx, rec.ID, name, v, int64(buf.Len()))
			if err != nil {
				return made, err
			}
			if !ok { // replaced or deleted while this was made
				l.Files.Delete(context.WithoutCancel(ctx), v.Path)
				return made, ErrNoImage
			}
			made++
		}
	}
	return made, nil
}

// scaleUpright draws src turned upright (EXIF orientation) into a new
// tw×th picture. Opaque pictures lose nothing by drawing over RGBA.
func scaleUpright(src image.Image, orientation, tw, th int) *image.RGBA {
	b := src.Bounds()
	dst := image.NewRGBA(image.Rect(0, 0, tw, th))
	w, h := b.Dx(), b.Dy()
	if orientation >= 5 {
		w, h = h, w
	}
	if orientation <= 1 {
		draw.CatmullRom.Scale(dst, dst.Bounds(), src, b, draw.Src, nil)
		return dst
	}
	draw.CatmullRom.Transform(dst, upright(orientation, b, image.Rect(0, 0, w, h), tw, th), src, b, draw.Src, nil)
	return dst
}

// queueWork asks for the crops and variants of a newly stored file. A
// failure is logged, not returned: the image is stored, and serve makes
// what is missing when it starts.
func (l *Library) queueWork(ctx context.Context, path string) {
	l.queueCrops(ctx, path)
	if l.jobs == nil {
		return
	}
	if _, err := l.jobs.Enqueue(ctx, queue.NewJob{Kind: JobVariants, Payload: path, UniqueKey: JobVariants + ":" + path}); err != nil {
		l.log.ErrorContext(ctx, "media: queue variants (serve makes them when it next starts)", "path", path, "err", err)
	}
}

func (l *Library) variantJob(ctx context.Context, j queue.Job) error {
	n, err := l.MakeVariants(ctx, j.Payload)
	switch {
	case errors.Is(err, ErrNoImage), errors.Is(err, fs.ErrNotExist):
		return nil // deleted or replaced since: nothing to make
	case errors.Is(err, errDamaged):
		l.log.WarnContext(ctx, "media: no variants for an image that cannot be decoded", "path", j.Payload, "err", err)
		return nil
	case err != nil:
		return err
	}
	if n > 0 && l.changed != nil {
		l.changed(ctx)
	}
	if _, err := l.RemoveStaleVariants(ctx); err != nil {
		l.log.WarnContext(ctx, "media: remove variants of replaced images", "err", err)
	}
	return nil
}

// registerVariants registers the kind of job that makes variants.
func (l *Library) registerVariants(q Jobs) {
	// One at a time in each process: encoding takes seconds of a core,
	// and other jobs (emails, crops, publishing) must keep flowing.
	q.Register(queue.Kind{Name: JobVariants, Handler: l.variantJob, Concurrency: 1, MaxAttempts: 3, Timeout: 10 * time.Minute,
		Summary: func(p string) string { return "image " + p }})
}

// RemoveStaleVariants deletes the variant files of images deleted or
// replaced, then their records, and reports how many it removed.
func (l *Library) RemoveStaleVariants(ctx context.Context) (int, error) {
	n := 0
	for {
		paths, err := l.db.StaleImageVariants(ctx, 100)
		if err != nil || len(paths) == 0 {
			return n, err
		}
		for _, p := range paths {
			if err := l.Files.Delete(ctx, p); err != nil {
				return n, err
			}
			if err := l.db.ForgetImageVariant(ctx, p); err != nil {
				return n, err
			}
			n++
		}
	}
}

// QueueMissingVariants queues a variants job for every stored image that
// has none (images stored before variants existed, and any whose job was
// lost); the unique key keeps one job per file however often it runs.
func (l *Library) QueueMissingVariants(ctx context.Context, st StoredImages, log *slog.Logger) (int, error) {
	if l.jobs == nil {
		return 0, nil
	}
	queued := 0
	var after int64
	for {
		batch, err := st.ImagesToStrip(ctx, after, 100, true)
		if err != nil || len(batch) == 0 {
			return queued, err
		}
		for _, img := range batch {
			after = img.ID
			full, err := l.db.GetImage(ctx, img.ID)
			if err != nil || len(full.Variants) > 0 {
				continue
			}
			if _, err := l.jobs.Enqueue(ctx, queue.NewJob{Kind: JobVariants, Payload: img.Path, UniqueKey: JobVariants + ":" + img.Path}); err != nil {
				return queued, err
			}
			queued++
		}
	}
}
