package site

import (
	"regexp"
	"strings"
	"testing"

	"masthead/internal/content"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

var (
	relatedSectionRE = regexp.MustCompile(`(?s)<section class="related" aria-labelledby="related-heading">\s*<h2 id="related-heading"[^>]*>Related</h2>(.*?)</section>`)
	relatedCardRE    = regexp.MustCompile(`<h3 class="card-headline"><a href="/articles/([^"]+)">`)
)

// relatedSlugs returns the slugs the page's Related list links to, in
// order, and whether the list is there at all.
func relatedSlugs(t *testing.T, page string) ([]string, bool) {
	t.Helper()
	m := relatedSectionRE.FindStringSubmatch(page)
	if m == nil {
		return nil, false
	}
	var out []string
	for _, c := range relatedCardRE.FindAllStringSubmatch(m[1], -1) {
		out = append(out, c[1])
	}
	return out, true
}

func TestRelatedListsSeeAlsoTargetsFirstThenComputed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.add(t, seed{slug: "budget-explainer", headline: "What the budget means for you", section: "news",
			authors: []string{"clara-bennett"}, topics: []string{"Budget"}, published: fixtureNow.Add(-3600e9),
			body: "Read on.\n\nSee also: /articles/gallery-reopens\n\nSee also: /articles/bus-drivers\n\nThat is all."})
		page := body(t, f.get(t, "/articles/budget-explainer"))
		got, ok := relatedSlugs(t, page)
		if !ok {
			t.Fatal("the article page has no Related section")
		}
		// The body's see-also targets in its order (another section, no
		// shared topic), then the one sharing the Budget topic, then the
		// latest of the same section.
		want := []string{"gallery-reopens", "bus-drivers", "council-budget", "river-report"}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Fatalf("Related = %v, want %v", got, want)
		}
		for _, hidden := range []string{"hidden-draft", "hidden-scheduled", "hidden-unpublished", "budget-explainer"} {
			if strings.Contains(page, `href="/articles/`+hidden+`"`) {
				t.Errorf("the page links to %s, which must not be among its related articles", hidden)
			}
		}
		// Cards as elsewhere on the site: headline, kicker, byline and date.
		contains(t, "the Related list", page,
			`<h3 class="card-headline"><a href="/articles/gallery-reopens">The Corn Exchange gallery reopens</a></h3>`,
			`<p class="kicker"><a href="/series/the-long-table">The Long Table</a></p>`,
			`<time datetime="2026-03-05T19:00:00&#43;11:00">5 March 2026</time>`)
	})
}

func TestRelatedCanBeTurnedOffAndIsAbsentWhenEmpty(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		if _, ok := relatedSlugs(t, body(t, f.get(t, "/articles/council-budget"))); !ok {
			t.Fatal("the article page has no Related section before it is turned off")
		}
		f.update(t, "council-budget", func(a *content.Article) { a.HideRelated = true })
		f.site.Purge()
		page := body(t, f.get(t, "/articles/council-budget"))
		if strings.Contains(page, "related") || strings.Contains(page, "Related") {
			t.Error("the Related section is shown though the editor turned it off")
		}
		contains(t, "the page without Related", page, `<h2 id="topics-heading">Topics</h2>`, `<aside class="see-also"`)

		// An article with nothing published beside it has nothing related: no empty heading.
		for _, slug := range []string{"library-hours", "council-budget", "bus-drivers", "gallery-reopens"} {
			f.update(t, slug, func(a *content.Article) { a.Status = content.StatusUnpublished })
		}
		f.site.Purge()
		page = body(t, f.get(t, "/articles/river-report"))
		if !strings.Contains(page, "Wattle River safe") || strings.Contains(page, "Related") {
			t.Error("an article with nothing related shows a Related heading (or the page is missing)")
		}
	})
}

func TestRelatedHeadlinesAreEscaped(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.add(t, seed{slug: "tricky", headline: `<script>alert("x")</script> & "quotes"`, section: "news",
			authors: []string{"clara-bennett"}, topics: []string{"Water"}, published: fixtureNow.Add(-3600e9), body: "Text."})
		f.site.Purge()
		page := body(t, f.get(t, "/articles/river-report"))
		got, _ := relatedSlugs(t, page)
		if len(got) == 0 || got[0] != "tricky" {
			t.Fatalf("Related = %v, want the article sharing the Water topic first", got)
		}
		if strings.Contains(page, "<script>") {
			t.Error("a related headline was written unescaped")
		}
		contains(t, "the Related list", page, `&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#34;quotes&#34;`)
	})
}
