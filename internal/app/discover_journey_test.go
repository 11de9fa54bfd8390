package app_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"masthead/internal/browsertest"
	"masthead/internal/content"
	"masthead/internal/store/storetest"
)

// The reader journey through the whole application: a reader
// searches from the home page's search box, narrows the results to a
// section, opens the article found, and once the views are written and
// "Most read" reloaded, finds that article at the top of the home page's
// lists. axe finds nothing on any of the pages.
func TestSearchToMostReadJourney(t *testing.T) {
	b := browsertest.Start(t)
	srv, ts := newServer(t, storetest.SQLite, false)
	ctx := context.Background()
	news, err := srv.DB.SaveSection(ctx, content.Section{Slug: "news", Name: "News", Position: 1})
	if err != nil {
		t.Fatal(err)
	}
	culture, err := srv.DB.SaveSection(ctx, content.Section{Slug: "culture", Name: "Culture", Position: 2})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Now().Add(-3 * time.Hour)
	for i, a := range []struct {
		slug, headline, body string
		section              int64
	}{
		{"ferry-returns", "The harbour ferry returns on Monday", "<p>After two years the ferries sail again from the old pier.</p>", news},
		{"ferry-museum", "A museum for the city's old ferries", "<p>The ferry museum opens in the boat shed.</p>", culture},
		{"night-buses", "Night buses to run all week", "<p>The council adds routes after midnight.</p>", news},
	} {
		when := at.Add(time.Duration(i) * time.Minute)
		w := content.ArticleWrite{Article: content.Article{Slug: a.slug, Headline: a.headline, SectionID: a.section,
			Status: content.StatusPublished, PublishedAt: when, CreatedAt: when, UpdatedAt: when, Body: a.body},
			Revision: content.Snapshot{Headline: a.headline}}
		if _, err := srv.DB.CreateArticle(ctx, w); err != nil {
			t.Fatal(err)
		}
	}
	tab := b.Ctx()
	if _, err := chromedp.Call(tab, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{UserAgent: readerUA}); err != nil {
		t.Fatal(err)
	}

	browsertest.Navigate(t, tab, ts.URL+"/")
	browsertest.SendKeys(t, tab, "#site-search-q", "ferries")
	if got := browsertest.ClickAndWait(t, tab, ".site-search button[type=submit]"); got != http.StatusOK {
		t.Fatalf("search from the home page: status %d", got)
	}
	if got := browsertest.Text(t, tab, ".search-count"); got != "2 results for “ferries”" {
		t.Errorf("stemmed search for ferries: %q", got)
	}
	browsertest.AssertNoAxeViolations(t, tab)

	browsertest.SetValue(t, tab, "#search-section", strconv.FormatInt(news, 10))
	if got := browsertest.ClickAndWait(t, tab, ".search-form button[type=submit]"); got != http.StatusOK {
		t.Fatalf("filtered search: status %d", got)
	}
	if got := browsertest.Text(t, tab, ".search-count"); got != "1 result for “ferries”" {
		t.Errorf("in News: %q", got)
	}
	browsertest.AssertNoAxeViolations(t, tab)
	if got := browsertest.ClickAndWait(t, tab, ".search-results li:first-child .card-headline a"); got != http.StatusOK {
		t.Fatalf("open the result: status %d", got)
	}
	if got := browsertest.Text(t, tab, "h1"); got != "The harbour ferry returns on Monday" {
		t.Fatalf("the result opened %q", got)
	}

	if err := srv.FlushViews(ctx); err != nil {
		t.Fatal(err)
	}
	browsertest.Navigate(t, tab, ts.URL+"/")
	if _, err := chromedp.Run(tab, chromedp.Reload()); err != nil { // not the browser's own copy
		t.Fatal(err)
	}
	if got := browsertest.Text(t, tab, "#most-read-day + ol li:first-child a"); got != "The harbour ferry returns on Monday" {
		t.Errorf("Most read, last 24 hours, starts with %q", got)
	}
	if got := browsertest.Text(t, tab, "#most-read-week + ol"); !strings.HasPrefix(got, "The harbour ferry returns on Monday") {
		t.Errorf("Most read, last 7 days: %q", got)
	}
	browsertest.AssertNoAxeViolations(t, tab)
}
