package site

import (
	"net/http"

	"masthead/internal/apperr"
	"masthead/internal/web"
)

// Public forms (newsletter sign-up, from issue 7) sit on cached pages, so
// they carry no token of their reader. What refuses a forged post is the
// browser's own word on where it came from (web.CrossOrigin, decision
// 0017); what limits abuse is web.Limit on the shared counters.

// errCrossSite is the refusal of a form posted from another site.
var errCrossSite = apperr.New(apperr.Forbidden, "This form was sent from another site, so it was refused: nothing was changed.")

// newCrossOrigin refuses state-changing requests from other sites with the
// site's 403 page.
func (s *Site) newCrossOrigin() *web.CrossOrigin {
	return web.NewCrossOrigin(s.handle(func(w http.ResponseWriter, r *http.Request) error { return errCrossSite }))
}

// form adapts a public form's handler: refused when posted from another
// site, path checked, body read (1 MB, no unstorable characters) before h.
// Its answers are never cached.
func (s *Site) form(h web.HandlerFunc) http.Handler {
	return s.cross.Handler(s.handle(web.ReadForm(web.FormLimit, h)))
}

// embeddableForm registers a form that pages on other sites may post to
// (the sign-up snippet): the one kind of route exempt from the cross-site
// refusal. Only a handler harmless when forged belongs here: one whose
// whole effect is to start a double opt-in, limited per client and per
// address. Every answer it gives, error pages included (a 429 from the
// limit, a 413), may be framed like the form, or a reader of the page
// that embeds it would see an empty frame instead of the message.
func (s *Site) embeddableForm(mux *http.ServeMux, pattern string, h web.HandlerFunc) {
	s.cross.Exempt(pattern)
	form := s.form(h)
	mux.Handle(pattern, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", embedCSP)
		form.ServeHTTP(w, r)
	}))
}
