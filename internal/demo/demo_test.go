package demo

import (
	"bytes"
	"image"
	_ "image/jpeg"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the time zone must load even where the system has no zoneinfo
	"unicode/utf8"
)

var (
	slugRE    = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	seeAlsoRE = regexp.MustCompile(`^See also: /articles/([a-z0-9-]+)$`)
	linkRE    = regexp.MustCompile(`\]\(([^)]*)\)`)
)

// paragraph kinds in an article body
const (
	kindProse = iota
	kindHeading
	kindBlockQuote
	kindPullQuote
	kindSeeAlso
)

type paragraph struct {
	kind int
	text string
}

// parseBody splits a body into paragraphs and classifies them, reporting any
// paragraph that breaks the editor's Markdown conventions.
func parseBody(t *testing.T, slug, body string) []paragraph {
	t.Helper()
	if body != strings.TrimSpace(body) {
		t.Errorf("%s: body has leading or trailing whitespace", slug)
	}
	if strings.Contains(body, "\n\n\n") {
		t.Errorf("%s: body has more than one blank line between paragraphs", slug)
	}
	var out []paragraph
	for _, p := range strings.Split(body, "\n\n") {
		lines := strings.Split(p, "\n")
		for _, l := range lines {
			if l != strings.TrimSpace(l) || l == "" {
				t.Errorf("%s: line %q has stray whitespace or is empty", slug, l)
			}
		}
		switch {
		case strings.HasPrefix(p, "See also:"):
			if !seeAlsoRE.MatchString(p) {
				t.Errorf("%s: malformed see-also paragraph %q", slug, p)
			}
			out = append(out, paragraph{kindSeeAlso, p})
		case strings.HasPrefix(p, ">>"):
			if len(lines) > 2 {
				t.Errorf("%s: pull quote has %d lines, want 1 or 2: %q", slug, len(lines), p)
			}
			for i, l := range lines {
				if !strings.HasPrefix(l, ">> ") {
					t.Errorf("%s: pull quote line %q does not begin with \">> \"", slug, l)
				}
				if i == 1 && !strings.HasPrefix(l, ">> — ") {
					t.Errorf("%s: second pull quote line %q is not an attribution (\">> — Name\")", slug, l)
				}
				if i == 0 && strings.HasPrefix(l, ">> —") {
					t.Errorf("%s: pull quote %q has an attribution but no quote", slug, p)
				}
			}
			out = append(out, paragraph{kindPullQuote, p})
		case strings.HasPrefix(p, ">"):
			for _, l := range lines {
				if !strings.HasPrefix(l, "> ") || strings.HasPrefix(l, ">>") {
					t.Errorf("%s: block quotation line %q does not begin with \"> \"", slug, l)
				}
			}
			out = append(out, paragraph{kindBlockQuote, p})
		case strings.HasPrefix(p, "#"):
			if !strings.HasPrefix(p, "## ") || len(lines) != 1 || strings.HasPrefix(p, "###") {
				t.Errorf("%s: heading %q must be a single \"## \" line", slug, p)
			}
			out = append(out, paragraph{kindHeading, p})
		default:
			if len(lines) != 1 {
				t.Errorf("%s: prose paragraph spans %d lines: %q", slug, len(lines), p)
			}
			if strings.Contains(p, "See also") || strings.Contains(p, "/articles/") {
				t.Errorf("%s: see-also reference inside a prose paragraph: %q", slug, p)
			}
			if strings.Count(p, "**")%2 != 0 {
				t.Errorf("%s: unbalanced ** in %q", slug, p)
			}
			out = append(out, paragraph{kindProse, p})
		}
	}
	return out
}

func TestPublication(t *testing.T) {
	p := Content()
	for name, v := range map[string]string{
		"Name": p.Name, "Tagline": p.Tagline, "Description": p.Description,
		"SupportText": p.SupportText, "PrivacyNotice": p.PrivacyNotice, "PostalAddress": p.PostalAddress,
	} {
		if strings.TrimSpace(v) == "" {
			t.Errorf("publication %s is empty", name)
		}
	}
	if _, err := time.LoadLocation(p.TimeZone); err != nil || p.TimeZone == "" || p.TimeZone == "UTC" {
		t.Errorf("time zone %q is not a usable IANA zone: %v", p.TimeZone, err)
	}
	if p.SupportURL != "" {
		t.Errorf("SupportURL = %q, want none until a support page exists", p.SupportURL)
	}
	if !strings.Contains(p.SupportText, "independent journalism") {
		t.Errorf("SupportText %q does not read as a reader-revenue prompt", p.SupportText)
	}

	// Newsletters refuse to send without a postal address.
	if n := strings.Count(p.PostalAddress, "\n") + 1; n < 2 || n > 8 {
		t.Errorf("postal address %q has %d lines, want 2 to 8", p.PostalAddress, n)
	}

	notice := strings.ToLower(p.PrivacyNotice)
	if n := len(strings.Split(p.PrivacyNotice, "\n\n")); n < 4 {
		t.Errorf("privacy notice has %d paragraphs, want several", n)
	}
	for _, want := range []string{"email", "job sector", "copy", "correct", "delete", "unsubscribe", "tracker", "privacy@example.org"} {
		if !strings.Contains(notice, want) {
			t.Errorf("privacy notice does not mention %q", want)
		}
	}
}

func TestContentIsDeterministicAndFresh(t *testing.T) {
	a, b := Content(), Content()
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two calls to Content returned different data")
	}
	a.Articles[0].Topics = append(a.Articles[0].Topics[:0], "Changed")
	a.Sections[0].Name = "Changed"
	if c := Content(); c.Articles[0].Topics[0] == "Changed" || c.Sections[0].Name == "Changed" {
		t.Fatal("modifying one Content value changed the next one")
	}
}

func TestTaxonomy(t *testing.T) {
	p := Content()
	if len(p.Sections) < 5 {
		t.Errorf("%d sections, want at least 5", len(p.Sections))
	}
	if len(p.Series) < 2 {
		t.Errorf("%d series, want at least 2", len(p.Series))
	}
	if len(p.Authors) < 5 {
		t.Errorf("%d authors, want at least 5", len(p.Authors))
	}

	seen := map[string]bool{}
	check := func(kind, slug, name, desc string) {
		if !slugRE.MatchString(slug) {
			t.Errorf("%s slug %q is not lowercase-hyphenated", kind, slug)
		}
		if seen[kind+"/"+slug] {
			t.Errorf("duplicate %s slug %q", kind, slug)
		}
		seen[kind+"/"+slug] = true
		if name == "" || desc == "" {
			t.Errorf("%s %q has an empty name or description", kind, slug)
		}
	}
	for _, s := range p.Sections {
		check("section", s.Slug, s.Name, s.Description)
	}
	for _, s := range p.Series {
		check("series", s.Slug, s.Name, s.Description)
	}
	for _, a := range p.Authors {
		check("author", a.Slug, a.Name, a.Bio)
		if n := countSentences(a.Bio); n < 1 || n > 3 {
			t.Errorf("author %s bio has %d sentences, want 1-3", a.Slug, n)
		}
		if len(a.Links) > 2 {
			t.Errorf("author %s has %d links, want at most 2", a.Slug, len(a.Links))
		}
		for _, l := range a.Links {
			if !strings.HasPrefix(l, "https://example.org/") {
				t.Errorf("author %s link %q is not an example.org address", a.Slug, l)
			}
		}
	}

	vocab := topicVocabulary()
	if len(vocab) < 15 || len(vocab) > 20 {
		t.Errorf("topic vocabulary has %d entries, want about 15-20", len(vocab))
	}
	if len(slices.Compact(slices.Sorted(slices.Values(vocab)))) != len(vocab) {
		t.Error("topic vocabulary has duplicates")
	}
}

func countSentences(s string) int {
	n := 0
	for i, r := range s {
		if (r == '.' || r == '!' || r == '?') && (i == len(s)-1 || s[i+1] == ' ') {
			n++
		}
	}
	return n
}

func TestArticles(t *testing.T) {
	p := Content()
	if len(p.Articles) < 44 {
		t.Errorf("%d articles, want at least 44", len(p.Articles))
	}

	sections, series, authors := map[string]int{}, map[string]int{}, map[string]int{}
	for _, s := range p.Sections {
		sections[s.Slug] = 0
	}
	for _, s := range p.Series {
		series[s.Slug] = 0
	}
	for _, a := range p.Authors {
		authors[a.Slug] = 0
	}
	vocab := map[string]int{}
	for _, v := range topicVocabulary() {
		vocab[v] = 0
	}

	slugs := map[string]bool{}
	for _, a := range p.Articles {
		if slugs[a.Slug] {
			t.Errorf("duplicate article slug %q", a.Slug)
		}
		slugs[a.Slug] = true
	}

	var noTopics, corrections, withPullQuote, withSeeAlso int
	when := map[[2]int]string{}
	for _, a := range p.Articles {
		if !slugRE.MatchString(a.Slug) {
			t.Errorf("article slug %q is not lowercase-hyphenated", a.Slug)
		}
		if a.Headline == "" || utf8.RuneCountInString(a.Headline) >= 100 {
			t.Errorf("%s: headline %q is empty or 100 characters or more", a.Slug, a.Headline)
		}
		if strings.TrimSpace(a.Standfirst) == "" {
			t.Errorf("%s: empty standfirst", a.Slug)
		}
		if len(a.ImageAlt) < 25 || a.ImageCaption == "" || a.ImageCredit == "" || a.ImageAlt == a.ImageCaption {
			t.Errorf("%s: image alt text must be descriptive and caption and credit present", a.Slug)
		}

		if _, ok := sections[a.Section]; !ok {
			t.Errorf("%s: unknown section %q", a.Slug, a.Section)
		}
		sections[a.Section]++
		if a.Series != "" {
			if _, ok := series[a.Series]; !ok {
				t.Errorf("%s: unknown series %q", a.Slug, a.Series)
			}
			series[a.Series]++
		}
		if n := len(a.Authors); n < 1 || n > 2 {
			t.Errorf("%s: %d authors, want 1 or 2", a.Slug, n)
		}
		if len(a.Authors) == 2 && a.Authors[0] == a.Authors[1] {
			t.Errorf("%s: the same author twice", a.Slug)
		}
		for _, au := range a.Authors {
			if _, ok := authors[au]; !ok {
				t.Errorf("%s: unknown author %q", a.Slug, au)
			}
			authors[au]++
		}

		if len(a.Topics) == 0 {
			noTopics++
		}
		if len(a.Topics) > 4 {
			t.Errorf("%s: %d topics, want at most 4", a.Slug, len(a.Topics))
		}
		for i, tp := range a.Topics {
			if _, ok := vocab[tp]; !ok {
				t.Errorf("%s: topic %q is not in the shared vocabulary", a.Slug, tp)
			}
			if slices.Contains(a.Topics[:i], tp) {
				t.Errorf("%s: topic %q listed twice", a.Slug, tp)
			}
			vocab[tp]++
		}

		if a.Correction != "" {
			corrections++
		}
		if a.DaysAgo < 0 || a.DaysAgo > 90 || a.HourOfDay < 0 || a.HourOfDay > 23 {
			t.Errorf("%s: published %d days ago at %d:00, want 0..90 and 0..23", a.Slug, a.DaysAgo, a.HourOfDay)
		}
		k := [2]int{a.DaysAgo, a.HourOfDay}
		if other, ok := when[k]; ok {
			t.Errorf("%s and %s have the same publication time, so their order is unclear", a.Slug, other)
		}
		when[k] = a.Slug

		paras := parseBody(t, a.Slug, a.Body)
		seenPara := map[string]bool{}
		var prose, words, pull, seeAlso int
		for _, para := range paras {
			if seenPara[para.text] {
				t.Errorf("%s: paragraph appears twice: %q", a.Slug, para.text)
			}
			seenPara[para.text] = true
			switch para.kind {
			case kindProse, kindBlockQuote:
				prose++
				words += len(strings.Fields(para.text))
			case kindPullQuote:
				pull++
			case kindSeeAlso:
				seeAlso++
				ref := seeAlsoRE.FindStringSubmatch(para.text)
				if ref != nil && (!slugs[ref[1]] || ref[1] == a.Slug) {
					t.Errorf("%s: see-also refers to %q, which is not another demo article", a.Slug, ref[1])
				}
			}
			for _, m := range linkRE.FindAllStringSubmatch(para.text, -1) {
				if !strings.HasPrefix(m[1], "https://example.org/") {
					t.Errorf("%s: link %q is not an example.org address", a.Slug, m[1])
				}
			}
		}
		if prose < 4 || prose > 9 {
			t.Errorf("%s: %d paragraphs, want 4-9", a.Slug, prose)
		}
		if words < 250 || words > 700 {
			t.Errorf("%s: %d words, want 250-700", a.Slug, words)
		}
		if seeAlso > 2 {
			t.Errorf("%s: %d see-also references, want at most 2", a.Slug, seeAlso)
		}
		if pull > 0 {
			withPullQuote++
		}
		if seeAlso > 0 {
			withSeeAlso++
		}
	}

	if noTopics != 1 {
		t.Errorf("%d articles have no topics, want exactly 1", noTopics)
	}
	if corrections != 1 {
		t.Errorf("%d articles have a correction, want exactly 1", corrections)
	}
	if withPullQuote < 8 {
		t.Errorf("%d articles have a pull quote, want at least 8", withPullQuote)
	}
	if withSeeAlso < 12 {
		t.Errorf("%d articles have see-also references, want at least 12", withSeeAlso)
	}
	for s, n := range sections {
		if n < 3 {
			t.Errorf("section %s has %d articles, want at least 3", s, n)
		}
	}
	for s, n := range series {
		if n < 2 {
			t.Errorf("series %s has %d articles, want at least 2", s, n)
		}
	}
	if n := series["the-long-table"]; n < 8 {
		t.Errorf("the column series has %d articles, want about 10", n)
	}
	for a, n := range authors {
		if n == 0 {
			t.Errorf("author %s has no articles", a)
		}
	}
	for tp, n := range vocab {
		if n == 0 {
			t.Errorf("topic %q is used by no article", tp)
		}
	}

	days := map[int]bool{}
	for k := range when {
		days[k[0]] = true
	}
	if !days[0] || !days[90] || len(days) < len(p.Articles)*3/4 {
		t.Errorf("publication days are not spread over 0..90: %d distinct days for %d articles", len(days), len(p.Articles))
	}
}

func TestLeadImage(t *testing.T) {
	p := Content()
	var first []byte
	for i, a := range p.Articles {
		if i%4 != 0 { // a sample keeps the test quick and still covers every style
			continue
		}
		b, err := LeadImage(a.Slug, 1200, 675)
		if err != nil {
			t.Fatalf("LeadImage(%q): %v", a.Slug, err)
		}
		img := decode(t, b, 1200, 675)
		if len(b) > 250_000 {
			t.Errorf("LeadImage(%q) is %d bytes, want a small file", a.Slug, len(b))
		}
		checkComposition(t, a.Slug, img)
		again, _ := LeadImage(a.Slug, 1200, 675)
		if !bytes.Equal(b, again) {
			t.Errorf("LeadImage(%q) is not deterministic", a.Slug)
		}
		if i == 0 {
			first = b
		} else if bytes.Equal(b, first) {
			t.Errorf("LeadImage(%q) is identical to the first article's image", a.Slug)
		}
	}

	b, err := LeadImage("any-slug", 320, 180)
	if err != nil {
		t.Fatal(err)
	}
	decode(t, b, 320, 180)

	for _, size := range [][2]int{{0, 675}, {1200, 0}, {-1, 10}, {5000, 100}} {
		if _, err := LeadImage("x", size[0], size[1]); err == nil {
			t.Errorf("LeadImage(%dx%d) succeeded, want an error", size[0], size[1])
		}
	}
}

func TestAuthorPhoto(t *testing.T) {
	photos := map[string]bool{}
	for _, a := range Content().Authors {
		b, err := AuthorPhoto(a.Slug)
		if err != nil {
			t.Fatalf("AuthorPhoto(%q): %v", a.Slug, err)
		}
		img := decode(t, b, 400, 400)
		checkComposition(t, a.Slug, img)
		again, _ := AuthorPhoto(a.Slug)
		if !bytes.Equal(b, again) {
			t.Errorf("AuthorPhoto(%q) is not deterministic", a.Slug)
		}
		photos[string(b)] = true
	}
	if len(photos) != len(Content().Authors) {
		t.Error("two authors share the same photo")
	}
}

func decode(t *testing.T, b []byte, w, h int) image.Image {
	t.Helper()
	img, format, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	if format != "jpeg" {
		t.Errorf("format %q, want jpeg", format)
	}
	if got := img.Bounds().Size(); got.X != w || got.Y != h {
		t.Errorf("size %v, want %dx%d", got, w, h)
	}
	return img
}

// checkComposition asserts that an image looks like an illustration: it has
// real contrast (not a flat fill) and neighbouring pixels are mostly alike
// (not noise).
func checkComposition(t *testing.T, name string, img image.Image) {
	t.Helper()
	b := img.Bounds()
	lum := func(x, y int) float64 {
		r, g, bl, _ := img.At(x, y).RGBA()
		return (0.299*float64(r) + 0.587*float64(g) + 0.114*float64(bl)) / 65535
	}
	lo, hi, diff, n := 1.0, 0.0, 0.0, 0
	for y := b.Min.Y; y < b.Max.Y-1; y += 3 {
		for x := b.Min.X; x < b.Max.X-1; x += 3 {
			v := lum(x, y)
			lo, hi = min(lo, v), max(hi, v)
			diff += abs(v-lum(x+1, y)) + abs(v-lum(x, y+1))
			n += 2
		}
	}
	if hi-lo < 0.2 {
		t.Errorf("%s: image is nearly flat (luminance range %.2f)", name, hi-lo)
	}
	if mean := diff / float64(n); mean > 0.02 {
		t.Errorf("%s: image looks like noise (mean neighbour difference %.3f)", name, mean)
	}
}

func abs(v float64) float64 { return max(v, -v) }
