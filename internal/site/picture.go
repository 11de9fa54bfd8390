package site

import (
	"html"
	"html/template"
	"strconv"
	"strings"

	"masthead/internal/content"
)

// Sizes of the site's pictures, for the browser to choose a width before
// layout: the page is at most about 72rem wide.
const (
	sizesLead = "(min-width: 72rem) 72rem, 100vw"
	sizesCard = "(min-width: 48rem) 24rem, 100vw"
	sizesHome = "(min-width: 48rem) 44rem, 100vw"
)

// Srcset is the srcset of img's variants of type mime, narrowest first,
// plus the original itself when it is of that type and wider than them all
// (or there are none); "" when there is nothing of that type.
func Srcset(img *content.Image, mime string) string {
	var b strings.Builder
	widest := 0
	for _, v := range img.Variants {
		if v.Mime != mime {
			continue
		}
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		b.WriteString(v.URL() + " " + strconv.Itoa(v.Width) + "w")
		widest = max(widest, v.Width)
	}
	if img.Mime == mime && img.Width > widest && b.Len() > 0 {
		b.WriteString(", " + img.URL() + " " + strconv.Itoa(img.Width) + "w")
	}
	return b.String()
}

// fallbackMime is the type of the variants an <img> lists: the original's,
// PNG for a GIF.
func fallbackMime(img *content.Image) string {
	if img.Mime == "image/gif" {
		return "image/png"
	}
	return img.Mime
}

// Picture renders img for reader pages (decision 0036): a <picture> with
// AVIF and WebP <source>s and the original format as the <img>, each with
// srcset and sizes, so that a browser fetches the type it reads at the
// width it needs. Before its variants exist it is the plain <img> with the
// original. class, when not empty, is the img's class; extra is written
// inside the <img> tag as it is (loading, fetchpriority: constants).
func Picture(img *content.Image, alt, sizes, class, extra string) template.HTML {
	if img == nil {
		return ""
	}
	var b strings.Builder
	q := html.EscapeString
	hasVariants := len(img.Variants) > 0
	if hasVariants {
		b.WriteString("<picture>")
		for _, mime := range []string{"image/avif", "image/webp"} {
			if set := Srcset(img, mime); set != "" {
				b.WriteString(`<source type="` + mime + `" srcset="` + q(set) + `" sizes="` + q(sizes) + `">`)
			}
		}
	}
	b.WriteString("<img")
	if class != "" {
		b.WriteString(` class="` + q(class) + `"`)
	}
	b.WriteString(` src="` + q(mediaURL(img.Path)) + `"`)
	if set := Srcset(img, fallbackMime(img)); hasVariants && set != "" {
		b.WriteString(` srcset="` + q(set) + `" sizes="` + q(sizes) + `"`)
	}
	b.WriteString(` alt="` + q(alt) + `" width="` + strconv.Itoa(img.Width) + `" height="` + strconv.Itoa(img.Height) + `"`)
	if extra != "" {
		b.WriteString(" " + extra)
	}
	b.WriteString(">")
	if hasVariants {
		b.WriteString("</picture>")
	}
	return template.HTML(b.String())
}
