package site

import (
	"context"
	"net/http"

	"masthead/internal/apperr"
	"masthead/internal/web"
)

// The one place where errors become responses: not found → 404, invalid
// input → 400, anything else → 500. Readers get a page in the site's style
// with a safe message; the log gets the cause.

// notFoundKey caches the 404 page, which is the same for every address:
// one entry however many unknown addresses are asked for.
const notFoundKey = "\x00404"

// errorCacheControl lets a CDN absorb a burst of requests for a missing
// page without hiding an article for long once it is published.
const errorCacheControl = "public, max-age=10"

// errorStatuses is how the site answers each kind of error.
var errorStatuses = web.Statuses{
	apperr.NotFound:    http.StatusNotFound,
	apperr.Invalid:     http.StatusBadRequest,
	apperr.Forbidden:   http.StatusForbidden,
	apperr.Unavailable: http.StatusServiceUnavailable,
}

// newErrors is the site's web.Errors: its statuses and its styled pages.
// Handlers wrapped by Handle have their path checked first; the page
// adapter checks the path itself, on a cache miss.
func (s *Site) newErrors() *web.Errors {
	return &web.Errors{Surface: "site", Log: s.log, Statuses: errorStatuses, Check: web.CheckPath, Page: s.failurePage}
}

// fail answers r with the error page for err (web.Errors.Fail).
func (s *Site) fail(w http.ResponseWriter, r *http.Request, err error) { s.errs.Fail(w, r, err) }

// failurePage serves the styled page for a failure; the 404 page, the same
// for every address, from the cache.
func (s *Site) failurePage(w http.ResponseWriter, r *http.Request, f web.Failure) {
	ctx := r.Context()
	if f.Status == http.StatusNotFound && s.cache != nil {
		if _, err := s.common(ctx); err == nil {
			if key, storable := s.cacheKey(r, notFoundKey); storable {
				if p := s.cache.get(key); p != nil {
					serve(w, r, p)
					return
				}
				gen := s.cache.generation()
				p := s.errorPage(ctx, r, f.Status, f.Err, false)
				s.cache.put(gen, key, p)
				serve(w, r, p)
				return
			}
		}
	}
	posted := r.Method != http.MethodGet && r.Method != http.MethodHead
	serve(w, r, s.errorPage(ctx, r, f.Status, f.Err, posted))
}

// errorPage renders the styled error page; posted says it answers a form.
// It works with the database down: the settings fall back to defaults.
func (s *Site) errorPage(ctx context.Context, r *http.Request, status int, err error, posted bool) *page {
	sh, shErr := s.common(ctx)
	if shErr != nil {
		sh = fallbackShared()
	}
	ev := &errorView{Status: status}
	switch status {
	case http.StatusNotFound:
		ev.Heading = "Page not found"
		ev.Message = "There is no page at this address. It may have moved, or the link may have a typing mistake."
	case http.StatusBadRequest:
		ev.Heading = "This address is not valid"
		if posted {
			ev.Heading = "The form could not be sent"
		}
		ev.Message = firstNonEmpty(apperr.Message(err), "The request could not be understood.")
	case http.StatusForbidden:
		// A form refused before it was read: sent from another site.
		ev.Heading = "Not sent"
		ev.Message = firstNonEmpty(apperr.Message(err), "This request was refused: nothing was changed.")
	case http.StatusRequestEntityTooLarge:
		ev.Heading = "Too large"
		ev.Message = "What you sent is too large. Go back, shorten it and try again."
	case http.StatusTooManyRequests:
		ev.Heading = "Too many requests"
		ev.Message = firstNonEmpty(apperr.Message(err), "Too many requests came from here. Please wait a while and try again.")
	case http.StatusServiceUnavailable:
		ev.Heading = "Temporarily unavailable"
		ev.Message = "This page cannot be shown at the moment. Please try again in a minute."
	default:
		ev.Heading = "Something went wrong"
		ev.Message = "We could not show this page because of a fault on our side. It has been recorded; please try again in a moment."
	}
	d := s.pageData(sh, r, ev.Heading, "")
	d.Canonical = ""
	d.Error = ev
	cacheControl := "no-store"
	if status == http.StatusNotFound {
		cacheControl = errorCacheControl
	}
	buf := getBuf()
	defer putBuf(buf)
	if rerr := s.execute(buf, view{page: "error", data: d}); rerr != nil {
		s.log.ErrorContext(ctx, "site: render error page", "status", status, "err", rerr)
		buf.Reset()
		buf.WriteString(plainErrorPage)
	}
	return newPage(status, buf.Bytes(), htmlType, cacheControl, s.now(), s.cache != nil)
}

// plainErrorPage is the last resort when even the error template fails.
const plainErrorPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Error</title></head>
<body><main><h1>Something went wrong</h1><p>Please try again in a moment. <a href="/">Front page</a></p></main></body></html>
`
