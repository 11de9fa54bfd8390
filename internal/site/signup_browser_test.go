package site

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"masthead/internal/browsertest"
	"masthead/internal/newsletter"
	"masthead/internal/store/storetest"
)

// TestBrowserSignUp is a reader's sign-up in Chromium under the
// application's CSP: from an article page to the confirmation email and
// the confirmed subscription, with axe on every page of the way.
func TestBrowserSignUp(t *testing.T) {
	b := browsertest.Start(t)
	db := storetest.Open(t, storetest.SQLite)
	sf := newSignUpFixture(t, db, true)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", appCSP)
		sf.h.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	ctx := context.Background()
	secs, err := sf.svc.Sectors(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sector := secs[2]

	tab := b.NewTab(t)
	browsertest.Navigate(t, tab, srv.URL+"/articles/council-budget")
	browsertest.AssertNoAxeViolations(t, tab)

	// A mistake first: no newsletter ticked. The form comes back with the
	// message and the address kept.
	browsertest.SendKeys(t, tab, "#signup-email", "reader@example.org")
	if got := browsertest.ClickAndWait(t, tab, ".signup button[type=submit]"); got != http.StatusUnprocessableEntity {
		t.Fatalf("nothing ticked: status %d, want 422", got)
	}
	if msg := browsertest.Text(t, tab, "#signup-newsletters-error"); !strings.Contains(msg, "Choose at least one newsletter") {
		t.Errorf("message = %q", msg)
	}
	if v := browsertest.Eval[string](t, tab, `document.querySelector("#signup-email").value`); v != "reader@example.org" {
		t.Errorf("the address typed was lost: %q", v)
	}
	browsertest.AssertNoAxeViolations(t, tab)

	browsertest.Click(t, tab, "#signup-nl-"+strconv.FormatInt(sf.onArticles, 10))
	browsertest.SetValue(t, tab, "#signup-sector", strconv.FormatInt(sector.ID, 10))
	if got := browsertest.ClickAndWait(t, tab, ".signup button[type=submit]"); got != 200 {
		t.Fatalf("sign-up: status %d", got)
	}
	if h1 := browsertest.Text(t, tab, "h1"); h1 != "Check your inbox" {
		t.Fatalf("after signing up, h1 = %q", h1)
	}
	browsertest.AssertNoAxeViolations(t, tab)

	sf.drain(t)
	links := sf.confirmPaths("reader@example.org")
	if len(links) != 1 {
		t.Fatalf("%d confirmation emails, want 1", len(links))
	}
	browsertest.Navigate(t, tab, srv.URL+links[0])
	if h1 := browsertest.Text(t, tab, "h1"); h1 != "Confirm your subscription" {
		t.Fatalf("confirmation link: h1 = %q", h1)
	}
	browsertest.AssertNoAxeViolations(t, tab)
	if got := browsertest.ClickAndWait(t, tab, "main form button[type=submit]"); got != 200 {
		t.Fatalf("confirm: status %d", got)
	}
	if h1 := browsertest.Text(t, tab, "h1"); h1 != "You're subscribed" {
		t.Fatalf("after confirming, h1 = %q", h1)
	}
	if li := browsertest.Text(t, tab, "main li"); li != "The Saturday Guide" {
		t.Errorf("confirmed newsletter = %q", li)
	}
	browsertest.AssertNoAxeViolations(t, tab)

	r, err := sf.svc.ReaderByEmail(ctx, "reader@example.org")
	if err != nil {
		t.Fatal(err)
	}
	if r.SectorID != sector.ID {
		t.Errorf("sector %d, want %d (%s)", r.SectorID, sector.ID, sector.Name)
	}
	subs, err := sf.svc.Subscriptions(ctx, r.ID)
	if err != nil || len(subs) != 1 || subs[0].Status != newsletter.StatusConfirmed || subs[0].NewsletterID != sf.onArticles {
		t.Fatalf("subscriptions %+v, %v", subs, err)
	}

	// The link once used: a clear page, and the other new pages.
	browsertest.Navigate(t, tab, srv.URL+links[0])
	if got := browsertest.ClickAndWait(t, tab, "main form button[type=submit]"); got != http.StatusGone {
		t.Fatalf("used link: status %d, want 410", got)
	}
	browsertest.AssertNoAxeViolations(t, tab)
	for _, scheme := range []string{"light", "dark"} {
		setScheme(t, tab, scheme)
		for _, path := range []string{"/newsletters", "/newsletters/embed", "/articles/council-budget"} {
			if got := browsertest.Navigate(t, tab, srv.URL+path); got != 200 {
				t.Fatalf("%s: status %d", path, got)
			}
			browsertest.AssertNoAxeViolations(t, tab)
		}
	}
	// The honeypot is out of sight and out of the keyboard's reach.
	trap := browsertest.Eval[map[string]any](t, tab, `(() => { const e = document.querySelector("#signup-website"), r = e.getBoundingClientRect();
		return {right: r.right, tab: e.tabIndex}; })()`)
	if trap["right"].(float64) > 0 || trap["tab"].(float64) != -1 {
		t.Errorf("honeypot field: %v; want it off-screen with tabindex -1", trap)
	}
}
