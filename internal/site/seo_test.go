package site

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// headTags reads what a browser, a search engine and a social network read
// from an article page's head: the title, the meta tags by name or
// property (decoded), and the NewsArticle of the structured data.
type headTags struct {
	title   string
	meta    map[string][]string
	article map[string]any
	scripts int
}

func readHead(t *testing.T, f *fixture, path string) headTags {
	t.Helper()
	w := f.get(t, path)
	if w.Code != 200 {
		t.Fatalf("GET %s: %d", path, w.Code)
	}
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(w.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	h := headTags{title: doc.Find("head title").Text(), meta: map[string][]string{}, scripts: doc.Find("script").Length()}
	doc.Find("head meta").Each(func(_ int, s *goquery.Selection) {
		key := s.AttrOr("name", s.AttrOr("property", ""))
		h.meta[key] = append(h.meta[key], s.AttrOr("content", ""))
	})
	h.article = structuredData(t, f, path).byType["NewsArticle"]
	return h
}

// one is the single value of a meta tag; a second one is an error.
func (h headTags) one(t *testing.T, what, key string) string {
	t.Helper()
	if len(h.meta[key]) != 1 {
		t.Errorf("%s: %d %s tags, want 1", what, len(h.meta[key]), key)
		return ""
	}
	return h.meta[key][0]
}

// The optional search and social texts: <title> follows the SEO title;
// og:title and twitter:title the social title, else the SEO title, else
// the headline; og:description and twitter:description the social
// description, else the standfirst; the meta description is always the
// standfirst; the structured data keeps the headline and gives the SEO
// title as alternativeHeadline. Values hold quotes, ampersands and
// </script>, which must arrive exactly as typed and end nothing.
func TestSearchAndSocialTextsFollowTheirFields(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		const (
			headline   = `Council passes "the budget" & goes home`
			standfirst = `Nine hours of debate, </script><script>alert(1)</script> and a 7–5 vote.`
			seo        = `Budget 2026: "cuts" </script><script>alert(2)</script> & fees`
			social     = `What the 'budget' means for you </title><script>alert(3)</script>`
			socialDesc = `Libraries close early; parking costs more. "Read" </script> & share.`
		)
		at := time.Date(2026, 3, 9, 1, 0, 0, 0, time.UTC)
		base := seed{headline: headline, standfirst: standfirst, section: "news", authors: []string{"clara-bennett"}, published: at, body: "Body."}
		all, seoOnly, none := base, base, base
		all.slug, all.seoTitle, all.socialTitle, all.socialDescription = "all-three", seo, social, socialDesc
		seoOnly.slug, seoOnly.seoTitle = "seo-only", seo
		none.slug = "none"
		for _, s := range []seed{all, seoOnly, none} {
			f.add(t, s)
		}

		for _, tc := range []struct {
			path                      string
			title, ogTitle, shareDesc string
			alternative               any
		}{
			{"/articles/all-three", seo, social, socialDesc, seo},
			{"/articles/seo-only", seo, seo, standfirst, seo},
			{"/articles/none", headline + " — The Northbridge Weekly", headline, standfirst, nil},
		} {
			h := readHead(t, f, tc.path)
			if h.title != tc.title {
				t.Errorf("%s: <title> %q, want %q", tc.path, h.title, tc.title)
			}
			for key, want := range map[string]string{
				"description": standfirst,
				"og:title":    tc.ogTitle, "twitter:title": tc.ogTitle,
				"og:description": tc.shareDesc, "twitter:description": tc.shareDesc,
			} {
				if got := h.one(t, tc.path, key); got != want {
					t.Errorf("%s: %s = %q, want %q", tc.path, key, got, want)
				}
			}
			if h.article["headline"] != headline || h.article["description"] != standfirst || h.article["alternativeHeadline"] != tc.alternative {
				t.Errorf("%s: structured data headline %q, description %q, alternativeHeadline %v; want %q, %q, %v", tc.path,
					h.article["headline"], h.article["description"], h.article["alternativeHeadline"], headline, standfirst, tc.alternative)
			}
			if h.scripts != 1 {
				t.Errorf("%s: %d script elements, want only the structured data", tc.path, h.scripts)
			}
			raw := f.get(t, tc.path).Body.String()
			if n := strings.Count(strings.ToLower(raw), "</script>"); n != 1 {
				t.Errorf("%s: </script> appears %d times in the page, want 1", tc.path, n)
			}
		}
	})
}
