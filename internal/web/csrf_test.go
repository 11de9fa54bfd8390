package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"masthead/internal/apperr"
	"masthead/internal/web"
)

// publicSite is a public surface with a form on a cached page (no token in
// it) at /newsletters/subscribe, a form embeddable on other sites at
// /embed/subscribe, and another state-changing route.
func publicSite(t *testing.T) (http.Handler, *[]string) {
	var done []string
	s := newSurface(web.Statuses{apperr.Forbidden: http.StatusForbidden})
	co := web.NewCrossOrigin(s.errs.Handle(func(w http.ResponseWriter, r *http.Request) error {
		return apperr.New(apperr.Forbidden, "sent from another site")
	}))
	co.Exempt("POST /embed/subscribe")
	record := func(w http.ResponseWriter, r *http.Request) error {
		done = append(done, r.URL.Path+" "+r.PostFormValue("email"))
		w.Write([]byte("Check your inbox"))
		return nil
	}
	mux := http.NewServeMux()
	mux.Handle("POST /newsletters/subscribe", co.Handler(s.errs.Handle(web.ReadForm(web.FormLimit, record))))
	mux.Handle("POST /embed/subscribe", co.Handler(s.errs.Handle(web.ReadForm(web.FormLimit, record))))
	mux.Handle("POST /preferences", co.Handler(s.errs.Handle(web.ReadForm(web.FormLimit, record))))
	mux.Handle("GET /newsletters", co.Handler(s.errs.Handle(func(w http.ResponseWriter, r *http.Request) error {
		w.Write([]byte("the list"))
		return nil
	})))
	return mux, &done
}

func TestCrossOriginRefusesForgedPostsAndLetsSameOriginFormsThrough(t *testing.T) {
	cases := []struct {
		name    string
		method  string
		path    string
		headers map[string]string
		status  int
	}{
		// A browser posting the form of a cached page on this site: no token.
		{"same origin, modern browser", "POST", "/newsletters/subscribe", map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": "https://news.example"}, 200},
		{"same origin, Origin only", "POST", "/newsletters/subscribe", map[string]string{"Origin": "https://news.example"}, 200},
		{"typed or bookmarked (none)", "POST", "/newsletters/subscribe", map[string]string{"Sec-Fetch-Site": "none"}, 200},
		{"not a browser", "POST", "/newsletters/subscribe", nil, 200},
		// Another site's page posting here.
		{"cross-site", "POST", "/newsletters/subscribe", map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}, 403},
		{"cross-site without Origin", "POST", "/newsletters/subscribe", map[string]string{"Sec-Fetch-Site": "cross-site"}, 403},
		{"same site, other host", "POST", "/newsletters/subscribe", map[string]string{"Sec-Fetch-Site": "same-site", "Origin": "https://blog.news.example"}, 403},
		{"old browser, foreign Origin", "POST", "/newsletters/subscribe", map[string]string{"Origin": "https://evil.example"}, 403},
		{"old browser, null Origin", "POST", "/newsletters/subscribe", map[string]string{"Origin": "null"}, 403},
		{"cross-site on another form", "POST", "/preferences", map[string]string{"Sec-Fetch-Site": "cross-site"}, 403},
		// The embeddable sign-up form is the one route open to other sites.
		{"embedded form from another site", "POST", "/embed/subscribe", map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://partner.example"}, 200},
		// Reading is never refused.
		{"cross-site GET", "GET", "/newsletters", map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}, 200},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h, done := publicSite(t)
			var req *http.Request
			if tc.method == "POST" {
				req = post(url.Values{"email": {"reader@example.org"}}.Encode(), "application/x-www-form-urlencoded")
				req.URL.Path = tc.path
			} else {
				req = httptest.NewRequest(tc.method, tc.path, nil)
			}
			req.Host = "news.example"
			for k, v := range tc.headers {
				req.Header.Set(k, v)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != tc.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tc.status, rec.Body)
			}
			if tc.status == 403 {
				if len(*done) != 0 {
					t.Errorf("a refused post ran its handler: %v", *done)
				}
				if !strings.Contains(rec.Body.String(), "another site") {
					t.Errorf("the surface's refusal page was not used: %q", rec.Body)
				}
			}
			if tc.method == "POST" && tc.status == 200 && len(*done) != 1 {
				t.Errorf("an accepted post did not run its handler once: %v", *done)
			}
		})
	}
}

func TestFormTokenIsADoubleSubmit(t *testing.T) {
	ft := web.FormToken{Cookie: "masthead_form", Path: "/admin", Secure: true}
	refused := apperr.New(apperr.Forbidden, "expired")

	// A first visit sets the cookie; later ones reuse it.
	rec := httptest.NewRecorder()
	tok := ft.Token(rec, httptest.NewRequest("GET", "/admin/login", nil))
	set := rec.Header().Get("Set-Cookie")
	for _, want := range []string{"masthead_form=" + tok, "Path=/admin", "HttpOnly", "Secure", "SameSite=Lax"} {
		if !strings.Contains(set, want) {
			t.Errorf("cookie %q lacks %q", set, want)
		}
	}
	again := httptest.NewRequest("GET", "/admin/login", nil)
	again.AddCookie(&http.Cookie{Name: "masthead_form", Value: tok})
	rec = httptest.NewRecorder()
	if ft.Token(rec, again) != tok || rec.Header().Get("Set-Cookie") != "" {
		t.Error("a browser with a token got a new one")
	}

	other := web.NewToken()
	for _, tc := range []struct {
		name   string
		cookie string
		field  string
		ok     bool
	}{
		{"cookie and field agree", tok, tok, true},
		{"no cookie", "", tok, false},
		{"no field", tok, "", false},
		{"another browser's token", other, tok, false},
		{"a cookie not of our making", "x", "x", false},
	} {
		s := newSurface(web.Statuses{apperr.Forbidden: 403})
		ran := false
		h := s.errs.Handle(web.ReadForm(web.FormLimit, ft.Require(refused, func(w http.ResponseWriter, r *http.Request) error { ran = true; return nil })))
		req := post(url.Values{web.TokenField: {tc.field}}.Encode(), "application/x-www-form-urlencoded")
		if tc.cookie != "" {
			req.AddCookie(&http.Cookie{Name: "masthead_form", Value: tc.cookie})
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if ran != tc.ok || (rec.Code == 200) != tc.ok {
			t.Errorf("%s: ran %v, status %d", tc.name, ran, rec.Code)
		}
	}
}

func TestTokenMatches(t *testing.T) {
	if web.TokenMatches("", "") {
		t.Error("an empty expected token matched")
	}
	if !web.TokenMatches("abc", "abc") || web.TokenMatches("abc", "abd") || web.TokenMatches("abc", "") {
		t.Error("TokenMatches compares wrongly")
	}
}
