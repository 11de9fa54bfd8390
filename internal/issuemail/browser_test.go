package issuemail_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"masthead/internal/browsertest"
	"masthead/internal/issuemail"
)

// pageOnly are axe-core's rules about a whole page's landmarks: a mail
// client shows the email inside its own page, which has them. The email
// is one role=article region, as email accessibility guides advise.
var pageOnly = map[string]bool{"region": true, "landmark-one-main": true}

// TestEmailAccessibility opens the built emails in Chromium, as a
// webmail client shows them, at a desktop and a phone width and in light
// and dark mode, and lets axe-core check them (contrast, alt text, names
// of links, lang).
func TestEmailAccessibility(t *testing.T) {
	bodies := map[string]string{}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /email/{name}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(bodies[r.PathValue("name")]))
	})
	ts := httptest.NewServer(mux) // images 404 here quickly instead of waiting on the network
	t.Cleanup(ts.Close)

	one, digest := sampleIssue(), sampleDigest()
	one.Track = true
	digest.Publication.LogoURL = ts.URL + "/media/logo.png"
	for name, is := range map[string]issuemail.Issue{"one": one, "digest": digest} {
		is.Publication.BaseURL = ts.URL
		for i := range is.Articles {
			is.Articles[i].URL = ts.URL + "/articles/" + name
			if is.Articles[i].ImageURL != "" {
				is.Articles[i].ImageURL = ts.URL + "/media/x.jpg"
			}
		}
		h, _, err := issuemail.Preview(is)
		if err != nil {
			t.Fatal(err)
		}
		bodies[name] = h
	}

	b := browsertest.Start(t)
	ctx := b.Ctx()
	for _, scheme := range []string{"light", "dark"} {
		for _, width := range []int64{800, 375} {
			if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
				Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
			}); err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900, chromedp.EmulateScale(1))); err != nil {
				t.Fatal(err)
			}
			for name := range bodies {
				if code := browsertest.Navigate(t, ctx, ts.URL+"/email/"+name); code != 200 {
					t.Fatalf("status %d", code)
				}
				t.Logf("%s, %s, %dpx", name, scheme, width)
				for _, v := range b.Axe(t, ctx) {
					if !pageOnly[v.ID] {
						t.Errorf("%s, %s, %dpx: %s", name, scheme, width, v)
					}
				}
			}
		}
	}
}
