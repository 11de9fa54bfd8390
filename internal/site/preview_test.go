package site

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"masthead/internal/apperr"
	"masthead/internal/content"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

func TestPreview(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		preview := func(slug string) (*httptest.ResponseRecorder, error) {
			w := httptest.NewRecorder()
			err := f.site.Preview(w, httptest.NewRequest(http.MethodGet, "/admin/articles/1/preview", nil), f.ids[slug], "/admin/articles/1")
			return w, err
		}
		w, err := preview("hidden-scheduled")
		if err != nil {
			t.Fatal(err)
		}
		body := w.Body.String()
		for _, want := range []string{
			`<h1 class="headline">Hidden scheduled</h1>`,
			"which is scheduled: readers cannot see it",
			`<a href="/admin/articles/1">Back to the editor</a>`,
			`<meta name="robots" content="noindex">`,
			// A scheduled article is dated when it will go live (11 March in Melbourne).
			`datetime="2026-03-11T23:00:00&#43;11:00"`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("preview lacks %s", want)
			}
		}
		if w.Header().Get("Cache-Control") != "private, no-store" || w.Header().Get("X-Robots-Tag") != "noindex" {
			t.Errorf("preview headers: %v", w.Header())
		}
		// Previewing stores nothing readers could be served.
		if r := f.get(t, "/articles/hidden-scheduled"); r.Code != http.StatusNotFound {
			t.Errorf("the previewed article's public address answers %d, want 404", r.Code)
		}
		// Reader pages carry no banner.
		if r := f.get(t, "/articles/council-budget"); strings.Contains(r.Body.String(), "preview-note") || strings.Contains(r.Body.String(), "noindex") {
			t.Error("a reader's page carries the preview banner or noindex")
		}
		if w, err := preview("council-budget"); err != nil || !strings.Contains(w.Body.String(), "It is published: readers see it") {
			t.Errorf("preview of a published article: %v", err)
		}
		if err := f.site.Preview(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil), 999999, "/admin"); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("preview of no article: %v, want not found", err)
		}
	})
}

func TestHeadMetaEscapesEverything(t *testing.T) {
	hostile := `Quotes " and <script>alert(1)</script> & more`
	d := &pageData{Site: &shared{}, Title: hostile, OGTitle: hostile, Description: hostile, OGType: "article",
		Canonical: `https://news.example.org/articles/x"onmouseover="alert(1)`, Image: &socialImage{Path: "/media/a.png", Alt: hostile, Type: hostile},
		Article: &articleView{Section: hostile, Published: stamp{ISO: "2026-03-02T01:30:00+11:00"},
			Authors: []bylineName{{Slug: `a"b`, Name: hostile}}, Topics: []content.Topic{{Name: hostile}}}}
	d.Site.Settings.Name = hostile
	d.Base = "https://news.example.org"
	got := string(d.headMeta())
	for _, bad := range []string{"<script", `x"onmouseover`, `" and`} {
		if strings.Contains(got, bad) {
			t.Errorf("head metadata carries %q unescaped:\n%s", bad, got)
		}
	}
	for _, want := range []string{
		`<meta property="og:title" content="Quotes &#34; and &lt;script&gt;alert(1)&lt;/script&gt; &amp; more">`,
		`<link rel="canonical" href="https://news.example.org/articles/x&#34;onmouseover=&#34;alert(1)">`,
		`<meta property="article:published_time" content="2026-03-02T01:30:00+11:00">`,
		`<meta property="og:image:alt" content="Quotes &#34; and &lt;script&gt;alert(1)&lt;/script&gt; &amp; more">`,
		`<meta name="twitter:image:alt" content="Quotes &#34; and &lt;script&gt;alert(1)&lt;/script&gt; &amp; more">`,
		`<meta property="article:tag" content="Quotes &#34; and &lt;script&gt;alert(1)&lt;/script&gt; &amp; more">`,
		`<meta property="article:author" content="https://news.example.org/authors/a%22b">`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("head metadata lacks %s:\n%s", want, got)
		}
	}
	if strings.Contains(got, "noindex") {
		t.Error("a reader's page asks not to be indexed")
	}
}

func TestImgAttrsEscape(t *testing.T) {
	got := string(imgAttrs(&content.Image{Path: "2026/03/a b\".png", Width: 1200, Height: 675}, `A "quoted" <b>alt</b> & more`))
	want := `src="/media/2026/03/a%20b%22.png" alt="A &#34;quoted&#34; &lt;b&gt;alt&lt;/b&gt; &amp; more" width="1200" height="675"`
	if got != want {
		t.Errorf("imgAttrs =\n%s\nwant\n%s", got, want)
	}
	if imgAttrs(nil, "x") != "" {
		t.Error("no image should give no attributes")
	}
}
