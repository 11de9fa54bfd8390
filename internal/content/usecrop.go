package content

import (
	"context"
	"fmt"
	"strings"

	"masthead/internal/apperr"
	"masthead/internal/body"
)

// Per-use crops (decision 0048): the lead image of an article, and each
// image block or gallery item of its body, may show its image cut to a
// ratio (Article.LeadCrop, data-crop) around a focal point of its own
// (Article.LeadFocus, data-focus) or the image's. The media package makes
// the crops' files off the request path; until they exist, pages show the
// whole picture.

// CropUse is one crop an article needs of an image.
type CropUse struct {
	ImageID int64
	Ratio   string // one of body.CropRatios
	Focus   string // "x,y", or "" for the image's own focal point
}

// ImageFocus is an image's own focal point as a use writes it, "0.50,0.50".
func ImageFocus(m Image) string { return fmt.Sprintf("%.2f,%.2f", m.FocusX, m.FocusY) }

// CropKey is the key of the crop of m at ratio around focus (the image's
// own focal point when focus is ""), as its files are recorded.
func CropKey(m Image, ratio, focus string) string {
	if focus == "" {
		focus = ImageFocus(m)
	}
	return body.CropKey(ratio, focus)
}

// Cropped is m as its crop at ratio around focus, when that crop's files
// exist: the widest file of the original's type (PNG for a GIF) as the
// image itself, its size, and all the crop's files as its variants, so
// that a page draws it as it draws any image. ok is false (and m is
// returned whole) when no crop is asked for or it is not made yet.
func (m Image) Cropped(ratio, focus string) (Image, bool) {
	if ratio == "" || len(m.UseCrops) == 0 {
		return m, false
	}
	key := CropKey(m, ratio, focus)
	fallback := m.Mime
	if fallback != "image/jpeg" {
		fallback = "image/png"
	}
	c := Image{ID: m.ID, Name: m.Name, Alt: m.Alt, Caption: m.Caption, Credit: m.Credit, FocusX: m.FocusX, FocusY: m.FocusY, Mime: fallback}
	for _, v := range m.UseCrops {
		if v.Crop != key {
			continue
		}
		c.Variants = append(c.Variants, v)
		if v.Mime == fallback && v.Width > c.Width {
			c.Path, c.Width, c.Height = v.Path, v.Width, v.Height
		}
	}
	if c.Path == "" {
		return m, false
	}
	return c, true
}

// LeadImageShown is the article's lead image as its use shows it: the
// chosen crop when made, else the whole picture; nil without one.
func (v ArticleView) LeadImageShown() *Image {
	if v.LeadImage == nil {
		return nil
	}
	if c, ok := v.LeadImage.Cropped(v.LeadCrop, v.LeadFocus); ok {
		return &c
	}
	return v.LeadImage
}

// StructuredCropRatios are the ratios of an article's structured data
// images (media.CropRatios), made around the lead image's focal point of
// the article when it has one.
var StructuredCropRatios = []string{"16x9", "4x3", "1x1"}

// CropUses lists the crops a's lead image and body ask for, each once.
func CropUses(a Article) []CropUse {
	var out []CropUse
	add := func(u CropUse) {
		for _, o := range out {
			if o == u {
				return
			}
		}
		out = append(out, u)
	}
	if a.LeadImageID != 0 && a.LeadCrop != "" {
		add(CropUse{ImageID: a.LeadImageID, Ratio: a.LeadCrop, Focus: a.LeadFocus})
	}
	if a.LeadImageID != 0 && a.LeadFocus != "" {
		// Search engines' ratios around the article's own focal point,
		// for its structured data and social previews.
		for _, r := range StructuredCropRatios {
			add(CropUse{ImageID: a.LeadImageID, Ratio: r, Focus: a.LeadFocus})
		}
	}
	if !strings.Contains(a.Body, "data-crop=") {
		return out
	}
	d, _ := body.Parse(a.Body)
	for _, b := range d.Blocks {
		images := []body.Image{}
		switch b := b.(type) {
		case body.Image:
			images = append(images, b)
		case body.Gallery:
			images = b.Images
		}
		for _, im := range images {
			if im.Crop != "" {
				add(CropUse{ImageID: im.MediaID, Ratio: im.Crop, Focus: im.Focus})
			}
		}
	}
	return out
}

// applyLeadCrop checks and keeps the lead image's crop and focal point of
// the form: a ratio of body.CropRatios or none, and "x,y" from 0 to 1 or
// nothing. Without a lead image both are cleared.
func applyLeadCrop(a *Article, in ArticleInput, bad apperr.Fields) {
	crop, focus := strings.TrimSpace(in.LeadCrop), strings.TrimSpace(in.LeadFocus)
	a.LeadCrop, a.LeadFocus = body.CleanCrop(crop), body.CleanFocus(focus)
	if crop != "" && a.LeadCrop == "" {
		bad.Add("lead_crop", "Choose the crop from the list: the original, "+strings.Join(cropLabels(), ", ")+".")
	}
	if focus != "" && a.LeadFocus == "" {
		bad.Add("lead_focus", "The focal point is two numbers from 0 to 1: across (0 left, 1 right) and down (0 top, 1 bottom).")
	}
	if in.LeadImageID == 0 {
		a.LeadCrop, a.LeadFocus = "", ""
	}
}

func cropLabels() []string {
	out := make([]string, len(body.CropRatios))
	for i, r := range body.CropRatios {
		out[i] = body.CropLabel(r)
	}
	return out
}

// OnCrops sets what is called after an article or a pending version of
// it is saved, with the article as saved, so that the crops it uses are
// made (media.Library.QueueUseCrops).
func (s *Service) OnCrops(f func(ctx context.Context, a Article)) { s.crops = f }

// needCrops asks for the crops a uses, if anyone listens.
func (s *Service) needCrops(ctx context.Context, a Article) {
	if s.crops != nil && (a.LeadCrop != "" || a.LeadFocus != "" || strings.Contains(a.Body, "data-crop=")) {
		s.crops(ctx, a)
	}
}
