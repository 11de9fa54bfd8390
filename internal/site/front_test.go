package site

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"masthead/internal/content"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// leadOf is the lead story's markup on a page, "" when it has none.
func leadOf(page string) string {
	start := strings.Index(page, `<article class="lead-story`)
	if start < 0 {
		return ""
	}
	return page[start : start+strings.Index(page[start:], "</article>")]
}

// topOf lists the article addresses of the list beside the lead, in order.
func topOf(page string) []string {
	start := strings.Index(page, `<section class="latest"`)
	if start < 0 {
		return nil
	}
	part := page[start : start+strings.Index(page[start:], "</section>")]
	var out []string
	for _, chunk := range strings.Split(part, `<h3 class="card-headline"><a href="`)[1:] {
		out = append(out, chunk[:strings.Index(chunk, `"`)])
	}
	return out
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestCuratedHomePage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		// Uncurated: the newest article with a picture leads, the rest follow newest first.
		page := body(t, f.get(t, "/"))
		if lead := leadOf(page); !strings.Contains(lead, `href="/articles/council-budget"`) {
			t.Fatalf("uncurated lead = %s", lead)
		}
		if !strings.Contains(page, `<h2 id="latest-heading" class="rule-heading">Latest</h2>`) {
			t.Error("the uncurated list beside the lead is not headed Latest")
		}
		publish := func(l content.FrontLayout) {
			t.Helper()
			if err := db.SaveFrontDraft(ctx, l, 0, fixtureNow); err != nil {
				t.Fatal(err)
			}
			if err := db.PublishFront(ctx, l.SectionID, 0, fixtureNow); err != nil {
				t.Fatal(err)
			}
			f.site.Purge()
		}
		publish(content.FrontLayout{Slots: []content.FrontSlot{
			{Slot: 0, ArticleID: f.ids["library-hours"], Headline: "Sunday opening: what changes"},
			{Slot: 2, ArticleID: f.ids["gallery-reopens"]},
		}})
		page = body(t, f.get(t, "/"))
		lead := leadOf(page)
		if !strings.Contains(lead, `href="/articles/library-hours"`) || !strings.Contains(lead, "Sunday opening: what changes") ||
			strings.Contains(lead, "Libraries to open on Sundays") {
			t.Fatalf("pinned lead with its own headline = %s", lead)
		}
		// Slot 2 is pinned; 1, 3 and 4 fill with the latest not shown elsewhere.
		want := []string{"/articles/river-report", "/articles/gallery-reopens", "/articles/bus-drivers", "/articles/council-budget"}
		if got := topOf(page); !equalStrings(got, want) {
			t.Errorf("top stories = %v, want %v", got, want)
		}
		if !strings.Contains(page, `<h2 id="latest-heading" class="rule-heading">Top stories</h2>`) {
			t.Error("pinned top stories are not headed Top stories")
		}

		// A draft is for the newsroom only until it is published.
		if err := db.SaveFrontDraft(ctx, content.FrontLayout{Slots: []content.FrontSlot{{Slot: 0, ArticleID: f.ids["river-report"], Headline: "Swim season is back"}}}, 0, fixtureNow); err != nil {
			t.Fatal(err)
		}
		f.site.Purge()
		if lead := leadOf(body(t, f.get(t, "/"))); !strings.Contains(lead, "Sunday opening") {
			t.Errorf("readers see the draft: %s", lead)
		}
		w := httptest.NewRecorder()
		if err := f.site.PreviewFront(w, httptest.NewRequest("GET", "/admin/front/preview", nil), 0, "/admin/front"); err != nil {
			t.Fatal(err)
		}
		preview := w.Body.String()
		if lead := leadOf(preview); !strings.Contains(lead, "Swim season is back") {
			t.Errorf("preview lead = %s", lead)
		}
		if w.Header().Get("Cache-Control") != "private, no-store" || !strings.Contains(preview, "Preview</strong> of the draft front page") ||
			!strings.Contains(preview, `href="/admin/front"`) || !strings.Contains(preview, `name="robots" content="noindex"`) {
			t.Errorf("preview headers %v, banner missing or indexable", w.Header())
		}
		// The preview was not cached for readers.
		if lead := leadOf(body(t, f.get(t, "/"))); !strings.Contains(lead, "Sunday opening") {
			t.Errorf("readers see the draft after a preview: %s", lead)
		}

		// A pinned article that is unpublished drops out: its slot fills from the latest, no dead link.
		f.update(t, "library-hours", func(a *content.Article) { a.Status = content.StatusUnpublished })
		f.site.Purge()
		page = body(t, f.get(t, "/"))
		if strings.Contains(page, "/articles/library-hours") || strings.Contains(page, "Sunday opening") {
			t.Error("the home page still links to the unpublished pinned article")
		}
		if lead := leadOf(page); !strings.Contains(lead, `href="/articles/council-budget"`) {
			t.Errorf("lead after the pinned one was unpublished = %s, want the newest with a picture", lead)
		}
		if !strings.Contains(page, `<h2 id="latest-heading" class="rule-heading">Top stories</h2>`) {
			t.Error("the pinned top story lost its heading")
		}
		if got := topOf(page); len(got) != 3 || got[1] != "/articles/gallery-reopens" {
			t.Errorf("top stories after the lead dropped out = %v", got)
		}
	})
}

func TestCuratedSectionPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		if page := body(t, f.get(t, "/sections/news")); leadOf(page) != "" {
			t.Fatal("an uncurated section page has a lead story")
		}
		news := f.ids["news"]
		if err := db.SaveFrontDraft(ctx, content.FrontLayout{SectionID: news, Slots: []content.FrontSlot{
			{Slot: 0, ArticleID: f.ids["library-hours"], Headline: "Sundays at the library"},
		}}, 0, fixtureNow); err != nil {
			t.Fatal(err)
		}
		if page := body(t, f.get(t, "/sections/news")); leadOf(page) != "" {
			t.Fatal("a draft shows on the section page")
		}
		if err := db.PublishFront(ctx, news, 0, fixtureNow); err != nil {
			t.Fatal(err)
		}
		f.site.Purge()
		page := body(t, f.get(t, "/sections/news"))
		if lead := leadOf(page); !strings.Contains(lead, `href="/articles/library-hours"`) || !strings.Contains(lead, "Sundays at the library") {
			t.Fatalf("section lead = %s", lead)
		}
		// Every news article once: the lead, then the others as top stories, none repeated below.
		for _, slug := range []string{"library-hours", "council-budget", "river-report"} {
			if n := strings.Count(page, `<a href="/articles/`+slug+`"`); n != 1 {
				t.Errorf("%s is linked %d times on the section page, want once", slug, n)
			}
		}
		if want := []string{"/articles/river-report", "/articles/council-budget"}; !equalStrings(topOf(page), want) {
			t.Errorf("section top stories = %v, want %v", topOf(page), want)
		}
		if strings.Contains(page, "Nothing has been published here yet") {
			t.Error("the section page says it is empty under its lead")
		}
		// Other sections are not curated by it.
		if leadOf(body(t, f.get(t, "/sections/culture"))) != "" {
			t.Error("culture shows the news lead")
		}
	})
}
