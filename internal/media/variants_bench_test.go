package media

import (
	"bytes"
	"image"
	"image/jpeg"
	"runtime"
	"sync/atomic"
	"testing"
	"time"
)

// photo12MP is a 4000×3000 JPEG with detail everywhere (a gradient with
// noise), as a camera would give.
func photo12MP(b *testing.B) []byte {
	b.Helper()
	img := image.NewYCbCr(image.Rect(0, 0, 4000, 3000), image.YCbCrSubsampleRatio420)
	seed := uint32(1)
	for y := range 3000 {
		for x := range 4000 {
			seed = seed*1664525 + 1013904223
			img.Y[y*img.YStride+x] = uint8((x*255/4000+y*255/3000)/2) ^ uint8(seed>>29)
		}
	}
	for i := range img.Cb {
		img.Cb[i], img.Cr[i] = 110, 150
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// peakHeap samples the heap in use until stop is called and returns the
// highest value seen, in MB.
func peakHeap() (stop func() float64) {
	var peak atomic.Uint64
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	return func() float64 {
		close(done)
		<-finished
		return float64(peak.Load()) / (1 << 20)
	}
}

// BenchmarkVariants12MP times making every width of a 12-megapixel JPEG in
// one format: decode, scale (widest first, each from the one before) and
// encode. Run: go test ./internal/media -run XXX -bench Variants12MP -benchtime 1x
func BenchmarkVariants12MP(b *testing.B) {
	data := photo12MP(b)
	for _, f := range []variantFormat{formatJPEG, formatWebP, formatAVIF} {
		b.Run(f.ext[1:], func(b *testing.B) {
			runtime.GC()
			stop := peakHeap()
			for b.Loop() {
				src, err := jpeg.Decode(bytes.NewReader(data))
				if err != nil {
					b.Fatal(err)
				}
				var prev image.Image = src
				for i := len(VariantWidths) - 1; i >= 0; i-- {
					w := VariantWidths[i]
					scaled := scaleUpright(prev, 1, w, w*3/4)
					prev = scaled
					var buf bytes.Buffer
					if err := f.encode(&buf, scaled); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(stop(), "peak-heap-MB")
		})
	}
}
