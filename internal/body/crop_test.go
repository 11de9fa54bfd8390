package body

import (
	"strings"
	"testing"
)

// A crop attribute outside the allow-list is dropped, never copied: the
// stored body keeps the image whole and nothing else gets in.
func TestCropAttributeBadValuesAreCleaned(t *testing.T) {
	const img = `<img src="/media/2026/11/img5.jpg" alt="a" width="1200" height="800">`
	for _, bad := range []string{`16x10`, `0x0`, `16x9" onclick="alert(1)`, `"><script>alert(1)</script>`, `16x9;`, ``, `1X1 x`} {
		in := `<figure class="image" data-media-id="5" data-crop="` + strings.ReplaceAll(bad, `"`, "&#34;") + `">` + img + `</figure>`
		d, _ := Parse(in)
		got := d.HTML()
		want := `<figure class="image" data-media-id="5">` + img + `</figure>`
		if got != want {
			t.Errorf("data-crop=%q stored as\n%s\nwant\n%s", bad, got, want)
		}
		if r := d.Render(RenderOptions{Target: Site, Lookup: testLookup}); strings.Contains(r.HTML, "script") || strings.Contains(r.HTML, "onclick") {
			t.Errorf("data-crop=%q rendered %s", bad, r.HTML)
		}
	}
	// The spellings people type are read as the canonical ratio.
	for in, want := range map[string]string{"16:9": "16x9", " 4 : 3 ": "4x3", "1X1": "1x1", "3x2": "3x2", "4:5": "4x5", "9:16": "", "2:1": ""} {
		if got := CleanCrop(in); got != want {
			t.Errorf("CleanCrop(%q) = %q, want %q", in, got, want)
		}
	}
}

// Markdown: "Crop: 16:9" and "Focus: x,y" lines, in either order, give the
// attributes; bad values are dropped and the image stays.
func TestCropMarkdownLines(t *testing.T) {
	for md, want := range map[string]string{
		"![Alt](media:5)\nCrop: 16:9":                    `data-media-id="5" data-crop="16x9">`,
		"![Alt](media:5)\nFocus: 0.2,0.8\nCrop: 1:1":     `data-media-id="5" data-focus="0.20,0.80" data-crop="1x1">`,
		"![Alt](media:5)\nCredit: Jo\nCrop: 4x3":         `data-media-id="5" data-crop="4x3">`,
		"![Alt](media:5)\nCrop: 7:3":                     `data-media-id="5">`,
		"![Alt](media:5)\nCrop: 1:1\nFocus: 2,0.5":       `data-media-id="5" data-crop="1x1">`,
		"![Alt](media:5)\nCrop: <b>16:9</b>":             `data-media-id="5">`,
		"![Alt](media:5)\nCrop: 16:9\nFocus: 0.5,0.5<x>": `data-media-id="5" data-crop="16x9">`,
	} {
		d, _, err := FromMarkdown(md, testLookup)
		if err != nil {
			t.Fatal(err)
		}
		if got := d.HTML(); !strings.Contains(got, want) || strings.Count(got, "<figure") != 1 {
			t.Errorf("%q gave %s, want it to hold %s", md, got, want)
		}
	}
}

// Rendering uses the crop's files once they exist (the image's own focal
// point placing it when the use sets none), and the whole picture before.
func TestRenderUsesTheCropWhenItExists(t *testing.T) {
	crop := Media{ID: 5, URL: "/media/a.c1x1-50-50.w800.jpg", Width: 800, Height: 800, Mime: "image/jpeg",
		Variants: []Variant{{URL: "/media/a.c1x1-50-50.w320.webp", Width: 320, Mime: "image/webp"}, {URL: "/media/a.c1x1-50-50.w320.jpg", Width: 320, Mime: "image/jpeg"}}}
	whole := Media{ID: 5, URL: "/media/a.jpg", Width: 1200, Height: 800, Mime: "image/jpeg", Focus: "0.50,0.50"}
	withCrop := whole
	withCrop.Crops = map[string]Media{"1x1@0.50,0.50": crop}
	in := `<figure class="image" data-media-id="5" data-crop="1x1"><img src="/media/a.jpg" alt="Sq" width="1200" height="800"></figure>`
	d, _ := Parse(in)
	for _, c := range []struct {
		name string
		m    Media
		want []string
	}{
		{"before the crop exists", whole, []string{`src="/media/a.jpg"`, `width="1200" height="800"`}},
		{"after", withCrop, []string{`<source type="image/webp" srcset="/media/a.c1x1-50-50.w320.webp 320w"`, `src="/media/a.c1x1-50-50.w800.jpg"`, `width="800" height="800"`}},
	} {
		lk := Lookup{Media: func(int64) (Media, bool) { return c.m, true }}
		got := d.Render(RenderOptions{Target: Site, Lookup: lk}).HTML
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %s\nlacks %s", c.name, got, w)
			}
		}
		email := d.Render(RenderOptions{Target: Email, Base: "https://example.org", Lookup: lk}).HTML
		if c.m.Crops != nil && !strings.Contains(email, `src="https://example.org/media/a.c1x1-50-50.w800.jpg" alt="Sq" width="536" height="536"`) {
			t.Errorf("email: %s", email)
		}
	}
	// A newsletter takes the crop's narrowest JPEG that fills its column.
	wide := Media{ID: 5, URL: "/media/a.c1x1-50-50.w1600.jpg", Width: 1600, Height: 1600, Mime: "image/jpeg",
		Variants: []Variant{{URL: "/media/a.c1x1-50-50.w320.jpg", Width: 320, Mime: "image/jpeg"}, {URL: "/media/a.c1x1-50-50.w640.webp", Width: 640, Mime: "image/webp"},
			{URL: "/media/a.c1x1-50-50.w640.jpg", Width: 640, Mime: "image/jpeg"}, {URL: "/media/a.c1x1-50-50.w960.jpg", Width: 960, Mime: "image/jpeg"}}}
	withWide := whole
	withWide.Crops = map[string]Media{"1x1@0.50,0.50": wide}
	email := d.Render(RenderOptions{Target: Email, Base: "https://example.org", Lookup: Lookup{Media: func(int64) (Media, bool) { return withWide, true }}}).HTML
	if !strings.Contains(email, `<img src="https://example.org/media/a.c1x1-50-50.w640.jpg" alt="Sq" width="536" height="536">`) {
		t.Errorf("email of a crop with widths: %s", email)
	}
	// Another focal point is another crop, not yet made: the whole picture.
	d, _ = Parse(strings.Replace(in, `data-crop`, `data-focus="0.10,0.10" data-crop`, 1))
	got := d.Render(RenderOptions{Target: Site, Lookup: Lookup{Media: func(int64) (Media, bool) { return withCrop, true }}}).HTML
	if !strings.Contains(got, `src="/media/a.jpg"`) {
		t.Errorf("a crop of another focal point: %s", got)
	}
}
