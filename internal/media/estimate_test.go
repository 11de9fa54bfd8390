package media

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"
)

// The decoded-size estimate follows the formats' real layouts.
func TestDecodedBytes(t *testing.T) {
	encode := func(f func(*bytes.Buffer) error) []byte {
		var b bytes.Buffer
		if err := f(&b); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	rect := image.Rect(0, 0, 64, 32)
	// A GIF whose only colour table is the frame's own (DecodeConfig
	// reads it). Its image data is a placeholder.
	noGCT := []byte("GIF89a\x40\x00\x20\x00\x00\x00\x00" +
		"\x2c\x00\x00\x00\x00\x40\x00\x20\x00\x80\x00\x00\x00\xff\xff\xff" +
		"\x02\x02\x44\x01\x00\x3b")
	for _, c := range []struct {
		name string
		data []byte
		per  float64 // bytes per pixel
	}{
		{"16-bit RGBA PNG", encode(func(b *bytes.Buffer) error { return png.Encode(b, image.NewRGBA64(rect)) }), 8},
		{"8-bit RGBA PNG", encode(func(b *bytes.Buffer) error {
			m := image.NewNRGBA(rect)
			m.Pix[3] = 7 // not opaque, so it stays RGBA
			return png.Encode(b, m)
		}), 4},
		{"grey PNG", encode(func(b *bytes.Buffer) error { return png.Encode(b, image.NewGray(rect)) }), 1},
		{"4:2:0 JPEG", encode(func(b *bytes.Buffer) error { return jpeg.Encode(b, image.NewRGBA(rect), nil) }), 1.5},
		{"grey JPEG", encode(func(b *bytes.Buffer) error { return jpeg.Encode(b, image.NewGray(rect), nil) }), 1},
		{"GIF without a global colour table", noGCT, 1},
	} {
		cfg, _, err := image.DecodeConfig(bytes.NewReader(c.data))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		_, lay, err := strip(c.data)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got, want := decodedBytes(cfg, lay), int64(c.per*64*32); got != want {
			t.Errorf("%s: %d bytes, want %d", c.name, got, want)
		}
	}
	// A progressive JPEG keeps its coefficients; an interlaced PNG its passes.
	cfg := image.Config{ColorModel: color.YCbCrModel, Width: 100, Height: 100}
	if got := decodedBytes(cfg, layout{samples: 1.5, progressive: true}); got != 75000 {
		t.Errorf("progressive 4:2:0 JPEG: %d bytes, want 75000", got)
	}
	cfg.ColorModel = color.RGBA64Model
	if got := decodedBytes(cfg, layout{interlaced: true}); got != 160000 {
		t.Errorf("interlaced 16-bit PNG: %d bytes, want 160000", got)
	}
}
