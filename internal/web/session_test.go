package web_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/web"
)

type staffSession struct{ name string }
type readerSession struct{ id int64 }

// tokens stands for the sessions table: each row has its kind.
var tokens = map[string]web.Kind{"staff-tok": web.Staff, "reader-tok": web.Reader, "renew-tok": web.Staff}

func sessionsOf[S any](kind web.Kind, make func(tok string) S, asked *[]string) *web.Sessions[S] {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	return web.NewSessions(kind, func(ctx context.Context, tok string) (S, web.Lease, error) {
		*asked = append(*asked, tok)
		var zero S
		if tok == "broken" {
			return zero, web.Lease{}, errors.New("database down")
		}
		if tokens[tok] != kind {
			return zero, web.Lease{}, apperr.New(apperr.NotFound, "no session")
		}
		return make(tok), web.Lease{Expires: now.Add(14 * 24 * time.Hour), Renewed: tok == "renew-tok"}, nil
	}, true, func() time.Time { return now })
}

// whoami answers with the staff and reader sessions in the request's
// context, as both surfaces' handlers would see them.
func whoami(w http.ResponseWriter, r *http.Request) {
	if s := web.From[staffSession](r.Context(), web.Staff); s != nil {
		w.Write([]byte("staff:" + s.name + " "))
	}
	if s := web.From[readerSession](r.Context(), web.Reader); s != nil {
		w.Write([]byte("reader "))
	}
	// A session of one kind is never found under the other, whatever type
	// is asked for.
	if web.From[staffSession](r.Context(), web.Reader) != nil || web.From[readerSession](r.Context(), web.Staff) != nil {
		w.Write([]byte("MIXED"))
	}
}

func TestSessionsAreKeptApartByKind(t *testing.T) {
	var staffAsked, readerAsked []string
	staff := sessionsOf(web.Staff, func(tok string) staffSession { return staffSession{tok} }, &staffAsked)
	reader := sessionsOf(web.Reader, func(string) readerSession { return readerSession{7} }, &readerAsked)
	fail := func(w http.ResponseWriter, r *http.Request, err error) { http.Error(w, "failed", 500) }
	newsroom := staff.Middleware(fail)(http.HandlerFunc(whoami))
	public := reader.Middleware(fail)(http.HandlerFunc(whoami))

	cases := []struct {
		name    string
		h       http.Handler
		cookies map[string]string
		want    string
	}{
		{"staff cookie in the newsroom", newsroom, map[string]string{"masthead_session": "staff-tok"}, "staff:staff-tok "},
		// A reader's cookie goes to /admin too (its path is /): the
		// newsroom never reads it, even holding a staff token.
		{"reader cookie in the newsroom", newsroom, map[string]string{"masthead_reader": "reader-tok"}, ""},
		{"staff token in the reader cookie", newsroom, map[string]string{"masthead_reader": "staff-tok"}, ""},
		// A reader's token put into the staff cookie is not a staff row.
		{"reader token in the staff cookie", newsroom, map[string]string{"masthead_session": "reader-tok"}, ""},
		{"reader cookie on the site", public, map[string]string{"masthead_reader": "reader-tok"}, "reader "},
		{"staff cookie on the site", public, map[string]string{"masthead_session": "staff-tok"}, ""},
		{"both cookies in the newsroom", newsroom, map[string]string{"masthead_session": "staff-tok", "masthead_reader": "reader-tok"}, "staff:staff-tok "},
		{"no cookie", newsroom, nil, ""},
		{"ended session", newsroom, map[string]string{"masthead_session": "gone"}, ""},
	}
	for _, tc := range cases {
		staffAsked, readerAsked = nil, nil
		req := httptest.NewRequest("GET", "/admin", nil)
		for k, v := range tc.cookies {
			req.AddCookie(&http.Cookie{Name: k, Value: v})
		}
		rec := httptest.NewRecorder()
		tc.h.ServeHTTP(rec, req)
		if rec.Code != 200 || rec.Body.String() != tc.want {
			t.Errorf("%s: %d %q, want %q", tc.name, rec.Code, rec.Body, tc.want)
		}
		for _, tok := range staffAsked {
			if tok != tc.cookies["masthead_session"] {
				t.Errorf("%s: staff sessions looked up %q, not from the staff cookie", tc.name, tok)
			}
		}
		for _, tok := range readerAsked {
			if tok != tc.cookies["masthead_reader"] {
				t.Errorf("%s: reader sessions looked up %q, not from the reader cookie", tc.name, tok)
			}
		}
	}
}

func TestSessionCookiesByKind(t *testing.T) {
	var asked []string
	staff := sessionsOf(web.Staff, func(tok string) staffSession { return staffSession{tok} }, &asked)
	reader := sessionsOf(web.Reader, func(string) readerSession { return readerSession{7} }, &asked)
	for _, tc := range []struct {
		name  string
		start func(w http.ResponseWriter)
		want  []string
	}{
		{"staff", func(w http.ResponseWriter) {
			staff.Start(w, "t", time.Date(2026, 12, 15, 12, 0, 0, 0, time.UTC))
		}, []string{"masthead_session=t", "Path=/admin", "Max-Age=1209600", "HttpOnly", "Secure", "SameSite=Lax"}},
		{"reader", func(w http.ResponseWriter) {
			reader.Start(w, "t", time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC))
		}, []string{"masthead_reader=t", "Path=/;", "Max-Age=86400", "HttpOnly", "Secure", "SameSite=Lax"}},
		{"staff sign-out", func(w http.ResponseWriter) { staff.End(w) }, []string{"masthead_session=;", "Path=/admin", "Max-Age=0"}},
		{"reader sign-out", func(w http.ResponseWriter) { reader.End(w) }, []string{"masthead_reader=;", "Path=/;", "Max-Age=0"}},
	} {
		rec := httptest.NewRecorder()
		tc.start(rec)
		got := rec.Header().Get("Set-Cookie")
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: cookie %q lacks %q", tc.name, got, w)
			}
		}
	}
	if staff.CookieName() == reader.CookieName() {
		t.Error("staff and readers share a cookie")
	}
}

func TestSessionsRenewAndFail(t *testing.T) {
	var asked []string
	staff := sessionsOf(web.Staff, func(tok string) staffSession { return staffSession{tok} }, &asked)
	var failed error
	h := staff.Middleware(func(w http.ResponseWriter, r *http.Request, err error) {
		failed = err
		http.Error(w, "failed", 500)
	})(http.HandlerFunc(whoami))

	req := httptest.NewRequest("GET", "/admin", nil)
	req.AddCookie(&http.Cookie{Name: "masthead_session", Value: "renew-tok"})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if ck := rec.Header().Get("Set-Cookie"); !strings.Contains(ck, "masthead_session=renew-tok") || !strings.Contains(ck, "Max-Age=1209600") {
		t.Errorf("a renewed session's cookie was not set again: %q", ck)
	}
	req = httptest.NewRequest("GET", "/admin", nil)
	req.AddCookie(&http.Cookie{Name: "masthead_session", Value: "staff-tok"})
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if ck := rec.Header().Get("Set-Cookie"); ck != "" {
		t.Errorf("a session that was not renewed set its cookie: %q", ck)
	}

	// A lookup that fails is not "signed out": the request fails.
	req = httptest.NewRequest("GET", "/admin", nil)
	req.AddCookie(&http.Cookie{Name: "masthead_session", Value: "broken"})
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 500 || failed == nil {
		t.Errorf("a failed lookup: %d, %v", rec.Code, failed)
	}
}
