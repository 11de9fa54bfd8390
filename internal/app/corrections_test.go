package app_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"masthead/internal/app"
	"masthead/internal/auth"
	"masthead/internal/browsertest"
	"masthead/internal/content"
	"masthead/internal/store/storetest"
)

// correctionsWorld is a publication with one published article, an hour
// old, and an editor.
func correctionsWorld(t *testing.T, srv *app.Server) (id int64, published time.Time) {
	t.Helper()
	ctx := context.Background()
	srv.Auth.SetHashCost(4)
	if _, err := srv.Auth.CreateUser(ctx, "editor@example.org", "Eddie Editor", "a long enough password", auth.RoleEditor); err != nil {
		t.Fatal(err)
	}
	news, err := srv.DB.SaveSection(ctx, content.Section{Slug: "news", Name: "News", Position: 1})
	if err != nil {
		t.Fatal(err)
	}
	published = time.Now().UTC().Add(-time.Hour).Truncate(time.Second)
	w := content.ArticleWrite{Article: content.Article{Slug: "harbour-vote", Headline: "Council approves the harbour plan", SectionID: news,
		Status: content.StatusPublished, PublishedAt: published, CreatedAt: published, UpdatedAt: published,
		Body: "<p>The vote was 8–4.</p>"}, Revision: content.Snapshot{Headline: "Council approves the harbour plan"}}
	if id, err = srv.DB.CreateArticle(ctx, w); err != nil {
		t.Fatal(err)
	}
	return id, published
}

// Through the real wiring: a correction added by an editor reaches every
// public surface at once, although readers had the pages in the cache: the
// article shows it dated, its dateline says Updated, dateModified and the
// feeds' updated dates move to it, /corrections lists it with a link, and
// the sitemap dates the corrections page by it.
func TestACorrectionReachesEveryPublicSurface(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			srv, ts := newServer(t, e, false)
			id, published := correctionsWorld(t, srv)
			ctx := context.Background()
			st, err := srv.DB.GetSettings(ctx)
			if err != nil {
				t.Fatal(err)
			}
			loc := st.Location()

			// Readers' visits put the pages in the cache.
			_, page := get(t, ts.URL+"/articles/harbour-vote")
			if strings.Contains(page, "Updated") || strings.Contains(page, `class="notes"`) {
				t.Fatal("the article is marked updated before any note")
			}
			_, list := get(t, ts.URL+"/corrections")
			if !strings.Contains(list, "No corrections have been published.") {
				t.Fatalf("corrections page before any:\n%s", list)
			}
			_, atom := get(t, ts.URL+"/feed.atom")
			if !strings.Contains(atom, "<updated>"+published.Format(time.RFC3339)+"</updated>") {
				t.Fatalf("feed before the correction lacks the publication date:\n%s", atom)
			}

			n, err := srv.Content.AddNote(ctx, content.Actor{UserID: 1, Role: auth.RoleEditor}, id, content.NoteCorrection, "An earlier version gave the vote as 8–4. It was 7–5.")
			if err != nil {
				t.Fatal(err)
			}
			at := n.At.In(loc)
			iso := strings.ReplaceAll(at.Format(time.RFC3339), "+", "&#43;")

			res, page := get(t, ts.URL+"/articles/harbour-vote")
			if res.StatusCode != 200 {
				t.Fatalf("article: %d", res.StatusCode)
			}
			for _, want := range []string{
				`<span class="updated">Updated <time datetime="` + iso + `">`,
				`<strong class="note-kind">Correction</strong> <time datetime="` + iso + `">` + at.Format("2 January 2006, 3.04pm") + `</time>`,
				"An earlier version gave the vote as 8–4. It was 7–5.",
				`"dateModified":"` + at.Format(time.RFC3339) + `"`,
				`<a href="/corrections">Corrections</a>`, // the footer
			} {
				if !strings.Contains(page, want) {
					t.Errorf("article page lacks %s", want)
				}
			}
			_, list = get(t, ts.URL+"/corrections")
			for _, want := range []string{`<a href="/articles/harbour-vote">Council approves the harbour plan</a>`,
				`Corrected <time datetime="` + iso + `">`, "It was 7–5."} {
				if !strings.Contains(list, want) {
					t.Errorf("corrections page lacks %s:\n%s", want, list)
				}
			}
			_, atom = get(t, ts.URL+"/feed.atom")
			if !strings.Contains(atom, "<updated>"+n.At.UTC().Format(time.RFC3339)+"</updated>") || !strings.Contains(atom, "Correction, "+at.Format("2 January 2006")+":") {
				t.Errorf("feed after the correction lacks its date or note:\n%s", atom)
			}
			_, index := get(t, ts.URL+"/sitemap.xml")
			if !strings.Contains(index, "/sitemaps/pages.xml</loc><lastmod>"+n.At.UTC().Format(time.RFC3339)) {
				t.Errorf("sitemap index does not date the pages sitemap by the correction:\n%s", index)
			}
			_, pages := get(t, ts.URL+"/sitemaps/pages.xml")
			if !strings.Contains(pages, ts.URL+"/corrections</loc>") {
				t.Errorf("pages sitemap lacks /corrections:\n%s", pages)
			}
			// An update is on the article but not on the corrections page.
			if _, err := srv.Content.AddNote(ctx, content.Actor{UserID: 1, Role: auth.RoleEditor}, id, content.NoteUpdate, "Adds the mayor's reply."); err != nil {
				t.Fatal(err)
			}
			if _, page := get(t, ts.URL+"/articles/harbour-vote"); !strings.Contains(page, `<strong class="note-kind">Update</strong>`) {
				t.Error("the update is not on the article")
			}
			if _, list := get(t, ts.URL+"/corrections"); strings.Contains(list, "mayor's reply") {
				t.Error("an update is listed as a correction")
			}
		})
	}
}

// An editor opens a published article, adds a correction in its own form
// on the editor page, and sees it dated on the public article (with
// "Updated" in the dateline) and on the corrections page, reached from the
// footer. axe finds nothing on the three pages.
func TestAddACorrectionJourney(t *testing.T) {
	b := browsertest.Start(t)
	srv, ts := newServer(t, storetest.SQLite, false)
	id, _ := correctionsWorld(t, srv)
	tab := b.Ctx()

	browsertest.Navigate(t, tab, ts.URL+"/articles/harbour-vote") // in the cache before the correction
	signInEditor(t, tab, ts.URL)
	browsertest.Navigate(t, tab, ts.URL+"/admin/articles/"+strconv.FormatInt(id, 10))
	browsertest.AssertNoAxeViolations(t, tab)
	browsertest.SetValue(t, tab, "#note_kind", "correction")
	browsertest.SendKeys(t, tab, "#note_text", "An earlier version gave the vote as 8–4. It was 7–5.")
	browsertest.ClickAndWait(t, tab, "#notes form button[type=submit]")
	if got := browsertest.Text(t, tab, ".notice"); !strings.Contains(got, "Note added") {
		t.Fatalf("after adding the note: %q", got)
	}
	if got := browsertest.Text(t, tab, "#notes ol.notes li"); !strings.Contains(got, "Correction") || !strings.Contains(got, "It was 7–5.") {
		t.Errorf("editor page lists %q", got)
	}

	browsertest.Navigate(t, tab, ts.URL+"/articles/harbour-vote")
	if _, err := chromedp.Run(tab, chromedp.Reload()); err != nil { // not the browser's own copy
		t.Fatal(err)
	}
	if got := browsertest.Text(t, tab, ".note-correction"); !strings.Contains(got, "Correction") || !strings.Contains(got, "It was 7–5.") {
		t.Fatalf("public note = %q", got)
	}
	if got := browsertest.Eval[string](t, tab, `document.querySelector(".note-correction time").getAttribute("datetime")`); got == "" {
		t.Error("the note's date is not a <time datetime>")
	}
	if got := browsertest.Text(t, tab, ".dateline .updated"); !strings.HasPrefix(got, "Updated ") {
		t.Errorf("dateline = %q, want Updated", got)
	}
	browsertest.AssertNoAxeViolations(t, tab)

	browsertest.ClickAndWait(t, tab, `.site-footer a[href="/corrections"]`)
	if got := browsertest.Text(t, tab, ".correction-entry h2 a"); got != "Council approves the harbour plan" {
		t.Fatalf("corrections page lists %q", got)
	}
	if got := browsertest.Text(t, tab, ".correction-entry"); !strings.Contains(got, "It was 7–5.") || !strings.Contains(got, "Corrected") {
		t.Errorf("corrections entry = %q", got)
	}
	browsertest.AssertNoAxeViolations(t, tab)
	browsertest.ClickAndWait(t, tab, ".correction-entry h2 a")
	if loc := browsertest.Location(t, tab); !strings.HasSuffix(loc, "/articles/harbour-vote") {
		t.Errorf("the entry links to %s", loc)
	}
}

// The demo publication has a corrected article, so a newcomer sees a
// dated correction on it and on the corrections page.
func TestDemoHasACorrectedArticle(t *testing.T) {
	_, ts := newServer(t, storetest.SQLite, true)
	_, list := get(t, ts.URL+"/corrections")
	const text = "An earlier version of this article said the plan's first stage would deliver 240 homes. It will deliver 420."
	if !strings.Contains(list, `class="correction-entry"`) || !strings.Contains(list, "240 homes") {
		t.Fatalf("the demo's corrections page lists nothing:\n%s", list)
	}
	start := strings.Index(list, `<h2><a href="/articles/`)
	href, _, _ := strings.Cut(list[start+len(`<h2><a href="`):], `"`)
	_, page := get(t, ts.URL+href)
	for _, want := range []string{`<strong class="note-kind">Correction</strong> <time datetime="`, strings.ReplaceAll(text, "'", "&#39;"), `<span class="updated">Updated <time`} {
		if !strings.Contains(page, want) {
			t.Errorf("the demo's corrected article %s lacks %s", href, want)
		}
	}
}
