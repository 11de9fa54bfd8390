package web

import (
	"errors"
	"log/slog"
	"net/http"

	"masthead/internal/apperr"
	"masthead/internal/httpx"
)

// HandlerFunc is a handler that writes a response or returns an error for
// the surface's Errors to turn into one.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

// Failure is an error on its way to an error page.
type Failure struct {
	Status  int         // the status to answer with
	Kind    apperr.Kind // the error's kind
	Message string      // safe to show; "" for an internal error
	Err     error       // the error itself, for the log and for a page that looks closer
}

// Statuses maps error kinds to response statuses; a kind that is not
// listed (Internal among them) is a 500.
type Statuses map[apperr.Kind]int

// StatusError is an error that chooses its own status, such as a form
// shown again with its messages: it is not a fault however its kind would
// map (a sign-in over its limit is shown again with 429, not a 503).
type StatusError interface {
	error
	Status() int
}

// Errors is a surface's one adapter from handler errors to responses. Each
// surface gives its own status map and error page; what is common is here:
// a client that went away gets nothing and is not a fault, a body over its
// limit is 413, a status of 500 or more is logged with its cause, and the
// page only ever sees the safe message.
type Errors struct {
	// Surface names the surface in log lines ("admin", "site").
	Surface string
	Log     *slog.Logger
	// Statuses maps kinds to statuses.
	Statuses Statuses
	// Check, when set, runs before every handler Handle wraps: the
	// surface's check of the address (path and query string).
	Check func(r *http.Request) error
	// Page writes the error page. It must write something: a page that
	// cannot render falls back to text.
	Page func(w http.ResponseWriter, r *http.Request, f Failure)
}

// Handle adapts h: Check, then h, and any error to Fail.
func (e *Errors) Handle(h HandlerFunc) http.Handler {
	return e.HandleFunc(h)
}

// HandleFunc is Handle as an http.HandlerFunc.
func (e *Errors) HandleFunc(h HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var err error
		if e.Check != nil {
			err = e.Check(r)
		}
		if err == nil {
			err = h(w, r)
		}
		if err != nil {
			e.Fail(w, r, err)
		}
	}
}

// Fail answers r with the error page for err.
func (e *Errors) Fail(w http.ResponseWriter, r *http.Request, err error) {
	f := e.Failure(err)
	if httpx.ClientGone(r, err) {
		// Nobody is left to show a page to, and nothing failed here: not an
		// error for the operator (metrics count it as 499).
		e.log().DebugContext(r.Context(), e.Surface+": client went away", "method", r.Method, "path", r.URL.Path, "err", err)
		return
	}
	if f.Status >= 500 {
		e.log().ErrorContext(r.Context(), e.Surface+": request failed", "method", r.Method, "path", r.URL.Path, "status", f.Status, "err", err)
	}
	e.Page(w, r, f)
}

// Failure classifies err: its status, kind and safe message.
func (e *Errors) Failure(err error) Failure {
	f := Failure{Kind: apperr.KindOf(err), Message: apperr.Message(err), Err: err, Status: http.StatusInternalServerError}
	var se StatusError
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &se):
		f.Status = se.Status()
	case errors.As(err, &tooBig):
		f.Status, f.Kind = http.StatusRequestEntityTooLarge, apperr.Invalid
	default:
		if s, ok := e.Statuses[f.Kind]; ok {
			f.Status = s
		}
	}
	return f
}

func (e *Errors) log() *slog.Logger {
	if e.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return e.Log
}
