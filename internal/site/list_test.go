package site

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"masthead/internal/content"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

var (
	cardLinkRE = regexp.MustCompile(`<h2 class="card-headline"><a href="/articles/([a-z0-9-]+)">`)
	nextRE     = regexp.MustCompile(`<a href="([^"]+)" rel="next">`)
)

// TestPagination walks an author's 30 articles page by page with the
// keyset cursor: every article once, newest first, and a last page with
// no next link.
func TestPagination(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		base := time.Date(2026, 2, 1, 9, 0, 0, 0, time.UTC)
		var want []string
		for i := 0; i < 30; i++ {
			slug := fmt.Sprintf("dispatch-%02d", i)
			// Two articles share each publication time: the id breaks the tie.
			f.add(t, seed{slug: slug, headline: "Dispatch " + slug, section: "culture", authors: []string{"daniel-okafor"},
				published: base.Add(time.Duration(i/2) * time.Hour), body: "Text."})
			want = append([]string{slug}, want...)
		}
		f.site.Purge()

		var got []string
		path := "/authors/daniel-okafor"
		for page := 1; path != ""; page++ {
			if page > 5 {
				t.Fatal("pagination does not end")
			}
			w := f.get(t, path)
			if w.Code != 200 {
				t.Fatalf("GET %s: %d", path, w.Code)
			}
			b := body(t, w)
			for _, m := range cardLinkRE.FindAllStringSubmatch(b, -1) {
				if strings.HasPrefix(m[1], "dispatch-") {
					got = append(got, m[1])
				}
			}
			path = ""
			if m := nextRE.FindStringSubmatch(b); m != nil {
				path = m[1]
				if !regexp.MustCompile(`^/authors/daniel-okafor\?after=[0-9]+-[0-9]+$`).MatchString(path) {
					t.Fatalf("next link %q", path)
				}
			}
			if page > 1 && !strings.Contains(b, `<a href="/authors/daniel-okafor">Latest articles</a>`) {
				t.Errorf("page %d has no way back to the first page", page)
			}
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Fatalf("articles across pages:\n got %v\nwant %v", got, want)
		}

		// A cursor past the end is an empty page, not an error.
		if w := f.get(t, "/sections/culture?after=1-1"); w.Code != 200 || !strings.Contains(w.Body.String(), "no older articles") {
			t.Errorf("cursor past the end: %d", w.Code)
		}
	})
}

func TestMalformedCursor(t *testing.T) {
	f := newFixture(t, storetest.Open(t, storetest.SQLite))
	for _, q := range []string{"after=abc", "after=1-", "after=-1", "after=1-0", "after=1-2-3", "after=1772355600000000",
		"after=99999999999999999999-1", "after=1-2&after=3-4", "after=%00", "after=+1-2"} {
		w := f.get(t, "/sections/news?"+q)
		if w.Code != 400 {
			t.Errorf("?%s: status %d, want 400", q, w.Code)
			continue
		}
		contains(t, "?"+q, body(t, w), "This address is not valid", `<link rel="stylesheet"`)
	}
	// Parameters other than after are ignored, and an empty after is the first page.
	for _, q := range []string{"", "after=", "page=2", "utm_source=x&after="} {
		if w := f.get(t, "/sections/news?"+q); w.Code != 200 {
			t.Errorf("?%s: status %d, want 200", q, w.Code)
		}
	}
}

func TestPageKey(t *testing.T) {
	tests := []struct {
		target, key string
		paginated   bool
	}{
		{"/sections/news", "/sections/news", true},
		{"/sections/news?utm_source=a&b=c", "/sections/news", true},
		{"/sections/news?after=0001772355600000000-042", "/sections/news?after=1772355600000000-42", true},
		{"/sections/news?x=1&after=5-6", "/sections/news?after=5-6", true},
		{"/articles/a?after=5-6", "/articles/a", false},
		{"/articles/a?after=junk", "/articles/a", false},
	}
	for _, tt := range tests {
		key, _, err := pageKey(httptest.NewRequest("GET", tt.target, nil), tt.paginated)
		if err != nil || key != tt.key {
			t.Errorf("pageKey(%s) = %q, %v; want %q", tt.target, key, err, tt.key)
		}
	}
	c, err := parseCursor("1772355600000000-42")
	if err != nil || c.ID != 42 || !c.PublishedAt.Equal(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)) || formatCursor(c) != "1772355600000000-42" {
		t.Errorf("cursor round trip: %+v %v", c, err)
	}
}

func TestMergedTopicAddressRedirects(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		water, err := db.GetTopicBySlug(ctx, "water")
		if err != nil {
			t.Fatal(err)
		}
		budget, err := db.GetTopicBySlug(ctx, "budget")
		if err != nil {
			t.Fatal(err)
		}
		if w := f.get(t, "/topics/water"); w.Code != http.StatusOK {
			t.Fatalf("topic page before the merge: %d", w.Code)
		}
		if err := db.MergeTopic(ctx, water.ID, budget.ID); err != nil {
			t.Fatal(err)
		}
		f.site.Purge()
		w := f.get(t, "/topics/water")
		if w.Code != http.StatusMovedPermanently || w.Header().Get("Location") != "/topics/budget" {
			t.Fatalf("merged topic's address: %d to %q, want 301 to /topics/budget", w.Code, w.Header().Get("Location"))
		}
		if body := f.get(t, "/topics/budget").Body.String(); !strings.Contains(body, "Wattle River safe for swimming again") {
			t.Error("the merged topic's article is not listed under the topic it joined")
		}
		if w := f.get(t, "/topics/never-was"); w.Code != http.StatusNotFound {
			t.Errorf("unknown topic: %d", w.Code)
		}
	})
}

func TestRenamedListsRedirect(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		if _, err := db.SaveSection(ctx, content.Section{ID: f.ids["culture"], Slug: "arts", Name: "Arts", Position: 2}); err != nil {
			t.Fatal(err)
		}
		a, err := db.GetAuthorBySlug(ctx, "daniel-okafor")
		if err != nil {
			t.Fatal(err)
		}
		a.Slug = "dan-okafor"
		if _, err := db.SaveAuthor(ctx, a); err != nil {
			t.Fatal(err)
		}
		f.site.Purge()
		for old, want := range map[string]string{"/sections/culture": "/sections/arts", "/authors/daniel-okafor": "/authors/dan-okafor"} {
			w := f.get(t, old)
			if w.Code != http.StatusMovedPermanently || w.Header().Get("Location") != want {
				t.Errorf("%s: %d to %q, want 301 to %s", old, w.Code, w.Header().Get("Location"), want)
			}
			if w := f.get(t, want); w.Code != http.StatusOK {
				t.Errorf("%s: %d", want, w.Code)
			}
		}
	})
}
