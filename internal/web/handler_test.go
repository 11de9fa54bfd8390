package web_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"

	"masthead/internal/apperr"
	"masthead/internal/web"
)

// surface is a minimal surface: its error page writes the status and the
// safe message, and its log is kept.
type surface struct {
	log    bytes.Buffer
	errs   *web.Errors
	failed []web.Failure
}

func newSurface(statuses web.Statuses) *surface {
	s := &surface{}
	s.errs = &web.Errors{Surface: "test", Log: slog.New(slog.NewTextHandler(&s.log, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Statuses: statuses, Check: web.CheckAddress,
		Page: func(w http.ResponseWriter, r *http.Request, f web.Failure) {
			s.failed = append(s.failed, f)
			w.WriteHeader(f.Status)
			fmt.Fprintf(w, "page: %s", f.Message)
		}}
	return s
}

var adminLike = web.Statuses{
	apperr.NotFound:    http.StatusNotFound,
	apperr.Forbidden:   http.StatusForbidden,
	apperr.Unavailable: http.StatusServiceUnavailable,
	apperr.Invalid:     http.StatusUnprocessableEntity,
	apperr.Conflict:    http.StatusConflict,
}

type shownAgain struct{ err error }

func (e shownAgain) Error() string { return e.err.Error() }
func (e shownAgain) Unwrap() error { return e.err }
func (shownAgain) Status() int     { return http.StatusTooManyRequests }

func TestErrorsMapKindsToStatusesAndHideInternalText(t *testing.T) {
	secret := errors.New("pq: password authentication failed for user masthead at 10.0.0.5")
	cases := []struct {
		name     string
		err      error
		status   int
		body     string // the page shows exactly this
		loggedAt string // "" when nothing is logged at error level
	}{
		{"not found", apperr.New(apperr.NotFound, "No such article."), 404, "page: No such article.", ""},
		{"forbidden", apperr.New(apperr.Forbidden, "Not yours."), 403, "page: Not yours.", ""},
		{"invalid", apperr.Fields{"email": "Enter an address."}, 422, "page: invalid input: email: Enter an address.", ""},
		{"conflict", apperr.New(apperr.Conflict, "Taken."), 409, "page: Taken.", ""},
		{"unavailable", apperr.Wrap(apperr.Unavailable, "Try later.", secret), 503, "page: Try later.", "ERROR"},
		{"internal", fmt.Errorf("store: load: %w", secret), 500, "page: ", "ERROR"},
		{"wrapped internal kind", apperr.Wrap(apperr.Internal, "db said no", secret), 500, "page: ", "ERROR"},
		{"too large", &http.MaxBytesError{Limit: 10}, 413, "page: ", ""},
		{"own status", shownAgain{apperr.New(apperr.Unavailable, "Slow down.")}, 429, "page: Slow down.", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := newSurface(adminLike)
			h := s.errs.Handle(func(w http.ResponseWriter, r *http.Request) error { return tc.err })
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", "/x", nil))
			if rec.Code != tc.status || rec.Body.String() != tc.body {
				t.Errorf("got %d %q, want %d %q", rec.Code, rec.Body, tc.status, tc.body)
			}
			if strings.Contains(rec.Body.String(), "10.0.0.5") || strings.Contains(rec.Body.String(), "pq:") {
				t.Errorf("internal text shown: %q", rec.Body)
			}
			logged := strings.Contains(s.log.String(), "level=ERROR")
			if logged != (tc.loggedAt != "") {
				t.Errorf("logged at error: %v, want %v\n%s", logged, tc.loggedAt != "", s.log.String())
			}
			if logged && !strings.Contains(s.log.String(), "10.0.0.5") {
				t.Errorf("the log lacks the cause:\n%s", s.log.String())
			}
		})
	}
}

func TestErrorsUseTheSurfacesStatuses(t *testing.T) {
	// The site answers bad input with 400 and has no 403 of its own.
	s := newSurface(web.Statuses{apperr.NotFound: 404, apperr.Invalid: 400, apperr.Unavailable: 503})
	for err, want := range map[error]int{
		apperr.New(apperr.Invalid, "bad"):      400,
		apperr.New(apperr.NotFound, "none"):    404,
		apperr.New(apperr.Forbidden, "no"):     500,
		apperr.New(apperr.Unavailable, "wait"): 503,
	} {
		rec := httptest.NewRecorder()
		s.errs.Fail(rec, httptest.NewRequest("GET", "/", nil), err)
		if rec.Code != want {
			t.Errorf("%v: %d, want %d", err, rec.Code, want)
		}
	}
}

func TestErrorsWriteNothingForAClientThatWentAway(t *testing.T) {
	for name, err := range map[string]error{
		"broken pipe": fmt.Errorf("write: %w", syscall.EPIPE),
		"reset":       syscall.ECONNRESET,
		"abort":       http.ErrAbortHandler,
		"canceled":    context.Canceled,
	} {
		t.Run(name, func(t *testing.T) {
			s := newSurface(adminLike)
			ctx, cancel := context.WithCancel(context.Background())
			if name == "canceled" {
				cancel()
			} else {
				defer cancel()
			}
			rec := httptest.NewRecorder()
			s.errs.Fail(rec, httptest.NewRequest("GET", "/", nil).WithContext(ctx), err)
			if len(s.failed) != 0 || rec.Body.Len() != 0 {
				t.Errorf("a page was written for a client that went away: %q", rec.Body)
			}
			if strings.Contains(s.log.String(), "level=ERROR") || !strings.Contains(s.log.String(), "client went away") {
				t.Errorf("log:\n%s", s.log.String())
			}
		})
	}
}

func TestErrorsCheckTheAddressBeforeTheHandler(t *testing.T) {
	s := newSurface(adminLike)
	ran := false
	h := s.errs.Handle(func(w http.ResponseWriter, r *http.Request) error { ran = true; return nil })
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/admin/articles?q=%00", nil))
	if ran || rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "“q”") {
		t.Errorf("a NUL in the query string: ran %v, %d %q", ran, rec.Code, rec.Body)
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/admin/articles?q=caf%C3%A9", nil))
	if !ran || rec.Code != http.StatusOK {
		t.Errorf("a valid query: ran %v, %d", ran, rec.Code)
	}
}
