package admin

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"masthead/internal/apperr"
	"masthead/internal/auth"
	"masthead/internal/content"
	"masthead/internal/web"
)

// POST /admin/articles/checks: the editor's live checks. It takes the
// editor form as the editor posts it, runs the pre-publish checks that
// publishing runs and counts words, and answers JSON; it stores nothing.
// Every refusal is JSON too ({"error": "..."}), with the status the
// admin's pages would have: 401 signed out, 403 for another site's form, a
// form without its token or a role below contributor, 413 too large, 422
// bad input, 429 too many checks.

// checkJSON is one check as the editor's panel reads it.
type checkJSON struct {
	ID          string `json:"id"`
	Message     string `json:"message"`
	Severity    string `json:"severity"` // "block" or "warn"
	Overridable bool   `json:"overridable"`
	Field       string `json:"field"`
	Block       int    `json:"block"` // 0-based top-level body block, -1 when not in the body
	Excerpt     string `json:"excerpt"`
}

type checksJSON struct {
	Checks         []checkJSON `json:"checks"`
	Words          int         `json:"words"`
	ReadingMinutes int         `json:"reading_minutes"`
	HeadlineChars  int         `json:"headline_chars"`
}

// The live checks' rate per staff session: the editor calls them as the
// writer types (debounced), a few a second at most; a burst covers a
// paste and several fields changed at once.
const (
	checksPerSecond = 2
	checksBurst     = 10
)

var errTooManyChecks = &web.LimitError{Message: "Too many checks at once: they will run again in a moment."}

// checksLimiter keeps a token bucket per staff session, in this instance's
// memory: what it protects is this instance's processor, and a session's
// requests may reach several instances, each protecting its own
// (decision 0041). Idle buckets are forgotten.
type checksLimiter struct {
	mu      sync.Mutex
	now     func() time.Time
	buckets map[string]*checksBucket
	swept   time.Time
}

type checksBucket struct {
	lim  *rate.Limiter
	used time.Time
}

// checksIdle is how long an unused bucket is kept; a full one is the same
// as none after 5 s, so forgetting it changes nothing.
const checksIdle = time.Minute

func newChecksLimiter(now func() time.Time) *checksLimiter {
	return &checksLimiter{now: now, buckets: map[string]*checksBucket{}}
}

// allow takes one check from the session's bucket.
func (l *checksLimiter) allow(session string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if now.Sub(l.swept) > checksIdle {
		for k, b := range l.buckets {
			if now.Sub(b.used) > checksIdle {
				delete(l.buckets, k)
			}
		}
		l.swept = now
	}
	b := l.buckets[session]
	if b == nil {
		b = &checksBucket{lim: rate.NewLimiter(checksPerSecond, checksBurst)}
		l.buckets[session] = b
	}
	b.used = now
	return b.lim.AllowN(now, 1)
}

// articleChecks runs the checks on the posted editor form.
func (a *Admin) articleChecks(w http.ResponseWriter, r *http.Request) error {
	sess := sessionFrom(r.Context())
	if !a.checksLimit.allow(sess.TokenHash) {
		return errTooManyChecks
	}
	if err := checkIDFields(r); err != nil {
		return err
	}
	in := inputOf(0, readEditorForm(r), content.ActionPublish)
	in.LeadImageID = formID(r, "lead_image_id")
	if _, ok := r.PostForm["body_html"]; ok {
		in.BodyHTML = r.PostFormValue("body_html")
	}
	rep, err := a.content.Preflight(r.Context(), actor(sess), in)
	if err != nil {
		return err
	}
	out := checksJSON{Checks: make([]checkJSON, 0, len(rep.Problems)), Words: rep.Stats.Words,
		ReadingMinutes: rep.Stats.ReadingMinutes, HeadlineChars: rep.Stats.HeadlineChars}
	for _, p := range rep.Problems {
		out.Checks = append(out.Checks, checkJSON{ID: p.Code, Message: p.Message, Severity: p.Severity(), Overridable: p.Overridable,
			Field: p.Field, Block: p.Block, Excerpt: p.Excerpt})
	}
	return writeJSON(w, http.StatusOK, out)
}

// checkIDFields refuses a form whose id fields (section, series, authors,
// lead image) hold something other than a number: the editor's selects
// never send that.
func checkIDFields(r *http.Request) error {
	bad := apperr.Fields{}
	names := []string{"section", "series", "lead_image_id"}
	for i := 1; i <= maxAuthors; i++ {
		names = append(names, "author"+strconv.Itoa(i))
	}
	for _, name := range names {
		v := strings.TrimSpace(r.PostFormValue(name))
		if v == "" {
			continue
		}
		if id, err := strconv.ParseInt(v, 10, 64); err != nil || id < 0 {
			bad.Add(name, "The "+strings.ReplaceAll(name, "_", " ")+" field must be an id from the editor's list.")
		}
	}
	return bad.Err()
}

// writeJSON answers v as JSON, never cached.
func writeJSON(w http.ResponseWriter, status int, v any) error {
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, err = w.Write(body)
	return err
}

// errorJSON is every JSON refusal.
type errorJSON struct {
	Error  string            `json:"error"`
	Fields map[string]string `json:"fields,omitempty"` // a message per form field, for bad input
}

// newJSONErrors is the admin's error adapter for JSON routes: the same
// statuses as its pages, as {"error": "..."}.
func (a *Admin) newJSONErrors() *web.Errors {
	return &web.Errors{Surface: "admin", Log: a.log, Statuses: errorStatuses, Check: web.CheckAddress,
		Page: func(w http.ResponseWriter, r *http.Request, f web.Failure) {
			out := errorJSON{Error: f.Message}
			var fields apperr.Fields
			if errors.As(f.Err, &fields) {
				out.Fields = fields
				msgs := make([]string, 0, len(fields))
				for _, m := range (&page{Errors: fields}).ErrorList() {
					msgs = append(msgs, m.Message)
				}
				out.Error = strings.Join(msgs, " ")
			}
			switch {
			case f.Status == http.StatusRequestEntityTooLarge:
				out.Error = "What was sent is too large to check."
			case out.Error == "" || f.Status >= 500:
				out.Error = "Something went wrong on our side and it has been logged."
			}
			if err := writeJSON(w, f.Status, out); err != nil {
				a.log.Error("admin: write JSON error", "err", err)
			}
		}}
}

// errSignedOutJSON answers a JSON route's request without a session.
var errSignedOutJSON = &statusError{status: http.StatusUnauthorized,
	err: apperr.New(apperr.Forbidden, "You are signed out: sign in again (in another tab) and the checks will run.")}

// statusError is an error with its own status.
type statusError struct {
	status int
	err    error
}

func (e *statusError) Error() string { return e.err.Error() }
func (e *statusError) Unwrap() error { return e.err }
func (e *statusError) Status() int   { return e.status }

// staffJSON is staffForm for a route that answers JSON: same-origin only,
// a session of at least min (else 401 or 403), the body at most limit and
// the session's token, every refusal as JSON.
func (a *Admin) staffJSON(min auth.Role, limit int64, h handlerFunc) http.Handler {
	signedIn := func(w http.ResponseWriter, r *http.Request) error {
		s := sessionFrom(r.Context())
		if s == nil {
			return errSignedOutJSON
		}
		if !s.User.Role.AtLeast(min) {
			return apperr.New(apperr.Forbidden, "Your role ("+string(s.User.Role)+") cannot do this.")
		}
		return web.ReadForm(limit, checkSessionCSRF(h))(w, r)
	}
	return a.crossJSON.Handler(a.signIns(a.jsonErrs.Handle(signedIn)))
}
