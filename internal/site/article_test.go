package site

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"masthead/internal/content"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

func TestArticlePageOrder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		b := body(t, f.get(t, "/articles/council-budget"))
		// The model page, top to bottom.
		order := []string{
			`<aside class="support" aria-label="Support The Northbridge Weekly">`,
			`<a href="/support">Support 25 years of independent journalism</a>`,
			`<header class="masthead">`,
			`<p class="brand-name"><a href="/">The Northbridge Weekly</a></p>`,
			`<nav class="sections" aria-label="Sections">`,
			`<main id="main"`,
			`<p class="kicker"><a href="/sections/news">News</a></p>`,
			// 1 March 14:30 UTC is 2 March in Melbourne.
			`<time datetime="2026-03-02T01:30:00&#43;11:00">2 March 2026</time>`,
			`Updated <time datetime="2026-03-03T20:15:00&#43;11:00">3 March 2026, 8.15pm</time>`,
			`<h1 class="headline">Council passes a budget that nobody wanted</h1>`,
			`<p class="standfirst">After nine hours of debate`,
			`<p class="byline">By <a href="/authors/daniel-okafor">Daniel Okafor</a> and <a href="/authors/clara-bennett">Clara Bennett</a></p>`,
			`<figure class="lead-image">`,
			`<img src="/media/2026/03/harbour.png" alt="The Town Hall at dusk, seen across the harbour" width="1200" height="675"`,
			`<figcaption><span class="caption">The Town Hall, where the vote ran past midnight.</span> <small class="credit">Photo: Sam Lee</small></figcaption>`,
			`<div class="story-body">`,
			`<p>The vote came at 12.40am`,
			`<aside class="see-also" data-article-id="`,
			`<figure class="pullquote">`,
			`<p>The mayor said the budget would be reviewed in December.</p>`,
			`<h2 id="notes-heading">Corrections and updates</h2>`,
			`<strong class="note-kind">Correction</strong> <time datetime="2026-03-03T20:15:00&#43;11:00">3 March 2026, 8.15pm</time>`,
			`An earlier version of this article gave the vote as 8–4.`,
			`<a href="/corrections">All corrections</a>`,
			`<h2 id="topics-heading">Topics</h2>`,
			`<a href="/topics/budget">Budget</a>`,
			`<a href="/topics/local-government">Local government</a>`,
			`</main>`,
			`<footer class="site-footer">`,
			`<a href="/privacy">Privacy</a>`,
		}
		at := 0
		for _, want := range order {
			i := strings.Index(b[at:], want)
			if i < 0 {
				if strings.Contains(b, want) {
					t.Fatalf("%q is out of order (it comes before the previous element)", want)
				}
				t.Fatalf("article page lacks %q", want)
			}
			at += i + len(want)
		}
		head := b[:strings.Index(b, "</head>")]
		contains(t, "article <head>", head,
			`<title>Council passes a budget that nobody wanted — The Northbridge Weekly</title>`,
			`<meta name="description" content="After nine hours of debate, councillors voted 7–5`,
			`<link rel="canonical" href="https://news.example.org/articles/council-budget">`,
			`<meta property="og:type" content="article">`,
			`<meta property="og:title" content="Council passes a budget that nobody wanted">`,
			`<meta property="og:image" content="https://news.example.org/media/2026/03/harbour.png">`,
			`<meta property="article:published_time" content="2026-03-02T01:30:00+11:00">`,
			`<meta property="article:modified_time" content="2026-03-03T20:15:00+11:00">`,
			`<meta property="article:section" content="News">`,
		)
		// No inline scripts or styles anywhere: the CSP forbids them. The
		// one script element is structured data, which browsers never run.
		if n, ld := strings.Count(b, "<script"), strings.Count(b, `<script type="application/ld+json">`); n != 1 || ld != 1 {
			t.Errorf("article page has %d script elements, %d of them structured data; want only the one", n, ld)
		}
		for _, bad := range []string{"style=", "<style"} {
			if strings.Contains(b, bad) {
				t.Errorf("article page contains %q", bad)
			}
		}
		// The template slots for partner content and newsletter sign-up exist but render nothing.
		if strings.Contains(b, "partner") || strings.Contains(b, "newsletter") {
			t.Error("an empty slot rendered something")
		}
	})
}

func TestArticleVariants(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		gallery := body(t, f.get(t, "/articles/gallery-reopens"))
		library := body(t, f.get(t, "/articles/library-hours"))
		series := body(t, f.get(t, "/articles/bus-drivers"))
		tests := []struct {
			name, page string
			want       bool
			s          string
		}{
			{"no Updated when never modified", library, false, "Updated"},
			{"no Topics block without topics", gallery, false, "Topics"},
			{"no topics nav without topics", gallery, false, `class="topics"`},
			{"Topics block with topics", library, true, `<a href="/topics/libraries">Libraries</a>`},
			{"no notes without a correction or update", library, false, `class="notes"`},
			{"no lead figure without an image", library, false, "<figure"},
			{"series is the kicker", series, true, `<p class="kicker"><a href="/series/the-long-table">The Long Table</a></p>`},
			{"single author byline", series, true, `<p class="byline">By <a href="/authors/clara-bennett">Clara Bennett</a></p>`},
			{"nav marks the section", series, true, `<a href="/sections/culture" aria-current="page">Culture</a>`},
		}
		for _, tt := range tests {
			if got := strings.Contains(tt.page, tt.s); got != tt.want {
				t.Errorf("%s: contains %q = %v", tt.name, tt.s, got)
			}
		}
	})
}

var seeAlsoRE = regexp.MustCompile(`<aside class="see-also"[^>]*><a href="([^"]*)"[^>]*>([^<]*)</a></aside>`)

func TestSeeAlsoFollowsItsTarget(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		seeAlso := func() []string {
			t.Helper()
			return seeAlsoRE.FindStringSubmatch(body(t, f.get(t, "/articles/council-budget")))
		}
		if m := seeAlso(); m == nil || m[1] != "/articles/library-hours" || m[2] != "Libraries to open on Sundays from April" {
			t.Fatalf("see-also = %v", m)
		}

		f.update(t, "library-hours", func(a *content.Article) {
			a.Headline = "Sunday library hours start in May"
			a.Slug = "sunday-library-hours"
		})
		if m := seeAlso(); m == nil || m[2] != "Libraries to open on Sundays from April" {
			t.Fatalf("before Purge the cached page should stand: %v", m)
		}
		f.site.Purge()
		if m := seeAlso(); m == nil || m[1] != "/articles/sunday-library-hours" || m[2] != "Sunday library hours start in May" {
			t.Fatalf("after rename and Purge, see-also = %v, want the current slug and headline", m)
		}

		if err := db.SetStatus(context.Background(), f.ids["library-hours"], content.StatusUnpublished, fixtureNow); err != nil {
			t.Fatal(err)
		}
		f.site.Purge()
		b := body(t, f.get(t, "/articles/council-budget"))
		if strings.Contains(b, "see-also") || strings.Contains(b, "Sunday library hours") {
			t.Error("see-also to an unpublished article is still shown")
		}
		contains(t, "article around the removed see-also", b, "Parking in the city centre", "We were asked to choose")
	})
}

func TestSlugRedirects(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.update(t, "river-report", func(a *content.Article) { a.Slug = "wattle-river-swimming" })
		f.site.Purge()
		w := f.get(t, "/articles/river-report?utm_source=x")
		if w.Code != http.StatusMovedPermanently || w.Header().Get("Location") != "/articles/wattle-river-swimming" {
			t.Fatalf("old slug: %d to %q, want 301 to the current slug", w.Code, w.Header().Get("Location"))
		}
		if w := f.get(t, "/articles/wattle-river-swimming"); w.Code != 200 {
			t.Fatalf("current slug: %d", w.Code)
		}
		// A redirect to an article no longer published ends in a 404, not the article.
		if err := db.SetStatus(context.Background(), f.ids["river-report"], content.StatusUnpublished, fixtureNow); err != nil {
			t.Fatal(err)
		}
		f.site.Purge()
		if w := f.get(t, "/articles/wattle-river-swimming"); w.Code != 404 {
			t.Fatalf("unpublished article: %d", w.Code)
		}
	})
}

func TestUpdatedOnlyAfterPublication(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		// Modified at the moment of publication is not an update.
		f.update(t, "gallery-reopens", func(a *content.Article) { a.ModifiedAt = a.PublishedAt })
		f.site.Purge()
		if b := body(t, f.get(t, "/articles/gallery-reopens")); strings.Contains(b, "Updated") {
			t.Error("Updated shown for ModifiedAt == PublishedAt")
		}
		f.update(t, "gallery-reopens", func(a *content.Article) { a.ModifiedAt = a.PublishedAt.Add(90 * time.Minute) })
		f.site.Purge()
		contains(t, "updated article", body(t, f.get(t, "/articles/gallery-reopens")),
			`Updated <time datetime="2026-03-05T20:30:00&#43;11:00">5 March 2026, 8.30pm</time>`)
	})
}
