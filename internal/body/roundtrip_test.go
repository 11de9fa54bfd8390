package body

import (
	"strings"
	"testing"
)

// kindSamples has, for every registered kind, canonical bodies of it.
var kindSamples = map[string][]string{
	"paragraph": {
		`<p>Plain text.</p>`,
		`<p>It&#39;s &#34;quoted&#34; -- and... &lt;&lt;angled&gt;&gt; &amp; 1. # - + = | ~ * _ \ ` + "`" + `</p>`,
		`<p><em>a</em> <strong>b</strong> <del>c</del> <code>d</code> <sup>2</sup> <sub>x</sub> <a href="https://example.org/?a=1&amp;b=2">link</a><br>
next line</p>`,
		`<p>x <em>spaced</em><strong>!bang!</strong><a href="/articles/x">rel</a><a href="mailto:a@example.org">mail</a></p>`,
		`<p>See also: /articles/not-a-block</p>`,
		`<p>Embed: https://example.org</p>`,
		`<p>1. not a list
- nor this
# nor a heading</p>`,
		`<p><code>` + "``" + `</code> <code> a </code> <em><strong>both</strong></em> <em>a <em>b</em></em></p>`,
	},
	"heading": {`<h2>Two</h2>`, `<h3>Three #hash #</h3>`, `<h4><em>Four</em></h4>`},
	"list":    {"<ul>\n<li>a</li>\n<li>b\n<ol>\n<li>c</li>\n</ol>\n</li>\n</ul>", "<ol>\n<li>\n<p>one</p>\n<p>two</p>\n</li>\n<li>\n<p>three</p>\n</li>\n</ol>", "<ul>\n<li>x\n<blockquote>\n<p>q</p>\n</blockquote>\n</li>\n</ul>"},
	"quote":   {"<blockquote>\n<p>a</p>\n<ul>\n<li>b</li>\n</ul>\n</blockquote>", "<blockquote>\n<blockquote>\n<p>not a pull quote</p>\n</blockquote>\n</blockquote>"},
	"pull quote": {
		`<figure class="pullquote"><blockquote><p>Quote, <em>said</em>.</p></blockquote><figcaption>Jo Bloggs</figcaption></figure>`,
		`<figure class="pullquote"><blockquote><p>One.</p>` + "\n" + `<p>Two
— not the name</p></blockquote></figure>`,
	},
	"see-also": {`<aside class="see-also" data-article-id="6"><a href="/articles/target">Headline of target</a></aside>`},
	"image": {
		`<figure class="image" data-media-id="12"><img src="/media/2026/11/img12.jpg" alt="Alt &#34;text&#34;" width="1200" height="800"><figcaption><span class="caption">Caption [x] *y*</span> <span class="credit">Credit: Jo</span></figcaption></figure>`,
		`<figure class="image" data-media-id="3" data-focus="0.50,0.30"><img src="/media/2026/11/img3.jpg" alt="" width="1200" height="800"></figure>`,
		`<figure class="image" data-media-id="4"><img src="/media/2026/11/img4.jpg" alt="a" width="1200" height="800"><figcaption><span class="credit">Only credit</span></figcaption></figure>`,
		`<figure class="image" data-media-id="5" data-crop="16x9"><img src="/media/2026/11/img5.jpg" alt="Cropped" width="1200" height="800"></figure>`,
		`<figure class="image" data-media-id="6" data-focus="0.25,0.75" data-crop="1x1"><img src="/media/2026/11/img6.jpg" alt="Square" width="1200" height="800"><figcaption><span class="caption">Cap</span></figcaption></figure>`,
		`<figure class="image" data-media-id="7" data-crop="4x5"><img src="/media/2026/11/img7.jpg" alt="" width="1200" height="800"></figure>`,
	},
	"gallery": {
		`<figure class="gallery"><figure class="image" data-media-id="1"><img src="/media/2026/11/img1.jpg" alt="One" width="1200" height="800"><figcaption><span class="caption">First</span></figcaption></figure><figure class="image" data-media-id="2"><img src="/media/2026/11/img2.jpg" alt="Two" width="1200" height="800"></figure><figcaption>Both</figcaption></figure>`,
		`<figure class="gallery"><figure class="image" data-media-id="1" data-crop="4x3"><img src="/media/2026/11/img1.jpg" alt="One" width="1200" height="800"></figure><figure class="image" data-media-id="2" data-focus="0.10,0.90" data-crop="3x2"><img src="/media/2026/11/img2.jpg" alt="Two" width="1200" height="800"></figure></figure>`,
	},
	"embed": {
		`<figure class="embed" data-provider="youtube" data-url="https://www.youtube.com/watch?v=dQw4w9WgXcQ"><a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">A video</a><figcaption>Caption</figcaption></figure>`,
		`<figure class="embed" data-provider="link" data-url="https://example.org/report.pdf"><a href="https://example.org/report.pdf">https://example.org/report.pdf</a></figure>`,
	},
	"divider": {`<hr>`},
	"code":    {"<pre><code>x := &lt;y&gt;\n\n\nz\n</code></pre>", "<ul>\n<li>a\n<pre><code>b\n\nc\n</code></pre>\n</li>\n</ul>"},
	"html":    {`<div class="raw-html"><table><tbody><tr><td colspan="2">cell</td></tr></tbody></table></div>`},
}

// Every kind: HTML -> blocks -> HTML is the same, and HTML -> blocks ->
// Markdown -> blocks -> HTML too.
func TestEveryKindRoundTrips(t *testing.T) {
	for _, name := range Kinds() {
		samples := kindSamples[name]
		if len(samples) == 0 {
			t.Errorf("no samples of the %s kind", name)
		}
		for _, s := range samples {
			d, rep := Parse(s)
			if got := d.HTML(); got != s {
				t.Errorf("%s: HTML -> blocks -> HTML\n got %s\nwant %s", name, got, s)
			}
			if len(rep.Dropped) > 0 {
				t.Errorf("%s: %s dropped %v", name, s, rep.Dropped)
			}
			if name != "quote" && name != "code" && !strings.Contains(s, "<p>") && d.Blocks[0].Kind() != name {
				t.Errorf("%s: read as a %s", name, d.Blocks[0].Kind())
			}
			md := d.Markdown()
			back, rep, err := FromMarkdown(md, testLookup)
			if err != nil {
				t.Fatal(err)
			}
			if got := back.HTML(); got != s {
				t.Errorf("%s: through Markdown %q\n got %s\nwant %s", name, md, got, s)
			}
			if len(rep.Dropped)+len(rep.Missing) > 0 {
				t.Errorf("%s: Markdown %q: %v %v", name, md, rep.Dropped, rep.Missing)
			}
		}
	}
}
