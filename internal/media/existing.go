package media

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"

	"masthead/internal/content"
)

// StoredImages is what stripping images stored before stripping existed
// needs from storage.
type StoredImages interface {
	ImagesToStrip(ctx context.Context, afterID int64, limit int, all bool) ([]content.Image, error)
	SetImageStripped(ctx context.Context, id, size int64, stripped bool) error
}

// StripResult counts what StripStored did.
type StripResult struct {
	Checked int // image records looked at
	Changed int // files rewritten without their metadata
	Missing int // records whose file is not there
	Damaged int // files that could not be parsed (left as they are)
}

// StripStored strips metadata from image files stored before uploads were
// stripped (every stored image when all is set), in place: each file is
// rewritten to a temporary name and renamed over the old one, so a reader
// gets the old bytes or the new, never half. Each record is marked as it is
// done and its size corrected, so an interrupted run resumes where it
// stopped, and a run over stripped files changes nothing. Missing and
// damaged files are logged and left for the operator.
func StripStored(ctx context.Context, dir string, st StoredImages, all bool, log *slog.Logger) (StripResult, error) {
	var res StripResult
	root, err := os.OpenRoot(dir)
	if errors.Is(err, fs.ErrNotExist) {
		root = nil // no media directory: every record's file is missing
	} else if err != nil {
		return res, fmt.Errorf("media: strip stored: %w", err)
	} else {
		defer root.Close()
	}
	var after int64
	for {
		batch, err := st.ImagesToStrip(ctx, after, 100, all)
		if err != nil {
			return res, err
		}
		if len(batch) == 0 {
			return res, nil
		}
		for _, img := range batch {
			if err := ctx.Err(); err != nil {
				return res, err
			}
			after = img.ID
			res.Checked++
			size, changed, err := stripFile(root, filepath.FromSlash(img.Path))
			switch {
			case errors.Is(err, fs.ErrNotExist):
				res.Missing++
				log.Warn("media: stored image file is missing", "id", img.ID, "path", img.Path)
				continue
			case errors.Is(err, errDamaged):
				res.Damaged++
				log.Warn("media: stored image could not be stripped; it is served as it is", "id", img.ID, "path", img.Path, "err", err)
				continue
			case err != nil:
				return res, err
			}
			if changed {
				res.Changed++
			}
			if err := st.SetImageStripped(ctx, img.ID, size, true); err != nil {
				return res, err
			}
		}
	}
}

var errDamaged = errors.New("media: damaged image")

// stripFile rewrites one file without its metadata; it returns the file's
// size afterwards and whether it changed.
func stripFile(root *os.Root, name string) (int64, bool, error) {
	if root == nil {
		return 0, false, fs.ErrNotExist
	}
	f, err := root.Open(name)
	if err != nil {
		return 0, false, err
	}
	data, err := io.ReadAll(io.LimitReader(f, 4*MaxBytes))
	f.Close()
	if err != nil {
		return 0, false, fmt.Errorf("media: read %s: %w", name, err)
	}
	clean, err := Strip(data)
	if err != nil {
		return 0, false, fmt.Errorf("%w: %s: %v", errDamaged, name, err)
	}
	if bytes.Equal(clean, data) {
		return int64(len(data)), false, nil
	}
	if err := writeAtomic(root, name, clean); err != nil {
		return 0, false, err
	}
	return int64(len(clean)), true, nil
}
