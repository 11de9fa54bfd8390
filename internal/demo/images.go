package demo

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"image"
	"image/jpeg"
	"math"
	"math/rand/v2"
)

const (
	maxImageSide = 4000
	jpegQuality  = 80
	photoSide    = 400
)

// LeadImage returns a deterministic JPEG of w×h pixels to stand in for the
// lead photograph of the article with the given slug. It is an abstract
// editorial composition (a landscape of ridges, overlapping discs or colour
// bands) whose palette and layout are chosen from a hash of the slug, so the
// same slug always gives the same bytes and different slugs look different.
func LeadImage(slug string, w, h int) ([]byte, error) {
	if w < 1 || h < 1 || w > maxImageSide || h > maxImageSide {
		return nil, fmt.Errorf("demo: lead image size %dx%d: each side must be between 1 and %d", w, h, maxImageSide)
	}
	rng := seededRand("lead", slug)
	pals := palettes()
	p := pals[rng.IntN(len(pals))]
	c := newCanvas(w, h)
	switch rng.IntN(3) {
	case 0:
		drawHills(c, p, rng)
	case 1:
		drawDiscs(c, p, rng)
	default:
		drawBands(c, p, rng)
	}
	c.vignette(0.14)
	return c.encode()
}

// AuthorPhoto returns a deterministic 400×400 JPEG portrait placeholder for
// the author with the given slug: an abstract head-and-shoulders silhouette
// on a soft background, without initials.
func AuthorPhoto(slug string) ([]byte, error) {
	rng := seededRand("author", slug)
	pals := palettes()
	p := pals[rng.IntN(len(pals))]
	c := newCanvas(photoSide, photoSide)
	s := float64(photoSide)

	bg0 := p.accents[[2]int{0, 2}[rng.IntN(2)]].mix(white, 0.45)
	bg1 := p.top.mix(white, 0.3)
	c.gradient(bg0, bg1, rng.Float64()*2*math.Pi)
	for range 2 {
		cx, cy, r := s*rng.Float64(), s*rng.Float64()*0.6, s*(0.25+0.2*rng.Float64())
		c.disc(cx, cy, r, p.accents[rng.IntN(3)].mix(white, 0.55), 0.35)
	}

	// The figure is the palette's darkest accent, pushed away from the
	// background until the two are clearly distinguishable.
	figure := p.accents[1].mix(white, 0.1)
	bg := (bg0.luma() + bg1.luma()) / 2
	for i := 0; i < 8 && math.Abs(figure.luma()-bg) < 0.35; i++ {
		if bg > 0.5 {
			figure = figure.mix(black, 0.3)
		} else {
			figure = figure.mix(white, 0.3)
		}
	}
	c.ellipse(s*0.5, s*0.99, s*0.38, s*0.28, figure, 1)
	c.rect(s*0.425, s*0.52, s*0.575, s*0.76, figure, 1)
	c.ellipse(s*0.5, s*0.39, s*0.15, s*0.175, figure, 1)
	c.vignette(0.10)
	return c.encode()
}

func seededRand(kind, slug string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(kind))
	h.Write([]byte{0})
	h.Write([]byte(slug))
	s := h.Sum64()
	return rand.New(rand.NewPCG(s, s^0x9e3779b97f4a7c15))
}

// drawHills paints a sky, a low sun and three or four ridges that fade into
// the distance.
func drawHills(c *canvas, p palette, rng *rand.Rand) {
	w, h := float64(c.w), float64(c.h)
	c.gradient(p.top, p.bottom, math.Pi/2)

	sx, sy := w*(0.2+0.6*rng.Float64()), h*(0.18+0.2*rng.Float64())
	sr := math.Min(w, h) * (0.10 + 0.07*rng.Float64())
	sun := p.accents[2].mix(white, 0.25)
	c.glow(sx, sy, sr*2.4, sun, 0.22)
	c.disc(sx, sy, sr, sun, 0.95)

	n := 3 + rng.IntN(2)
	ink := p.accents[rng.IntN(2)]
	for i := range n {
		depth := float64(i+1) / float64(n)
		base := h * (0.48 + 0.42*float64(i)/float64(n))
		a1, a2 := h*(0.03+0.06*rng.Float64()), h*(0.01+0.03*rng.Float64())
		f1, f2 := 2*math.Pi*(0.6+1.4*rng.Float64())/w, 2*math.Pi*(2+3*rng.Float64())/w
		p1, p2 := 2*math.Pi*rng.Float64(), 2*math.Pi*rng.Float64()
		top := p.bottom.mix(ink, 0.3+0.6*depth).mix(black, 0.25*depth*depth)
		low := top.mix(black, 0.18)
		c.paint(0, 0, c.w, c.h, func(x, y float64) (rgb, float64) {
			ridge := base + a1*math.Sin(f1*x+p1) + a2*math.Sin(f2*x+p2)
			cov := clamp01(y - ridge + 0.5)
			if cov == 0 {
				return rgb{}, 0
			}
			return top.mix(low, clamp01((y-ridge)/(h*0.35))), cov
		})
	}
}

// drawDiscs paints a diagonal gradient with large overlapping translucent
// discs, one ring and a horizon band.
func drawDiscs(c *canvas, p palette, rng *rand.Rand) {
	w, h := float64(c.w), float64(c.h)
	m := math.Min(w, h)
	c.gradient(p.top, p.bottom, math.Pi/4+rng.Float64()*math.Pi/2)

	y0 := h * (0.62 + 0.12*rng.Float64())
	c.rect(0, y0, w, y0+h*(0.05+0.06*rng.Float64()), p.accents[1].mix(p.bottom, 0.4), 0.45)

	n := 4 + rng.IntN(3)
	for i := range n {
		cx, cy := w*(0.1+0.8*rng.Float64()), h*(0.15+0.7*rng.Float64())
		r := m * (0.14 + 0.30*rng.Float64())
		col := p.accents[i%3]
		alpha := 0.55 + 0.3*rng.Float64()
		if i == n-1 {
			c.ring(cx, cy, r, m*0.018, col.mix(white, 0.3), 0.9)
			continue
		}
		c.disc(cx, cy, r, col, alpha)
	}
}

// drawBands paints tilted colour bands in the manner of a travel poster, with
// a large sun and a small moon.
func drawBands(c *canvas, p palette, rng *rand.Rand) {
	w, h := float64(c.w), float64(c.h)
	m := math.Min(w, h)
	c.gradient(p.top, p.top.mix(p.bottom, 0.5), math.Pi/2)

	cx, cy := w*(0.25+0.5*rng.Float64()), h*(0.25+0.2*rng.Float64())
	c.disc(cx, cy, m*(0.2+0.12*rng.Float64()), p.accents[2].mix(white, 0.2), 0.95)
	c.disc(w*(0.1+0.8*rng.Float64()), h*(0.12+0.15*rng.Float64()), m*0.04, white.mix(p.top, 0.2), 0.8)

	angle := (rng.Float64() - 0.5) * 0.4 // radians, about ±11°
	nx, ny := -math.Sin(angle), math.Cos(angle)
	cols := []rgb{p.bottom, p.accents[0], p.accents[1], p.bottom.mix(p.accents[0], 0.5), p.accents[1].mix(black, 0.3)}
	k := 4 + rng.IntN(3)
	start := h * (0.45 + 0.1*rng.Float64())
	step := (h*1.1 - start) / float64(k)
	for i := range k {
		a := start + step*float64(i) + step*0.3*(rng.Float64()-0.5)
		col := cols[(i+rng.IntN(2))%len(cols)].mix(black, 0.08*float64(i))
		c.paint(0, 0, c.w, c.h, func(x, y float64) (rgb, float64) {
			d := (x-w/2)*nx + (y-h/2)*ny + h/2
			return col, clamp01(d - a + 0.5)
		})
	}
}

// Colour arithmetic, in sRGB components scaled to 0..1.

type rgb struct{ r, g, b float64 }

// white and black are never modified.
var (
	white = rgb{1, 1, 1}
	black = rgb{0, 0, 0}
)

func hex(v uint32) rgb {
	return rgb{float64(v>>16&0xff) / 255, float64(v>>8&0xff) / 255, float64(v&0xff) / 255}
}

func (c rgb) mix(d rgb, t float64) rgb {
	return rgb{c.r + (d.r-c.r)*t, c.g + (d.g-c.g)*t, c.b + (d.b-c.b)*t}
}

func (c rgb) luma() float64 { return 0.299*c.r + 0.587*c.g + 0.114*c.b }

type palette struct {
	top, bottom rgb
	accents     [3]rgb
}

func palettes() []palette {
	mk := func(top, bottom, a, b, c uint32) palette {
		return palette{top: hex(top), bottom: hex(bottom), accents: [3]rgb{hex(a), hex(b), hex(c)}}
	}
	return []palette{
		mk(0x1f3a5f, 0xf2c6a0, 0xe07a5f, 0x3d405b, 0xf4d35e), // dusk
		mk(0x0b3c49, 0xcfe8ef, 0x5b8e7d, 0x1b4965, 0xf4a259), // harbour
		mk(0xf3e9d2, 0xe9c46a, 0x2a9d8f, 0x264653, 0xe76f51), // ochre
		mk(0x283618, 0xdda15e, 0x606c38, 0x1e2a12, 0xfefae0), // paddock
		mk(0xfaf3e0, 0xead7c3, 0x457b9d, 0x1d3557, 0xe63946), // newsprint
		mk(0x6d2e46, 0xf6d8ae, 0xa26769, 0x3c1f2e, 0xfbe7c6), // terracotta
		mk(0x22333b, 0xa9b4c2, 0x5e6472, 0x0f1a20, 0xeaeaea), // winter
		mk(0x3a506b, 0xf0e6d2, 0x5bc0be, 0x1c2541, 0xffb563), // river
	}
}

// canvas is a floating-point RGB image that shapes are blended onto with
// anti-aliased edges.
type canvas struct {
	w, h int
	pix  []rgb
}

func newCanvas(w, h int) *canvas { return &canvas{w: w, h: h, pix: make([]rgb, w*h)} }

// paint blends the colour returned by f over every pixel in [x0,x1)×[y0,y1),
// weighted by the returned alpha. f receives pixel-centre coordinates.
func (c *canvas) paint(x0, y0, x1, y1 int, f func(x, y float64) (rgb, float64)) {
	x0, y0 = max(x0, 0), max(y0, 0)
	x1, y1 = min(x1, c.w), min(y1, c.h)
	for y := y0; y < y1; y++ {
		row := c.pix[y*c.w : (y+1)*c.w]
		for x := x0; x < x1; x++ {
			col, a := f(float64(x)+0.5, float64(y)+0.5)
			if a <= 0 {
				continue
			}
			row[x] = row[x].mix(col, min(a, 1))
		}
	}
}

// bounds returns the integer pixel box around a circle, with a margin for
// its anti-aliased edge.
func bounds(cx, cy, r float64) (x0, y0, x1, y1 int) {
	return int(cx - r - 2), int(cy - r - 2), int(cx+r) + 3, int(cy+r) + 3
}

func (c *canvas) gradient(from, to rgb, angle float64) {
	w, h := float64(c.w), float64(c.h)
	dx, dy := math.Cos(angle), math.Sin(angle)
	span := math.Abs(dx)*w + math.Abs(dy)*h
	c.paint(0, 0, c.w, c.h, func(x, y float64) (rgb, float64) {
		t := ((x-w/2)*dx+(y-h/2)*dy)/span + 0.5
		return from.mix(to, smoothstep(clamp01(t))), 1
	})
}

func (c *canvas) disc(cx, cy, r float64, col rgb, alpha float64) {
	x0, y0, x1, y1 := bounds(cx, cy, r)
	c.paint(x0, y0, x1, y1, func(x, y float64) (rgb, float64) {
		return col, alpha * clamp01(r-math.Hypot(x-cx, y-cy)+0.5)
	})
}

func (c *canvas) ring(cx, cy, r, width float64, col rgb, alpha float64) {
	x0, y0, x1, y1 := bounds(cx, cy, r)
	c.paint(x0, y0, x1, y1, func(x, y float64) (rgb, float64) {
		d := math.Abs(math.Hypot(x-cx, y-cy) - r)
		return col, alpha * clamp01(width/2-d+0.5)
	})
}

// glow is a disc whose opacity falls smoothly to nothing at radius r.
func (c *canvas) glow(cx, cy, r float64, col rgb, alpha float64) {
	x0, y0, x1, y1 := bounds(cx, cy, r)
	c.paint(x0, y0, x1, y1, func(x, y float64) (rgb, float64) {
		return col, alpha * smoothstep(clamp01(1-math.Hypot(x-cx, y-cy)/r))
	})
}

func (c *canvas) ellipse(cx, cy, rx, ry float64, col rgb, alpha float64) {
	x0, y0, x1, y1 := bounds(cx, cy, max(rx, ry))
	c.paint(x0, y0, x1, y1, func(x, y float64) (rgb, float64) {
		d := (math.Hypot((x-cx)/rx, (y-cy)/ry) - 1) * min(rx, ry)
		return col, alpha * clamp01(0.5-d)
	})
}

func (c *canvas) rect(left, top, right, bottom float64, col rgb, alpha float64) {
	c.paint(int(left)-1, int(top)-1, int(right)+2, int(bottom)+2, func(x, y float64) (rgb, float64) {
		cov := clamp01(x-left+0.5) * clamp01(right-x+0.5) * clamp01(y-top+0.5) * clamp01(bottom-y+0.5)
		return col, alpha * cov
	})
}

// vignette darkens the corners slightly, as a printed photograph would be.
func (c *canvas) vignette(strength float64) {
	w, h := float64(c.w), float64(c.h)
	c.paint(0, 0, c.w, c.h, func(x, y float64) (rgb, float64) {
		dx, dy := (x-w/2)/(w/2), (y-h/2)/(h/2)
		return black, strength * clamp01((dx*dx+dy*dy)/2)
	})
}

func (c *canvas) encode() ([]byte, error) {
	// A 4×4 ordered-dither matrix: dithering by less than one level keeps
	// smooth gradients from banding without adding visible noise.
	bayer4 := [16]float64{0, 8, 2, 10, 12, 4, 14, 6, 3, 11, 1, 9, 15, 7, 13, 5}
	img := image.NewRGBA(image.Rect(0, 0, c.w, c.h))
	for y := range c.h {
		for x := range c.w {
			p := c.pix[y*c.w+x]
			d := (bayer4[(y&3)*4+(x&3)]+0.5)/16 - 0.5
			i := img.PixOffset(x, y)
			img.Pix[i+0] = channel(p.r, d)
			img.Pix[i+1] = channel(p.g, d)
			img.Pix[i+2] = channel(p.b, d)
			img.Pix[i+3] = 0xff
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: jpegQuality}); err != nil {
		return nil, fmt.Errorf("demo: encode jpeg: %w", err)
	}
	return buf.Bytes(), nil
}

func channel(v, dither float64) uint8 {
	return uint8(math.Round(min(max(v*255+dither, 0), 255)))
}

func clamp01(v float64) float64 { return min(max(v, 0), 1) }

func smoothstep(t float64) float64 { return t * t * (3 - 2*t) }
