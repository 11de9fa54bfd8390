package admin_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"masthead/internal/analytics"
	"masthead/internal/auth"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// seedViews stores page views as counting would have: two articles read
// today and yesterday, the home page, and two referring domains.
func seedViews(t *testing.T, a *app) (popular, quiet int64) {
	t.Helper()
	author := a.saveAuthor("Ada")
	popular = a.publishedArticle("popular", author).ID
	quiet = a.publishedArticle("quiet", author).ID
	now := a.clock.Now().UTC().Truncate(time.Hour)
	day := now.Truncate(24 * time.Hour)
	if err := a.db.AddViews(context.Background(), analytics.Batch{
		Views: []analytics.HourViews{
			{Hour: now, ArticleID: popular, Views: 120},
			{Hour: now.Add(-24 * time.Hour), ArticleID: popular, Views: 30},
			{Hour: now, ArticleID: quiet, Views: 7},
			{Hour: now, ArticleID: 0, Views: 50},
			{Hour: now.Add(-40 * 24 * time.Hour), ArticleID: quiet, Views: 1000}, // before every period
		},
		Referrals: []analytics.DayReferrals{
			{Day: day, Domain: "google.com", Views: 40},
			{Day: day, Domain: "xn--bcher-kva.example", Views: 3},
			{Day: day, Domain: analytics.Other, Views: 2},
		},
	}); err != nil {
		t.Fatal(err)
	}
	return popular, quiet
}

func TestAnalyticsPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		a.user("editor@example.org", auth.RoleEditor)
		a.user("writer@example.org", auth.RoleContributor)
		popular, quiet := seedViews(t, a)
		c := a.signIn("editor@example.org")

		r := c.get("/admin/analytics")
		wantStatus(t, r, http.StatusOK, "analytics")
		wantBody(t, r, "analytics", `<a href="/admin/analytics" aria-current="page">Analytics</a>`,
			"<strong>207</strong> in all", // 150 + 7 + 50: the article read 40 days ago is outside
			`<title id="views-title">Page views of the whole site per day, 12 October 2026 to 10 November 2026</title>`,
			`<a href="/admin/analytics/articles/`+itoa(popular)+`">Story popular</a></td>`,
			`<a href="/admin/analytics/articles/`+itoa(quiet)+`">Story quiet</a></td>`,
			"<td>150</td>", "google.com", "xn--bcher-kva.example", "Other (an address",
			`<a href="/admin/analytics" aria-current="true">30 days</a>`,
			`<time datetime="2026-11-10">Tue 10 Nov 2026</time></th><td>177</td>`,
			`<time datetime="2026-11-09">Mon 9 Nov 2026</time></th><td>30</td>`)
		if strings.Index(r.body, "Story popular") > strings.Index(r.body, "Story quiet") {
			t.Error("the most read article is not first")
		}

		r = c.get("/admin/analytics?days=7")
		wantBody(t, r, "7 days", "4 November 2026 to 10 November 2026", `aria-current="true">7 days</a>`,
			`<a href="/admin/analytics/articles/`+itoa(popular)+`?days=7">`)
		for _, bad := range []string{"?days=8", "?days=abc", "?days=", "?days=7&days=30", "?days=-30"} {
			r = c.get("/admin/analytics" + bad)
			wantStatus(t, r, http.StatusUnprocessableEntity, bad)
			wantBody(t, r, bad, "The period must be 7, 30 or 90 days.")
		}

		r = c.get("/admin/analytics/articles/" + itoa(popular))
		wantStatus(t, r, http.StatusOK, "article analytics")
		wantBody(t, r, "article analytics", "<h1>Story popular</h1>", "<strong>150</strong> in all",
			`<a href="/articles/popular">Read it on the site</a>`,
			`<title id="article-views-title">Page views of this article per day`)
		wantBody(t, c.get("/admin/analytics/articles/"+itoa(quiet)), "30 days", "<strong>7</strong> in all")
		wantBody(t, c.get("/admin/analytics/articles/"+itoa(quiet)+"?days=90"), "90 days", "<strong>1007</strong> in all")
		wantStatus(t, c.get("/admin/analytics/articles/999999"), http.StatusNotFound, "a missing article")
		wantStatus(t, c.get("/admin/analytics/articles/abc"), http.StatusNotFound, "not an id")

		w := a.signIn("writer@example.org")
		wantStatus(t, w.get("/admin/analytics"), http.StatusForbidden, "a contributor")
		if strings.Contains(w.get("/admin/articles").body, `href="/admin/analytics"`) {
			t.Error("the menu offers analytics to a contributor")
		}
	})
}

func TestAnalyticsWithNothingCounted(t *testing.T) {
	a := newApp(t, storetest.Open(t, storetest.SQLite))
	a.user("editor@example.org", auth.RoleEditor)
	r := a.signIn("editor@example.org").get("/admin/analytics")
	wantStatus(t, r, http.StatusOK, "analytics")
	wantBody(t, r, "empty", "<strong>0</strong> in all", "No published article was read in this period.", "No other site sent readers in this period.")
}
