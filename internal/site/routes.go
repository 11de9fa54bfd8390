package site

import (
	"net/http"

	"masthead/internal/newsletter"
)

// Routes registers the reader site's GET routes (GET also answers HEAD).
// Security headers, logging and panics are the application's middleware.
func (s *Site) Routes(mux *http.ServeMux) {
	mux.Handle("GET /{$}", s.page(false, s.home))
	mux.Handle("GET /articles/{slug}", s.page(false, s.article))
	mux.Handle("GET /sections/{slug}", s.page(true, s.listingPage(s.findSection)))
	mux.Handle("GET /series/{slug}", s.page(true, s.listingPage(s.findSeries)))
	mux.Handle("GET /topics/{slug}", s.page(true, s.listingPage(s.findTopic)))
	mux.Handle("GET /authors/{slug}", s.page(true, s.listingPage(s.findAuthor)))
	mux.Handle("GET /privacy", s.page(false, s.privacy))
	mux.Handle("GET "+correctionsPath, s.page(true, s.corrections))
	// Search is never in the page cache: its addresses are every query.
	mux.Handle("GET "+searchPath, s.handle(s.searchLimit(s.searchPage)))
	// Pages of links emailed to readers (readerlinks.go, decision 0021).
	// The posts pass the cross-site check (s.form) except the one-click
	// unsubscribe (RFC 8058), which mail providers post from their servers,
	// some with an Origin of their own: it is exempt, as all it can do is
	// unsubscribe from the one newsletter its signed link names.
	if s.readers != nil {
		mux.Handle("GET /newsletters/preferences/{token}", s.linkPage(s.handle(s.preferences)))
		mux.Handle("POST /newsletters/preferences/{token}", s.linkPage(s.form(s.savePreferences)))
		mux.Handle("POST /newsletters/preferences/{token}/all", s.linkPage(s.form(s.unsubscribeAll)))
		mux.Handle("POST /newsletters/preferences/{token}/access", s.linkPage(s.form(s.requestAccess)))
		mux.Handle("GET /newsletters/data/{token}", s.linkPage(s.handle(s.dataPage)))
		mux.Handle("POST /newsletters/data/{token}/download", s.linkPage(s.form(s.download)))
		mux.Handle("POST /newsletters/data/{token}/erase", s.linkPage(s.form(s.erase)))
		mux.Handle("GET /newsletters/unsubscribe/{token}", s.linkPage(s.handle(s.unsubscribePage)))
		s.cross.Exempt("POST /newsletters/unsubscribe/{token}")
		mux.Handle("POST /newsletters/unsubscribe/{token}", s.linkPage(s.form(s.unsubscribe)))
	}
	// What comes back from sent mail (tracking.go, decision 0025): the
	// open pixel and click redirects, never cached and without cookies,
	// and the Mailgun webhook, exempt from the cross-site check like the
	// one-click unsubscribe (Mailgun posts from its servers; the signature
	// is what counts), there only when its key is set.
	if s.feedback != nil {
		mux.Handle("GET "+OpenPath+"{file}", s.linkPage(s.handle(s.open)))
		mux.Handle("GET "+ClickPath+"{token}/{n}", s.linkPage(s.handle(s.click)))
		if s.feedback.MailgunEnabled() {
			s.cross.Exempt("POST " + MailgunWebhookPath)
			mux.Handle("POST "+MailgunWebhookPath, s.cross.Handler(http.HandlerFunc(s.mailgunWebhook)))
		}
	}
	// Newsletter sign-up (decision 0020).
	if s.newsletters != nil {
		mux.Handle("GET /newsletters", s.page(false, s.newslettersPage))
		mux.Handle("POST "+subscribePath, s.form(s.signUpLimit(s.subscribe(false))))
		mux.Handle("GET "+embedPath, s.handle(s.embed))
		s.embeddableForm(mux, "POST "+embedSubscribePath, s.signUpLimit(s.subscribe(true)))
		mux.Handle("GET "+newsletter.ConfirmPath+"{token}", s.handle(s.confirmPage))
		mux.Handle("POST "+newsletter.ConfirmPath+"{token}", s.form(s.confirm))
	}
	mux.Handle("GET /media/{path...}", s.handle(s.media))
	mux.Handle("GET /assets/{name}", s.handle(s.asset))
	s.feedRoutes(mux) // feeds, sitemaps and robots.txt (feeds.go, sitemaps.go)
	// "GET /" matches every path no other pattern claims.
	mux.Handle("GET /", s.handle(s.notFound))
}
