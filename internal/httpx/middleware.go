// Package httpx holds the HTTP plumbing every surface shares: middleware for
// request ids, logging, panics, security headers, body limits, compression
// and metrics.
package httpx

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"log/slog"
	"net/http"
	"strings"
	"time"
)

type ctxKey int

const requestIDKey ctxKey = iota

// RequestID returns the id given to the request by the RequestID middleware.
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

// WithRequestID gives every request an id (kept from X-Request-Id when a
// proxy set a sane one) and returns it in the response.
func WithRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-Id")
		if id == "" || len(id) > 64 || strings.ContainsAny(id, " \r\n") {
			var b [8]byte
			_, _ = rand.Read(b[:])
			id = hex.EncodeToString(b[:])
		}
		w.Header().Set("X-Request-Id", id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestIDKey, id)))
	})
}

// Recover turns a panic into a 500 and a log line instead of a dropped
// connection.
func Recover(logger *slog.Logger) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			defer func() {
				if v := recover(); v != nil {
					if v == http.ErrAbortHandler {
						panic(v) // net/http closes the connection quietly
					}
					if err, ok := v.(error); ok && ClientGone(r, err) {
						logger.Debug("panic after the client went away", "err", v, "path", r.URL.Path, "request_id", RequestID(r.Context()))
						return
					}
					logger.Error("panic", "err", v, "path", r.URL.Path, "request_id", RequestID(r.Context()))
					http.Error(w, "Internal Server Error", http.StatusInternalServerError)
				}
			}()
			next.ServeHTTP(w, r)
		})
	}
}

// AccessLog logs one line per request at the given level. Public page hits
// are many and cheap: operators choose the level (debug keeps them quiet).
func AccessLog(logger *slog.Logger, level slog.Level) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !logger.Enabled(r.Context(), level) {
				next.ServeHTTP(w, r)
				return
			}
			start := time.Now()
			sw := &statusWriter{ResponseWriter: w}
			next.ServeHTTP(sw, r)
			logger.Log(r.Context(), level, "request", "method", r.Method, "path", r.URL.Path, "status", sw.result(r),
				"bytes", sw.bytes, "dur", time.Since(start), "request_id", RequestID(r.Context()))
		})
	}
}

// SecurityHeaders sets the headers every response carries. The CSP allows
// nothing from other origins and no inline script or style.
func SecurityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		SetSecurityHeaders(w.Header())
		next.ServeHTTP(w, r)
	})
}

// securityHeaders are shared, read-only values: setting them is a few map
// assignments, with no allocation per request. Each header costs every
// response (a cache hit is mostly header writing), so only those that do
// something in current browsers are sent: frame-ancestors in the CSP
// supersedes X-Frame-Options, and there is no cross-origin window or
// browser feature here that COOP or Permissions-Policy would guard.
var securityHeaders = [...]struct {
	key string
	val []string
}{
	{"Content-Security-Policy", []string{basePolicy}},
	{"X-Content-Type-Options", []string{"nosniff"}},
	{"Referrer-Policy", []string{"strict-origin-when-cross-origin"}},
}

// basePolicy is the Content-Security-Policy of every response: nothing
// from other origins.
const basePolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// PolicyWithFrames is the Content-Security-Policy of a page that embeds
// frames from exactly these origins (an article with embeds), and no others.
func PolicyWithFrames(origins []string) string {
	if len(origins) == 0 {
		return basePolicy
	}
	return basePolicy + "; frame-src " + strings.Join(origins, " ")
}

// SetSecurityHeaders writes the security headers into h.
func SetSecurityHeaders(h http.Header) {
	for _, f := range securityHeaders {
		h[f.key] = f.val[:1:1]
	}
}

// LimitBody caps request bodies; uploads get their own larger limit in the
// handlers that accept them.
func LimitBody(max int64) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.ContentLength > max && !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
				http.Error(w, "Request body too large", http.StatusRequestEntityTooLarge)
				return
			}
			if r.Body != nil && !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
				r.Body = http.MaxBytesReader(w, r.Body, max)
			}
			next.ServeHTTP(w, r)
		})
	}
}

// statusWriter remembers the status and size of a response, and whether
// writing it failed.
type statusWriter struct {
	http.ResponseWriter
	code   int
	bytes  int
	failed error
}

func (s *statusWriter) WriteHeader(code int) {
	if s.code == 0 {
		s.code = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusWriter) Write(b []byte) (int, error) {
	if s.code == 0 {
		s.code = http.StatusOK
	}
	n, err := s.ResponseWriter.Write(b)
	s.bytes += n
	if err != nil && s.failed == nil {
		s.failed = err
	}
	return n, err
}

// result is the status to record once the handler has returned:
// StatusClientClosed when the client went away before the answer reached
// it (a write failed because of that, or the request was canceled with no
// answer or an error answer written), else the status written.
func (s *statusWriter) result(r *http.Request) int {
	if ClientGone(r, s.failed) {
		return StatusClientClosed
	}
	if (s.code == 0 || s.code >= 500) && ClientGone(r, r.Context().Err()) {
		return StatusClientClosed
	}
	return s.status()
}

func (s *statusWriter) status() int {
	if s.code == 0 {
		return http.StatusOK
	}
	return s.code
}

func (s *statusWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// Chain applies middleware so that the first listed runs first.
func Chain(h http.Handler, mw ...func(http.Handler) http.Handler) http.Handler {
	for i := len(mw) - 1; i >= 0; i-- {
		h = mw[i](h)
	}
	return h
}

// RequireBearer lets through only requests that carry
// "Authorization: Bearer token", and answers others 401. Tokens are
// compared as SHA-256 digests in constant time, so neither their bytes nor
// their length leak through timing.
func RequireBearer(token string) func(http.Handler) http.Handler {
	want := sha256.Sum256([]byte(token))
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			scheme, got, _ := strings.Cut(r.Header.Get("Authorization"), " ")
			sum := sha256.Sum256([]byte(strings.TrimSpace(got)))
			if !strings.EqualFold(scheme, "Bearer") || subtle.ConstantTimeCompare(sum[:], want[:]) != 1 {
				w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
				w.Header().Set("Cache-Control", "no-store")
				http.Error(w, "Unauthorized", http.StatusUnauthorized)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}
