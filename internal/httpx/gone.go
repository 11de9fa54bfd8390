package httpx

import (
	"context"
	"errors"
	"net/http"
	"syscall"
)

// StatusClientClosed is what metrics and logs record for a request whose
// client went away before it was answered: nginx's 499 "client closed
// request". It is never sent (there is nobody to send it to). Counting it
// as 500 would page an operator for readers closing a tab.
const StatusClientClosed = 499

// ClientGone reports whether err, met while answering r, means the client
// went away rather than that something failed here: r's context was
// canceled (net/http cancels it when the connection closes), a write found
// the connection broken or reset, or a handler aborted with
// http.ErrAbortHandler.
func ClientGone(r *http.Request, err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, http.ErrAbortHandler) || errors.Is(err, syscall.EPIPE) || errors.Is(err, syscall.ECONNRESET) {
		return true
	}
	return errors.Is(r.Context().Err(), context.Canceled)
}
