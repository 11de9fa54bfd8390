package feed_test

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"masthead/internal/feed"
)

// hostile is text an editor might paste: control characters XML 1.0
// forbids, a CDATA end, a script end tag, ampersands, emoji, right-to-left
// text and a byte that is not UTF-8.
const hostile = "Budget \x00\x01\x0b\x1b\u0007vote ]]> </script><script>alert(1)</script> & \"quotes\" 'here' 🗳️ مرحبا \xff\uFFFE end"

// clean is hostile as every format must carry it: the forbidden characters
// and the stray byte gone, everything else kept.
const clean = "Budget vote ]]> </script><script>alert(1)</script> & \"quotes\" 'here' 🗳️ مرحبا  end"

func sampleFeed() *feed.Feed {
	melb, _ := time.LoadLocation("Australia/Melbourne")
	pub := time.Date(2026, 3, 1, 14, 30, 0, 0, time.UTC)
	return &feed.Feed{
		Title: "The Weekly " + hostile, Description: "About " + hostile, Language: "en-AU",
		HomeURL: "https://news.example.org/", SelfURL: "https://news.example.org/feed.xml",
		Publisher: "The Weekly", Updated: pub.Add(time.Hour), Loc: melb,
		Items: []feed.Item{{
			ID: feed.ArticleID("https://news.example.org:8443", 42, pub), URL: "https://news.example.org/articles/budget",
			Title: hostile, Summary: "Standfirst " + hostile,
			HTML:      `<p>Body &amp; <a href="https://news.example.org/articles/x">link</a> ` + hostile + `</p>`,
			Published: pub, Modified: pub.Add(time.Hour),
			Authors:    []feed.Person{{Name: "Clara Bennett", URL: "https://news.example.org/authors/clara"}},
			Categories: []string{"Budget", "Local government"},
			Image:      &feed.Image{URL: "https://news.example.org/media/a.png", Type: "image/png", Length: 1234, Width: 1200, Height: 675, Alt: "The hall"},
		}},
	}
}

func TestFormatsCarryHostileTextThatAParserReadsBack(t *testing.T) {
	for _, tc := range []struct {
		name  string
		write func(*bytes.Buffer, *feed.Feed) error
		typ   string
	}{
		{"rss", func(b *bytes.Buffer, f *feed.Feed) error { return feed.WriteRSS(b, f) }, "rss"},
		{"atom", func(b *bytes.Buffer, f *feed.Feed) error { return feed.WriteAtom(b, f) }, "atom"},
		{"json", func(b *bytes.Buffer, f *feed.Feed) error { return feed.WriteJSON(b, f) }, "json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tc.write(&b, sampleFeed()); err != nil {
				t.Fatal(err)
			}
			if tc.typ != "json" {
				// A strict XML decoder must read it all, too.
				d := xml.NewDecoder(bytes.NewReader(b.Bytes()))
				for {
					if _, err := d.Token(); err != nil {
						if err.Error() != "EOF" {
							t.Fatalf("not well-formed XML: %v\n%s", err, b.String())
						}
						break
					}
				}
			}
			f, err := gofeed.NewParser().ParseString(b.String())
			if err != nil {
				t.Fatalf("gofeed: %v\n%s", err, b.String())
			}
			if f.FeedType != tc.typ {
				t.Errorf("parsed as %q", f.FeedType)
			}
			if f.Title != "The Weekly "+clean {
				t.Errorf("feed title = %q", f.Title)
			}
			if len(f.Items) != 1 {
				t.Fatalf("%d items", len(f.Items))
			}
			it := f.Items[0]
			if it.Title != clean {
				t.Errorf("item title = %q, want %q", it.Title, clean)
			}
			if !strings.Contains(it.Content, clean) || !strings.Contains(it.Content, `<a href="https://news.example.org/articles/x">`) {
				t.Errorf("content = %q", it.Content)
			}
			if it.GUID != "tag:news.example.org,2026-03-01:article:42" {
				t.Errorf("id = %q", it.GUID)
			}
			if it.PublishedParsed == nil || !it.PublishedParsed.Equal(time.Date(2026, 3, 1, 14, 30, 0, 0, time.UTC)) {
				t.Errorf("published = %v", it.PublishedParsed)
			}
			if it.Link != "https://news.example.org/articles/budget" {
				t.Errorf("link = %q", it.Link)
			}
			if len(it.Authors) != 1 || it.Authors[0].Name != "Clara Bennett" {
				t.Errorf("authors = %+v", it.Authors)
			}
			if strings.Join(it.Categories, "|") != "Budget|Local government" {
				t.Errorf("categories = %q", it.Categories)
			}
			// Atom has no image element: the lead image is its enclosure
			// link and media:content, as in RSS.
			if tc.typ == "atom" {
				if m := it.Extensions["media"]["content"]; len(m) != 1 || m[0].Attrs["url"] != "https://news.example.org/media/a.png" || m[0].Attrs["width"] != "1200" {
					t.Errorf("media:content = %+v", m)
				}
			} else if it.Image == nil || it.Image.URL != "https://news.example.org/media/a.png" {
				t.Errorf("image = %+v", it.Image)
			}
			if tc.typ != "json" && (len(it.Enclosures) != 1 || it.Enclosures[0].Length != "1234" || it.Enclosures[0].Type != "image/png") {
				t.Errorf("enclosures = %+v", it.Enclosures)
			}
		})
	}
}

func TestRSSDatesAreInThePublicationsZone(t *testing.T) {
	var b bytes.Buffer
	if err := feed.WriteRSS(&b, sampleFeed()); err != nil {
		t.Fatal(err)
	}
	// 14:30 UTC on 1 March is 01:30 the next day in Melbourne (UTC+11).
	if !strings.Contains(b.String(), "<pubDate>Mon, 02 Mar 2026 01:30:00 +1100</pubDate>") {
		t.Errorf("pubDate not in RFC 822 in the publication's zone:\n%s", b.String())
	}
}

func TestArticleIDSurvivesSlugAndHeadlineChanges(t *testing.T) {
	pub := time.Date(2026, 3, 1, 23, 30, 0, 0, time.FixedZone("x", 11*3600))
	a := feed.ArticleID("https://News.Example.org", 7, pub)
	if a != "tag:news.example.org,2026-03-01:article:7" {
		t.Errorf("id = %q", a)
	}
}

func TestAbsoluteHTML(t *testing.T) {
	got := feed.AbsoluteHTML(`<p><a href="/articles/x">x</a> <a href="other">y</a> <a href="javascript:alert(1)">z</a> <a href="mailto:a@b.org">m</a> &amp; &lt;b&gt;</p><aside class="see-also" data-article-id="3"><a href="/articles/y">Y</a></aside>`,
		"https://news.example.org/articles/here")
	want := `<p><a href="https://news.example.org/articles/x">x</a> <a href="https://news.example.org/articles/other">y</a> <a>z</a> <a href="mailto:a@b.org">m</a> &amp; &lt;b&gt;</p><aside class="see-also" data-article-id="3"><a href="https://news.example.org/articles/y">Y</a></aside>`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
