package media_test

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/media"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

func TestSaveImage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		dir := t.TempDir()
		lib := media.New(dir, db, func() time.Time { return time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC) })
		var buf bytes.Buffer
		if err := png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 40, 30))); err != nil {
			t.Fatal(err)
		}
		img, err := lib.SaveImage(ctx, bytes.NewReader(buf.Bytes()), 0)
		if err != nil {
			t.Fatal(err)
		}
		if img.Width != 40 || img.Height != 30 || !strings.HasPrefix(img.Path, "2026/05/") {
			t.Fatalf("image = %+v", img)
		}
		if _, err := os.Stat(filepath.Join(dir, img.Path)); err != nil {
			t.Fatalf("file not written: %v", err)
		}
		got, err := db.GetImage(ctx, img.ID)
		if err != nil || got.Path != img.Path {
			t.Fatalf("record = %+v, %v", got, err)
		}
		bad := map[string][]byte{
			"text":      []byte("<html>not an image</html>"),
			"empty":     nil,
			"truncated": buf.Bytes()[:len(buf.Bytes())/2],
			"too big":   bytes.Repeat([]byte{0}, media.MaxBytes+1),
		}
		for name, data := range bad {
			_, err := lib.SaveImage(ctx, bytes.NewReader(data), 0)
			if apperr.KindOf(err) != apperr.Invalid || apperr.Message(err) == "" {
				t.Errorf("%s: err = %v, want a clear invalid-input message", name, err)
			}
		}
		files, _ := filepath.Glob(filepath.Join(dir, "2026", "05", "*"))
		if len(files) != 1 {
			t.Errorf("refused uploads left files behind: %v", files)
		}
	})
}
