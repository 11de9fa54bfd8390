package content

import (
	"strings"
	"testing"
)

func TestCountWords(t *testing.T) {
	for _, tc := range []struct {
		text string
		want int
	}{
		{"", 0},
		{"One two three.", 3},
		{"don't state-of-the-art U.S. 2026-03-09", 4},
		{"a — b", 2},
		{"— … ***", 0},
		{"市议会通过预算", 7},
		{"Café «société» 2026", 3},
		{"Tokyo東京 story", 4},
	} {
		if got := CountWords(tc.text); got != tc.want {
			t.Errorf("CountWords(%q) = %d, want %d", tc.text, got, tc.want)
		}
	}
}

// Reading time is at 230 words a minute, rounded up, at least a minute;
// see-also blocks (another article's headline) are not counted.
func TestStatsOf(t *testing.T) {
	words := func(n int) string { return strings.TrimSpace(strings.Repeat("word ", n)) }
	for _, tc := range []struct {
		body           string
		words, minutes int
	}{
		{"", 0, 1},
		{"<p>" + words(230) + "</p>", 230, 1},
		{"<p>" + words(231) + "</p>", 231, 2},
		{"<h2>Two words</h2>\n<p>" + words(459) + "</p>\n<aside class=\"see-also\" data-article-id=\"4\"><a href=\"/articles/x\">Not counted at all</a></aside>", 461, 3},
	} {
		st := StatsOf(Article{Headline: "  Café société ", Body: tc.body})
		if st.Words != tc.words || st.ReadingMinutes != tc.minutes || st.HeadlineChars != 12 {
			t.Errorf("%.40q: %+v, want %d words, %d minutes, 12 characters", tc.body, st, tc.words, tc.minutes)
		}
	}
}

// Every top-level block is one place, in order, whatever it holds: the
// blocks of the registry's Doc, with their text and links.
func TestPlacesOfTheBlocks(t *testing.T) {
	stored := strings.Join([]string{
		`<h2>Head &amp; line</h2>`,
		`<p>One <em>two</em> <a href="/articles/three">three</a>.</p>`,
		`<figure class="pullquote"><blockquote><p>Quote</p></blockquote><figcaption>Name</figcaption></figure>`,
		`<ul><li><p>Item one.</p></li><li><p>Item two.</p></li></ul>`,
		`<aside class="see-also" data-article-id="42"><a href="/articles/other">Other story</a></aside>`,
		`<hr>`,
		`<blockquote><p>Quoted paragraph.</p></blockquote>`,
	}, "\n")
	blocks := placesOf(stored, bodyDoc(stored))
	if len(blocks) != 7 {
		t.Fatalf("%d blocks, want 7", len(blocks))
	}
	for i, want := range []string{"Head & line", "One two three.", "Quote Name", "Item one. Item two.", "Other story", "", "Quoted paragraph."} {
		if blocks[i].text != want {
			t.Errorf("block %d text %q, want %q", i, blocks[i].text, want)
		}
	}
	if l := blocks[1].links; len(l) != 1 || l[0].href != "/articles/three" || l[0].text != "three" {
		t.Errorf("links of block 1: %+v", l)
	}
	if blocks[4].seeAlso != 42 {
		t.Errorf("see-also block: %+v", blocks[4])
	}
	var paras []string
	for _, p := range readerParagraphs(blocks) {
		paras = append(paras, p.Text+"@"+string(rune('0'+p.Block)))
	}
	if got := strings.Join(paras, " | "); got != "One two three.@1 | Item one.@3 | Item two.@3 | Quoted paragraph.@6" {
		t.Errorf("reader paragraphs and their blocks: %s", got)
	}
	if i, text := linkedPlace(blocks, ArticleRef{ID: 42, Slug: "other"}); i != 4 || text != "Other story" {
		t.Errorf("see-also place: %d %q", i, text)
	}
	if i, text := missingPlace(blocks, "/articles/three"); i != 1 || text != "three" {
		t.Errorf("link place: %d %q", i, text)
	}
	if i, _ := missingPlace(blocks, "/articles/nowhere"); i != NoBlock {
		t.Errorf("a target in no block is in block %d", i)
	}
	if got := excerpt(strings.Repeat("é", 250)); got != strings.Repeat("é", 200) {
		t.Errorf("excerpt of 250 characters has %d", len([]rune(got)))
	}
}
