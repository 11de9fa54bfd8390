package site

import "net/http"

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
	mux.Handle("GET /media/{path...}", s.handle(s.media))
	mux.Handle("GET /assets/{name}", s.handle(s.asset))
	mux.HandleFunc("GET /robots.txt", func(w http.ResponseWriter, r *http.Request) { serve(w, r, s.robots) })
	// "GET /" matches every path no other pattern claims.
	mux.Handle("GET /", s.handle(s.notFound))
}
