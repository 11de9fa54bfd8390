package site

import (
	"bytes"
	"compress/gzip"
	"encoding/xml"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"masthead/internal/content"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// The sitemap protocol's documents, read with encoding/xml: the namespaces
// in the tags must match (sitemaps, Google's image and news extensions),
// or the fields stay empty.

type sitemapIndexDoc struct {
	XMLName  xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
	Sitemaps []struct {
		Loc     string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 loc"`
		LastMod string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 lastmod"`
	} `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemap"`
}

type urlSetDoc struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []struct {
		Loc     string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 loc"`
		LastMod string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 lastmod"`
		Images  []struct {
			Loc string `xml:"http://www.google.com/schemas/sitemap-image/1.1 loc"`
		} `xml:"http://www.google.com/schemas/sitemap-image/1.1 image"`
		News *struct {
			Name     string `xml:"http://www.google.com/schemas/sitemap-news/0.9 publication>name"`
			Language string `xml:"http://www.google.com/schemas/sitemap-news/0.9 publication>language"`
			Date     string `xml:"http://www.google.com/schemas/sitemap-news/0.9 publication_date"`
			Title    string `xml:"http://www.google.com/schemas/sitemap-news/0.9 title"`
		} `xml:"http://www.google.com/schemas/sitemap-news/0.9 news"`
	} `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 url"`
}

func decodeXML(t *testing.T, what string, b []byte, v any) {
	t.Helper()
	if err := xml.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v\n%s", what, err, b)
	}
}

// w3c checks a lastmod in the W3C Datetime form sitemaps use.
func w3c(t *testing.T, what, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Errorf("%s: lastmod %q is not W3C Datetime: %v", what, s, err)
	}
	return v
}

// testClock is a clock the test moves.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

const base = "https://news.example.org"

func TestSitemapIndexPagesHoldEveryPublishedArticleOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		// Pages of two ids make several article sitemaps of the fixture's
		// eight articles (five published).
		f := newFixture(t, db, func(o *Options) { o.SitemapPageSize = 2 })
		w := f.get(t, "/sitemap.xml")
		if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "application/xml; charset=utf-8" {
			t.Fatalf("/sitemap.xml: %d %q", w.Code, w.Header().Get("Content-Type"))
		}
		var idx sitemapIndexDoc
		decodeXML(t, "index", w.Body.Bytes(), &idx)
		kinds := map[string]int{}
		articles := map[string]int{}
		for _, sm := range idx.Sitemaps {
			path, ok := strings.CutPrefix(sm.Loc, base+"/sitemaps/")
			if !ok {
				t.Errorf("sitemap %q is not an absolute address of this site", sm.Loc)
				continue
			}
			kind, _, _ := strings.Cut(strings.TrimSuffix(path, ".xml"), "-")
			kinds[kind]++
			if kind == "news" {
				continue // checked below
			}
			if kind == "pages" {
				// The corrections page, dated by the newest correction.
				if got := w3c(t, sm.Loc, sm.LastMod); !got.Equal(time.Date(2026, 3, 3, 9, 15, 0, 0, time.UTC)) {
					t.Errorf("index lastmod of pages.xml is %v, want the correction's", got)
				}
				var set urlSetDoc
				decodeXML(t, path, f.get(t, "/sitemaps/"+path).Body.Bytes(), &set)
				if len(set.URLs) != 1 || set.URLs[0].Loc != base+"/corrections" || set.URLs[0].LastMod != "2026-03-03T09:15:00Z" {
					t.Errorf("pages sitemap = %+v", set.URLs)
				}
				continue
			}
			newest := w3c(t, sm.Loc, sm.LastMod)
			pw := f.get(t, "/sitemaps/"+path)
			if pw.Code != http.StatusOK {
				t.Errorf("%s: %d", path, pw.Code)
				continue
			}
			var set urlSetDoc
			decodeXML(t, path, pw.Body.Bytes(), &set)
			if len(set.URLs) == 0 || len(set.URLs) > 2 {
				t.Errorf("%s holds %d addresses with pages of 2", path, len(set.URLs))
			}
			var latest time.Time
			for _, u := range set.URLs {
				if !strings.HasPrefix(u.Loc, base+"/"+kind+"/") {
					t.Errorf("%s: %q is not an absolute %s address", path, u.Loc, kind)
				}
				if m := w3c(t, u.Loc, u.LastMod); m.After(latest) {
					latest = m
				}
				if kind == "articles" {
					articles[strings.TrimPrefix(u.Loc, base+"/articles/")]++
				}
				wantImage := u.Loc == base+"/articles/council-budget"
				if got := len(u.Images) == 1 && u.Images[0].Loc == base+"/media/2026/03/harbour.png"; got != wantImage || (!wantImage && len(u.Images) > 0) {
					t.Errorf("%s images %+v", u.Loc, u.Images)
				}
			}
			// An article sitemap's lastmod is its newest article's change;
			// a list sitemap's, the newest change of any article.
			if want := map[bool]time.Time{true: latest, false: time.Date(2026, 3, 8, 6, 0, 0, 0, time.UTC)}[kind == "articles"]; !newest.Equal(want) {
				t.Errorf("index lastmod of %s is %v, want %v", path, newest, want)
			}
		}
		if kinds["articles"] < 3 || kinds["sections"] != 1 || kinds["series"] != 1 || kinds["topics"] < 2 || kinds["authors"] != 1 || kinds["news"] != 1 || kinds["pages"] != 1 {
			t.Errorf("index lists %v", kinds)
		}
		want := []string{"bus-drivers", "council-budget", "gallery-reopens", "library-hours", "river-report"}
		var got []string
		for slug, n := range articles {
			got = append(got, slug)
			if n != 1 {
				t.Errorf("%s is listed %d times", slug, n)
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("article sitemaps hold %v, want exactly the published %v", got, want)
		}
		// The corrected article's lastmod is its correction, in UTC.
		set := urlSetDoc{}
		decodeXML(t, "sections", f.get(t, "/sitemaps/sections-1.xml").Body.Bytes(), &set)
		if len(set.URLs) != 2 || set.URLs[0].Loc != base+"/sections/news" || set.URLs[0].LastMod != "2026-03-08T06:00:00Z" {
			t.Errorf("sections sitemap = %+v", set.URLs)
		}
		for _, path := range []string{"/sitemaps/articles-0.xml", "/sitemaps/articles-01.xml", "/sitemaps/articles-99.xml", "/sitemaps/drafts-1.xml",
			"/sitemaps/articles-1", "/sitemaps/articles-.xml", "/sitemaps/articles-99999999999999999999.xml", "/sitemaps/news-1.xml"} {
			if w := f.get(t, path); w.Code != http.StatusNotFound {
				t.Errorf("%s: %d, want 404", path, w.Code)
			}
		}
	})
}

func TestNewsSitemapListsTheLastTwoDays(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.add(t, seed{slug: "fresh", headline: "Fresh & <new>", section: "news", authors: []string{"clara-bennett"},
			published: fixtureNow.Add(-47 * time.Hour), body: "Just in."})
		f.add(t, seed{slug: "stale", headline: "Stale", section: "news", authors: []string{"clara-bennett"},
			published: fixtureNow.Add(-49 * time.Hour), body: "Old news."})
		f.add(t, seed{slug: "fresh-draft", headline: "Fresh draft", section: "news", status: content.StatusDraft,
			authors: []string{"clara-bennett"}, published: fixtureNow.Add(-time.Hour), body: "Not yet."})
		st, _ := db.GetSettings(t.Context())
		st.Language = "en-AU"
		if err := db.SaveSettings(t.Context(), st); err != nil {
			t.Fatal(err)
		}
		f.site.Purge()
		w := f.get(t, "/sitemaps/news.xml")
		var set urlSetDoc
		decodeXML(t, "news", w.Body.Bytes(), &set)
		if len(set.URLs) != 1 || set.URLs[0].Loc != base+"/articles/fresh" || set.URLs[0].News == nil {
			t.Fatalf("news sitemap = %+v", set.URLs)
		}
		n := set.URLs[0].News
		if n.Name != "The Northbridge Weekly" || n.Language != "en" || n.Title != "Fresh & <new>" || n.Date != "2026-03-08T13:00:00Z" {
			t.Errorf("news entry = %+v", n)
		}
		if etag := w.Header().Get("Etag"); etag == "" || f.get(t, "/sitemaps/news.xml", "If-None-Match", etag).Code != http.StatusNotModified {
			t.Errorf("news sitemap ETag %q does not give 304", etag)
		}
		home := f.get(t, "/").Body.String()
		if !strings.Contains(home, `<html lang="en-AU">`) || !strings.Contains(home, `"inLanguage":"en-AU"`) {
			t.Error("the language setting is not the page's lang and its structured data's inLanguage")
		}
	})
}

func TestSitemapConditionalGetGzipAndHead(t *testing.T) {
	clock := &testClock{t: fixtureNow}
	f := newFixture(t, storetest.Open(t, storetest.SQLite), func(o *Options) { o.Now = clock.now })
	const path = "/sitemaps/articles-1.xml"
	// Within the second of the last change, no Last-Modified: a change
	// later in that second could not be told from it.
	if w := f.get(t, path); w.Code != http.StatusOK || w.Header().Get("Last-Modified") != "" {
		t.Errorf("%d, Last-Modified %q in the second of the change", w.Code, w.Header().Get("Last-Modified"))
	}
	clock.add(90 * time.Second)
	w := f.get(t, path)
	mod := w.Header().Get("Last-Modified")
	if mod != fixtureNow.Format(http.TimeFormat) {
		t.Fatalf("Last-Modified %q, want the last change %q", mod, fixtureNow.Format(http.TimeFormat))
	}
	if w := f.get(t, path, "If-Modified-Since", mod); w.Code != http.StatusNotModified || w.Body.Len() != 0 {
		t.Errorf("If-Modified-Since its Last-Modified: %d", w.Code)
	}
	f.site.Purge() // a change readers see
	clock.add(2 * time.Second)
	if w := f.get(t, path, "If-Modified-Since", mod); w.Code != http.StatusOK {
		t.Errorf("after a change: %d, want 200", w.Code)
	}

	plain := f.get(t, path).Body.Bytes()
	gz := f.get(t, path, "Accept-Encoding", "gzip")
	if gz.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("Content-Encoding %q", gz.Header().Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(gz.Body)
	if err != nil {
		t.Fatal(err)
	}
	unzipped, err := io.ReadAll(zr)
	if err != nil || !bytes.Equal(unzipped, plain) {
		t.Errorf("gzip body differs from the plain one (%v)", err)
	}
	h := f.do(t, http.MethodHead, path)
	if h.Code != http.StatusOK || h.Body.Len() != 0 || h.Header().Get("Content-Type") != "application/xml; charset=utf-8" {
		t.Errorf("HEAD: %d, %d bytes", h.Code, h.Body.Len())
	}
	for _, p := range []string{"/sitemap.xml", "/sitemaps/news.xml", "/robots.txt"} {
		if h := f.do(t, http.MethodHead, p); h.Code != http.StatusOK || h.Body.Len() != 0 {
			t.Errorf("HEAD %s: %d, %d bytes", p, h.Code, h.Body.Len())
		}
	}
	robots := f.get(t, "/robots.txt").Body.String()
	if robots != "User-agent: *\nDisallow: /admin/\n\nSitemap: https://news.example.org/sitemap.xml\n" {
		t.Errorf("robots.txt:\n%s", robots)
	}
}
