package admin

import (
	"errors"
	"net/http"

	"masthead/internal/apperr"
	"masthead/internal/store"
	"masthead/internal/web"
)

// handlerFunc is an admin handler: it writes a page or returns an error for
// the admin's web.Errors to turn into one.
type handlerFunc = web.HandlerFunc

// Refusals that have their own wording.
var (
	errFormExpired = apperr.New(apperr.Forbidden, "This form has expired. Reload the page and try again: nothing was changed.")
	errCrossOrigin = apperr.New(apperr.Forbidden, "This form was sent from another site, so it was refused: nothing was changed.")
	errNotFound    = apperr.New(apperr.NotFound, "There is nothing at this address.")
)

// errorStatuses is how the admin answers each kind of error.
var errorStatuses = web.Statuses{
	apperr.NotFound:    http.StatusNotFound,
	apperr.Forbidden:   http.StatusForbidden,
	apperr.Unavailable: http.StatusServiceUnavailable,
	apperr.Invalid:     http.StatusUnprocessableEntity,
	apperr.Conflict:    http.StatusConflict,
}

// formError asks for a form to be shown again, with what was typed and the
// messages of err next to the fields they are about.
type formError struct {
	page string
	p    *page
	err  error
}

func (e *formError) Error() string { return e.err.Error() }
func (e *formError) Unwrap() error { return e.err }

// Status is 422, 429 when rate limited, 409 when overtaken by another save,
// 403 when refused.
func (e *formError) Status() int {
	switch apperr.KindOf(e.err) {
	case apperr.Unavailable:
		return http.StatusTooManyRequests
	case apperr.Conflict:
		return http.StatusConflict // saved by someone else meanwhile
	case apperr.Forbidden:
		return http.StatusForbidden
	}
	return http.StatusUnprocessableEntity
}

// again returns err as a formError for the page when it is a validation or
// rate-limit error the person can act on, else err itself.
func again(name string, p *page, err error) error {
	switch apperr.KindOf(err) {
	case apperr.Invalid, apperr.Unavailable:
		return &formError{page: name, p: p, err: err}
	}
	return err
}

// newErrors is the admin's one adapter from handler errors to pages (a form
// again, 404, 403, 413, 422, 409, 503, or a generic 500 whose cause only
// the log sees). An address whose path or query string holds characters
// that cannot be stored is refused (422) before any handler runs.
func (a *Admin) newErrors() *web.Errors {
	return &web.Errors{Surface: "admin", Log: a.log, Statuses: errorStatuses, Check: web.CheckAddress, Page: a.failurePage}
}

// handle adapts an admin handler (web.Errors.Handle).
func (a *Admin) handle(h handlerFunc) http.Handler { return a.errs.Handle(h) }

// fail answers r with the page for err.
func (a *Admin) fail(w http.ResponseWriter, r *http.Request, err error) { a.errs.Fail(w, r, err) }

// failurePage draws the admin's page for a failure.
func (a *Admin) failurePage(w http.ResponseWriter, r *http.Request, f web.Failure) {
	if wantsJSON(r) {
		jsonFailure(w, f)
		return
	}
	var fe *formError
	if errors.As(f.Err, &fe) {
		fe.p.setError(fe.err)
		rerr := a.render(w, r, f.Status, fe.page, fe.p)
		if rerr == nil {
			return
		}
		a.fail(w, r, rerr)
		return
	}
	msg := f.Message
	switch f.Status {
	case http.StatusRequestEntityTooLarge:
		a.errorPage(w, r, f.Status, "Too large",
			"What you sent is too large: an upload can be at most 10 MB and other forms 1 MB. Go back, choose a smaller file and try again.")
	case http.StatusNotFound:
		if msg == "" || errors.Is(f.Err, store.ErrNotFound) {
			msg = errNotFound.Error()
		}
		a.errorPage(w, r, f.Status, "Not found", msg)
	case http.StatusForbidden:
		a.errorPage(w, r, f.Status, "Not allowed", msg)
	case http.StatusServiceUnavailable:
		a.errorPage(w, r, f.Status, "Try again later", msg)
	case http.StatusUnprocessableEntity:
		a.errorPage(w, r, f.Status, "Cannot do that", msg)
	case http.StatusConflict:
		if errors.Is(f.Err, store.ErrConflict) {
			msg = "This clashes with something already saved. Go back, change it and try again."
		}
		a.errorPage(w, r, f.Status, "Already taken", msg)
	default:
		a.errorPage(w, r, http.StatusInternalServerError, "Something went wrong",
			"Something went wrong on our side and it has been logged. Try again; if it keeps happening, tell your administrator.")
	}
}

// errorPage shows a message page; if even that fails it falls back to text.
func (a *Admin) errorPage(w http.ResponseWriter, r *http.Request, status int, title, msg string) {
	p := &page{Title: title, Data: msg}
	if err := a.render(w, r, status, "error", p); err != nil {
		a.log.Error("admin: render error page", "err", err)
		http.Error(w, msg, status)
	}
}

// notFound answers addresses under /admin that match no page.
func (a *Admin) notFound(w http.ResponseWriter, r *http.Request) error { return errNotFound }
