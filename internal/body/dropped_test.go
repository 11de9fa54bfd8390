package body

import (
	"slices"
	"testing"
)

// What Parse leaves out is placed in the top-level block it was in, so a
// check can point at it; an element dropped whole between blocks, or with
// its block, has no block (-1).
func TestDroppedIsPlacedInItsBlock(t *testing.T) {
	for _, tc := range []struct {
		in      string
		dropped []string
		blocks  []int
	}{
		{`<h2>A</h2><p>x <u>y</u></p><table><tr><td>t</td></tr></table><p>z <img src="/a.png"></p>`,
			[]string{"HTML tags (<u>)", "a table (editors can use an HTML block)", "the image /a.png"}, []int{1, -1, 2}},
		{`<p>a</p><div><p>b</p><p>c <u>d</u></p></div>`, []string{"HTML tags (<u>)"}, []int{1}},
		{`loose <span>text <u>u</u></span><p>then</p>`, []string{"HTML tags (<u>)"}, []int{0}},
		{`<p>a</p><u>whole</u>`, []string{"HTML tags (<u>)"}, []int{-1}},
		{`<p>a</p><p><img src="/only.png"></p><p>b</p>`, []string{"the image /only.png"}, []int{-1}},
	} {
		d, r := Parse(tc.in)
		if !slices.Equal(r.Dropped, tc.dropped) || !slices.Equal(r.DroppedIn, tc.blocks) {
			t.Errorf("Parse(%q): dropped %q in %v, want %q in %v (%d blocks)", tc.in, r.Dropped, r.DroppedIn, tc.dropped, tc.blocks, len(d.Blocks))
		}
	}
	_, r, err := FromMarkdown("Text.\n\n![Chart](/chart.png)\n\nMore <u>text</u>.", Lookup{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Dropped) != len(r.DroppedIn) || len(r.DroppedIn) == 0 || r.DroppedIn[len(r.DroppedIn)-1] != 1 {
		t.Errorf("Markdown: dropped %q in %v; want the HTML in block 1", r.Dropped, r.DroppedIn)
	}
}
