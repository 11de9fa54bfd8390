package web

import (
	"errors"
	"mime/multipart"
	"net/http"
	"strings"

	"masthead/internal/apperr"
	"masthead/internal/httpx"
)

// FormLimit is the most a form without a file may send.
const FormLimit = 1 << 20

// ReadForm caps the body (at limit for a multipart form, which may carry a
// file, and at most FormLimit for any other) and parses it before h, so a
// token check can read the form of either kind. A form holding a NUL byte,
// another control character or invalid UTF-8, in a value, a name or a file
// name, is refused here with an Invalid error naming the field, before any
// handler reads it. A body over the limit is an *http.MaxBytesError
// (Errors answers 413).
func ReadForm(limit int64, h HandlerFunc) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if err := ParseForm(w, r, limit); err != nil {
			return err
		}
		return h(w, r)
	}
}

// ParseForm is ReadForm's work, for a handler that reads its form itself.
func ParseForm(w http.ResponseWriter, r *http.Request, limit int64) error {
	var err error
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		err = r.ParseMultipartForm(1 << 20)
	} else {
		// Only a file makes a form large.
		r.Body = http.MaxBytesReader(w, r.Body, min(limit, FormLimit))
		err = r.ParseForm()
	}
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return tooBig
		}
		if errors.Is(err, multipart.ErrMessageTooLarge) {
			// The text fields of a multipart form outgrew what the parser
			// keeps in memory, before the body limit was reached.
			return &http.MaxBytesError{Limit: limit}
		}
		return apperr.Wrap(apperr.Invalid, "The form could not be read. Reload the page and try again.", err)
	}
	return httpx.CheckForm(r)
}

// CheckAddress refuses a request whose decoded path or query string holds
// characters that cannot be stored (an Invalid error naming the
// parameter): the check a surface whose pages read the query string gives
// Errors.Check.
func CheckAddress(r *http.Request) error { return httpx.CheckAddress(r) }

// CheckPath refuses a request whose decoded path holds characters that
// cannot be stored: the check of a surface that ignores query strings it
// does not read.
func CheckPath(r *http.Request) error { return httpx.CheckPath(r) }
