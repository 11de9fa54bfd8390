package media

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"io/fs"
	"log/slog"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/image/draw"

	"masthead/internal/body"
	"masthead/internal/content"
	"masthead/internal/queue"
)

// Per-use crops (decision 0048): a use of an image (an article's lead
// image, an image block or gallery item) may show it cut to a ratio around
// a focal point. Each crop is keyed by (image file, ratio, focal point to
// two decimals), so uses that agree share its files; it is made once, off
// the request path, by a media:usecrop job, in the responsive widths no
// wider than the crop (at most the widest of VariantWidths) and the types
// of variants: 2026/11/abc.jpg cut to 1:1 around 0.20,0.80 gives
// 2026/11/abc.c1x1-20-80.w640.webp. Its files are recorded all at once
// after all are stored, so a page lists the crop whole or not at all.

// JobUseCrop makes one per-use crop; its payload is "path|ratio|x,y".
const JobUseCrop = "media:usecrop"

// CropUsers finds the articles that use crops, for QueueMissingUseCrops.
type CropUsers interface {
	ArticlesWithCrops(ctx context.Context, imageID, after int64, limit int) ([]content.Article, error)
}

// useCropBase is the name of a per-use crop's files without width and type.
func useCropBase(original, ratio, focus string) string {
	xs, ys, _ := strings.Cut(focus, ",")
	pct := func(s string) string {
		f, _ := strconv.ParseFloat(s, 64)
		return strconv.Itoa(int(math.Round(f * 100)))
	}
	return strings.TrimSuffix(original, pathExt(original)) + ".c" + ratio + "-" + pct(xs) + "-" + pct(ys)
}

// parseRatio reads "16x9".
func parseRatio(s string) (Ratio, bool) {
	ws, hs, ok := strings.Cut(s, "x")
	w, err1 := strconv.Atoi(ws)
	h, err2 := strconv.Atoi(hs)
	return Ratio{w, h}, ok && err1 == nil && err2 == nil && w > 0 && h > 0
}

// MakeUseCrop makes the crop of the stored image at name at ratio
// ("16x9") around focus ("x,y") unless it is recorded already, and reports
// how many files it made. Nothing is recorded unless every file is stored;
// files of a crop that fails or whose image is replaced meanwhile are
// deleted again.
func (l *Library) MakeUseCrop(ctx context.Context, name, ratio, focus string) (int, error) {
	r, okRatio := parseRatio(body.CleanCrop(ratio))
	focus = body.CleanFocus(focus)
	if !ValidName(name) || !okRatio || focus == "" {
		return 0, fmt.Errorf("media: crop: bad crop %q %q of %q", ratio, focus, name)
	}
	ratio = r.String()
	key := body.CropKey(ratio, focus)
	rec, err := l.db.ImageByPath(ctx, name)
	if err != nil {
		return 0, ErrNoImage
	}
	if rec, err = l.db.GetImage(ctx, rec.ID); err != nil {
		return 0, err
	}
	if slices.ContainsFunc(rec.UseCrops, func(v content.ImageVariant) bool { return v.Crop == key }) {
		return 0, nil
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
	xs, ys, _ := strings.Cut(focus, ",")
	fx, _ := strconv.ParseFloat(xs, 64)
	fy, _ := strconv.ParseFloat(ys, 64)
	area, _, _ := cropArea(w, h, r, fx, fy)
	widths := variantWidths(area.Dx())
	height := func(vw int) int { return max(1, (vw*r.H+r.W/2)/r.W) }
	widest := widths[len(widths)-1]
	// The widest straight from the decoded pixels, upright; the rest each
	// from the one before, as variants are.
	first := image.NewRGBA(image.Rect(0, 0, widest, height(widest)))
	if lay.orientation <= 1 {
		draw.CatmullRom.Scale(first, first.Bounds(), src, area.Add(b.Min), draw.Src, nil)
	} else {
		draw.CatmullRom.Transform(first, upright(lay.orientation, b, area, widest, height(widest)), src, b, draw.Src, nil)
	}
	release()

	base := useCropBase(name, ratio, focus)
	var files []content.ImageVariant
	var sizes []int64
	fail := func(err error) (int, error) {
		for _, f := range files {
			l.Files.Delete(context.WithoutCancel(ctx), f.Path)
		}
		return 0, err
	}
	var prev image.Image = first
	for _, vw := range slices.Backward(widths) {
		scaled := prev
		if vw != widest {
			scaled = scaleUpright(prev, 1, vw, height(vw))
		}
		prev = scaled
		for _, f := range l.formats(rec.Mime) {
			if err := ctx.Err(); err != nil {
				return fail(err)
			}
			var buf bytes.Buffer
			if err := f.encode(&buf, scaled); err != nil {
				return fail(fmt.Errorf("media: crop %s %s %d %s: %w", name, key, vw, f.mime, err))
			}
			v := content.ImageVariant{Path: base + ".w" + strconv.Itoa(vw) + f.ext, Mime: f.mime, Width: vw, Height: height(vw), Crop: key}
			if err := l.Files.Put(ctx, v.Path, buf.Bytes(), f.mime); err != nil {
				return fail(err)
			}
			files, sizes = append(files, v), append(sizes, int64(buf.Len()))
		}
	}
	ok, err := l.db.AddImageCrop(ctx, rec.ID, name, key, files, sizes)
	if err != nil {
		return fail(err)
	}
	if !ok { // replaced or deleted while this was made
		_, _ = fail(nil)
		return 0, ErrNoImage
	}
	return len(files), nil
}

// UseCropsAt lists, in CropRatios order, the per-use crops of img around
// focus at the ratios search engines ask for that are made, each as its
// widest file of the original's type: the structured data of an article
// whose lead image has a focal point of its own.
func UseCropsAt(img content.Image, focus string) []Crop {
	var out []Crop
	for _, r := range CropRatios {
		if c, ok := img.Cropped(r.String(), focus); ok {
			out = append(out, Crop{Ratio: r, Path: c.Path, Mime: c.Mime, Width: c.Width, Height: c.Height})
		}
	}
	return out
}

// QueueUseCrops queues the making of the crops article a uses that are
// not made yet. A failure is logged, not returned: the article is saved,
// its pages show the whole pictures meanwhile, and serve queues what is
// missing when it starts.
func (l *Library) QueueUseCrops(ctx context.Context, a content.Article) {
	if _, err := l.queueUseCrops(ctx, a); err != nil {
		l.log.ErrorContext(ctx, "media: queue crops of an article (serve queues them when it next starts)", "article", a.ID, "err", err)
	}
}

func (l *Library) queueUseCrops(ctx context.Context, a content.Article) (int, error) {
	if l.jobs == nil {
		return 0, nil
	}
	n := 0
	for _, u := range content.CropUses(a) {
		img, err := l.db.GetImage(ctx, u.ImageID)
		if err != nil {
			continue // the image is gone: pages show nothing of it
		}
		key := content.CropKey(img, u.Ratio, u.Focus)
		if slices.ContainsFunc(img.UseCrops, func(v content.ImageVariant) bool { return v.Crop == key }) {
			continue
		}
		ratio, focus, _ := strings.Cut(key, "@")
		payload := img.Path + "|" + ratio + "|" + focus
		if _, err := l.jobs.Enqueue(ctx, queue.NewJob{Kind: JobUseCrop, Payload: payload, UniqueKey: JobUseCrop + ":" + payload}); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// QueueMissingUseCrops queues the crops every article uses that are not
// made (crops asked for before a replace or a move of an image's focal
// point, or whose job was lost); unique keys keep one job per crop.
func (l *Library) QueueMissingUseCrops(ctx context.Context, st CropUsers) (int, error) {
	return l.queueMissingUseCropsOf(ctx, st, 0)
}

// queueMissingUseCropsOf is QueueMissingUseCrops for the articles that
// use image imageID, or for every article when it is 0.
func (l *Library) queueMissingUseCropsOf(ctx context.Context, st CropUsers, imageID int64) (int, error) {
	queued := 0
	var after int64
	for {
		batch, err := st.ArticlesWithCrops(ctx, imageID, after, 100)
		if err != nil || len(batch) == 0 {
			return queued, err
		}
		for _, a := range batch {
			after = a.ID
			n, err := l.queueUseCrops(ctx, a)
			if err != nil {
				return queued, err
			}
			queued += n
		}
	}
}

// requeueUseCrops queues the per-use crops that image id's new file or
// focal point leaves missing, reading only the articles that use it, when
// the library's store can list them (the database's can). Pages show the
// whole picture until they are made. A failure is logged: serve queues
// what is missing when it next starts.
func (l *Library) requeueUseCrops(ctx context.Context, id int64) {
	st, ok := l.db.(CropUsers)
	if !ok || l.jobs == nil {
		return
	}
	if _, err := l.queueMissingUseCropsOf(ctx, st, id); err != nil {
		l.log.ErrorContext(ctx, "media: queue the crops articles use", "err", err)
	}
}

func (l *Library) useCropJob(ctx context.Context, j queue.Job) error {
	name, ratio, focus := splitCropPayload(j.Payload)
	n, err := l.MakeUseCrop(ctx, name, ratio, focus)
	switch {
	case errors.Is(err, ErrNoImage), errors.Is(err, fs.ErrNotExist):
		return nil // deleted or replaced since: nothing to make
	case errors.Is(err, errDamaged):
		l.log.WarnContext(ctx, "media: no crop of an image that cannot be decoded; pages show it whole", "path", name, "err", err)
		return nil
	case err != nil:
		return err
	}
	if n > 0 && l.changed != nil {
		l.changed(ctx)
	}
	return nil
}

// splitCropPayload reads "path|ratio|x,y" (a ratio and a focal point hold
// no "|", a path might).
func splitCropPayload(p string) (name, ratio, focus string) {
	i := strings.LastIndexByte(p, '|')
	if i < 0 {
		return p, "", ""
	}
	name, focus = p[:i], p[i+1:]
	if j := strings.LastIndexByte(name, '|'); j >= 0 {
		name, ratio = name[:j], name[j+1:]
	}
	return name, ratio, focus
}

// registerUseCrops registers the kind of job that makes per-use crops:
// one at a time in each process, as variants.
func (l *Library) registerUseCrops(q Jobs) {
	q.Register(queue.Kind{Name: JobUseCrop, Handler: l.useCropJob, Concurrency: 1, MaxAttempts: 3, Timeout: 10 * time.Minute,
		Summary: func(p string) string { return "crop of image " + strings.ReplaceAll(p, "|", " ") }})
}

// QueueMissingUseCropsLogged is QueueMissingUseCrops for serve's start.
func (l *Library) QueueMissingUseCropsLogged(ctx context.Context, st CropUsers, log *slog.Logger) {
	n, err := l.QueueMissingUseCrops(ctx, st)
	if err != nil && ctx.Err() == nil {
		log.Error("media: queue crops of articles", "err", err)
	}
	if n > 0 {
		log.Info("media: queued crops of articles", "crops", n)
	}
}
