// Package media stores uploaded images under the data directory after
// checking that they really are images of a sensible size, and strips
// camera metadata from them first: what is stored is what readers get.
// Decoding is bounded twice, by the memory one decode may take and by how
// many run at once, because a small compressed file can decode to gigabytes.
package media

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"image"
	"image/color"
	_ "image/gif" // decoders for the accepted formats
	_ "image/jpeg"
	_ "image/png"
	"io"
	"log/slog"
	"os"
	"runtime/debug"
	"sync/atomic"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/content"
)

// Limits on uploads.
const (
	MaxBytes  = 10 << 20 // 10 MiB
	MaxPixels = 50_000_000
	// DecodeBudget is the most memory one decode may need: a 50-megapixel
	// 8-bit PNG with alpha (200 MB) fits, a 16-bit one of more than 33
	// megapixels does not. See docs/decisions/0011-image-metadata-and-decoding.md.
	DecodeBudget = 256 << 20
	// MaxDecodes is how many uploads are decoded at once; others wait.
	MaxDecodes = 2
	// DecodeWait is how long an upload waits for a turn before the person
	// is told to try again.
	DecodeWait = 30 * time.Second
	// freeAfter is the decoded size after which memory is handed back to
	// the system at once rather than when the runtime gets round to it.
	freeAfter = 32 << 20
)

// Store records uploaded files and what the library keeps about them.
type Store interface {
	CreateImage(ctx context.Context, m content.Image, by int64) (int64, error)
	DeleteUnusedImage(ctx context.Context, id int64) (path string, deleted bool, err error)
	GetImage(ctx context.Context, id int64) (content.Image, error)
	ImageByPath(ctx context.Context, path string) (content.Image, error)
	ListImages(ctx context.Context, q string, page, perPage int) ([]content.Image, bool, error)
	UpdateImageDetails(ctx context.Context, m content.Image) error
	ReplaceImageFile(ctx context.Context, m content.Image) (old string, err error)
	ImageUses(ctx context.Context, id int64) ([]content.ImageUse, error)
	AddImageVariant(ctx context.Context, id int64, source string, v content.ImageVariant, size int64) (bool, error)
	StaleImageVariants(ctx context.Context, limit int) ([]string, error)
	ForgetImageVariant(ctx context.Context, path string) error
	AddImageCrop(ctx context.Context, id int64, source, crop string, files []content.ImageVariant, sizes []int64) (bool, error)
}

// Library saves images to its file store and records them.
type Library struct {
	// Files is where the files are: the data directory or a bucket.
	Files Blobs
	db    Store
	now   func() time.Time

	// budget and wait default to DecodeBudget and DecodeWait.
	budget int64
	wait   time.Duration
	turns  chan struct{} // one token per decode allowed at once
	// waiting counts uploads waiting for a turn; decodeHook, when set, runs
	// while a turn is held (tests count concurrent decodes with it).
	waiting    atomic.Int32
	decodeHook func()

	// Set by UseQueue: crops of new images are made by jobs.
	jobs    Jobs
	log     *slog.Logger
	changed func(context.Context)

	// AVIF adds AVIF to the types variants are made in (on by default;
	// decision 0036 has the encoding times).
	AVIF bool
}

// New returns a library of files under dir.
func New(dir string, st Store, now func() time.Time) *Library {
	return NewIn(NewLocal(dir), st, now)
}

// NewIn returns a library of files in files.
func NewIn(files Blobs, st Store, now func() time.Time) *Library {
	return &Library{Files: files, db: st, now: now, budget: DecodeBudget, wait: DecodeWait,
		turns: make(chan struct{}, MaxDecodes), log: slog.New(slog.DiscardHandler), AVIF: true}
}

var extensions = map[string]string{"jpeg": ".jpg", "png": ".png", "gif": ".gif"}

// SaveImage reads an upload (at most MaxBytes), checks that it decodes as a
// JPEG, PNG or GIF within the limits, strips its metadata, writes it under
// Dir/YYYY/MM/ and records it.
func (l *Library) SaveImage(ctx context.Context, r io.Reader, by int64) (content.Image, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return content.Image{}, apperr.Wrap(apperr.Invalid, "The upload could not be read.", err)
	}
	clean, cfg, format, err := l.checkUpload(ctx, data)
	if err != nil {
		return content.Image{}, err
	}
	return l.write(ctx, clean, "image/"+format, extensions[format], cfg.Width, cfg.Height, by)
}

// checkUpload checks that data (at most MaxBytes) decodes as a JPEG, PNG or
// GIF within the limits and returns it stripped of metadata.
func (l *Library) checkUpload(ctx context.Context, data []byte) ([]byte, image.Config, string, error) {
	none := image.Config{}
	if len(data) > MaxBytes {
		return nil, none, "", apperr.Fields{"image": "The image is larger than 10 MB. Resize it and upload it again."}
	}
	if len(data) == 0 {
		return nil, none, "", apperr.Fields{"image": "The file is empty."}
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	_, ok := extensions[format]
	if err != nil || !ok {
		return nil, none, "", apperr.Fields{"image": "This file is not an image. Upload a JPEG, PNG or GIF."}
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > MaxPixels {
		return nil, none, "", apperr.Fields{"image": "The image dimensions are too large (at most 50 megapixels)."}
	}
	// What strip learns of the layout comes from the headers, so it is
	// there even for a file damaged further on.
	clean, lay, stripErr := strip(data)
	need := decodedBytes(cfg, lay)
	if need > l.budget {
		return nil, none, "", apperr.Fields{"image": fmt.Sprintf(
			"The image needs too much memory to process: %d × %d pixels at this colour depth take about %d MB, and at most %d MB is allowed. "+
				"Save it with fewer pixels or 8 bits per channel and upload it again.",
			cfg.Width, cfg.Height, (need+(1<<20)-1)>>20, l.budget>>20)}
	}
	if stripErr != nil {
		return nil, none, "", apperr.Fields{"image": "The image is damaged and cannot be read."}
	}
	// Decode fully: a valid header on a corrupt body is still refused. What
	// is checked is what will be stored.
	if err := l.check(ctx, clean, need); err != nil {
		return nil, none, "", err
	}
	return clean, cfg, format, nil
}

// check decodes data once a turn is free.
func (l *Library) check(ctx context.Context, data []byte, size int64) error {
	if err := l.takeTurn(ctx); err != nil {
		return err
	}
	defer l.giveTurn(size)
	return l.decode(data)
}

// takeTurn waits for one of the MaxDecodes turns (uploads and crops share
// them), at most l.wait.
func (l *Library) takeTurn(ctx context.Context) error {
	l.waiting.Add(1)
	defer l.waiting.Add(-1)
	timer := time.NewTimer(l.wait)
	defer timer.Stop()
	select {
	case l.turns <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return apperr.New(apperr.Unavailable, "Other images are being processed right now. Wait a minute and upload this one again.")
	}
}

// giveTurn ends a turn that decoded about size bytes.
func (l *Library) giveTurn(size int64) {
	<-l.turns
	if size > freeAfter {
		// The decoded pixels are garbage now; without this the heap keeps
		// the pages and the process stays at its peak for minutes.
		debug.FreeOSMemory()
	}
}

func (l *Library) decode(data []byte) error {
	if l.decodeHook != nil {
		l.decodeHook()
	}
	if _, _, err := image.Decode(bytes.NewReader(data)); err != nil {
		return apperr.Fields{"image": "The image is damaged and cannot be read."}
	}
	return nil
}

// decodedBytes is about how much memory decoding an image takes: the pixels
// in the type its decoder returns, plus what the decoder keeps meanwhile.
func decodedBytes(cfg image.Config, lay layout) int64 {
	px := int64(cfg.Width) * int64(cfg.Height)
	if lay.samples > 0 { // JPEG: one byte per sample, four more per coefficient kept
		per := lay.samples
		if lay.progressive {
			per *= 5
		}
		if cfg.ColorModel == color.CMYKModel {
			per = max(per, 4)
		}
		return int64(float64(px) * per)
	}
	n := px * bytesPerPixel(cfg.ColorModel)
	if lay.interlaced {
		n *= 2 // each pass, then the whole image
	}
	return n
}

// bytesPerPixel is the size of one decoded pixel for a colour model as the
// standard decoders report it (16-bit PNGs decode to 8 bytes a pixel).
func bytesPerPixel(m color.Model) int64 {
	switch m {
	case color.GrayModel, color.AlphaModel:
		return 1
	case color.Gray16Model, color.Alpha16Model:
		return 2
	case color.YCbCrModel:
		return 3
	case color.RGBAModel, color.NRGBAModel, color.CMYKModel:
		return 4
	}
	if _, ok := m.(color.Palette); ok {
		return 1
	}
	return 8
}

// Store strips metadata from image bytes already checked to be an image of
// the given type and size, writes them and records them.
func (l *Library) Store(ctx context.Context, data []byte, mime, ext string, w, h int, by int64) (content.Image, error) {
	clean, err := Strip(data)
	if err != nil {
		return content.Image{}, err
	}
	return l.write(ctx, clean, mime, ext, w, h, by)
}

func (l *Library) write(ctx context.Context, data []byte, mime, ext string, w, h int, by int64) (content.Image, error) {
	return l.writeDetails(ctx, data, mime, ext, w, h, by, Details{})
}

// newName is a fresh, unguessable file name under this month's directory.
func (l *Library) newName(ext string) (string, error) {
	name := make([]byte, 12)
	if _, err := rand.Read(name); err != nil {
		return "", err
	}
	now := l.now().UTC()
	return now.Format("2006") + "/" + now.Format("01") + "/" + hex.EncodeToString(name) + ext, nil
}

func (l *Library) writeDetails(ctx context.Context, data []byte, mime, ext string, w, h int, by int64, d Details) (content.Image, error) {
	rel, err := l.newName(ext)
	if err != nil {
		return content.Image{}, err
	}
	if err := l.Files.Put(ctx, rel, data, mime); err != nil {
		return content.Image{}, err
	}
	img := content.Image{Path: rel, Mime: mime, Width: w, Height: h, Size: int64(len(data)),
		Name: d.Name, Alt: d.Alt, Caption: d.Caption, Credit: d.Credit}
	id, err := l.db.CreateImage(ctx, img, by)
	if err != nil {
		l.Files.Delete(context.WithoutCancel(ctx), rel)
		return content.Image{}, err
	}
	img.ID, img.FocusX, img.FocusY = id, 0.5, 0.5
	l.queueWork(ctx, rel)
	return img, nil
}

// Discard deletes an image (record and files) that nothing uses, such as
// one uploaded with a form that was then not saved. It reports whether it
// deleted it; an image in use is left alone.
func (l *Library) Discard(ctx context.Context, id int64) (bool, error) {
	path, deleted, err := l.db.DeleteUnusedImage(ctx, id)
	if err != nil || !deleted {
		return false, err
	}
	if err := l.removeFiles(ctx, path); err != nil {
		return true, fmt.Errorf("media: discard %s: %w", path, err)
	}
	return true, nil
}

// removeFiles deletes a file that no record points at any more, its crops
// and its variants.
func (l *Library) removeFiles(ctx context.Context, path string) error {
	if err := l.Files.Delete(ctx, path); err != nil {
		return err
	}
	if err := removeCrops(ctx, l.Files, path); err != nil {
		return err
	}
	_, err := l.RemoveStaleVariants(ctx)
	return err
}

// writeAtomic writes data under name through a temporary file in the same
// directory, synced before the rename.
func writeAtomic(root *os.Root, name string, data []byte) error {
	suffix := make([]byte, 6)
	if _, err := rand.Read(suffix); err != nil {
		return err
	}
	tmp := name + ".tmp-" + hex.EncodeToString(suffix)
	w, err := root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
	if err != nil {
		return fmt.Errorf("media: write %s: %w", tmp, err)
	}
	_, err = w.Write(data)
	if err == nil {
		err = w.Sync()
	}
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = root.Rename(tmp, name)
	}
	if err != nil {
		root.Remove(tmp)
		return fmt.Errorf("media: write %s: %w", name, err)
	}
	return nil
}
