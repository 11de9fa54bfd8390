package app_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"masthead/internal/store/storetest"
)

// The demo's article pages carry the sign-up block through the real
// middleware; only the framed form may be framed by other sites, and only
// its route takes posts from them (decision 0020).
func TestSignUpThroughTheApplication(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			srv, ts := newServer(t, e, true)
			_, home := get(t, ts.URL+"/")
			slug := regexp.MustCompile(`href="/articles/([a-z0-9-]+)"`).FindStringSubmatch(home)
			if slug == nil {
				t.Fatal("no article on the home page")
			}
			res, page := get(t, ts.URL+"/articles/"+slug[1])
			if res.StatusCode != 200 || !strings.Contains(page, `action="/newsletters/subscribe"`) || !strings.Contains(page, "The Saturday Guide") {
				t.Fatalf("article: %d, no sign-up block", res.StatusCode)
			}
			if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") {
				t.Errorf("article CSP %q", csp)
			}
			// Renaming a newsletter in the admin's service rebuilds the forms.
			nls, err := srv.Newsletters.Newsletters(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			nls[0].Name = "The Saturday Guide, renamed"
			if _, err := srv.Newsletters.SaveNewsletter(context.Background(), nls[0]); err != nil {
				t.Fatal(err)
			}
			if _, page := get(t, ts.URL+"/articles/"+slug[1]); !strings.Contains(page, "The Saturday Guide, renamed") {
				t.Error("the article page still shows the newsletter's old name after it was saved")
			}
			res, _ = get(t, ts.URL+"/newsletters/embed")
			if csp := res.Header.Get("Content-Security-Policy"); res.StatusCode != 200 || !strings.Contains(csp, "frame-ancestors *") || strings.Contains(csp, "frame-ancestors 'none'") {
				t.Errorf("embed: %d, CSP %q", res.StatusCode, csp)
			}
			version := regexp.MustCompile(`name="consent_version" value="(\d+)"`).FindStringSubmatch(page)[1]
			form := url.Values{"email": {"a@example.org"}, "newsletter": {"1"}, "consent_version": {version}}.Encode()
			for path, want := range map[string]int{"/newsletters/subscribe": http.StatusForbidden, "/newsletters/embed/subscribe": http.StatusOK} {
				req, _ := http.NewRequest("POST", ts.URL+path, strings.NewReader(form))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set("Sec-Fetch-Site", "cross-site")
				req.Header.Set("Origin", "https://partner.example")
				res, err := http.DefaultTransport.RoundTrip(req)
				if err != nil {
					t.Fatal(err)
				}
				res.Body.Close()
				if res.StatusCode != want {
					t.Errorf("cross-site POST %s: %d, want %d", path, res.StatusCode, want)
				}
			}
		})
	}
}
