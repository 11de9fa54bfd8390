package app_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"masthead/internal/browsertest"
	"masthead/internal/config"
	"masthead/internal/content"
	"masthead/internal/store/storetest"
)

// A person's browser; headless Chromium names itself HeadlessChrome,
// which counting leaves out as automation (decision 0033).
const readerUA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"

// Counting stores nothing that could tell one reader from another: after
// readers with a distinctive address, agent and search came, no table
// holds any of them, and no reader page sets a cookie.
func TestPageViewsStoreNoReader(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			dbURL := storetest.URL(t, e)
			srv, ts := serveConfig(t, config.Config{Addr: ":0", DataDir: t.TempDir(), DatabaseURL: dbURL, MailFrom: "test@example.org",
				TrustedProxies: nil}, true)
			ctx := context.Background()
			latest, err := srv.DB.ListPublished(ctx, content.Filter{}, content.Cursor{}, 2)
			if err != nil || len(latest) < 2 {
				t.Fatalf("demo articles: %v", err)
			}
			const ua = "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0 Zq7ReaderAgent"
			for _, path := range []string{"/", "/articles/" + latest[0].Slug, "/articles/" + latest[0].Slug, "/articles/" + latest[1].Slug} {
				res, _ := get(t, ts.URL+path, "User-Agent", ua, "X-Forwarded-For", "198.51.100.77",
					"Referer", "https://www.google.com/search?q=zq7secretwords")
				if res.StatusCode != http.StatusOK {
					t.Fatalf("%s: %d", path, res.StatusCode)
				}
				if c := res.Header.Get("Set-Cookie"); c != "" {
					t.Errorf("%s sets a cookie: %s", path, c)
				}
			}
			if err := srv.FlushViews(ctx); err != nil {
				t.Fatal(err)
			}
			views, err := srv.DB.ArticleViewsPerDay(ctx, latest[0].ID, []time.Time{time.Now().UTC().Truncate(24 * time.Hour)})
			if err != nil || views[0] == 0 {
				t.Fatalf("the reads were not counted: %v %v", views, err)
			}
			for _, needle := range []string{"198.51.100.77", "127.0.0.1", "Zq7ReaderAgent", "zq7secretwords", "search?q"} {
				if where := findInTables(t, e, dbURL, needle); where != "" {
					t.Errorf("%q is stored in %s", needle, where)
				}
			}
		})
	}
}

// findInTables looks for needle in every value of every table and names
// the first table holding it, "" when none does.
func findInTables(t *testing.T, e storetest.Engine, dbURL, needle string) string {
	t.Helper()
	driver, dsn, list := "pgx", dbURL, `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()`
	if e == storetest.SQLite {
		driver, dsn, list = "sqlite", "file:"+strings.TrimPrefix(dbURL, "sqlite:")+"?mode=ro", `SELECT name FROM sqlite_master WHERE type = 'table'`
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var tables []string
	rows, err := db.Query(list)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	rows.Close()
	if len(tables) < 10 {
		t.Fatalf("found only tables %v", tables)
	}
	for _, table := range tables {
		rows, err := db.Query(`SELECT * FROM "` + table + `"`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, v := range vals {
				s := fmt.Sprint(v)
				if b, ok := v.([]byte); ok {
					s = string(b)
				}
				if strings.Contains(s, needle) {
					rows.Close()
					return table + "." + cols[i]
				}
			}
		}
		rows.Close()
	}
	return ""
}

// The demo comes with page views: "Most read" and the analytics pages
// have something to show a newcomer.
func TestDemoHasPageViews(t *testing.T) {
	srv, ts := newServer(t, storetest.SQLite, true)
	if err := srv.FlushViews(context.Background()); err != nil {
		t.Fatal(err)
	}
	_, body := get(t, ts.URL+"/", "User-Agent", readerUA)
	if strings.Count(body, `<ol class="most-read-list"`) != 2 || strings.Count(body, "</li>") < 10 {
		t.Errorf("the demo's home page has no full Most read lists")
	}
	now := time.Now()
	top, err := srv.DB.TopArticles(context.Background(), now.Add(-30*24*time.Hour), now.Add(time.Hour), 100)
	if err != nil || len(top) < 20 {
		t.Errorf("%d demo articles were read in 30 days (%v)", len(top), err)
	}
	refs, err := srv.DB.TopReferrers(context.Background(), now.Add(-30*24*time.Hour), now, 10)
	if err != nil || len(refs) < 5 || refs[0].Domain != "google.com" {
		t.Errorf("demo referrers %v (%v)", refs, err)
	}
}

// A reader opens an article in a real browser; once the views are flushed
// and "Most read" reloaded, the home page lists it, and axe finds nothing
// on either page.
func TestMostReadBrowserJourney(t *testing.T) {
	b := browsertest.Start(t)
	srv, ts := newServer(t, storetest.SQLite, false)
	ctx := context.Background()
	sec, err := srv.DB.SaveSection(ctx, content.Section{Slug: "news", Name: "News"})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Now().Add(-2 * time.Hour)
	for _, slug := range []string{"harbour-reopens", "budget-vote", "night-buses"} {
		w := content.ArticleWrite{Article: content.Article{Slug: slug, Headline: "Headline of " + slug, SectionID: sec,
			Status: content.StatusPublished, PublishedAt: at, CreatedAt: at, UpdatedAt: at, Body: "<p>The facts.</p>"},
			Revision: content.Snapshot{Headline: "Headline of " + slug}}
		if _, err := srv.DB.CreateArticle(ctx, w); err != nil {
			t.Fatal(err)
		}
	}
	tab := b.Ctx()
	if _, err := chromedp.Call(tab, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{UserAgent: readerUA}); err != nil {
		t.Fatal(err)
	}
	browsertest.Navigate(t, tab, ts.URL+"/")
	if got := browsertest.Text(t, tab, "main"); strings.Contains(got, "Most read") {
		t.Fatal("Most read before anything was read")
	}
	browsertest.ClickAndWait(t, tab, `a[href="/articles/budget-vote"]`)
	if got := browsertest.Text(t, tab, "h1"); got != "Headline of budget-vote" {
		t.Fatalf("opened %q", got)
	}
	if err := srv.FlushViews(ctx); err != nil {
		t.Fatal(err)
	}
	// Back on the home page, reloaded as a reader would (the browser may
	// otherwise show its own copy, fresh for a minute).
	browsertest.Navigate(t, tab, ts.URL+"/")
	if _, err := chromedp.Run(tab, chromedp.Reload()); err != nil {
		t.Fatal(err)
	}
	if got := browsertest.Text(t, tab, "#most-read-day + ol li:first-child a"); got != "Headline of budget-vote" {
		t.Errorf("Most read, last 24 hours, starts with %q", got)
	}
	if got := browsertest.Text(t, tab, "#most-read-week + ol li:first-child a"); got != "Headline of budget-vote" {
		t.Errorf("Most read, last 7 days, starts with %q", got)
	}
	browsertest.AssertNoAxeViolations(t, tab)
	browsertest.ClickAndWait(t, tab, `a[href="/articles/night-buses"]`)
	if got := browsertest.Text(t, tab, ".most-read ol li a"); got != "Headline of budget-vote" {
		t.Errorf("the other article's Most read shows %q", got)
	}
	browsertest.AssertNoAxeViolations(t, tab)
}
