package site

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"masthead/internal/browsertest"
	"masthead/internal/newsletter"
	"masthead/internal/store/storetest"
)

// TestReaderLinksInABrowser follows the links of a newsletter email in
// Chromium under the application's CSP: the preference centre (change a
// newsletter and the sector, save, see it saved), the data page reached
// by the emailed access link up to erasure, and the unsubscribe link's button; axe
// checks every page on the way.
func TestReaderLinksInABrowser(t *testing.T) {
	b := browsertest.Start(t)
	rf := newReaderFixture(t, storetest.Open(t, storetest.SQLite))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", appCSP)
		rf.h.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	prefs := srv.URL + "/newsletters/preferences/" + rf.link(t, newsletter.Link{Purpose: newsletter.PurposePreferences})
	daily, weekly := "#newsletter-"+strconv.FormatInt(rf.daily, 10), "#newsletter-"+strconv.FormatInt(rf.weekly, 10)

	t.Run("preferences", func(t *testing.T) {
		ctx := b.NewTab(t)
		if got := browsertest.Navigate(t, ctx, prefs); got != 200 {
			t.Fatalf("preferences: %d", got)
		}
		browsertest.AssertNoAxeViolations(t, ctx)
		setScheme(t, ctx, "dark")
		browsertest.AssertNoAxeViolations(t, ctx)
		setScheme(t, ctx, "light")
		browsertest.Click(t, ctx, daily)
		browsertest.SetValue(t, ctx, "#sector", strconv.FormatInt(rf.sector, 10))
		if got := browsertest.ClickAndWait(t, ctx, `form[method="post"] button[type="submit"]`); got != 200 {
			t.Fatalf("after saving: %d", got)
		}
		if got := browsertest.Text(t, ctx, `[role="status"]`); got != "Your preferences are saved." {
			t.Errorf("after saving, the note says %q", got)
		}
		state := browsertest.Eval[[]any](t, ctx, `[document.querySelector("`+daily+`").checked, document.querySelector("`+weekly+`").checked, document.querySelector("#sector").value]`)
		if state[0] != true || state[1] != true || state[2] != strconv.FormatInt(rf.sector, 10) {
			t.Errorf("after saving: daily, weekly ticked and sector = %v", state)
		}
		browsertest.AssertNoAxeViolations(t, ctx)
		if got := rf.statuses(t); got[rf.daily] != newsletter.StatusConfirmed || got[rf.weekly] != newsletter.StatusConfirmed {
			t.Errorf("stored: %v", got)
		}
	})

	t.Run("unsubscribe", func(t *testing.T) {
		ctx := b.NewTab(t)
		browsertest.Navigate(t, ctx, srv.URL+"/newsletters/unsubscribe/"+rf.link(t, newsletter.Link{Purpose: newsletter.PurposeUnsubscribe, NewsletterID: rf.weekly}))
		browsertest.AssertNoAxeViolations(t, ctx)
		if got := browsertest.Text(t, ctx, "main form button"); got != "Unsubscribe from The Saturday Guide" {
			t.Errorf("button = %q", got)
		}
		if got := browsertest.ClickAndWait(t, ctx, "main form button"); got != 200 {
			t.Fatalf("after the button: %d", got)
		}
		if h1 := browsertest.Text(t, ctx, "h1"); h1 != "You are unsubscribed" {
			t.Errorf("h1 = %q", h1)
		}
		browsertest.AssertNoAxeViolations(t, ctx)
		if got := rf.statuses(t); got[rf.weekly] != newsletter.StatusUnsubscribed || got[rf.daily] != newsletter.StatusConfirmed {
			t.Errorf("stored: %v", got)
		}
		// The way back to the preference centre, which shows the change.
		if got := browsertest.ClickAndWait(t, ctx, `a[href^="/newsletters/preferences/"]`); got != 200 {
			t.Fatalf("preferences from the result: %d", got)
		}
		if browsertest.Eval[bool](t, ctx, `document.querySelector("`+weekly+`").checked`) {
			t.Error("the preference centre still ticks the newsletter left")
		}
	})

	t.Run("data", func(t *testing.T) {
		ctx := b.NewTab(t)
		browsertest.Navigate(t, ctx, prefs)
		if got := browsertest.ClickAndWait(t, ctx, `form[action$="/access"] button`); got != 200 {
			t.Fatalf("asking for the access link: %d", got)
		}
		if h1 := browsertest.Text(t, ctx, "h1"); h1 != "Check your inbox" {
			t.Errorf("h1 = %q", h1)
		}
		browsertest.AssertNoAxeViolations(t, ctx)
		m, _ := rf.mail.Last()
		sm := accessLinkRE.FindStringSubmatch(m.Text)
		if sm == nil {
			t.Fatalf("no access link in %q", m.Text)
		}
		browsertest.Navigate(t, ctx, srv.URL+sm[1])
		browsertest.AssertNoAxeViolations(t, ctx)
		// Erase without ticking the box: asked again, with the reason.
		if got := browsertest.ClickAndWait(t, ctx, `form[action$="/erase"] button`); got != 400 {
			t.Errorf("erase without the box: %d", got)
		}
		browsertest.AssertNoAxeViolations(t, ctx)
		browsertest.Click(t, ctx, "#confirm")
		if got := browsertest.ClickAndWait(t, ctx, `form[action$="/erase"] button`); got != 200 {
			t.Fatalf("erase: %d", got)
		}
		if h1 := browsertest.Text(t, ctx, "h1"); h1 != "Your data is erased" {
			t.Errorf("h1 = %q", h1)
		}
		browsertest.AssertNoAxeViolations(t, ctx)
	})

	t.Run("bad link", func(t *testing.T) {
		ctx := b.NewTab(t)
		if got := browsertest.Navigate(t, ctx, srv.URL+"/newsletters/preferences/nonsense"); got != 404 {
			t.Errorf("bad link: %d", got)
		}
		browsertest.AssertNoAxeViolations(t, ctx)
	})
}
