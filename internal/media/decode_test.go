package media_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/png"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/media"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// pngHeader is the start of a PNG (signature and IHDR) of the given size,
// bit depth and colour type: enough for DecodeConfig, nothing to decode.
func pngHeader(w, h uint32, depth, colourType byte) []byte {
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, depth, colourType, 0, 0, 0)
	out := append([]byte("\x89PNG\r\n\x1a\n"), 0, 0, 0, 13)
	out = append(out, "IHDR"...)
	out = append(out, ihdr...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(append([]byte("IHDR"), ihdr...)))
}

// The file: 7070 × 7070 pixels (under the 50-megapixel limit) at 16
// bits per channel decodes to 400 MB. It is refused before decoding, with a
// message that says why; the same size at 8 bits with a palette is not
// refused for its memory.
func TestDecodeBudgetRefusesDeepImages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		lib := media.New(t.TempDir(), db, time.Now)
		var decodes atomic.Int32
		media.SetDecodeHook(lib, func() { decodes.Add(1) })
		_, err := lib.SaveImage(ctx, bytes.NewReader(pngHeader(7070, 7070, 16, 6)), 0)
		var bad apperr.Fields
		if !errorsAs(err, &bad) || !strings.Contains(bad["image"], "too much memory") || !strings.Contains(bad["image"], "7070 × 7070") {
			t.Fatalf("16-bit 7070×7070 PNG: err = %v, want a message about memory on the image field", err)
		}
		if decodes.Load() != 0 {
			t.Error("the image was decoded before it was refused")
		}
		_, err = lib.SaveImage(ctx, bytes.NewReader(pngHeader(7070, 7070, 8, 3)), 0)
		if err == nil || strings.Contains(apperr.Message(err)+err.Error(), "memory") {
			t.Errorf("8-bit palette PNG: err = %v, want refused as damaged (it has no pixels), not for memory", err)
		}

		// A real, valid image over a (lowered) budget is refused too.
		var buf bytes.Buffer
		if err := png.Encode(&buf, image.NewRGBA64(image.Rect(0, 0, 100, 100))); err != nil {
			t.Fatal(err)
		}
		media.SetLimits(lib, 100*100*8-1, time.Minute)
		if _, err := lib.SaveImage(ctx, bytes.NewReader(buf.Bytes()), 0); !errorsAs(err, &bad) || !strings.Contains(bad["image"], "too much memory") {
			t.Errorf("16-bit PNG over the budget: err = %v", err)
		}
		media.SetLimits(lib, 100*100*8, time.Minute)
		if _, err := lib.SaveImage(ctx, bytes.NewReader(buf.Bytes()), 0); err != nil {
			t.Errorf("16-bit PNG within the budget: %v", err)
		}
	})
}

func errorsAs(err error, f *apperr.Fields) bool {
	v, ok := err.(apperr.Fields)
	if ok {
		*f = v
	}
	return ok
}

// However many uploads arrive together, at most MaxDecodes decode at once;
// the others wait for a turn, and one that waits too long is told to try
// again.
func TestDecodesAreBounded(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		dir := t.TempDir()
		lib := media.New(dir, db, time.Now)
		var active, peak, entered atomic.Int32
		release := make(chan struct{})
		media.SetDecodeHook(lib, func() {
			n := active.Add(1)
			for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
			}
			entered.Add(1)
			<-release
			active.Add(-1)
		})
		var buf bytes.Buffer
		if err := png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 30, 20))); err != nil {
			t.Fatal(err)
		}
		const uploads = 6
		var wg sync.WaitGroup
		errs := make(chan error, uploads)
		for range uploads {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := lib.SaveImage(ctx, bytes.NewReader(buf.Bytes()), 0)
				errs <- err
			}()
		}
		// Wait until every upload is either decoding or waiting; without the
		// bound all six would be decoding.
		for entered.Load()+int32(media.Waiting(lib)) < uploads {
			runtime.Gosched()
		}
		if n := entered.Load(); n != media.MaxDecodes {
			close(release)
			wg.Wait()
			t.Fatalf("%d decodes at once, want %d", n, media.MaxDecodes)
		}

		close(release)
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Errorf("queued upload: %v", err)
			}
		}
		if p := peak.Load(); p != media.MaxDecodes {
			t.Errorf("peak of %d decodes at once, want %d", p, media.MaxDecodes)
		}
		files, _ := filepath.Glob(filepath.Join(dir, "*", "*", "*"))
		if len(files) != uploads {
			t.Errorf("%d files stored, want %d", len(files), uploads)
		}

		// An upload that cannot get a turn in time is told to try again.
		busy := media.New(t.TempDir(), db, time.Now)
		media.SetLimits(busy, media.DecodeBudget, time.Millisecond)
		var held atomic.Int32
		hold := make(chan struct{})
		media.SetDecodeHook(busy, func() { held.Add(1); <-hold })
		for range media.MaxDecodes {
			wg.Add(1)
			go func() { defer wg.Done(); busy.SaveImage(ctx, bytes.NewReader(buf.Bytes()), 0) }()
		}
		for held.Load() < media.MaxDecodes {
			runtime.Gosched()
		}
		_, err := busy.SaveImage(ctx, bytes.NewReader(buf.Bytes()), 0)
		close(hold)
		wg.Wait()
		if apperr.KindOf(err) != apperr.Unavailable || !strings.Contains(apperr.Message(err), "upload this one again") {
			t.Errorf("upload with no turn free: err = %v, want busy, try again", err)
		}
	})
}
