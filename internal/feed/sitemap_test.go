package feed_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"testing"
	"time"

	"masthead/internal/feed"
)

func TestURLSetStopsAtTheProtocolsLimit(t *testing.T) {
	set := feed.NewURLSet(io.Discard, false)
	for i := range feed.MaxSitemapURLs {
		if err := set.Add(feed.SitemapURL{Loc: "https://news.example.org/articles/a"}); err != nil {
			t.Fatalf("address %d: %v", i+1, err)
		}
	}
	if err := set.Add(feed.SitemapURL{Loc: "https://news.example.org/articles/one-too-many"}); !errors.Is(err, feed.ErrSitemapFull) {
		t.Errorf("address 50,001: %v, want ErrSitemapFull", err)
	}
}

func TestURLSetEscapesAndCarriesNews(t *testing.T) {
	var b bytes.Buffer
	set := feed.NewURLSet(&b, true)
	at := time.Date(2026, 3, 1, 14, 30, 0, 0, time.FixedZone("AEDT", 11*3600))
	if err := set.Add(feed.SitemapURL{Loc: "https://news.example.org/articles/a?x=1&y=2", LastMod: at,
		Images: []string{"https://news.example.org/media/a.png"},
		News:   &feed.News{Publication: "The <Weekly>", Language: "en", Published: at, Title: "Tom & \x01Jerry ]]>"}}); err != nil {
		t.Fatal(err)
	}
	if err := set.Close(); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		URL struct {
			Loc     string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 loc"`
			LastMod string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 lastmod"`
			Image   string `xml:"http://www.google.com/schemas/sitemap-image/1.1 image>loc"`
			Name    string `xml:"http://www.google.com/schemas/sitemap-news/0.9 news>publication>name"`
			Title   string `xml:"http://www.google.com/schemas/sitemap-news/0.9 news>title"`
		} `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 url"`
	}
	if err := xml.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	u := doc.URL
	if u.Loc != "https://news.example.org/articles/a?x=1&y=2" || u.LastMod != "2026-03-01T03:30:00Z" || u.Image != "https://news.example.org/media/a.png" ||
		u.Name != "The <Weekly>" || u.Title != "Tom & Jerry ]]>" {
		t.Errorf("read back %+v\n%s", u, b.String())
	}
}
