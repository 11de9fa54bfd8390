package media

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"
)

// Blobs is where media files live: the data directory, or any
// S3-compatible bucket so that several instances share them without a
// shared volume (decision 0037). Names are slash-separated paths relative
// to the media root ("2026/11/abc.jpg"). A missing file is fs.ErrNotExist.
type Blobs interface {
	// Put stores data under name whole or not at all: nobody ever reads
	// part of it, and a file already there is replaced in one step.
	Put(ctx context.Context, name string, data []byte, mime string) error
	// Open reads a file; the caller closes it.
	Open(ctx context.Context, name string) (Blob, error)
	// Stat says whether a file exists, and its size and type.
	Stat(ctx context.Context, name string) (BlobInfo, error)
	// Delete removes a file; deleting a missing file is not an error.
	Delete(ctx context.Context, name string) error
}

// BlobInfo describes a stored file.
type BlobInfo struct {
	Size    int64
	Mime    string
	ModTime time.Time
}

// Blob is an open stored file.
type Blob interface {
	io.ReadSeekCloser
	Info() BlobInfo
}

// Types are the media types of the files media stores, by extension.
var Types = map[string]string{
	".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".gif": "image/gif",
	".webp": "image/webp", ".avif": "image/avif", ".pdf": "application/pdf",
}

// typeOf is the media type of a file name, "application/octet-stream" when
// the extension is not one media stores.
func typeOf(name string) string {
	if t, ok := Types[strings.ToLower(path.Ext(name))]; ok {
		return t
	}
	return "application/octet-stream"
}

// ValidName reports whether name is a relative, slash-separated media
// path without empty, dot or hidden elements.
func ValidName(name string) bool {
	if !fs.ValidPath(name) || name == "." || strings.ContainsAny(name, "\\\x00") {
		return false
	}
	for part := range strings.SplitSeq(name, "/") {
		if strings.HasPrefix(part, ".") {
			return false
		}
	}
	return true
}

// Local keeps media files under a directory (today's layout). os.Root
// confines every name to it, symbolic links included.
type Local struct{ Dir string }

// NewLocal returns the store of files under dir.
func NewLocal(dir string) *Local { return &Local{Dir: dir} }

func (l *Local) root() (*os.Root, error) {
	r, err := os.OpenRoot(l.Dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fs.ErrNotExist
	}
	return r, err
}

// Put writes to a temporary name beside the file, syncs and renames.
func (l *Local) Put(ctx context.Context, name string, data []byte, mime string) error {
	if !ValidName(name) {
		return fmt.Errorf("media: put: bad name %q", name)
	}
	if err := os.MkdirAll(l.Dir, 0o750); err != nil {
		return fmt.Errorf("media: mkdir: %w", err)
	}
	root, err := l.root()
	if err != nil {
		return err
	}
	defer root.Close()
	if dir := path.Dir(name); dir != "." {
		if err := root.MkdirAll(filepath.FromSlash(dir), 0o750); err != nil {
			return fmt.Errorf("media: mkdir: %w", err)
		}
	}
	return writeAtomic(root, filepath.FromSlash(name), data)
}

type localBlob struct {
	*os.File
	info BlobInfo
}

func (b localBlob) Info() BlobInfo { return b.info }

// Open opens a regular file under Dir.
func (l *Local) Open(ctx context.Context, name string) (Blob, error) {
	if !ValidName(name) {
		return nil, fs.ErrNotExist
	}
	root, err := l.root()
	if err != nil {
		return nil, err
	}
	defer root.Close()
	f, err := root.Open(filepath.FromSlash(name))
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil || st.IsDir() {
		f.Close()
		return nil, fs.ErrNotExist
	}
	return localBlob{f, BlobInfo{Size: st.Size(), Mime: typeOf(name), ModTime: st.ModTime()}}, nil
}

// Stat describes a regular file under Dir.
func (l *Local) Stat(ctx context.Context, name string) (BlobInfo, error) {
	if !ValidName(name) {
		return BlobInfo{}, fs.ErrNotExist
	}
	root, err := l.root()
	if err != nil {
		return BlobInfo{}, err
	}
	defer root.Close()
	st, err := root.Stat(filepath.FromSlash(name))
	if err != nil {
		return BlobInfo{}, err
	}
	if st.IsDir() {
		return BlobInfo{}, fs.ErrNotExist
	}
	return BlobInfo{Size: st.Size(), Mime: typeOf(name), ModTime: st.ModTime()}, nil
}

// Delete removes a file under Dir.
func (l *Local) Delete(ctx context.Context, name string) error {
	if !ValidName(name) {
		return fmt.Errorf("media: delete: bad name %q", name)
	}
	root, err := l.root()
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer root.Close()
	if err := root.Remove(filepath.FromSlash(name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("media: delete %s: %w", name, err)
	}
	return nil
}

// readBlob reads a whole stored file of at most limit bytes.
func readBlob(ctx context.Context, b Blobs, name string, limit int64) ([]byte, error) {
	f, err := b.Open(ctx, name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, io.LimitReader(f, limit+1)); err != nil {
		return nil, fmt.Errorf("media: read %s: %w", name, err)
	}
	if int64(buf.Len()) > limit {
		return nil, fmt.Errorf("%w: %s is larger than %d MB", errDamaged, name, limit>>20)
	}
	return buf.Bytes(), nil
}

// exists reports whether a file is stored under name.
func exists(ctx context.Context, b Blobs, name string) bool {
	_, err := b.Stat(ctx, name)
	return err == nil
}
