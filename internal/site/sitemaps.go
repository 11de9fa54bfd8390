package site

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"

	"masthead/internal/content"
	"masthead/internal/feed"
	"masthead/internal/httpx"
)

// Sitemaps (decision 0031): /sitemap.xml is an index of
// /sitemaps/{kind}-{n}.xml, page n of a kind holding the ids from
// (n-1)*size+1 to n*size, and of the news sitemap. Pages are streamed from
// the database in batches, so memory does not grow with the number of
// articles; the index and the news sitemap are small and built whole.

const (
	newsSitemapPath = "/sitemaps/news.xml"
	// pagesSitemapPath lists the site's own pages that are not lists of
	// articles: the corrections page.
	pagesSitemapPath = "/sitemaps/pages.xml"
	// sitemapBatch is how many rows are read at a time while streaming.
	sitemapBatch = 1000
	// newsWindow and newsMax are Google News's rules: articles of the
	// last two days, at most 1,000 of them.
	newsWindow = 48 * time.Hour
	newsMax    = 1000
	xmlType    = "application/xml; charset=utf-8"
)

// sitemapPageSize is the number of ids a sitemap page covers: the
// protocol's maximum, or less in tests (Options.SitemapPageSize).
func (s *Site) sitemapPageSize() int {
	if s.sitemapSize > 0 {
		return s.sitemapSize
	}
	return feed.MaxSitemapURLs
}

// sitemapIndex lists every sitemap page that has an address.
func (s *Site) sitemapIndex(ctx context.Context, r *http.Request, _ content.Cursor) (view, error) {
	sh, err := s.common(ctx)
	if err != nil {
		return view{}, err
	}
	base := s.baseURL(r, sh)
	var buf bytes.Buffer
	idx := feed.NewIndex(&buf)
	// A list sitemap's lastmod is the newest change of any article: the
	// newest of its own would take reading every article (store.SitemapPages).
	var newest time.Time
	for _, kind := range content.SitemapKinds {
		pages, err := s.store.SitemapPages(ctx, kind, s.sitemapPageSize())
		if err != nil {
			return view{}, err
		}
		for _, p := range pages {
			if p.LastMod.After(newest) {
				newest = p.LastMod
			}
			mod := p.LastMod
			if mod.IsZero() {
				mod = newest
			}
			if err := idx.Add(base+"/sitemaps/"+kind+"-"+strconv.FormatInt(p.N, 10)+".xml", mod); err != nil {
				return view{}, err
			}
		}
	}
	recent, err := s.store.RecentlyPublished(ctx, s.now().Add(-newsWindow), 1)
	if err != nil {
		return view{}, err
	}
	newest = time.Time{}
	if len(recent) > 0 {
		newest = recent[0].LastMod
	}
	if err := idx.Add(base+newsSitemapPath, newest); err != nil {
		return view{}, err
	}
	latest, err := s.latestCorrection(ctx)
	if err != nil {
		return view{}, err
	}
	if err := idx.Add(base+pagesSitemapPath, latest); err != nil {
		return view{}, err
	}
	if err := idx.Close(); err != nil {
		return view{}, err
	}
	return view{raw: buf.Bytes(), rawType: xmlType}, nil
}

// parseSitemapName reads "articles-3.xml" as ("articles", 3). The number
// has no leading zeros, so each page has one address.
func parseSitemapName(name string) (string, int64, bool) {
	stem, ok := strings.CutSuffix(name, ".xml")
	if !ok {
		return "", 0, false
	}
	kind, num, ok := strings.Cut(stem, "-")
	if !ok || num == "" || num[0] == '0' || len(num) > 9 {
		return "", 0, false
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n < 1 {
		return "", 0, false
	}
	for _, k := range content.SitemapKinds {
		if k == kind {
			return kind, n, true
		}
	}
	return "", 0, false
}

// sitemap streams one sitemap page: GET /sitemaps/{kind}-{n}.xml.
func (s *Site) sitemap(w http.ResponseWriter, r *http.Request) error {
	if err := httpx.CheckPath(r); err != nil {
		return err
	}
	kind, n, ok := parseSitemapName(r.PathValue("file"))
	if !ok {
		return errNotFound
	}
	ctx := r.Context()
	sh, err := s.common(ctx)
	if err != nil {
		return err
	}
	base := s.baseURL(r, sh)
	after, last := content.SitemapPage{N: n}.IDRange(s.sitemapPageSize())
	batch, err := s.store.SitemapEntries(ctx, kind, after, last, sitemapBatch)
	if err != nil {
		return err
	}
	if len(batch) == 0 {
		return errNotFound // not a page the index lists
	}
	h := w.Header()
	h.Set("Content-Type", xmlType)
	h.Set("Cache-Control", pageCacheControl)
	h.Set("Vary", "Accept-Encoding")
	if mod, ok := s.lastModified(); ok {
		h.Set("Last-Modified", mod.Format(http.TimeFormat))
		if notModified(r, "", mod) {
			w.WriteHeader(http.StatusNotModified)
			return nil
		}
	}
	if r.Method == http.MethodHead {
		return nil
	}
	var out io.Writer = w
	if acceptsGzip(r.Header.Get("Accept-Encoding")) {
		h.Set("Content-Encoding", "gzip")
		zw, _ := gzip.NewWriterLevel(w, gzip.BestSpeed) // the level is valid
		defer zw.Close()
		out = zw
	}
	set := feed.NewURLSet(out, false)
	// From here on the status is sent: an error can only cut the body short,
	// which a crawler sees as a broken file and fetches again.
	for len(batch) > 0 {
		for _, e := range batch {
			if err := set.Add(sitemapURL(base, kind, e)); err != nil {
				return s.streamFailed(r, err)
			}
		}
		if len(batch) < sitemapBatch {
			break
		}
		if batch, err = s.store.SitemapEntries(ctx, kind, batch[len(batch)-1].ID, last, sitemapBatch); err != nil {
			return s.streamFailed(r, err)
		}
	}
	if err := set.Close(); err != nil {
		return s.streamFailed(r, err)
	}
	return nil
}

// streamFailed logs an error met after the response started; the error
// adapter cannot write a page any more.
func (s *Site) streamFailed(r *http.Request, err error) error {
	s.log.WarnContext(r.Context(), "site: sitemap cut short", "path", r.URL.Path, "err", err)
	return nil
}

// sitemapURL is one entry of a sitemap page.
func sitemapURL(base, kind string, e content.SitemapEntry) feed.SitemapURL {
	u := feed.SitemapURL{LastMod: e.LastMod}
	switch kind {
	case "articles":
		u.Loc = base + "/articles/" + url.PathEscape(e.Slug)
		if e.ImagePath != "" {
			u.Images = []string{base + mediaURL(e.ImagePath)}
		}
	default:
		u.Loc = base + "/" + kind + "/" + url.PathEscape(e.Slug)
	}
	return u
}

// newsSitemap lists the articles of the last two days for Google News. It
// is built on each request (at most 1,000 rows by an index) rather than
// cached, so that articles leave it when they turn two days old.
func (s *Site) newsSitemap(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	sh, err := s.common(ctx)
	if err != nil {
		return err
	}
	base := s.baseURL(r, sh)
	recent, err := s.store.RecentlyPublished(ctx, s.now().Add(-newsWindow), newsMax)
	if err != nil {
		return err
	}
	lang := newsLanguage(sh.Settings.Lang())
	var buf bytes.Buffer
	set := feed.NewURLSet(&buf, true)
	for _, e := range recent {
		u := sitemapURL(base, "articles", e)
		u.News = &feed.News{Publication: sh.Settings.Name, Language: lang, Published: e.PublishedAt, Title: e.Headline}
		if err := set.Add(u); err != nil {
			return err
		}
	}
	if err := set.Close(); err != nil {
		return err
	}
	serve(w, r, newPage(http.StatusOK, buf.Bytes(), xmlType, pageCacheControl, s.now(), true))
	return nil
}

// newsLanguage is the code Google News asks for: the ISO 639 language,
// except Chinese, which it wants as zh-cn or zh-tw.
func newsLanguage(tag string) string {
	t, err := language.Parse(tag)
	if err != nil {
		return "en"
	}
	base, _ := t.Base()
	if base.String() == "zh" {
		if script, _ := t.Script(); script.String() == "Hant" {
			return "zh-tw"
		}
		return "zh-cn"
	}
	return base.String()
}

// robotsTxt is /robots.txt: crawlers may read everything readers can, the
// newsroom is not for them, and the sitemap index is where it is.
func (s *Site) robotsTxt(ctx context.Context, r *http.Request, _ content.Cursor) (view, error) {
	sh, err := s.common(ctx)
	if err != nil {
		return view{}, err
	}
	body := "User-agent: *\nDisallow: /admin/\n"
	if base := s.baseURL(r, sh); base != "" {
		body += "\nSitemap: " + base + "/sitemap.xml\n"
	}
	return view{raw: []byte(body), rawType: "text/plain; charset=utf-8"}, nil
}

// latestCorrection is when the newest public correction was made; zero
// when there is none.
func (s *Site) latestCorrection(ctx context.Context) (time.Time, error) {
	c, err := s.store.PublicCorrections(ctx, content.Cursor{}, 1)
	if err != nil || len(c) == 0 {
		return time.Time{}, err
	}
	return c[0].At, nil
}

// pagesSitemap lists the corrections page: GET /sitemaps/pages.xml.
func (s *Site) pagesSitemap(ctx context.Context, r *http.Request, _ content.Cursor) (view, error) {
	sh, err := s.common(ctx)
	if err != nil {
		return view{}, err
	}
	latest, err := s.latestCorrection(ctx)
	if err != nil {
		return view{}, err
	}
	var buf bytes.Buffer
	set := feed.NewURLSet(&buf, false)
	if err := set.Add(feed.SitemapURL{Loc: s.baseURL(r, sh) + correctionsPath, LastMod: latest}); err != nil {
		return view{}, err
	}
	if err := set.Close(); err != nil {
		return view{}, err
	}
	return view{raw: buf.Bytes(), rawType: xmlType}, nil
}
