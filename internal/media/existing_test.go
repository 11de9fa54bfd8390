package media_test

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"masthead/internal/content"
	"masthead/internal/media"
	"masthead/internal/media/mediatest"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// legacy writes a file and records it as uploaded before stripping existed.
func legacy(t *testing.T, db *store.DB, dir, rel string, data []byte) int64 {
	t.Helper()
	ctx := context.Background()
	if data != nil {
		full := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(full), 0o750); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, data, 0o640); err != nil {
			t.Fatal(err)
		}
	}
	id, err := db.CreateImage(ctx, content.Image{Path: rel, Mime: "image/jpeg", Width: 8, Height: 8, Size: int64(len(data))}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetImageStripped(ctx, id, int64(len(data)), false); err != nil {
		t.Fatal(err)
	}
	return id
}

// cancelAfter cancels its context after n images are marked, as a kill
// part-way through a run would.
type cancelAfter struct {
	*store.DB
	n      int
	cancel func()
}

func (c *cancelAfter) SetImageStripped(ctx context.Context, id, size int64, stripped bool) error {
	err := c.DB.SetImageStripped(ctx, id, size, stripped)
	if c.n--; c.n == 0 {
		c.cancel()
	}
	return err
}

func TestStripStoredRewritesOldUploads(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		dir := t.TempDir()
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		camera := mediatest.CameraJPEG(t, 32, 24)
		var clean bytes.Buffer
		png.Encode(&clean, image.NewGray(image.Rect(0, 0, 4, 4)))
		first := legacy(t, db, dir, "2025/01/first.jpg", camera)
		legacy(t, db, dir, "2025/01/clean.png", clean.Bytes())
		legacy(t, db, dir, "2025/01/gone.jpg", nil)
		legacy(t, db, dir, "2025/01/notes.jpg", []byte("not a picture"))
		second := legacy(t, db, dir, "2025/02/second.jpg", camera)

		// Stopped after the first image: it is done, the others are not.
		cctx, cancel := context.WithCancel(ctx)
		res, err := media.StripStored(cctx, dir, &cancelAfter{DB: db, n: 1, cancel: cancel}, false, log)
		if err == nil || res.Changed != 1 {
			t.Fatalf("interrupted run: %+v, %v", res, err)
		}
		if got, _ := os.ReadFile(filepath.Join(dir, "2025/02/second.jpg")); !bytes.Equal(got, camera) {
			t.Fatal("the interrupted run went on past its cancellation")
		}

		// Started again, it does the rest and skips the first.
		res, err = media.StripStored(ctx, dir, db, false, log)
		if err != nil {
			t.Fatal(err)
		}
		if want := (media.StripResult{Checked: 4, Changed: 1, Missing: 1, Damaged: 1}); res != want {
			t.Errorf("resumed run = %+v, want %+v", res, want)
		}
		for _, id := range []int64{first, second} {
			img, err := db.GetImage(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(filepath.Join(dir, img.Path))
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range mediatest.Secrets {
				if bytes.Contains(got, []byte(s)) {
					t.Errorf("%s still holds %q", img.Path, s)
				}
			}
			if !bytes.Contains(got, mediatest.OrientationExif) || !bytes.Contains(got, mediatest.ICCProfile) {
				t.Errorf("%s lost its orientation or colour profile", img.Path)
			}
			if img.Size != int64(len(got)) || img.Size >= int64(len(camera)) {
				t.Errorf("%s: recorded size %d, file %d bytes (was %d)", img.Path, img.Size, len(got), len(camera))
			}
		}
		if got, _ := os.ReadFile(filepath.Join(dir, "2025/01/notes.jpg")); string(got) != "not a picture" {
			t.Error("a file that is not an image was changed")
		}
		tmp, _ := filepath.Glob(filepath.Join(dir, "*", "*", "*.strip-*"))
		if len(tmp) != 0 {
			t.Errorf("temporary files left: %v", tmp)
		}

		// Nothing left to do but the missing and damaged ones; --all checks
		// everything and changes nothing.
		res, err = media.StripStored(ctx, dir, db, false, log)
		if err != nil || res != (media.StripResult{Checked: 2, Missing: 1, Damaged: 1}) {
			t.Errorf("third run = %+v, %v", res, err)
		}
		res, err = media.StripStored(ctx, dir, db, true, log)
		if err != nil || res != (media.StripResult{Checked: 5, Missing: 1, Damaged: 1}) {
			t.Errorf("run over all = %+v, %v", res, err)
		}
	})
}

// Discard deletes an unused image's record and file, and leaves an image
// that an author or the settings use.
func TestDiscardOnlyUnusedImages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		dir := t.TempDir()
		lib := media.New(dir, db, time.Now)
		var buf bytes.Buffer
		png.Encode(&buf, image.NewGray(image.Rect(0, 0, 4, 4)))
		save := func() content.Image {
			img, err := lib.SaveImage(ctx, bytes.NewReader(buf.Bytes()), 0)
			if err != nil {
				t.Fatal(err)
			}
			return img
		}
		photo, logo, unused := save(), save(), save()
		if _, err := db.SaveAuthor(ctx, content.Author{Slug: "ada", Name: "Ada", PhotoID: photo.ID}); err != nil {
			t.Fatal(err)
		}
		if err := db.SaveSettings(ctx, content.Settings{Name: "Weekly", TimeZone: "UTC", LogoID: logo.ID}); err != nil {
			t.Fatal(err)
		}
		for _, img := range []content.Image{photo, logo} {
			if deleted, err := lib.Discard(ctx, img.ID); deleted || err != nil {
				t.Errorf("%s in use: deleted %v, %v", img.Path, deleted, err)
			}
			if _, err := os.Stat(filepath.Join(dir, img.Path)); err != nil {
				t.Errorf("file of an image in use: %v", err)
			}
		}
		if deleted, err := lib.Discard(ctx, unused.ID); !deleted || err != nil {
			t.Errorf("unused image: deleted %v, %v", deleted, err)
		}
		if _, err := db.GetImage(ctx, unused.ID); err == nil {
			t.Error("the unused image's record is still there")
		}
		if _, err := os.Stat(filepath.Join(dir, unused.Path)); !os.IsNotExist(err) {
			t.Errorf("the unused image's file is still there: %v", err)
		}
	})
}
