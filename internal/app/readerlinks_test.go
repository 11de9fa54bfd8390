package app_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"masthead/internal/demo"
	"masthead/internal/newsletter"
	"masthead/internal/store/storetest"
)

// The pages of readers' emailed links are wired into the real server:
// the one-click unsubscribe of RFC 8058 works through the whole
// middleware chain, from a mail provider that sends an Origin of its own,
// and the preference centre is answered by its handler, not a cache, with
// its own Referrer-Policy. The paths are the newsletter package's, which
// the links in emails are built from.
func TestReaderLinksThroughTheServer(t *testing.T) {
	ctx := context.Background()
	for _, e := range storetest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			srv, ts := newServer(t, e, true)
			sub := demo.Subscribers()[0]
			r, err := srv.Newsletters.ReaderByEmail(ctx, sub.Email)
			if err != nil {
				t.Fatal(err)
			}
			subs, err := srv.Newsletters.Subscriptions(ctx, r.ID)
			if err != nil || len(subs) == 0 {
				t.Fatalf("demo subscriber's newsletters: %v %v", subs, err)
			}
			signer, err := srv.Newsletters.Signer(ctx)
			if err != nil {
				t.Fatal(err)
			}
			prefs, _ := signer.Sign(newsletter.Link{ReaderUID: r.UID, Purpose: newsletter.PurposePreferences})
			for range 2 { // the second could come from a cache, and must not
				res, body := get(t, ts.URL+newsletter.PreferencesPath+prefs)
				if res.StatusCode != 200 || !strings.Contains(body, r.Email) ||
					res.Header.Get("Cache-Control") != "private, no-store" || res.Header.Get("Referrer-Policy") != "no-referrer" {
					t.Fatalf("preferences: %d, Cache-Control %q, Referrer-Policy %q", res.StatusCode, res.Header.Get("Cache-Control"), res.Header.Get("Referrer-Policy"))
				}
			}

			unsub, _ := signer.Sign(newsletter.Link{ReaderUID: r.UID, Purpose: newsletter.PurposeUnsubscribe, NewsletterID: subs[0].NewsletterID})
			req, _ := http.NewRequest(http.MethodPost, ts.URL+newsletter.UnsubscribePath+unsub, strings.NewReader("List-Unsubscribe=One-Click"))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Origin", "https://mail.provider.example")
			res, err := http.DefaultTransport.RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != 200 || res.Header.Get("Location") != "" {
				t.Fatalf("one-click: %d, Location %q", res.StatusCode, res.Header.Get("Location"))
			}
			after, err := srv.Newsletters.Subscriptions(ctx, r.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range after {
				want := newsletter.StatusConfirmed
				if s.NewsletterID == subs[0].NewsletterID {
					want = newsletter.StatusUnsubscribed
				}
				if s.Status != want {
					t.Errorf("newsletter %d: %s, want %s", s.NewsletterID, s.Status, want)
				}
			}
		})
	}
}
