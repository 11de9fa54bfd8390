// Package media stores uploaded images under the data directory after
// checking that they really are images of a sensible size.
package media

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"image"
	_ "image/gif" // decoders for the accepted formats
	_ "image/jpeg"
	_ "image/png"
	"io"
	"os"
	"path/filepath"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/content"
)

// Limits on uploads.
const (
	MaxBytes  = 10 << 20 // 10 MiB
	MaxPixels = 50_000_000
)

// Store records uploaded files.
type Store interface {
	CreateImage(ctx context.Context, m content.Image, by int64) (int64, error)
}

// Library saves images to Dir and records them.
type Library struct {
	Dir   string
	store Store
	now   func() time.Time
}

// New returns a library rooted at dir.
func New(dir string, st Store, now func() time.Time) *Library {
	return &Library{Dir: dir, store: st, now: now}
}

var extensions = map[string]string{"jpeg": ".jpg", "png": ".png", "gif": ".gif"}

// SaveImage reads an upload (at most MaxBytes), checks that it decodes as a
// JPEG, PNG or GIF, writes it under Dir/YYYY/MM/ and records it.
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
	// Decode fully: a valid header on a corrupt body is still refused.
	if _, _, err := image.Decode(bytes.NewReader(data)); err != nil {
		return content.Image{}, apperr.Fields{"image": "The image is damaged and cannot be read."}
	}
	return l.Store(ctx, data, "image/"+format, ext, cfg.Width, cfg.Height, by)
}

// Store writes already-checked image bytes and records them.
func (l *Library) Store(ctx context.Context, data []byte, mime, ext string, w, h int, by int64) (content.Image, error) {
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
	// Write to a temporary name, then rename, so a crash leaves no half file.
	tmp := full + ".tmp"
	if err := os.WriteFile(tmp, data, 0o640); err != nil {
		return content.Image{}, fmt.Errorf("media: write: %w", err)
	}
	if err := os.Rename(tmp, full); err != nil {
		os.Remove(tmp)
		return content.Image{}, fmt.Errorf("media: rename: %w", err)
	}
	img := content.Image{Path: rel, Mime: mime, Width: w, Height: h, Size: int64(len(data))}
	id, err := l.store.CreateImage(ctx, img, by)
	if err != nil {
		os.Remove(full)
		return content.Image{}, err
	}
	img.ID = id
	return img, nil
}
