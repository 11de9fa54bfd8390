package body

import "strings"

// Per-use crops (decision 0048): an image block may show its image cut to
// a ratio, placed around a focal point, with data-crop="16x9" beside
// data-focus="x,y" on its figure; Markdown writes "Crop: 16:9". Without
// data-crop the whole picture is shown, as before.

// CropRatios are the crops a use of an image may choose, as stored.
var CropRatios = []string{"16x9", "4x3", "3x2", "1x1", "4x5"}

// CleanCrop reads a ratio written "16x9", "16:9" or "16 x 9"; anything
// not in CropRatios is "".
func CleanCrop(s string) string {
	s = strings.ToLower(strings.Join(strings.Fields(s), ""))
	s = strings.ReplaceAll(s, ":", "x")
	for _, r := range CropRatios {
		if s == r {
			return r
		}
	}
	return ""
}

// CleanFocus reads a focal point "x,y" with both in 0..1 and writes it
// with two decimals; anything else is "".
func CleanFocus(s string) string { return cleanFocus(s) }

// CropLabel is a ratio as people write it: "16:9".
func CropLabel(ratio string) string { return strings.Replace(ratio, "x", ":", 1) }

// CropKey names a per-use crop of an image: its ratio and the focal point
// that places it, "16x9@0.50,0.30". Files and records of crops are keyed
// by it, so uses that choose the same crop of an image share its files.
func CropKey(ratio, focus string) string { return ratio + "@" + focus }

// cropped is the media m as the crop of this block, when the crop is
// chosen and its files exist; else m itself (the whole picture).
func (im Image) cropped(m Media) Media {
	if im.Crop == "" {
		return m
	}
	focus := im.Focus
	if focus == "" {
		focus = m.Focus
	}
	if c, ok := m.Crops[CropKey(im.Crop, focus)]; ok {
		return c
	}
	return m
}
