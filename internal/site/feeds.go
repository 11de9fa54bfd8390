package site

import (
	"bytes"
	"context"
	"html"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	blocks "masthead/internal/body"
	"masthead/internal/content"
	"masthead/internal/feed"
)

// Feeds (decision 0031): RSS 2.0, Atom and JSON Feed of the whole site and
// of each section, series, topic and author, at /feed.xml, /feed.atom and
// /feed.json and under each list's own address (/sections/news/feed.xml).
// They are pages like the others: rendered once into the page cache, with
// an ETag from their bytes and Last-Modified, dropped by Purge.

// FeedStore is what feeds and sitemaps read beyond the pages' queries.
type FeedStore interface {
	PublishedBodies(ctx context.Context, ids []int64) (map[int64]content.ArticleText, error)
	SitemapPages(ctx context.Context, kind string, size int) ([]content.SitemapPage, error)
	SitemapEntries(ctx context.Context, kind string, afterID, lastID int64, limit int) ([]content.SitemapEntry, error)
	RecentlyPublished(ctx context.Context, since time.Time, limit int) ([]content.SitemapEntry, error)
}

// feedSize is how many of the latest articles a feed carries.
const feedSize = 30

// feedFormat is one of the three formats.
type feedFormat struct {
	ext, name, mime string
	write           func(io.Writer, *feed.Feed) error
}

var feedFormats = []feedFormat{
	{"xml", "RSS", feed.RSSType, feed.WriteRSS},
	{"atom", "Atom", feed.AtomType, feed.WriteAtom},
	{"json", "JSON Feed", feed.JSONType, feed.WriteJSON},
}

// feedRoutes registers the feeds, sitemaps and robots.txt.
func (s *Site) feedRoutes(mux *http.ServeMux) {
	for _, f := range feedFormats {
		mux.Handle("GET /feed."+f.ext, s.page(false, s.siteFeed(f)))
		mux.Handle("GET /sections/{slug}/feed."+f.ext, s.page(false, s.listFeed(f, s.findSection)))
		mux.Handle("GET /series/{slug}/feed."+f.ext, s.page(false, s.listFeed(f, s.findSeries)))
		mux.Handle("GET /topics/{slug}/feed."+f.ext, s.page(false, s.listFeed(f, s.findTopic)))
		mux.Handle("GET /authors/{slug}/feed."+f.ext, s.page(false, s.listFeed(f, s.findAuthor)))
	}
	// The address many sites use, and readers type.
	mux.Handle("GET /feed", http.RedirectHandler("/feed.xml", http.StatusMovedPermanently))
	mux.Handle("GET /sitemap.xml", s.page(false, s.sitemapIndex))
	mux.Handle("GET "+newsSitemapPath, s.handle(s.newsSitemap))
	mux.Handle("GET "+pagesSitemapPath, s.page(false, s.pagesSitemap))
	mux.Handle("GET /sitemaps/{file}", s.handle(s.sitemap))
	mux.Handle("GET /robots.txt", s.page(false, s.robotsTxt))
}

// siteFeed is the feed of the whole publication.
func (s *Site) siteFeed(f feedFormat) pageFunc {
	return func(ctx context.Context, r *http.Request, _ content.Cursor) (view, error) {
		sh, err := s.common(ctx)
		if err != nil {
			return view{}, err
		}
		st := sh.Settings
		return s.feedView(ctx, r, sh, f, st.Name, firstNonEmpty(st.Description, st.Tagline), "/", content.Filter{})
	}
}

// listFeed is the feed of one list; a list's former slug redirects to the
// feed at its current one, as its page does.
func (s *Site) listFeed(f feedFormat, find findListing) pageFunc {
	return func(ctx context.Context, r *http.Request, _ content.Cursor) (view, error) {
		sh, l, err := s.lookUpListing(ctx, r, find)
		if err != nil {
			return view{}, err
		}
		if l.redirect != "" {
			return view{redirect: l.redirect + "/feed." + f.ext}, nil
		}
		return s.feedView(ctx, r, sh, f, l.heading+" — "+sh.Settings.Name, firstNonEmpty(l.intro, l.kind+": "+l.heading), l.path, l.filter)
	}
}

// feedView renders the latest articles matching filter as one feed.
func (s *Site) feedView(ctx context.Context, r *http.Request, sh *shared, f feedFormat, title, description, path string, filter content.Filter) (view, error) {
	base := s.baseURL(r, sh)
	items, err := s.feedItems(ctx, sh, base, filter)
	if err != nil {
		return view{}, err
	}
	fd := &feed.Feed{
		Title: title, Description: description, Language: sh.Settings.Lang(),
		HomeURL: base + path, SelfURL: base + r.URL.EscapedPath(), Publisher: sh.Settings.Name,
		Updated: feed.Newest(items), Loc: sh.Loc, Items: items,
	}
	if sh.Logo != nil {
		fd.IconURL = base + mediaURL(sh.Logo.Path)
	}
	var buf bytes.Buffer
	if err := f.write(&buf, fd); err != nil {
		return view{}, err
	}
	return view{raw: buf.Bytes(), rawType: f.mime + "; charset=utf-8"}, nil
}

// feedItems loads the latest published articles matching filter, with
// their text unless the settings ask for standfirsts only.
func (s *Site) feedItems(ctx context.Context, sh *shared, base string, filter content.Filter) ([]feed.Item, error) {
	arts, err := s.store.ListPublished(ctx, filter, content.Cursor{}, feedSize)
	if err != nil {
		return nil, err
	}
	views, err := s.store.Views(ctx, arts)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(arts))
	for i, a := range arts {
		ids[i] = a.ID
	}
	texts, err := s.store.PublishedBodies(ctx, ids)
	if err != nil {
		return nil, err
	}
	var notes map[int64][]content.Note
	if !sh.Settings.FeedSummaries {
		if notes, err = s.store.NotesOf(ctx, ids); err != nil {
			return nil, err
		}
	}
	// See-also blocks show their target's current headline, and vanish
	// when it is no longer published, as on the article page; images are
	// the media library's current files.
	var refs map[int64]content.ArticleRef
	var images map[int64]content.Image
	if !sh.Settings.FeedSummaries {
		var all strings.Builder
		for _, t := range texts {
			all.WriteString(t.Body)
			all.WriteByte('\n')
		}
		if refs, images, err = s.bodyLinks(ctx, all.String()); err != nil {
			return nil, err
		}
	}
	items := make([]feed.Item, 0, len(views))
	for _, v := range views {
		text, ok := texts[v.ID]
		if !ok {
			continue // unpublished since it was listed
		}
		link := base + "/articles/" + url.PathEscape(v.Slug)
		it := feed.Item{
			ID: feed.ArticleID(base, v.ID, v.PublishedAt), URL: link, Title: v.Headline,
			Summary:   firstNonEmpty(v.Standfirst, clipText(content.PlainText(text.Body), 200)),
			Published: v.PublishedAt, Modified: v.ModifiedAt,
		}
		if !sh.Settings.FeedSummaries {
			it.HTML = feed.AbsoluteHTML(content.Render(text.Body, content.RenderOptions{Target: blocks.Feed, Base: base,
				Refs: refs, Images: images, Now: s.now()}).HTML, link)
			for _, n := range notes[v.ID] {
				it.HTML += `<p><strong>` + n.Kind.Label() + `, ` + dateStamp(n.At, sh.Loc).Text + `:</strong> ` + html.EscapeString(n.Text) + `</p>`
			}
		}
		for _, a := range v.Authors {
			it.Authors = append(it.Authors, feed.Person{Name: a.Name, URL: base + "/authors/" + url.PathEscape(a.Slug)})
		}
		if v.Section.Name != "" {
			it.Categories = append(it.Categories, v.Section.Name)
		}
		for _, t := range v.Topics {
			it.Categories = append(it.Categories, t.Name)
		}
		if img := v.LeadImageShown(); img != nil {
			it.Image = &feed.Image{URL: base + mediaURL(img.Path), Type: img.Mime, Length: img.Size,
				Width: img.Width, Height: img.Height, Alt: v.LeadAlt}
		}
		items = append(items, it)
	}
	return items, nil
}

// feedLinks are the <link rel="alternate"> elements of a page's <head>:
// the site's feeds, and on a list page the list's own, absolute.
func feedLinks(base, siteName string, list *listView) template.HTML {
	var b strings.Builder
	add := func(title, path string) {
		for _, f := range feedFormats {
			b.WriteString(`<link rel="alternate" type="` + f.mime + `" title="` + html.EscapeString(title+" ("+f.name+")") +
				`" href="` + html.EscapeString(base+path+"feed."+f.ext) + "\">\n")
		}
	}
	add(siteName, "/")
	if list != nil {
		add(list.Heading+" — "+siteName, list.Path+"/")
	}
	return template.HTML(b.String()) // every value is escaped
}
