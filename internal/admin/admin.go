// Package admin is the newsroom at /admin: signing in, writing, checking,
// scheduling and publishing articles, and the lists, settings and staff they
// depend on. Pages are rendered on the server from embedded templates and work
// without JavaScript; every rule (roles, CSRF, limits) is enforced here or in
// the domain services, never only by hiding a button.
package admin

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"masthead/internal/auth"
	"masthead/internal/campaign"
	"masthead/internal/content"
	"masthead/internal/httpx"
	"masthead/internal/media"
	"masthead/internal/newsletter"
	"masthead/internal/search"
	"masthead/internal/web"
)

// Store is what the admin reads directly; writes go through the services.
// *store.DB satisfies it.
type Store interface {
	DeskStore     // front pages, deleting lists (front.go, lists_delete.go)
	WorkflowStore // the review workflow (workflow.go)
	ListArticles(ctx context.Context, status content.Status, q string, after content.Cursor, limit int) ([]content.Article, error)
	ListArticlesBy(ctx context.Context, q content.ArticleQuery) ([]content.Article, error)
	LastEdits(ctx context.Context, ids []int64) (map[int64]content.Edit, error)
	Search(ctx context.Context, req search.Request) (search.Results, error)
	SearchIDs(ctx context.Context, req search.Request) ([]int64, bool, error)
	CountArticlesByStatus(ctx context.Context) (map[content.Status]int, error)
	Views(ctx context.Context, arts []content.Article) ([]content.ArticleView, error)
	GetArticle(ctx context.Context, id int64) (content.Article, error)
	ArticleRefBySlug(ctx context.Context, slug string) (content.ArticleRef, error)
	ArticleRefs(ctx context.Context, ids []int64) (map[int64]content.ArticleRef, error)
	ListRevisions(ctx context.Context, articleID int64) ([]content.Revision, error)
	GetRevision(ctx context.Context, id int64) (content.Revision, error)
	RevisionsPage(ctx context.Context, articleID, before int64, limit int) ([]content.Revision, error)
	StoredRevisionBefore(ctx context.Context, articleID, id int64) (content.Revision, error)
	ListSections(ctx context.Context) ([]content.Section, error)
	GetSection(ctx context.Context, id int64) (content.Section, error)
	ListSeries(ctx context.Context) ([]content.Series, error)
	GetSeries(ctx context.Context, id int64) (content.Series, error)
	ListTopics(ctx context.Context) ([]content.Topic, error)
	ListAuthors(ctx context.Context) ([]content.Author, error)
	GetAuthor(ctx context.Context, id int64) (content.Author, error)
	GetSettings(ctx context.Context) (content.Settings, error)
	GetImage(ctx context.Context, id int64) (content.Image, error)
	RelatedArticles(ctx context.Context, articleID int64, limit int) ([]int64, error)
	PublishedArticles(ctx context.Context, ids []int64) ([]content.Article, error)
}

// Options wire the admin to the services the composition root built.
type Options struct {
	Auth    *auth.Service
	Content *content.Service
	Media   *media.Library
	Store   Store
	Logger  *slog.Logger
	Now     func() time.Time
	// SecureCookies sets the Secure flag on cookies (true behind HTTPS).
	SecureCookies bool
	// Preview renders articles as the public site would; optional.
	Preview Previewer
	// Proxies are the trusted load balancers; nil trusts none.
	Proxies *httpx.Proxies
	// Newsletters manages newsletters, sectors and readers; without it
	// the newsletter pages are not there. Store must then also be a
	// SubscriberStore.
	Newsletters *newsletter.Service
	// Campaigns sends issues to newsletters; without it the send pages
	// are not there. It needs Newsletters, and Store must then also be a
	// CampaignStore.
	Campaigns *campaign.Service
	// CampaignEvents counts what came back from a sent campaign
	// (unsubscribes, complaints, opens, clicks); when nil, Store is used
	// if it has CampaignEventCounts, else the results leave them out.
	CampaignEvents CampaignEvents
	// Jobs is the background queue; without it the Background jobs page
	// is not there.
	Jobs Jobs
}

// CampaignStore is what the send pages read directly; *store.DB is one.
type CampaignStore interface {
	// CountRecipients counts a newsletter's confirmed, unsuppressed
	// readers: who a send started now would go to.
	CountRecipients(ctx context.Context, newsletterID int64, cutoff time.Time) (int, error)
}

// CampaignEvents counts, per kind ("bounce", "complaint", "unsubscribe",
// "open", "click"), the readers who did it after a campaign's email;
// store.(*DB).CampaignEventCounts (the feedback work) is one.
type CampaignEvents interface {
	CampaignEventCounts(ctx context.Context, campaignID int64) (map[string]int, error)
}

// SubscriberStore is what the subscriber pages read directly; the
// changes go through the newsletter service. *store.DB satisfies it.
type SubscriberStore interface {
	ListSubscribers(ctx context.Context, f newsletter.SubscriberFilter, after content.Cursor, limit int) ([]newsletter.Reader, error)
	SubscriptionsOf(ctx context.Context, readerIDs []int64) (map[int64][]newsletter.Subscription, error)
	CountSubscribers(ctx context.Context) ([]newsletter.SubscriberCount, error)
	ConsentText(ctx context.Context, version int64) (string, error)
}

// Previewer writes the public page of an article of any status, for the
// newsroom; the reader site is one.
type Previewer interface {
	Preview(w http.ResponseWriter, r *http.Request, id int64, editURL string) error
	// PreviewView shows an article as given, not as stored: a published
	// article with its pending changes.
	PreviewView(w http.ResponseWriter, r *http.Request, a content.ArticleView, editURL string) error
}

// Admin serves the newsroom pages.
type Admin struct {
	auth    *auth.Service
	content *content.Service
	media   *media.Library
	store   Store
	log     *slog.Logger
	now     func() time.Time
	secure  bool
	preview Previewer
	proxies *httpx.Proxies

	newsletters *newsletter.Service // nil: no newsletter pages
	jobs        Jobs                // nil: no background jobs page
	subscribers SubscriberStore
	campaigns   *campaign.Service // nil: no send pages
	campaignDB  CampaignStore
	events      CampaignEvents // nil: results without unsubscribes, complaints, opens and clicks
	analytics   AnalyticsStore // nil: no analytics pages

	pages     map[string]*pageTemplate // parsed once in New
	assets    assets
	errs      *web.Errors                 // the one adapter from errors to pages
	sessions  *web.Sessions[auth.Session] // staff sessions
	signIns   func(http.Handler) http.Handler
	cross     *web.CrossOrigin // refuses forms posted from other sites
	crossJSON *web.CrossOrigin // cross, answering in JSON (staffJSON)
	// checksLimit paces the editor's live checks per session.
	checksLimit *checksLimiter
	formToken   web.FormToken // the double-submit token of signed-out forms
}

// New parses the templates and hashes the stylesheet; a template that does
// not parse is an error here, not on the first request.
func New(opts Options) (*Admin, error) {
	switch {
	case opts.Auth == nil:
		return nil, errors.New("admin: no auth service")
	case opts.Content == nil:
		return nil, errors.New("admin: no content service")
	case opts.Media == nil:
		return nil, errors.New("admin: no media library")
	case opts.Store == nil:
		return nil, errors.New("admin: no store")
	}
	a := &Admin{auth: opts.Auth, content: opts.Content, media: opts.Media, store: opts.Store,
		log: opts.Logger, now: opts.Now, secure: opts.SecureCookies, preview: opts.Preview, proxies: opts.Proxies, jobs: opts.Jobs}
	if opts.Newsletters != nil {
		subs, ok := opts.Store.(SubscriberStore)
		if !ok {
			return nil, errors.New("admin: the store cannot list subscribers")
		}
		a.newsletters, a.subscribers = opts.Newsletters, subs
	}
	if opts.Campaigns != nil {
		cs, ok := opts.Store.(CampaignStore)
		switch {
		case a.newsletters == nil:
			return nil, errors.New("admin: campaigns without newsletters")
		case !ok:
			return nil, errors.New("admin: the store cannot count a campaign's recipients")
		}
		a.campaigns, a.campaignDB, a.events = opts.Campaigns, cs, opts.CampaignEvents
		if a.events == nil {
			a.events, _ = opts.Store.(CampaignEvents)
		}
	}
	// The analytics pages are there when the store counts page views.
	a.analytics, _ = opts.Store.(AnalyticsStore)
	if a.log == nil {
		a.log = slog.New(slog.DiscardHandler)
	}
	if a.now == nil {
		a.now = time.Now
	}
	var err error
	if a.assets, err = loadAssets(); err != nil {
		return nil, err
	}
	if a.pages, err = parsePages(); err != nil {
		return nil, err
	}
	a.errs = a.newErrors()
	a.sessions = a.newSessions()
	a.signIns = a.sessions.Middleware(a.fail)
	a.cross = web.NewCrossOrigin(a.handle(func(w http.ResponseWriter, r *http.Request) error {
		return errCrossOrigin
	}))
	a.formToken = web.FormToken{Cookie: formCookie, Path: "/admin", Secure: a.secure}
	a.crossJSON = web.NewCrossOrigin(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusForbidden, jsonError{errCrossOrigin.Error()})
	}))
	a.checksLimit = newChecksLimiter(a.now)
	return a, nil
}

// actor is the signed-in staff member as the content service sees them.
func actor(s *auth.Session) content.Actor {
	return content.Actor{UserID: s.User.ID, Role: s.User.Role, AuthorID: s.User.AuthorID}
}
