package body

import (
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Image is an image of the media library:
//
//	<figure class="image" data-media-id="12"><img src="/media/2026/11/abc.jpg" alt="Alt text" width="1200" height="800"><figcaption><span class="caption">Caption</span> <span class="credit">Credit</span></figcaption></figure>
//
// with an optional data-focus="0.50,0.30" and data-crop="16x9" (see
// crop.go). Markdown, one paragraph:
//
//	![Alt text](media:12 "Caption")
//	Credit: Credit
//	Crop: 16:9
//	Focus: 0.50,0.30
type Image struct {
	MediaID         int64
	Src, Alt        string
	Width, Height   int
	Caption, Credit string
	Focus           string // "x,y" in 0..1 with two decimals, or ""
	Crop            string // one of CropRatios, or "" for the whole picture
}

var imageKind = &Kind{Name: "image",
	match: func(n *html.Node) bool { return n.DataAtom == atom.Figure && hasClass(n, "image") },
	parse: func(n *html.Node, r *Report) (Block, bool) { return parseImage(n, r) },
}

func parseImage(n *html.Node, r *Report) (Image, bool) {
	img := findElement(n, atom.Img)
	id, err := strconv.ParseInt(attr(n, "data-media-id"), 10, 64)
	if img == nil || err != nil || id <= 0 {
		src := ""
		if img != nil {
			src = attr(img, "src")
		}
		r.drop(strings.TrimSpace("the image " + src + " (not from the media library)"))
		return Image{}, false
	}
	im := Image{MediaID: id, Alt: plain(attr(img, "alt"))}
	im.Src, _ = cleanHref(attr(img, "src"))
	im.Width, _ = strconv.Atoi(attr(img, "width"))
	im.Height, _ = strconv.Atoi(attr(img, "height"))
	im.Width, im.Height = max(im.Width, 0), max(im.Height, 0)
	im.Focus = cleanFocus(attr(n, "data-focus"))
	im.Crop = CleanCrop(attr(n, "data-crop"))
	if fc := childElement(n, atom.Figcaption); fc != nil {
		for c := fc.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case c.Type == html.ElementNode && hasClass(c, "credit"):
				im.Credit = plain(textContent(c))
			case c.Type == html.ElementNode && hasClass(c, "caption"):
				im.Caption = plain(textContent(c))
			case c.Type == html.TextNode && strings.TrimSpace(c.Data) != "" && im.Caption == "":
				im.Caption = plain(c.Data) // a caption without its span
			}
		}
	}
	return im, true
}

// plain is text with its white space collapsed.
func plain(s string) string { return strings.Join(strings.Fields(s), " ") }

func childElement(n *html.Node, a atom.Atom) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.DataAtom == a {
			return c
		}
	}
	return nil
}

// cleanFocus reads "x,y" with both in 0..1; anything else is "".
func cleanFocus(s string) string {
	xs, ys, ok := strings.Cut(s, ",")
	if !ok {
		return ""
	}
	x, err1 := strconv.ParseFloat(strings.TrimSpace(xs), 64)
	y, err2 := strconv.ParseFloat(strings.TrimSpace(ys), 64)
	if err1 != nil || err2 != nil || x < 0 || x > 1 || y < 0 || y > 1 {
		return ""
	}
	return fmt.Sprintf("%.2f,%.2f", x, y)
}

func (Image) Kind() string { return "image" }

// ImageFor is the block for a media item as it is now.
func ImageFor(m Media, alt, caption, credit string) Image {
	return Image{MediaID: m.ID, Src: m.URL, Width: m.Width, Height: m.Height, Alt: plain(alt), Caption: plain(caption), Credit: plain(credit)}
}

func (im Image) appendHTML(b *strings.Builder) {
	b.WriteString(`<figure class="image" data-media-id="`)
	b.WriteString(strconv.FormatInt(im.MediaID, 10))
	if im.Focus != "" {
		b.WriteString(`" data-focus="` + im.Focus)
	}
	if im.Crop != "" {
		b.WriteString(`" data-crop="` + im.Crop)
	}
	b.WriteString(`"><img src="`)
	b.WriteString(escape(im.Src))
	b.WriteString(`" alt="`)
	b.WriteString(escape(im.Alt))
	if im.Width > 0 && im.Height > 0 {
		fmt.Fprintf(b, `" width="%d" height="%d`, im.Width, im.Height)
	}
	b.WriteString(`">`)
	im.caption(b)
	b.WriteString("</figure>")
}

func (im Image) caption(b *strings.Builder) {
	if im.Caption == "" && im.Credit == "" {
		return
	}
	b.WriteString("<figcaption>")
	if im.Caption != "" {
		b.WriteString(`<span class="caption">` + escape(im.Caption) + `</span>`)
	}
	if im.Caption != "" && im.Credit != "" {
		b.WriteByte(' ')
	}
	if im.Credit != "" {
		b.WriteString(`<span class="credit">` + escape(im.Credit) + `</span>`)
	}
	b.WriteString("</figcaption>")
}

func (im Image) appendMarkdown(b *strings.Builder) {
	b.WriteString("![" + mdText(im.Alt) + "](media:" + strconv.FormatInt(im.MediaID, 10))
	if im.Caption != "" {
		b.WriteString(` "` + mdText(im.Caption) + `"`)
	}
	b.WriteString(")")
	if im.Credit != "" {
		b.WriteString("\nCredit: " + mdText(im.Credit))
	}
	if im.Crop != "" {
		b.WriteString("\nCrop: " + CropLabel(im.Crop))
	}
	if im.Focus != "" {
		b.WriteString("\nFocus: " + im.Focus)
	}
}

func (im Image) appendText(b *strings.Builder) {
	b.WriteString(im.Caption + " " + im.Credit + " " + im.Alt)
}

// EmailWidth is the width of a newsletter's column, in pixels.
const EmailWidth = 536

func (im Image) render(b *strings.Builder, rc *renderState) {
	m, ok := rc.lookup.media(im.MediaID)
	if !ok {
		m = Media{ID: im.MediaID, URL: im.Src, Width: im.Width, Height: im.Height}
	}
	m = im.cropped(m)
	fmt.Fprintf(b, `<figure class="image" data-media-id="%d">`, im.MediaID)
	if rc.target == Site {
		writePicture(b, m, im.Alt, rc)
	} else {
		if rc.target == Email {
			m = emailFile(m)
		}
		b.WriteString(`<img src="` + escape(absolute(rc.base, m.URL)) + `" alt="` + escape(im.Alt) + `"`)
		w, h := m.Width, m.Height
		if rc.target == Email && w > EmailWidth {
			// Some mail programs ignore max-width: the attribute fits the column.
			w, h = EmailWidth, h*EmailWidth/w
		}
		if w > 0 && h > 0 {
			fmt.Fprintf(b, ` width="%d" height="%d"`, w, h)
		}
		b.WriteString(">")
	}
	im.caption(b)
	b.WriteString("</figure>")
}

// emailFile is the file of m a newsletter shows: the narrowest file in
// m's own type that still fills the column (m's own file, or one of its
// variants: a crop's type is JPEG or PNG, which every mail program reads,
// unlike WebP and AVIF); m itself when it is narrower than the column.
func emailFile(m Media) Media {
	best := Variant{URL: m.URL, Width: m.Width}
	for _, v := range m.Variants {
		if v.Mime == m.Mime && v.Width >= EmailWidth && v.Width < best.Width {
			best = v
		}
	}
	if best.URL == m.URL || m.Width <= 0 {
		return m
	}
	return Media{ID: m.ID, URL: best.URL, Width: best.Width, Height: m.Height * best.Width / m.Width, Mime: m.Mime}
}
