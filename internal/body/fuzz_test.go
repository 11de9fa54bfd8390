package body

import (
	"strings"
	"testing"
)

// Parse never panics, its result is a fixed point (parsing the canonical
// HTML gives the same HTML), and the Markdown form reads back as the same
// blocks.
func FuzzParse(f *testing.F) {
	for _, samples := range kindSamples {
		for _, s := range samples {
			f.Add(s)
		}
	}
	for _, s := range []string{
		"", "text", "<p>a<br>b</p>", "<ul><li>a<p>b</p></li><li><ul><li>c</li></ul></li></ul>", "<blockquote>x<blockquote>y</blockquote></blockquote>",
		"<p><em>a <em>b</em></em> <strong><em>c</em></strong> <a href='javascript:x'>j</a> <a href=' /x '>r</a></p>",
		"<table><tr><td>x</td></tr></table>", `<figure class="gallery"><figure class="image" data-media-id="1"><img src="/a.jpg"></figure></figure>`,
		"<h1>a<br>b</h1><h6>c</h6>", "<pre>a\n\n\n  b</pre>", "<p>*not* _em_ `code` [link](x) ![img](y) &amp;amp; \\</p>",
		"<ol><li></li><li>b</li></ol><ol><li>c</li></ol>", "<div><p>in div</p>loose <b>text</b></div>",
		`<figure class="embed" data-url="http://insecure.example"><a href="http://insecure.example">x</a></figure>`,
		"<p>x<sup> y </sup>z<code>a\nb</code></p>", "<p>1) one\n2) two</p>", "<p>a --- b ... c 'd' \"e\"</p>",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, _ := Parse(s)
		h := d.HTML()
		d2, rep := Parse(h)
		if h2 := d2.HTML(); h2 != h {
			t.Fatalf("not a fixed point:\n in %q\n 1st %q\n 2nd %q", s, h, h2)
		}
		if len(rep.Dropped) > 0 {
			t.Fatalf("canonical HTML %q reported %v", h, rep.Dropped)
		}
		// Markdown names images by id: the library (here, the first use
		// of each id) gives their file and size.
		lk, want := libraryOf(d)
		if want != h {
			t.Logf("images refreshed from the library: %q", want)
		}
		h = want
		md := d.Markdown()
		back, _, err := FromMarkdown(md, lk)
		if err != nil {
			t.Fatal(err)
		}
		if got := back.HTML(); got != h {
			t.Fatalf("Markdown round trip:\n in  %q\n html %q\n md   %q\n got  %q", s, h, md, got)
		}
		if strings.Contains(Sanitize(h), "<script") {
			t.Fatal("script")
		}
	})
}

// libraryOf is a lookup that knows the body's images as they are first
// used in it, articles as testLookup does, and the body's HTML with every
// image as the library has it.
func libraryOf(d Doc) (Lookup, string) {
	lib := map[int64]Media{}
	fix := func(im Image) Image {
		m, ok := lib[im.MediaID]
		if !ok {
			m = Media{ID: im.MediaID, URL: im.Src, Width: im.Width, Height: im.Height}
			lib[im.MediaID] = m
		}
		im.Src, im.Width, im.Height = m.URL, m.Width, m.Height
		if im.Width == 0 || im.Height == 0 {
			im.Width, im.Height = 0, 0
		}
		return im
	}
	out := Doc{Blocks: make([]Block, len(d.Blocks))}
	refs := map[string]Ref{}
	for i, b := range d.Blocks {
		switch b := b.(type) {
		case SeeAlso:
			slug := SlugFromRef(b.URL)
			r, ok := refs[slug]
			if !ok {
				r = Ref{ID: b.ID, URL: b.URL, Headline: b.Headline, Published: true}
				refs[slug] = r
			}
			out.Blocks[i] = SeeAlso{ID: r.ID, URL: r.URL, Headline: r.Headline}
		case Image:
			out.Blocks[i] = fix(b)
		case Gallery:
			g := Gallery{Caption: b.Caption}
			for _, im := range b.Images {
				g.Images = append(g.Images, fix(im))
			}
			out.Blocks[i] = g
		default:
			out.Blocks[i] = b
		}
	}
	lk := testLookup
	lk.RefBySlug = func(slug string) (Ref, bool) { r, ok := refs[slug]; return r, ok }
	lk.Media = func(id int64) (Media, bool) { m, ok := lib[id]; return m, ok }
	return lk, out.HTML()
}
