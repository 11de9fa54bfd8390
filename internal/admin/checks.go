package admin

import (
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"masthead/internal/apperr"
	"masthead/internal/content"
	"masthead/internal/web"
)

// POST /admin/articles/checks: the editor's live checks. It takes the
// editor form as the editor posts it, runs the pre-publish checks that
// publishing runs and counts words, and answers JSON; it stores nothing.
// Every refusal is JSON too ({"error": "..."}, staffJSON in media_json.go):
// 401 signed out, 403 for another site's form or a form without its token,
// 413 too large, 422 bad input, 429 too many checks (decision 0041).

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
func (a *Admin) articleChecks(w http.ResponseWriter, r *http.Request) (int, any, error) {
	sess := sessionFrom(r.Context())
	if !a.checksLimit.allow(sess.TokenHash) {
		return 0, nil, errTooManyChecks
	}
	if err := checkIDFields(r); err != nil {
		return 0, nil, err
	}
	in := inputOf(0, readEditorForm(r), content.ActionPublish)
	in.LeadImageID = formID(r, "lead_image_id")
	if _, ok := r.PostForm["body_html"]; ok {
		in.BodyHTML = r.PostFormValue("body_html")
	}
	rep, err := a.content.Preflight(r.Context(), actor(sess), in)
	if err != nil {
		return 0, nil, err
	}
	out := checksJSON{Checks: make([]checkJSON, 0, len(rep.Problems)), Words: rep.Stats.Words,
		ReadingMinutes: rep.Stats.ReadingMinutes, HeadlineChars: rep.Stats.HeadlineChars}
	for _, p := range rep.Problems {
		out.Checks = append(out.Checks, checkJSON{ID: p.Code, Message: p.Message, Severity: p.Severity(), Overridable: p.Overridable,
			Field: p.Field, Block: p.Block, Excerpt: p.Excerpt})
	}
	return http.StatusOK, out, nil
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
