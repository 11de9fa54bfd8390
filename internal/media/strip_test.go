package media_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/color/palette"
	"image/gif"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"masthead/internal/media"
	"masthead/internal/media/mediatest"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

func segment(marker byte, payload []byte) []byte {
	n := len(payload) + 2
	return append([]byte{0xFF, marker, byte(n >> 8), byte(n)}, payload...)
}

func samePixels(t *testing.T, what string, a, b []byte) {
	t.Helper()
	ia, _, err := image.Decode(bytes.NewReader(a))
	if err != nil {
		t.Fatalf("%s: original does not decode: %v", what, err)
	}
	ib, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: stripped copy does not decode: %v", what, err)
	}
	if ia.Bounds() != ib.Bounds() {
		t.Fatalf("%s: bounds %v, want %v", what, ib.Bounds(), ia.Bounds())
	}
	for y := ia.Bounds().Min.Y; y < ia.Bounds().Max.Y; y++ {
		for x := ia.Bounds().Min.X; x < ia.Bounds().Max.X; x++ {
			if ia.At(x, y) != ib.At(x, y) {
				t.Fatalf("%s: pixel %d,%d is %v, was %v", what, x, y, ib.At(x, y), ia.At(x, y))
			}
		}
	}
}

// A camera JPEG is stored without its GPS position, camera, serial number,
// XMP, IPTC or comment, keeping orientation 6 and the ICC profile, with the
// compressed image data unchanged.
func TestSaveImageStripsCameraMetadata(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		dir := t.TempDir()
		lib := media.New(dir, db, time.Now)
		orig := mediatest.CameraJPEG(t, 64, 48)
		for _, s := range mediatest.Secrets {
			if !bytes.Contains(orig, []byte(s)) {
				t.Fatalf("the test image lacks %q", s)
			}
		}
		img, err := lib.SaveImage(ctx, bytes.NewReader(orig), 0)
		if err != nil {
			t.Fatal(err)
		}
		stored, err := os.ReadFile(filepath.Join(dir, img.Path))
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range mediatest.Secrets {
			if bytes.Contains(stored, []byte(s)) {
				t.Errorf("the stored image still holds %q", s)
			}
		}
		want := append([]byte{0xFF, 0xD8}, segment(0xE1, mediatest.OrientationExif)...)
		want = append(want, segment(0xE2, mediatest.ICCProfile)...)
		if !bytes.HasPrefix(stored, want) {
			t.Errorf("stored image does not start with SOI, orientation-only EXIF and the ICC profile:\n% x", stored[:min(len(stored), 200)])
		}
		if n := bytes.Count(stored, []byte("Exif\x00\x00")); n != 1 {
			t.Errorf("%d EXIF segments stored, want the one with the orientation", n)
		}
		if len(stored) > len(want) && !bytes.HasSuffix(orig, stored[len(want):]) {
			t.Error("tables and image data were not copied byte for byte")
		}
		samePixels(t, "camera jpeg", orig, stored)
		got, err := db.GetImage(ctx, img.ID)
		if err != nil || got.Size != int64(len(stored)) || img.Width != 64 || img.Height != 48 {
			t.Errorf("record = %+v, %v; stored %d bytes", got, err, len(stored))
		}
		again, err := media.Strip(stored)
		if err != nil || !bytes.Equal(again, stored) {
			t.Errorf("stripping twice changed the image (err %v)", err)
		}
	})
}

// Store, used for the demo's generated images, strips too.
func TestStoreStrips(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		dir := t.TempDir()
		lib := media.New(dir, db, time.Now)
		img, err := lib.Store(context.Background(), mediatest.CameraJPEG(t, 16, 16), "image/jpeg", ".jpg", 16, 16, 0)
		if err != nil {
			t.Fatal(err)
		}
		stored, _ := os.ReadFile(filepath.Join(dir, img.Path))
		for _, s := range mediatest.Secrets {
			if bytes.Contains(stored, []byte(s)) {
				t.Errorf("Store kept %q", s)
			}
		}
	})
}

func pngChunk(typ string, data []byte) []byte {
	out := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	out = append(out, typ...)
	out = append(out, data...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(append([]byte(typ), data...)))
}

func TestStripPNG(t *testing.T) {
	m := image.NewNRGBA(image.Rect(0, 0, 20, 10))
	for i := range m.Pix {
		m.Pix[i] = byte(i * 13)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, m); err != nil {
		t.Fatal(err)
	}
	plain := buf.Bytes()
	ihdrEnd := 8 + 25
	kept := [][]byte{pngChunk("iCCP", []byte("sRGB\x00\x00x\x9c\x03\x00\x00\x00\x00\x01")), pngChunk("gAMA", []byte{0, 0, 0xB1, 0x8F}),
		pngChunk("pHYs", []byte{0, 0, 0x0B, 0x13, 0, 0, 0x0B, 0x13, 1})}
	dropped := [][]byte{pngChunk("tEXt", []byte("Author\x00Jane Source")), pngChunk("iTXt", []byte("XML:com.adobe.xmp\x00\x00\x00\x00\x00<exif:GPSLatitude>51</exif:GPSLatitude>")),
		pngChunk("zTXt", []byte("Comment\x00\x00x\x9c\x03\x00\x00\x00\x00\x01")), pngChunk("eXIf", append([]byte("MM\x00\x2a"), "Canon EOS R5"...)),
		pngChunk("tIME", []byte{0x07, 0xEA, 11, 30, 12, 0, 0})}
	var in []byte
	in = append(in, plain[:ihdrEnd]...)
	for i := range kept {
		in = append(append(in, kept[i]...), dropped[i]...)
	}
	in = append(in, dropped[3]...)
	in = append(in, dropped[4]...)
	in = append(in, plain[ihdrEnd:]...)
	in = append(in, "trailing: safehouse"...)
	out, err := media.Strip(in)
	if err != nil {
		t.Fatal(err)
	}
	want := append(append([]byte(nil), plain[:ihdrEnd]...), bytes.Join(kept, nil)...)
	want = append(want, plain[ihdrEnd:]...)
	if !bytes.Equal(out, want) {
		t.Errorf("stripped PNG is not the PNG with only its colour chunks added: %d bytes, want %d", len(out), len(want))
	}
	samePixels(t, "png", in, out)
}

func TestStripGIF(t *testing.T) {
	m := image.NewPaletted(image.Rect(0, 0, 12, 8), palette.Plan9)
	for i := range m.Pix {
		m.Pix[i] = byte(i)
	}
	var buf bytes.Buffer
	if err := gif.EncodeAll(&buf, &gif.GIF{Image: []*image.Paletted{m, m}, Delay: []int{10, 10}, LoopCount: 0}); err != nil {
		t.Fatal(err)
	}
	plain := buf.Bytes()
	if !bytes.Contains(plain, []byte("NETSCAPE2.0")) {
		t.Fatal("the encoder wrote no loop extension")
	}
	header := 13
	if flags := plain[10]; flags&0x80 != 0 {
		header += 3 << (flags&7 + 1)
	}
	comment := append([]byte{0x21, 0xFE, 10}, "safehouse!"...)
	comment = append(comment, 0)
	xmp := append([]byte{0x21, 0xFF, 11}, "XMP DataXMP"...)
	xmp = append(xmp, 13)
	xmp = append(xmp, "<GPSLatitude>"...)
	xmp = append(xmp, 0)
	in := append(append(append([]byte(nil), plain[:header]...), comment...), xmp...)
	in = append(in, plain[header:]...)
	out, err := media.Strip(in)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, plain) {
		t.Errorf("stripped GIF is not the GIF without its comment and XMP: %d bytes, want %d", len(out), len(plain))
	}
	samePixels(t, "gif", in, out)
	if _, err := gif.DecodeAll(bytes.NewReader(out)); err != nil {
		t.Error(err)
	}
}

// Hostile files: every truncation and bad lengths are errors, never panics
// or reads past the end.
func TestStripRefusesBrokenFiles(t *testing.T) {
	for name, data := range stripSeeds(t) {
		for n := 0; n < len(data); n++ {
			out, err := media.Strip(data[:n])
			if err == nil && len(out) > n+34 {
				t.Errorf("%s cut at %d: %d bytes out", name, n, len(out))
			}
		}
	}
	for name, data := range map[string][]byte{
		"jpeg length past the end":  {0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF, 'E', 'x'},
		"jpeg length 0":             {0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x00, 0xFF, 0xD9},
		"jpeg no marker":            {0xFF, 0xD8, 0x12, 0x34},
		"jpeg scan without end":     {0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02, 0x12, 0xFF, 0x00},
		"png huge chunk":            append([]byte("\x89PNG\r\n\x1a\n"), 0xFF, 0xFF, 0xFF, 0xF0, 'I', 'D', 'A', 'T', 0, 0, 0, 0),
		"gif colour table past end": []byte("GIF89a\x01\x00\x01\x00\x87\x00\x00"),
		"gif sub-block past end":    []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00\x21\xFE\x40ab"),
		"gif unknown block":         []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00\x99"),
		"text":                      []byte("<html>"),
	} {
		if _, err := media.Strip(data); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func stripSeeds(t testing.TB) map[string][]byte {
	var p, g bytes.Buffer
	png.Encode(&p, image.NewGray16(image.Rect(0, 0, 3, 3)))
	gif.Encode(&g, image.NewPaletted(image.Rect(0, 0, 3, 3), color.Palette{color.Black, color.White}), nil)
	return map[string][]byte{"jpeg": mediatest.CameraJPEG(t, 8, 8), "png": p.Bytes(), "gif": g.Bytes()}
}

func FuzzStrip(f *testing.F) {
	for _, s := range stripSeeds(f) {
		f.Add(s)
		f.Add(s[:len(s)/2])
	}
	f.Add([]byte{0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF})
	f.Add([]byte{0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 2, 2, 0xFF, 0xD9})
	f.Fuzz(func(t *testing.T, data []byte) {
		out, err := media.Strip(data)
		if err != nil {
			return
		}
		if len(out) > len(data)+34 {
			t.Fatalf("%d bytes in, %d out", len(data), len(out))
		}
		again, err := media.Strip(out)
		if err != nil || !bytes.Equal(again, out) {
			t.Fatalf("stripping the output again changed it (err %v)", err)
		}
	})
}
