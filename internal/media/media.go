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
	"errors"
	"fmt"
	"image"
	"image/color"
	_ "image/gif" // decoders for the accepted formats
	_ "image/jpeg"
	_ "image/png"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
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

// Store records uploaded files.
type Store interface {
	CreateImage(ctx context.Context, m content.Image, by int64) (int64, error)
	DeleteUnusedImage(ctx context.Context, id int64) (path string, deleted bool, err error)
}

// Library saves images to Dir and records them.
type Library struct {
	Dir string
	db  Store
	now func() time.Time

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
}

// New returns a library rooted at dir.
func New(dir string, st Store, now func() time.Time) *Library {
	return &Library{Dir: dir, db: st, now: now, budget: DecodeBudget, wait: DecodeWait,
		turns: make(chan struct{}, MaxDecodes), log: slog.New(slog.DiscardHandler)}
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
	if len(data) > MaxBytes {
		return content.Image{}, apperr.Fields{"image": "The image is larger than 10 MB. Resize it and upload it again."}
	}
	if len(data) == 0 {
		return content.Image{}, apperr.Fields{"image": "The file is empty."}
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	ext, ok := extensions[format]
	if err != nil || !ok {
		return content.Image{}, apperr.Fields{"image": "This file is not an image. Upload a JPEG, PNG or GIF."}
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > MaxPixels {
		return content.Image{}, apperr.Fields{"image": "The image dimensions are too large (at most 50 megapixels)."}
	}
	// What strip learns of the layout comes from the headers, so it is
	// there even for a file damaged further on.
	clean, lay, stripErr := strip(data)
	need := decodedBytes(cfg, lay)
	if need > l.budget {
		return content.Image{}, apperr.Fields{"image": fmt.Sprintf(
			"The image needs too much memory to process: %d × %d pixels at this colour depth take about %d MB, and at most %d MB is allowed. "+
				"Save it with fewer pixels or 8 bits per channel and upload it again.",
			cfg.Width, cfg.Height, (need+(1<<20)-1)>>20, l.budget>>20)}
	}
	if stripErr != nil {
		return content.Image{}, apperr.Fields{"image": "The image is damaged and cannot be read."}
	}
	// Decode fully: a valid header on a corrupt body is still refused. What
	// is checked is what will be stored.
	if err := l.check(ctx, clean, need); err != nil {
		return content.Image{}, err
	}
	return l.write(ctx, clean, "image/"+format, ext, cfg.Width, cfg.Height, by)
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
	name := make([]byte, 12)
	if _, err := rand.Read(name); err != nil {
		return content.Image{}, err
	}
	now := l.now().UTC()
	rel := filepath.ToSlash(filepath.Join(now.Format("2006"), now.Format("01"), hex.EncodeToString(name)+ext))
	full := filepath.Join(l.Dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(full), 0o750); err != nil {
		return content.Image{}, fmt.Errorf("media: mkdir: %w", err)
	}
	if err := writeFile(full, data); err != nil {
		return content.Image{}, err
	}
	img := content.Image{Path: rel, Mime: mime, Width: w, Height: h, Size: int64(len(data))}
	id, err := l.db.CreateImage(ctx, img, by)
	if err != nil {
		os.Remove(full)
		return content.Image{}, err
	}
	img.ID = id
	l.queueCrops(ctx, rel)
	return img, nil
}

// Discard deletes an image (record and file) that nothing uses, such as
// one uploaded with a form that was then not saved. It reports whether it
// deleted it; an image in use is left alone.
func (l *Library) Discard(ctx context.Context, id int64) (bool, error) {
	path, deleted, err := l.db.DeleteUnusedImage(ctx, id)
	if err != nil || !deleted {
		return false, err
	}
	root, err := os.OpenRoot(l.Dir)
	if err != nil {
		return true, fmt.Errorf("media: discard %s: %w", path, err)
	}
	defer root.Close()
	if err := root.Remove(filepath.FromSlash(path)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return true, fmt.Errorf("media: discard %s: %w", path, err)
	}
	if err := removeCrops(root, path); err != nil {
		return true, fmt.Errorf("media: discard crops of %s: %w", path, err)
	}
	return true, nil
}

// writeFile writes to a temporary name, then renames, so a crash leaves no
// half file under the real name.
func writeFile(full string, data []byte) error {
	tmp := full + ".tmp"
	if err := os.WriteFile(tmp, data, 0o640); err != nil {
		return fmt.Errorf("media: write: %w", err)
	}
	if err := os.Rename(tmp, full); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("media: rename: %w", err)
	}
	return nil
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
