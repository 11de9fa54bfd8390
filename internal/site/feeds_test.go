package site

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"masthead/internal/content"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// feedKinds are a feed of each kind and the fixture's articles each must
// carry, newest first: only published ones, never a draft, a scheduled or
// an unpublished article (which the fixture files under the same section,
// topic and writer).
var feedKinds = []struct {
	path     string
	title    string
	articles []string
}{
	{"/feed", "The Northbridge Weekly", []string{"river-report", "gallery-reopens", "bus-drivers", "council-budget", "library-hours"}},
	{"/sections/news/feed", "News — The Northbridge Weekly", []string{"river-report", "council-budget", "library-hours"}},
	{"/series/the-long-table/feed", "The Long Table — The Northbridge Weekly", []string{"bus-drivers"}},
	{"/topics/budget/feed", "Budget — The Northbridge Weekly", []string{"council-budget"}},
	{"/authors/clara-bennett/feed", "Clara Bennett — The Northbridge Weekly", []string{"bus-drivers", "council-budget", "library-hours"}},
}

var feedExts = []struct{ ext, typ, mime string }{
	{".xml", "rss", "application/rss+xml; charset=utf-8"},
	{".atom", "atom", "application/atom+xml; charset=utf-8"},
	{".json", "json", "application/feed+json; charset=utf-8"},
}

func parseFeed(t *testing.T, what, s string) *gofeed.Feed {
	t.Helper()
	f, err := gofeed.NewParser().ParseString(s)
	if err != nil {
		t.Fatalf("%s does not parse: %v\n%s", what, err, s)
	}
	return f
}

func TestEveryFeedParsesWithItsPublishedArticles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		for _, k := range feedKinds {
			for _, x := range feedExts {
				path := k.path + x.ext
				w := f.get(t, path)
				if w.Code != http.StatusOK || w.Header().Get("Content-Type") != x.mime {
					t.Errorf("%s: %d %q", path, w.Code, w.Header().Get("Content-Type"))
					continue
				}
				fd := parseFeed(t, path, w.Body.String())
				if fd.FeedType != x.typ || fd.Title != k.title || fd.Language != "en" {
					t.Errorf("%s: a %s feed titled %q in %q", path, fd.FeedType, fd.Title, fd.Language)
				}
				if fd.FeedLink != "https://news.example.org"+path {
					t.Errorf("%s: self link %q", path, fd.FeedLink)
				}
				var got []string
				for _, it := range fd.Items {
					slug, ok := strings.CutPrefix(it.Link, "https://news.example.org/articles/")
					if !ok {
						t.Errorf("%s: item link %q is not an absolute article address", path, it.Link)
					}
					got = append(got, slug)
					if !strings.HasPrefix(it.GUID, "tag:news.example.org,2026-03-0") || !strings.HasSuffix(it.GUID, ":article:"+itoa(f.ids[slug])) {
						t.Errorf("%s: id %q of %s", path, it.GUID, slug)
					}
					if it.PublishedParsed == nil || it.Title == "" || it.Description == "" {
						t.Errorf("%s: item %+v lacks a date, title or summary", path, it)
					}
				}
				if !slices.Equal(got, k.articles) {
					t.Errorf("%s carries %v, want %v", path, got, k.articles)
				}
			}
		}

		// The corrected article with a lead image and a see-also link, in full.
		fd := parseFeed(t, "site RSS", f.get(t, "/feed.xml").Body.String())
		var budget *gofeed.Item
		for _, it := range fd.Items {
			if strings.HasSuffix(it.Link, "/council-budget") {
				budget = it
			}
		}
		if budget == nil {
			t.Fatal("council-budget missing from the site feed")
		}
		contains(t, "full text", budget.Content, "<h2>What changes</h2>", `<a href="https://news.example.org/articles/library-hours">Libraries to open on Sundays from April</a>`,
			"<strong>Correction, 3 March 2026:</strong> An earlier version of this article gave the vote as 8–4.")
		if len(budget.Enclosures) != 1 || budget.Enclosures[0].URL != "https://news.example.org/media/2026/03/harbour.png" ||
			budget.Enclosures[0].Length != "1000" || budget.Enclosures[0].Type != "image/png" {
			t.Errorf("enclosure = %+v", budget.Enclosures)
		}
		if m := budget.Extensions["media"]["content"]; len(m) != 1 || m[0].Attrs["width"] != "1200" {
			t.Errorf("media:content = %+v", m)
		}
		if budget.UpdatedParsed != nil && !budget.UpdatedParsed.After(*budget.PublishedParsed) {
			t.Errorf("updated %v not after published %v", budget.UpdatedParsed, budget.PublishedParsed)
		}
		if dc := budget.Extensions["dc"]["creator"]; len(dc) != 2 || dc[0].Value != "Daniel Okafor" || dc[1].Value != "Clara Bennett" ||
			!slices.Equal(budget.Categories, []string{"News", "Budget", "Local government"}) {
			t.Errorf("dc:creator %+v, categories %v", dc, budget.Categories)
		}
		af := parseFeed(t, "site Atom", f.get(t, "/feed.atom").Body.String())
		if a := af.Items[3].Authors; len(a) != 2 || a[1].Name != "Clara Bennett" {
			t.Errorf("Atom authors = %+v", a)
		}
		jf := parseFeed(t, "site JSON", f.get(t, "/feed.json").Body.String())
		if jf.Items[3].Image == nil || jf.Items[3].Image.URL != "https://news.example.org/media/2026/03/harbour.png" {
			t.Errorf("JSON Feed image = %+v", jf.Items[3].Image)
		}
	})
}

func TestFeedConditionalGetHeadAndRedirects(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		for _, path := range []string{"/feed.xml", "/sections/news/feed.atom", "/authors/daniel-okafor/feed.json"} {
			w := f.get(t, path)
			etag, mod := w.Header().Get("Etag"), w.Header().Get("Last-Modified")
			if w.Code != http.StatusOK || etag == "" || mod == "" {
				t.Fatalf("%s: %d, ETag %q, Last-Modified %q", path, w.Code, etag, mod)
			}
			if w := f.get(t, path, "If-None-Match", etag); w.Code != http.StatusNotModified || w.Body.Len() != 0 {
				t.Errorf("%s with its ETag: %d", path, w.Code)
			}
			if w := f.get(t, path, "If-Modified-Since", mod); w.Code != http.StatusNotModified {
				t.Errorf("%s with its Last-Modified: %d", path, w.Code)
			}
			if w := f.get(t, path, "If-None-Match", `"stale"`); w.Code != http.StatusOK {
				t.Errorf("%s with another ETag: %d", path, w.Code)
			}
			h := f.do(t, http.MethodHead, path)
			if h.Code != http.StatusOK || h.Body.Len() != 0 || h.Header().Get("Etag") != etag {
				t.Errorf("HEAD %s: %d, %d bytes, ETag %q", path, h.Code, h.Body.Len(), h.Header().Get("Etag"))
			}
		}
		for _, path := range []string{"/sections/sport/feed.xml", "/topics/never-was/feed.atom", "/authors/nobody/feed.json", "/series/Bad_Slug/feed.xml", "/sections/news/feed.rdf"} {
			if w := f.get(t, path); w.Code != http.StatusNotFound {
				t.Errorf("%s: %d, want 404", path, w.Code)
			}
		}
		if w := f.get(t, "/feed"); w.Code != http.StatusMovedPermanently || w.Header().Get("Location") != "/feed.xml" {
			t.Errorf("/feed: %d to %q", w.Code, w.Header().Get("Location"))
		}
		// A list's former address sends its feed readers on, as its page does.
		ctx := context.Background()
		if _, err := db.SaveSection(ctx, content.Section{ID: f.ids["culture"], Slug: "arts", Name: "Arts", Position: 2}); err != nil {
			t.Fatal(err)
		}
		f.site.Purge()
		if w := f.get(t, "/sections/culture/feed.atom"); w.Code != http.StatusMovedPermanently || w.Header().Get("Location") != "/sections/arts/feed.atom" {
			t.Errorf("renamed section's feed: %d to %q", w.Code, w.Header().Get("Location"))
		}
		if fd := parseFeed(t, "renamed section", f.get(t, "/sections/arts/feed.atom").Body.String()); len(fd.Items) != 2 {
			t.Errorf("the renamed section's feed has %d items", len(fd.Items))
		}
	})
}

func TestStandfirstSettingLeavesTheTextOnTheSite(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		full := f.get(t, "/feed.json").Body.String()
		if !strings.Contains(full, `"content_html"`) || !strings.Contains(full, "The vote came at 12.40am") {
			t.Fatal("the default feed does not carry the full text")
		}
		st, err := db.GetSettings(ctx)
		if err != nil {
			t.Fatal(err)
		}
		st.FeedSummaries = true
		if err := db.SaveSettings(ctx, st); err != nil {
			t.Fatal(err)
		}
		f.site.Purge()
		for _, x := range feedExts {
			s := f.get(t, "/feed"+x.ext).Body.String()
			if strings.Contains(s, "The vote came at 12.40am") || strings.Contains(s, "content:encoded") || strings.Contains(s, `type="html"`) {
				t.Errorf("feed%s still carries the text:\n%s", x.ext, s)
			}
			fd := parseFeed(t, "feed"+x.ext, s)
			if it := fd.Items[3]; it.Description != "After nine hours of debate, councillors voted 7–5 for cuts to libraries and a rise in parking fees." {
				t.Errorf("feed%s summary = %q", x.ext, it.Description)
			}
		}
	})
}

func TestHostileArticleTextRoundTripsThroughEveryFeed(t *testing.T) {
	f := newFixture(t, storetest.Open(t, storetest.SQLite))
	headline := "Vote \x01\x08\x1b\uFFFF ]]> </script><script>alert(1)</script> & «café» 🗳️ مرحبا بالعالم"
	want := "Vote  ]]> </script><script>alert(1)</script> & «café» 🗳️ مرحبا بالعالم"
	f.add(t, seed{slug: "hostile", headline: headline, section: "news", standfirst: "Stand ]]> \x0c</script> 🗳️ שלום",
		authors: []string{"clara-bennett"}, topics: []string{"Budget"}, published: fixtureNow.Add(-time.Hour),
		body: "A paragraph with ]]> and `</script>` and \x07 a bell, then עברית and 🗳️."})
	f.site.Purge()
	for _, k := range feedKinds {
		if k.path == "/series/the-long-table/feed" {
			continue
		}
		for _, x := range feedExts {
			path := k.path + x.ext
			fd := parseFeed(t, path, f.get(t, path).Body.String())
			if len(fd.Items) == 0 || fd.Items[0].Title != want {
				t.Errorf("%s: first title %q, want %q", path, fd.Items[0].Title, want)
				continue
			}
			it := fd.Items[0]
			if it.Description != "Stand ]]> </script> 🗳️ שלום" {
				t.Errorf("%s: summary %q", path, it.Description)
			}
			contains(t, path+" content", it.Content, "]]&gt; and <code>&lt;/script&gt;</code> and  a bell, then עברית and 🗳️.")
		}
	}
}

func TestEveryPageNamesItsFeeds(t *testing.T) {
	f := newFixture(t, storetest.Open(t, storetest.SQLite))
	site := []string{
		`<link rel="alternate" type="application/rss+xml" title="The Northbridge Weekly (RSS)" href="https://news.example.org/feed.xml">`,
		`<link rel="alternate" type="application/atom+xml" title="The Northbridge Weekly (Atom)" href="https://news.example.org/feed.atom">`,
		`<link rel="alternate" type="application/feed+json" title="The Northbridge Weekly (JSON Feed)" href="https://news.example.org/feed.json">`,
	}
	for _, path := range []string{"/", "/articles/council-budget", "/privacy", "/no-such-page"} {
		contains(t, path, f.get(t, path).Body.String(), site...)
	}
	for path, title := range map[string]string{"/sections/news": "News", "/series/the-long-table": "The Long Table",
		"/topics/budget": "Budget", "/authors/clara-bennett": "Clara Bennett"} {
		page := f.get(t, path).Body.String()
		contains(t, path, page, site...)
		contains(t, path, page,
			`<link rel="alternate" type="application/rss+xml" title="`+title+` — The Northbridge Weekly (RSS)" href="https://news.example.org`+path+`/feed.xml">`,
			`<link rel="alternate" type="application/atom+xml" title="`+title+` — The Northbridge Weekly (Atom)" href="https://news.example.org`+path+`/feed.atom">`,
			`<link rel="alternate" type="application/feed+json" title="`+title+` — The Northbridge Weekly (JSON Feed)" href="https://news.example.org`+path+`/feed.json">`)
		// Each advertised feed is there.
		for _, x := range feedExts {
			if w := f.get(t, path+"/feed"+x.ext); w.Code != http.StatusOK {
				t.Errorf("%s/feed%s: %d", path, x.ext, w.Code)
			}
		}
	}
}

func TestFeedsOfTwoHostsNeverMix(t *testing.T) {
	f := newFixture(t, storetest.Open(t, storetest.SQLite))
	withoutBaseURL(t, f)
	for range 2 { // the second round is served from the cache
		for _, host := range []string{"a.example", "b.example"} {
			fd := parseFeed(t, host, f.getFrom(t, host, "/feed.xml"))
			if fd.Link != "http://"+host+"/" || !strings.HasPrefix(fd.Items[0].Link, "http://"+host+"/articles/") {
				t.Errorf("feed for %s links to %q and %q", host, fd.Link, fd.Items[0].Link)
			}
			if robots := f.getFrom(t, host, "/robots.txt"); !strings.Contains(robots, "Sitemap: http://"+host+"/sitemap.xml\n") {
				t.Errorf("robots.txt for %s:\n%s", host, robots)
			}
		}
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
