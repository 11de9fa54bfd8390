// Package site is the public reader site: the home page, article pages,
// section, series, topic and author lists, the privacy notice, uploaded
// media and the stylesheet. Pages are rendered on the server, need no
// JavaScript and make no third-party requests.
//
// Rendered pages are kept in memory (see cache.go) until Purge, which the
// application calls after every change readers can see.
package site

import (
	"context"
	"errors"
	"log/slog"
	"masthead/internal/media"
	"strings"
	"sync/atomic"
	"time"

	"masthead/internal/analytics"
	"masthead/internal/content"
	"masthead/internal/httpx"
	"masthead/internal/ratelimit"
	"masthead/internal/search"
	"masthead/internal/web"
)

// Store is what the reader site needs from the database; *store.DB has it.
type Store interface {
	FeedStore // feeds and sitemaps (feeds.go)
	GetSettings(ctx context.Context) (content.Settings, error)
	GetImage(ctx context.Context, id int64) (content.Image, error)
	BodyImages(ctx context.Context, ids []int64) (map[int64]content.Image, error)
	ListSections(ctx context.Context) ([]content.Section, error)
	ListSeries(ctx context.Context) ([]content.Series, error)
	GetSectionBySlug(ctx context.Context, slug string) (content.Section, error)
	GetSeriesBySlug(ctx context.Context, slug string) (content.Series, error)
	GetTopicBySlug(ctx context.Context, slug string) (content.Topic, error)
	ListRedirect(ctx context.Context, kind, slug string) (string, error)
	GetAuthorBySlug(ctx context.Context, slug string) (content.Author, error)
	PublishedArticle(ctx context.Context, slug string) (content.ArticleView, error)
	ArticleView(ctx context.Context, id int64) (content.ArticleView, error)
	RedirectSlug(ctx context.Context, slug string) (string, error)
	ArticleRefs(ctx context.Context, ids []int64) (map[int64]content.ArticleRef, error)
	ListPublished(ctx context.Context, f content.Filter, after content.Cursor, limit int) ([]content.Article, error)
	Views(ctx context.Context, arts []content.Article) ([]content.ArticleView, error)
	RelatedArticles(ctx context.Context, articleID int64, limit int) ([]int64, error)
	PublishedArticles(ctx context.Context, ids []int64) ([]content.Article, error)
	NextEmbargo(ctx context.Context, now time.Time) (time.Time, error)
	// Curated front pages (front.go).
	FrontLayout(ctx context.Context, sectionID int64, draft bool) (content.FrontLayout, error)
	// The search page (search.go).
	Search(ctx context.Context, req search.Request) (search.Results, error)
	ListAuthors(ctx context.Context) ([]content.Author, error)
	ListTopics(ctx context.Context) ([]content.Topic, error)
	// Corrections and updates (corrections.go).
	ArticleNotes(ctx context.Context, articleID int64) ([]content.Note, error)
	NotesOf(ctx context.Context, ids []int64) (map[int64][]content.Note, error)
	PublicCorrections(ctx context.Context, after content.Cursor, limit int) ([]content.CorrectionEntry, error)
}

// Options configure the reader site.
type Options struct {
	Store  Store
	Logger *slog.Logger
	// BaseURL is the operator's public base address (MASTHEAD_BASE_URL);
	// "" takes the settings' or the request's (baseurl.go).
	BaseURL  string
	MediaDir string // uploaded files live here; served under /media/
	// Media is where uploaded files are when they are not in MediaDir (an
	// S3-compatible bucket); it takes precedence over MediaDir.
	Media    media.Blobs
	ThemeDir string // optional: templates/ and assets/ here override the embedded files by name
	CacheOff bool   // disables the rendered-page cache (benchmarks)
	// CacheBytes is the rendered-page cache's budget; 0 means
	// DefaultCacheBytes. A tenth of it is kept for list pages past the first.
	CacheBytes int
	Now        func() time.Time
	// Readers serves the pages of emailed links (preferences, data,
	// unsubscribe); without it they are not there.
	Readers Readers
	// Newsletters, when set, gives the site its sign-up forms and pages
	// (decision 0020); Limits and Proxies limit them per client.
	Newsletters Newsletters
	Limits      *ratelimit.Limiter
	Proxies     *httpx.Proxies
	// Feedback, when set, serves open and click tracking and the mail
	// provider's webhook, and hears of unsubscribes from campaign emails.
	Feedback Feedback
	// SitemapPageSize is the number of ids one sitemap page covers; 0
	// means the protocol's 50,000 (tests set fewer).
	SitemapPageSize int
	// Counter, when set, counts readers' page views (views.go); Ranking,
	// when set, gives the "Most read" lists.
	Counter *analytics.Counter
	Ranking *analytics.Ranking
}

// Site serves the public pages.
type Site struct {
	store    Store
	log      *slog.Logger
	files    media.Blobs // nil: no uploads are served
	now      func() time.Time
	readers  Readers
	feedback Feedback

	newsletters Newsletters
	limits      *ratelimit.Limiter
	proxies     *httpx.Proxies
	publicBase  string  // the operator's base address, "" when unset
	origins     origins // the origins whose pages the cache stores

	counter *analytics.Counter // nil: no counting
	ranking *analytics.Ranking // nil: no "Most read"

	pages  pageSet // parsed once in New
	assets assets  // content-hashed, parsed once in New

	sitemapSize int
	purged      atomic.Int64 // unix nanoseconds of the last Purge or of New, see lastModified

	cache  *cache // nil when the cache is off
	shared sharedCache

	errs  *web.Errors      // the one adapter from errors to pages
	cross *web.CrossOrigin // refuses forms posted from other sites

	hits, misses atomic.Uint64
}

// New parses the templates and hashes the assets once; a theme that does
// not parse is an error here, not on the first request.
func New(opts Options) (*Site, error) {
	if opts.Store == nil {
		return nil, errors.New("site: no store")
	}
	s := &Site{store: opts.Store, log: opts.Logger, files: opts.Media, now: opts.Now, readers: opts.Readers, feedback: opts.Feedback,
		newsletters: opts.Newsletters, limits: opts.Limits, proxies: opts.Proxies, publicBase: strings.TrimRight(opts.BaseURL, "/"),
		sitemapSize: opts.SitemapPageSize, counter: opts.Counter, ranking: opts.Ranking}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.files == nil && opts.MediaDir != "" {
		s.files = media.NewLocal(opts.MediaDir)
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.errs = s.newErrors()
	s.cross = s.newCrossOrigin()
	var err error
	if s.assets, err = loadAssets(opts.ThemeDir); err != nil {
		return nil, err
	}
	if s.pages, err = parsePages(opts.ThemeDir, s.funcs()); err != nil {
		return nil, err
	}
	if !opts.CacheOff {
		budget := opts.CacheBytes
		if budget <= 0 {
			budget = DefaultCacheBytes
		}
		s.cache = newCache(budget)
	}
	s.purged.Store(s.now().UnixNano())
	return s, nil
}

// Purge drops every cached page and the cached settings and lists. It is
// the one way to invalidate what readers see, so that a later change can
// broadcast it to other instances.
func (s *Site) Purge() {
	// Shared data first: a page rendered after the cache's generation moves
	// must not be built from settings loaded before it.
	s.shared.drop()
	if s.cache != nil {
		s.cache.purge()
	}
	s.purged.Store(s.now().UnixNano())
}

// lastModified is when what readers see last changed, as far as this
// instance knows: its last Purge, or its start. Responses streamed without
// the page cache (sitemaps) give it as Last-Modified, but only once its
// second is over, so that a change later in the same second cannot hide
// behind a 304.
func (s *Site) lastModified() (time.Time, bool) {
	p := time.Unix(0, s.purged.Load()).UTC().Truncate(time.Second)
	if !s.now().UTC().Truncate(time.Second).After(p) {
		return time.Time{}, false
	}
	return p, true
}

// CacheStats reports rendered-page cache hits and misses since New.
func (s *Site) CacheStats() (hits, misses uint64) {
	return s.hits.Load(), s.misses.Load()
}

// CacheSize reports the pages in the rendered-page cache and the bytes
// they take, counted against the budget (0, 0 when the cache is off).
func (s *Site) CacheSize() (pages, bytes int) {
	if s.cache == nil {
		return 0, 0
	}
	return s.cache.stats()
}
