package admin

import (
	"errors"
	"net/http"

	"masthead/internal/apperr"
	"masthead/internal/httpx"
	"masthead/internal/store"
)

// handlerFunc is an admin handler: it writes a page or returns an error for
// handle to turn into one.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// Refusals that have their own wording.
var (
	errFormExpired = apperr.New(apperr.Forbidden, "This form has expired. Reload the page and try again: nothing was changed.")
	errCrossOrigin = apperr.New(apperr.Forbidden, "This form was sent from another site, so it was refused: nothing was changed.")
	errNotFound    = apperr.New(apperr.NotFound, "There is nothing at this address.")
)

// formError asks handle to show a form again, with what was typed and the
// messages of err next to the fields they are about.
type formError struct {
	page string
	p    *page
	err  error
}

func (e *formError) Error() string { return e.err.Error() }
func (e *formError) Unwrap() error { return e.err }

// again returns err as a formError for the page when it is a validation or
// rate-limit error the person can act on, else err itself.
func again(name string, p *page, err error) error {
	switch apperr.KindOf(err) {
	case apperr.Invalid, apperr.Unavailable:
		return &formError{page: name, p: p, err: err}
	}
	return err
}

// handle is the one adapter from handler errors to pages: a form again with
// 422 (429 when rate limited, 409 when overtaken by another save), 404, 403, 413, 503, or a generic 500 whose
// cause only the log sees. An address whose path or query string holds
// characters that cannot be stored is refused (422) before h runs.
func (a *Admin) handle(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := httpx.CheckAddress(r)
		if err == nil {
			err = h(w, r)
		}
		if err != nil {
			a.fail(w, r, err)
		}
	})
}

func (a *Admin) fail(w http.ResponseWriter, r *http.Request, err error) {
	if httpx.ClientGone(r, err) {
		// Nobody is left to show a page to, and nothing failed here: not an
		// error for the operator (metrics count it as 499).
		a.log.Debug("admin: client went away", "method", r.Method, "path", r.URL.Path, "err", err)
		return
	}
	var fe *formError
	if errors.As(err, &fe) {
		status := http.StatusUnprocessableEntity
		switch apperr.KindOf(fe.err) {
		case apperr.Unavailable:
			status = http.StatusTooManyRequests
		case apperr.Conflict:
			status = http.StatusConflict // saved by someone else meanwhile
		case apperr.Forbidden:
			status = http.StatusForbidden
		}
		fe.p.setError(fe.err)
		if rerr := a.render(w, r, status, fe.page, fe.p); rerr == nil {
			return
		} else {
			err = rerr
		}
	}
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		a.errorPage(w, r, http.StatusRequestEntityTooLarge, "Too large",
			"What you sent is too large: an upload can be at most 10 MB and other forms 1 MB. Go back, choose a smaller file and try again.")
		return
	}
	msg := apperr.Message(err)
	switch apperr.KindOf(err) {
	case apperr.NotFound:
		if msg == "" || errors.Is(err, store.ErrNotFound) {
			msg = errNotFound.Error()
		}
		a.errorPage(w, r, http.StatusNotFound, "Not found", msg)
	case apperr.Forbidden:
		a.errorPage(w, r, http.StatusForbidden, "Not allowed", msg)
	case apperr.Unavailable:
		a.errorPage(w, r, http.StatusServiceUnavailable, "Try again later", msg)
	case apperr.Invalid:
		a.errorPage(w, r, http.StatusUnprocessableEntity, "Cannot do that", msg)
	case apperr.Conflict:
		if errors.Is(err, store.ErrConflict) {
			msg = "This clashes with something already saved. Go back, change it and try again."
		}
		a.errorPage(w, r, http.StatusConflict, "Already taken", msg)
	default:
		a.log.Error("admin: request failed", "method", r.Method, "path", r.URL.Path, "err", err)
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
