package media

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"io"
	"path"
	"strings"
	"unicode/utf8"

	"masthead/internal/apperr"
	"masthead/internal/content"
)

// Details are what the library keeps about an image besides its file.
type Details struct {
	Name, Alt, Caption, Credit string
	FocusX, FocusY             float64
}

// Limits on the library's text.
const (
	maxName    = 200
	maxAlt     = 1000
	maxCaption = 1000
	maxCredit  = 200
	// PerPage is how many images a page of the library lists.
	PerPage = 24
)

// check refuses details that cannot be kept, naming the field.
func (d Details) check() error {
	bad := apperr.Fields{}
	bad.MaxChars("name", "The name", d.Name, maxName)
	bad.OneLine("name", "name", d.Name)
	bad.MaxChars("alt", "The alt text", d.Alt, maxAlt)
	bad.MaxChars("caption", "The caption", d.Caption, maxCaption)
	bad.MaxChars("credit", "The credit", d.Credit, maxCredit)
	bad.OneLine("credit", "credit", d.Credit)
	if d.FocusX < 0 || d.FocusX > 1 || d.FocusY < 0 || d.FocusY > 1 || d.FocusX != d.FocusX || d.FocusY != d.FocusY {
		bad.Add("focus", "The focal point is two numbers from 0 to 1: across (0 left, 1 right) and down (0 top, 1 bottom).")
	}
	return bad.Err()
}

// trim tidies typed details.
func (d Details) trim() Details {
	d.Name, d.Alt = strings.TrimSpace(d.Name), strings.TrimSpace(d.Alt)
	d.Caption, d.Credit = strings.TrimSpace(d.Caption), strings.TrimSpace(d.Credit)
	return d
}

// fileExtensions are the names an upload of each format may have.
var fileExtensions = map[string][]string{
	"jpeg": {".jpg", ".jpeg", ".jfif"}, "png": {".png"}, "gif": {".gif"},
}

// Upload stores an image sent to the library: the same checks as any
// upload (size, format, pixels, memory, damage), then the file name: it
// must end as its format does, and an SVG is refused. The name defaults to
// the file's name.
func (l *Library) Upload(ctx context.Context, r io.Reader, filename string, by int64, d Details) (content.Image, error) {
	d = d.trim()
	filename = path.Base(strings.ReplaceAll(filename, `\`, "/"))
	if d.Name == "" && filename != "." && filename != "/" {
		d.Name = clip(filename, maxName)
	}
	d.FocusX, d.FocusY = 0.5, 0.5
	if err := d.check(); err != nil {
		return content.Image{}, err
	}
	data, cfg, format, err := l.accept(ctx, r, filename)
	if err != nil {
		return content.Image{}, err
	}
	return l.writeDetails(ctx, data, "image/"+format, extensions[format], cfg.Width, cfg.Height, by, d)
}

// accept reads and checks an upload named filename and returns it
// stripped of metadata.
func (l *Library) accept(ctx context.Context, r io.Reader, filename string) ([]byte, image.Config, string, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, image.Config{}, "", apperr.Wrap(apperr.Invalid, "The upload could not be read.", err)
	}
	ext := strings.ToLower(path.Ext(filename))
	head := bytes.ToLower(data[:min(len(data), 1024)])
	if ext == ".svg" || ext == ".svgz" || bytes.Contains(head, []byte("<svg")) {
		return nil, image.Config{}, "", apperr.Fields{"image": "SVG drawings are not accepted, as they can carry scripts. Export it as a PNG and upload that."}
	}
	if len(data) <= MaxBytes && len(data) > 0 {
		if _, format, err := image.DecodeConfig(bytes.NewReader(data)); err == nil && ext != "" {
			if exts, ok := fileExtensions[format]; ok && !containsString(exts, ext) {
				return nil, image.Config{}, "", apperr.Fields{"image": fmt.Sprintf(
					"This file is named %s but is a %s image. Rename it to end in %s and upload it again.", ext, strings.ToUpper(format), exts[0])}
			}
		}
	}
	clean, cfg, format, err := l.checkUpload(ctx, data)
	return clean, cfg, format, err
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// List is one page of the library, searched by name, caption and credit.
func (l *Library) List(ctx context.Context, q string, page int) (imgs []content.Image, next int, err error) {
	page = max(page, 1)
	imgs, more, err := l.db.ListImages(ctx, q, page, PerPage)
	if more {
		next = page + 1
	}
	return imgs, next, err
}

// Get loads one image of the library.
func (l *Library) Get(ctx context.Context, id int64) (content.Image, error) {
	return l.db.GetImage(ctx, id)
}

// Uses lists what uses an image.
func (l *Library) Uses(ctx context.Context, id int64) ([]content.ImageUse, error) {
	return l.db.ImageUses(ctx, id)
}

// Update saves an image's details. A new focal point remakes its crops.
func (l *Library) Update(ctx context.Context, id int64, d Details) (content.Image, error) {
	d = d.trim()
	if err := d.check(); err != nil {
		return content.Image{}, err
	}
	img, err := l.db.GetImage(ctx, id)
	if err != nil {
		return content.Image{}, err
	}
	moved := img.FocusX != d.FocusX || img.FocusY != d.FocusY
	img.Name, img.Alt, img.Caption, img.Credit, img.FocusX, img.FocusY = d.Name, d.Alt, d.Caption, d.Credit, d.FocusX, d.FocusY
	if err := l.db.UpdateImageDetails(ctx, img); err != nil {
		return content.Image{}, err
	}
	if moved {
		if err := removeCrops(ctx, l.Files, img.Path); err != nil {
			return img, fmt.Errorf("media: remake crops of %d: %w", id, err)
		}
		l.queueCrops(ctx, img.Path)
		l.requeueUseCrops(ctx, id) // uses that keep the image's focal point
	}
	return img, nil
}

// Replace gives image id a new file: same id, so everything that uses it
// shows the new picture; its crops and variants are made again and the
// old files removed. The upload gets the same checks as any.
func (l *Library) Replace(ctx context.Context, id int64, r io.Reader, filename string) (content.Image, error) {
	img, err := l.db.GetImage(ctx, id)
	if err != nil {
		return content.Image{}, err
	}
	data, cfg, format, err := l.accept(ctx, r, filename)
	if err != nil {
		return content.Image{}, err
	}
	rel, err := l.newName(extensions[format])
	if err != nil {
		return content.Image{}, err
	}
	mime := "image/" + format
	if err := l.Files.Put(ctx, rel, data, mime); err != nil {
		return content.Image{}, err
	}
	img.Path, img.Mime, img.Width, img.Height, img.Size, img.Variants = rel, mime, cfg.Width, cfg.Height, int64(len(data)), nil
	old, err := l.db.ReplaceImageFile(ctx, img)
	if err != nil {
		l.Files.Delete(context.WithoutCancel(ctx), rel)
		return content.Image{}, err
	}
	l.queueWork(ctx, rel)
	l.requeueUseCrops(ctx, id) // the per-use crops of the new file
	if err := l.removeFiles(ctx, old); err != nil {
		l.log.WarnContext(ctx, "media: remove the files of a replaced image", "path", old, "err", err)
	}
	if l.changed != nil {
		l.changed(ctx)
	}
	return img, nil
}

// InUseError refuses deleting an image something uses, and lists what.
type InUseError struct{ Uses []content.ImageUse }

func (e *InUseError) Error() string {
	return fmt.Sprintf("This image is used in %d places, so it cannot be deleted. Remove it from them first.", len(e.Uses))
}

// Delete deletes an image nothing uses, its record and its files. An
// image in use is refused with an *InUseError (apperr.Conflict).
func (l *Library) Delete(ctx context.Context, id int64) error {
	if _, err := l.db.GetImage(ctx, id); err != nil {
		return err
	}
	deleted, err := l.Discard(ctx, id)
	if err != nil {
		return err
	}
	if deleted {
		return nil
	}
	uses, err := l.db.ImageUses(ctx, id)
	if err != nil {
		return err
	}
	e := &InUseError{Uses: uses}
	return apperr.Wrap(apperr.Conflict, e.Error(), e)
}
