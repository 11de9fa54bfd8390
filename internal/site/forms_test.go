package site

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// A public form on a cached page has no token of its reader: a browser's
// same-origin post goes through, another site's is refused with the site's
// page, and the embeddable form alone takes posts from other sites.
func TestPublicFormsRefuseOtherSitesWithoutATokenInThePage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		var got []string
		record := func(w http.ResponseWriter, r *http.Request) error {
			got = append(got, r.URL.Path+" "+r.PostFormValue("email"))
			w.Write([]byte("Check your inbox"))
			return nil
		}
		mux := http.NewServeMux()
		f.site.Routes(mux)
		mux.Handle("POST /newsletters/subscribe", f.site.form(record))
		f.site.embeddableForm(mux, "POST /newsletters/embed/subscribe", record)

		send := func(path, body string, header ...string) *httptest.ResponseRecorder {
			r := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
			r.Host = "northbridge.example"
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			for i := 0; i+1 < len(header); i += 2 {
				r.Header.Set(header[i], header[i+1])
			}
			w := httptest.NewRecorder()
			mux.ServeHTTP(w, r)
			return w
		}
		form := url.Values{"email": {"reader@example.org"}}.Encode()
		cases := []struct {
			name   string
			path   string
			body   string
			header []string
			status int
			page   string
		}{
			{"same origin, no token", "/newsletters/subscribe", form, []string{"Sec-Fetch-Site", "same-origin", "Origin", "https://northbridge.example"}, 200, "Check your inbox"},
			{"cross-site", "/newsletters/subscribe", form, []string{"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"}, 403, "sent from another site"},
			{"foreign Origin, old browser", "/newsletters/subscribe", form, []string{"Origin", "https://evil.example"}, 403, "sent from another site"},
			{"embedded on another site", "/newsletters/embed/subscribe", form, []string{"Sec-Fetch-Site", "cross-site", "Origin", "https://partner.example"}, 200, "Check your inbox"},
			{"a NUL in the form", "/newsletters/subscribe", "email=a%00b%40example.org", []string{"Sec-Fetch-Site", "same-origin"}, 400, "The form could not be sent"},
		}
		for _, tc := range cases {
			got = nil
			w := send(tc.path, tc.body, tc.header...)
			if w.Code != tc.status || !strings.Contains(w.Body.String(), tc.page) {
				t.Errorf("%s: %d, want %d with %q\n%s", tc.name, w.Code, tc.status, tc.page, w.Body)
			}
			if ran := len(got) == 1; ran != (tc.status == 200) {
				t.Errorf("%s: handler ran %d times", tc.name, len(got))
			}
			if tc.status != 200 {
				if cc := w.Header().Get("Cache-Control"); cc != "no-store" {
					t.Errorf("%s: refusal cacheable: %q", tc.name, cc)
				}
				if !strings.Contains(w.Body.String(), "The Northbridge Weekly") {
					t.Errorf("%s: not the site's styled page", tc.name)
				}
			}
		}
		// Pages are still read from anywhere, and from the cache.
		r := httptest.NewRequest(http.MethodGet, "/privacy", nil)
		r.Header.Set("Sec-Fetch-Site", "cross-site")
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, r)
		if w.Code != 200 {
			t.Errorf("a page linked from another site: %d", w.Code)
		}
	})
}
