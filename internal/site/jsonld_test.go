package site

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	_ "image/jpeg"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"github.com/piprate/json-gold/ld"

	"masthead/internal/content"
	"masthead/internal/media"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

const testBase = "https://news.example.org"

// schemaOrgContext stands in for https://schema.org's context, so that the
// independent processor expands the pages' JSON-LD without the network:
// the vocabulary, and the properties whose strings are addresses.
var schemaOrgContext = map[string]any{"@context": map[string]any{
	"@vocab": "https://schema.org/",
	"url":    map[string]any{"@type": "@id"},
	"item":   map[string]any{"@type": "@id"},
	"image":  map[string]any{"@type": "@id"},
	"sameAs": map[string]any{"@type": "@id"},
}}

// offlineLoader gives the processor the schema.org context and refuses
// every other address: a test must never fetch anything.
type offlineLoader struct{}

func (offlineLoader) LoadDocument(u string) (*ld.RemoteDocument, error) {
	switch strings.TrimSuffix(u, "/") {
	case "https://schema.org", "http://schema.org":
		return &ld.RemoteDocument{DocumentURL: u, Document: schemaOrgContext}, nil
	}
	return nil, fmt.Errorf("test document loader: no network (asked for %s)", u)
}

// ldResult is a page's structured data as two parsers read it.
type ldResult struct {
	raw      []any                     // every script, decoded by encoding/json
	byType   map[string]map[string]any // the @graph nodes by @type
	expanded []any                     // every node, expanded by json-gold
	scripts  int                       // <script> elements in the page
}

// structuredData fetches path, finds its ld+json scripts with an HTML
// parser, decodes each with encoding/json and expands it with json-gold in
// safe mode (which fails on anything it would have to drop).
func structuredData(t *testing.T, f *fixture, path string) ldResult {
	t.Helper()
	w := f.get(t, path)
	if w.Code != 200 {
		t.Fatalf("GET %s: %d", path, w.Code)
	}
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(w.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	p := ldResult{byType: map[string]map[string]any{}, scripts: doc.Find("script").Length()}
	proc := ld.NewJsonLdProcessor()
	opts := ld.NewJsonLdOptions("")
	opts.DocumentLoader = offlineLoader{}
	opts.SafeMode = true
	doc.Find(`head script[type="application/ld+json"]`).Each(func(_ int, s *goquery.Selection) {
		var v map[string]any
		if err := json.Unmarshal([]byte(s.Text()), &v); err != nil {
			t.Fatalf("%s: structured data is not JSON: %v\n%s", path, err, s.Text())
		}
		p.raw = append(p.raw, v)
		if v["@context"] != "https://schema.org" {
			t.Errorf("%s: @context = %v", path, v["@context"])
		}
		graph, _ := v["@graph"].([]any)
		for _, n := range graph {
			node, _ := n.(map[string]any)
			typ, _ := node["@type"].(string)
			if p.byType[typ] != nil {
				t.Errorf("%s: two %s nodes", path, typ)
			}
			p.byType[typ] = node
		}
		exp, err := proc.Expand(v, opts)
		if err != nil {
			t.Fatalf("%s: JSON-LD does not expand: %v", path, err)
		}
		p.expanded = append(p.expanded, exp...)
	})
	if len(p.raw) != 1 {
		t.Fatalf("%s has %d structured data scripts, want 1", path, len(p.raw))
	}
	if len(p.expanded) != len(p.byType) {
		t.Errorf("%s: json-gold found %d top nodes, encoding/json %d", path, len(p.expanded), len(p.byType))
	}
	checkAbsolute(t, path, p.raw[0])
	return p
}

// checkAbsolute fails for any address in the data that is not absolute
// under the site's base (the organisation's sameAs links are the writer's own).
func checkAbsolute(t *testing.T, where string, v any) {
	t.Helper()
	var walk func(key string, v any)
	walk = func(key string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				walk(k, x)
			}
		case []any:
			for _, x := range v {
				walk(key, x)
			}
		case string:
			switch key {
			case "@id", "url", "item", "image", "urlTemplate":
				u, err := url.Parse(strings.ReplaceAll(v, "{search_term_string}", "x"))
				if err != nil || u.Scheme != "https" || u.Host != "news.example.org" || !strings.HasPrefix(u.Path, "/") {
					t.Errorf("%s: %s %q is not an absolute address on the site", where, key, v)
				}
			}
		}
	}
	walk("", v)
}

// expandedNode finds the expanded node of a schema.org type.
func (p ldResult) expandedNode(t *testing.T, typ string) map[string]any {
	t.Helper()
	for _, n := range p.expanded {
		node := n.(map[string]any)
		if types, _ := node["@type"].([]any); slices.Contains(types, any("https://schema.org/"+typ)) {
			return node
		}
	}
	t.Fatalf("json-gold found no %s node", typ)
	return nil
}

// values lists an expanded property's values (@value or @id).
func values(node map[string]any, prop string) []string {
	var out []string
	vs, _ := node["https://schema.org/"+prop].([]any)
	for _, v := range vs {
		m := v.(map[string]any)
		if s, ok := m["@value"]; ok {
			out = append(out, fmt.Sprint(s))
		} else if s, ok := m["@id"]; ok {
			out = append(out, fmt.Sprint(s))
		} else {
			out = append(out, "(node)")
		}
	}
	return out
}

func str(v any) string { s, _ := v.(string); return s }

// crumbsOf lists a BreadcrumbList's items as "position name item".
func crumbsOf(t *testing.T, bl map[string]any) []string {
	t.Helper()
	var out []string
	for _, it := range bl["itemListElement"].([]any) {
		m := it.(map[string]any)
		if m["@type"] != "ListItem" {
			t.Errorf("breadcrumb item of type %v", m["@type"])
		}
		out = append(out, fmt.Sprintf("%v %s %s", m["position"], m["name"], m["item"]))
	}
	return out
}

// makeLeadCrops makes the crops of the fixture's lead image as the job
// would, then purges as the job does.
func makeLeadCrops(t *testing.T, f *fixture) {
	t.Helper()
	if _, err := media.New(f.mediaDir, f.db, time.Now).MakeCrops(context.Background(), leadImagePath); err != nil {
		t.Fatal(err)
	}
	f.site.Purge()
}

func TestArticleStructuredData(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()

		// Before the crops are made, the image is the original.
		p := structuredData(t, f, "/articles/council-budget")
		if got := p.byType["NewsArticle"]["image"]; !slices.Equal(toStrings(got), []string{testBase + "/media/2026/03/harbour.png"}) {
			t.Errorf("image before crops = %v, want the original", got)
		}

		// With a logo and the crops.
		st, err := db.GetSettings(ctx)
		if err != nil {
			t.Fatal(err)
		}
		logo, err := db.CreateImage(ctx, content.Image{Path: "2026/03/logo.png", Mime: "image/png", Width: 600, Height: 60}, 0)
		if err != nil {
			t.Fatal(err)
		}
		st.LogoID = logo
		if err := db.SaveSettings(ctx, st); err != nil {
			t.Fatal(err)
		}
		makeLeadCrops(t, f)
		p = structuredData(t, f, "/articles/council-budget")
		if p.scripts != 1 {
			t.Errorf("article page has %d script elements, want 1", p.scripts)
		}
		a := p.byType["NewsArticle"]
		for key, want := range map[string]string{
			"@id":            testBase + "/articles/council-budget#article",
			"headline":       "Council passes a budget that nobody wanted",
			"description":    "After nine hours of debate, councillors voted 7–5 for cuts to libraries and a rise in parking fees.",
			"datePublished":  "2026-03-02T01:30:00+11:00", // 1 March 14:30 UTC in Melbourne
			"dateModified":   "2026-03-03T20:15:00+11:00",
			"articleSection": "News",
			"inLanguage":     "en",
		} {
			if got := str(a[key]); got != want {
				t.Errorf("NewsArticle %s = %q, want %q", key, got, want)
			}
		}
		for _, key := range []string{"datePublished", "dateModified"} {
			if _, err := time.Parse(time.RFC3339, str(a[key])); err != nil {
				t.Errorf("%s is not RFC 3339: %v", key, err)
			}
		}
		if got := toStrings(a["keywords"]); !slices.Equal(got, []string{"Budget", "Local government"}) {
			t.Errorf("keywords = %v", got)
		}
		if _, ok := a["isPartOf"]; ok {
			t.Error("isPartOf on an article in no series")
		}
		if m := a["mainEntityOfPage"].(map[string]any); m["@id"] != testBase+"/articles/council-budget" {
			t.Errorf("mainEntityOfPage = %v", m)
		}
		var authors []string
		for _, x := range a["author"].([]any) {
			m := x.(map[string]any)
			authors = append(authors, fmt.Sprintf("%s %s %s", m["@type"], m["name"], m["url"]))
		}
		if want := []string{"Person Daniel Okafor " + testBase + "/authors/daniel-okafor", "Person Clara Bennett " + testBase + "/authors/clara-bennett"}; !slices.Equal(authors, want) {
			t.Errorf("authors = %q, want %q", authors, want)
		}
		pub := a["publisher"].(map[string]any)
		lg := pub["logo"].(map[string]any)
		if pub["@type"] != "Organization" || pub["name"] != "The Northbridge Weekly" || pub["url"] != testBase+"/" ||
			lg["url"] != testBase+"/media/2026/03/logo.png" || lg["width"] != 600.0 || lg["height"] != 60.0 {
			t.Errorf("publisher = %v", pub)
		}

		// The image: the three crops, which the site serves, at their ratios.
		imgs := toStrings(a["image"])
		if len(imgs) != 3 {
			t.Fatalf("image = %v, want the three crops", imgs)
		}
		for i, r := range media.CropRatios {
			u := imgs[i]
			if want := testBase + "/media/2026/03/harbour." + r.String() + ".jpg"; u != want {
				t.Errorf("image %d = %s, want %s", i, u, want)
			}
			w := f.get(t, strings.TrimPrefix(u, testBase))
			if w.Code != 200 || w.Header().Get("Content-Type") != "image/jpeg" {
				t.Errorf("GET %s: %d %s", u, w.Code, w.Header().Get("Content-Type"))
				continue
			}
			cfg, _, err := image.DecodeConfig(w.Body)
			if err != nil {
				t.Fatal(err)
			}
			if got := float64(cfg.Width) / float64(cfg.Height); got < float64(r.W)/float64(r.H)*0.99 || got > float64(r.W)/float64(r.H)*1.01 {
				t.Errorf("%s is %d × %d, not %s", u, cfg.Width, cfg.Height, r)
			}
			if cfg.Width*cfg.Height < 50_000 {
				t.Errorf("%s has %d pixels, fewer than search engines ask", u, cfg.Width*cfg.Height)
			}
		}

		// The independent processor reads the same things.
		exp := p.expandedNode(t, "NewsArticle")
		if got := values(exp, "headline"); !slices.Equal(got, []string{"Council passes a budget that nobody wanted"}) {
			t.Errorf("expanded headline = %v", got)
		}
		if got := values(exp, "image"); len(got) != 3 || got[0] != imgs[0] {
			t.Errorf("expanded image = %v", got)
		}
		for _, prop := range []string{"author", "datePublished", "dateModified", "publisher", "description", "articleSection", "keywords", "mainEntityOfPage"} {
			if len(values(exp, prop)) == 0 {
				t.Errorf("expanded NewsArticle lacks %s", prop)
			}
		}
		bl := p.byType["BreadcrumbList"]
		if got, want := crumbsOf(t, bl), []string{"1 Home " + testBase + "/", "2 News " + testBase + "/sections/news",
			"3 Council passes a budget that nobody wanted " + testBase + "/articles/council-budget"}; !slices.Equal(got, want) {
			t.Errorf("breadcrumbs = %q, want %q", got, want)
		}
		if n := len(values(p.expandedNode(t, "BreadcrumbList"), "itemListElement")); n != 3 {
			t.Errorf("expanded breadcrumbs have %d items", n)
		}

		// A series article is part of its series, which the trail shows.
		p = structuredData(t, f, "/articles/bus-drivers")
		part, _ := p.byType["NewsArticle"]["isPartOf"].(map[string]any)
		if part["@type"] != "CreativeWorkSeries" || part["name"] != "The Long Table" || part["url"] != testBase+"/series/the-long-table" {
			t.Errorf("isPartOf = %v", part)
		}
		if got := crumbsOf(t, p.byType["BreadcrumbList"]); len(got) != 4 || got[1] != "2 Culture "+testBase+"/sections/culture" ||
			got[2] != "3 The Long Table "+testBase+"/series/the-long-table" {
			t.Errorf("series breadcrumbs = %q", got)
		}
		// No lead image: no image, and dateModified is the publication.
		p = structuredData(t, f, "/articles/library-hours")
		if a := p.byType["NewsArticle"]; a["image"] != nil || a["dateModified"] != a["datePublished"] {
			t.Errorf("article without image or update: image %v, modified %v, published %v", a["image"], a["dateModified"], a["datePublished"])
		}
	})
}

func toStrings(v any) []string {
	var out []string
	xs, _ := v.([]any)
	for _, x := range xs {
		out = append(out, fmt.Sprint(x))
	}
	return out
}

// A headline, standfirst, writer and topic with everything that breaks
// hand-made JSON or HTML: the data must parse and say exactly what is stored,
// and the page must have exactly the one script element.
func TestStructuredDataSurvivesHostileText(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		headline := "He said \"no\" \\ </script><script>alert(1)</script> \u2028\u2029 📰 قرار المجلس 市议会"
		standfirst := "Line one\nline two\t<!-- -->]]> ' \" & \\u003c </SCRIPT > \U0001F600 \u001f «العربية» 中文"
		writer := "Zoë \"Z\" </script> O'Brien 王"
		topic := "Budget </script> & \"cuts\""
		id, err := db.SaveAuthor(context.Background(), content.Author{Slug: "zoe", Name: writer, Bio: standfirst})
		if err != nil {
			t.Fatal(err)
		}
		f.ids["zoe"] = id
		f.add(t, seed{slug: "hostile", headline: headline, standfirst: standfirst, section: "news", series: "the-long-table",
			authors: []string{"zoe"}, topics: []string{topic}, published: time.Date(2026, 3, 9, 1, 0, 0, 0, time.UTC),
			body: "Body."})

		for _, path := range []string{"/articles/hostile", "/authors/zoe", "/topics/" + content.Slugify(topic), "/series/the-long-table"} {
			raw := f.get(t, path).Body.String()
			p := structuredData(t, f, path)
			if p.scripts != 1 || strings.Count(raw, "<script") != 1 || strings.Count(strings.ToLower(raw), "</script") != 1 {
				t.Errorf("%s: %d script elements, %q appears %d times; want the one structured data script",
					path, p.scripts, "<script", strings.Count(raw, "<script"))
			}
			if strings.ContainsRune(raw, '\u2028') && strings.Contains(raw[strings.Index(raw, "ld+json"):strings.Index(raw, "</script>")], "\u2028") {
				t.Errorf("%s: U+2028 left raw inside the script", path)
			}
		}

		p := structuredData(t, f, "/articles/hostile")
		a := p.byType["NewsArticle"]
		if a["headline"] != headline {
			t.Errorf("headline = %q, want %q", a["headline"], headline)
		}
		if a["description"] != standfirst {
			t.Errorf("description = %q, want %q", a["description"], standfirst)
		}
		if au := a["author"].([]any)[0].(map[string]any); au["name"] != writer {
			t.Errorf("author = %q, want %q", au["name"], writer)
		}
		if kw := toStrings(a["keywords"]); !slices.Equal(kw, []string{topic}) {
			t.Errorf("keywords = %q", kw)
		}
		if got := values(p.expandedNode(t, "NewsArticle"), "headline"); !slices.Equal(got, []string{headline}) {
			t.Errorf("json-gold headline = %q", got)
		}
		prof := structuredData(t, f, "/authors/zoe").byType["ProfilePage"]["mainEntity"].(map[string]any)
		if prof["name"] != writer || prof["description"] != standfirst {
			t.Errorf("profile = %q / %q", prof["name"], prof["description"])
		}
	})
}

func TestClipLDHeadline(t *testing.T) {
	long := strings.Repeat("Council votes again ", 10) // 200 characters
	cjk := strings.Repeat("市议会通过预算", 20)               // no spaces
	for _, tt := range []struct{ in, want string }{
		{"Short", "Short"},
		{strings.Repeat("x", 110), strings.Repeat("x", 110)},
		{long, long[:107] + "…"},
		{cjk, string([]rune(cjk)[:109]) + "…"},
	} {
		got := clipLDHeadline(tt.in)
		if got != tt.want || utf8.RuneCountInString(got) > maxLDHeadline {
			t.Errorf("clipLDHeadline(%q) = %q (%d characters), want %q", tt.in, got, utf8.RuneCountInString(got), tt.want)
		}
	}
}

func TestHomeStructuredData(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		p := structuredData(t, f, "/")
		site, org := p.byType["WebSite"], p.byType["Organization"]
		if site["name"] != "The Northbridge Weekly" || site["url"] != testBase+"/" || site["@id"] != testBase+"/#website" {
			t.Errorf("WebSite = %v", site)
		}
		act := site["potentialAction"].(map[string]any)
		target := act["target"].(map[string]any)
		if act["@type"] != "SearchAction" || target["urlTemplate"] != testBase+"/search?q={search_term_string}" ||
			act["query-input"] != "required name=search_term_string" {
			t.Errorf("SearchAction = %v", act)
		}
		if org["name"] != "The Northbridge Weekly" || org["url"] != testBase+"/" || org["@id"] != testBase+"/#organization" {
			t.Errorf("Organization = %v", org)
		}
		if _, ok := org["logo"]; ok {
			t.Error("logo without a logo set")
		}
		exp := p.expandedNode(t, "WebSite")
		if got := values(exp, "potentialAction"); len(got) != 1 {
			t.Errorf("expanded potentialAction = %v", got)
		}
		if got := values(exp, "publisher"); !slices.Equal(got, []string{testBase + "/#organization"}) {
			t.Errorf("expanded publisher = %v", got)
		}
	})
}

func TestProfileAndCollectionStructuredData(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		// Clara has a photo.
		a, err := db.GetAuthorBySlug(ctx, "clara-bennett")
		if err != nil {
			t.Fatal(err)
		}
		photo, err := db.CreateImage(ctx, content.Image{Path: "2026/03/clara.jpg", Mime: "image/jpeg", Width: 400, Height: 400}, 0)
		if err != nil {
			t.Fatal(err)
		}
		a.PhotoID = photo
		if _, err := db.SaveAuthor(ctx, a); err != nil {
			t.Fatal(err)
		}
		f.site.Purge()

		p := structuredData(t, f, "/authors/clara-bennett")
		page := p.byType["ProfilePage"]
		person := page["mainEntity"].(map[string]any)
		img := person["image"].(map[string]any)
		if page["url"] != testBase+"/authors/clara-bennett" || person["@type"] != "Person" || person["name"] != "Clara Bennett" ||
			person["url"] != testBase+"/authors/clara-bennett" || person["description"] != "Clara Bennett has edited the Weekly since 2017." ||
			img["url"] != testBase+"/media/2026/03/clara.jpg" || img["width"] != 400.0 {
			t.Errorf("ProfilePage = %v", page)
		}
		if links := toStrings(person["sameAs"]); !slices.Equal(links, []string{"https://example.org/people/clara-bennett"}) {
			t.Errorf("sameAs = %v", links)
		}
		if got := values(p.expandedNode(t, "ProfilePage"), "mainEntity"); len(got) != 1 {
			t.Errorf("expanded mainEntity = %v", got)
		}
		if got := crumbsOf(t, p.byType["BreadcrumbList"]); !slices.Equal(got, []string{"1 Home " + testBase + "/", "2 Clara Bennett " + testBase + "/authors/clara-bennett"}) {
			t.Errorf("writer breadcrumbs = %q", got)
		}

		for _, tt := range []struct{ path, name, desc string }{
			{"/sections/news", "News", "What happened in Northbridge this week."},
			{"/series/the-long-table", "The Long Table", "A weekly column about the people who keep the city running."},
			{"/topics/budget", "Budget", "Articles about Budget in The Northbridge Weekly."},
		} {
			p := structuredData(t, f, tt.path)
			cp := p.byType["CollectionPage"]
			if cp["name"] != tt.name || cp["url"] != testBase+tt.path || cp["description"] != tt.desc || cp["inLanguage"] != "en" {
				t.Errorf("%s: CollectionPage = %v", tt.path, cp)
			}
			if got := crumbsOf(t, p.byType["BreadcrumbList"]); !slices.Equal(got, []string{"1 Home " + testBase + "/", "2 " + tt.name + " " + testBase + tt.path}) {
				t.Errorf("%s: breadcrumbs = %q", tt.path, got)
			}
			if got := values(p.expandedNode(t, "CollectionPage"), "name"); !slices.Equal(got, []string{tt.name}) {
				t.Errorf("%s: expanded name = %v", tt.path, got)
			}
		}
	})
}

// headOf is the <head> of a page.
func headOf(t *testing.T, f *fixture, path string) string {
	t.Helper()
	b := f.get(t, path).Body.String()
	i := strings.Index(b, "</head>")
	if i < 0 {
		t.Fatalf("%s has no </head>", path)
	}
	return b[:i]
}

func TestSocialPreviewTags(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		makeLeadCrops(t, f)
		head := headOf(t, f, "/articles/council-budget")
		contains(t, "article head", head,
			`<meta name="robots" content="max-image-preview:large">`,
			`<link rel="canonical" href="https://news.example.org/articles/council-budget">`,
			`<meta property="og:url" content="https://news.example.org/articles/council-budget">`,
			// The 16:9 crop, which every network shows whole.
			`<meta property="og:image" content="https://news.example.org/media/2026/03/harbour.16x9.jpg">`,
			`<meta property="og:image:type" content="image/jpeg">`,
			`<meta property="og:image:width" content="1200">`,
			`<meta property="og:image:height" content="675">`,
			`<meta property="og:image:alt" content="The Town Hall at dusk, seen across the harbour">`,
			`<meta name="twitter:card" content="summary_large_image">`,
			`<meta name="twitter:title" content="Council passes a budget that nobody wanted">`,
			`<meta name="twitter:description" content="After nine hours of debate`,
			`<meta name="twitter:image" content="https://news.example.org/media/2026/03/harbour.16x9.jpg">`,
			`<meta name="twitter:image:alt" content="The Town Hall at dusk, seen across the harbour">`,
			`<meta property="article:author" content="https://news.example.org/authors/daniel-okafor">`,
			`<meta property="article:author" content="https://news.example.org/authors/clara-bennett">`,
			`<meta property="article:tag" content="Budget">`,
			`<meta property="article:tag" content="Local government">`,
		)
		// No picture and no logo: a small card, and no og:image.
		head = headOf(t, f, "/sections/culture")
		contains(t, "section head", head, `<meta name="twitter:card" content="summary">`, `<meta name="robots" content="max-image-preview:large">`,
			`<link rel="canonical" href="https://news.example.org/sections/culture">`)
		if strings.Contains(head, "og:image") {
			t.Error("section page without a logo has an og:image")
		}
		// With a logo, list pages show it.
		ctx := context.Background()
		st, _ := db.GetSettings(ctx)
		logo, err := db.CreateImage(ctx, content.Image{Path: "2026/03/logo.png", Mime: "image/png", Width: 600, Height: 315}, 0)
		if err != nil {
			t.Fatal(err)
		}
		st.LogoID = logo
		if err := db.SaveSettings(ctx, st); err != nil {
			t.Fatal(err)
		}
		f.site.Purge()
		for _, path := range []string{"/sections/culture", "/series/the-long-table", "/topics/budget", "/authors/daniel-okafor"} {
			contains(t, path, headOf(t, f, path),
				`<meta property="og:image" content="https://news.example.org/media/2026/03/logo.png">`,
				`<meta property="og:image:width" content="600">`,
				`<meta property="og:image:alt" content="The Northbridge Weekly">`)
		}
		// Pages search engines must not index keep noindex, and get no structured data.
		w := httptestPreview(t, f, "council-budget")
		if !strings.Contains(w, `<meta name="robots" content="noindex">`) || strings.Contains(w, "max-image-preview") || strings.Contains(w, "ld+json") {
			t.Error("preview: want noindex, no max-image-preview and no structured data")
		}
		nf := f.get(t, "/articles/no-such-article").Body.String()
		if strings.Contains(nf, "max-image-preview") || strings.Contains(nf, "ld+json") {
			t.Error("a 404 page invites indexing or carries structured data")
		}
	})
}

// httptestPreview is the newsroom preview of a fixture article.
func httptestPreview(t *testing.T, f *fixture, slug string) string {
	t.Helper()
	w := httptest.NewRecorder()
	if err := f.site.Preview(w, httptest.NewRequest(http.MethodGet, "/", nil), f.ids[slug], "/admin"); err != nil {
		t.Fatal(err)
	}
	return w.Body.String()
}

// Without a base address setting, structured data and social tags follow
// the host each reader asked for, from the cache too; an article's data,
// kept with its fragment for every host, never carries another's.
func TestStructuredDataFollowsRequestHost(t *testing.T) {
	f := newFixture(t, storetest.Open(t, storetest.SQLite))
	withoutBaseURL(t, f)
	makeLeadCrops(t, f)
	for range 2 { // the second round comes from the caches
		for _, host := range []string{"news.example.org", "localhost:8080", "staging.example.org"} {
			for _, path := range []string{"/articles/council-budget", "/", "/authors/clara-bennett", "/sections/news"} {
				page := f.getFrom(t, host, path)
				start := strings.Index(page, `<script type="application/ld+json">`)
				if start < 0 {
					t.Fatalf("%s%s: no structured data", host, path)
				}
				script := page[start : start+strings.Index(page[start:], "</script>")]
				head := page[:strings.Index(page, "</head>")]
				for _, part := range []string{script, head} {
					for _, other := range []string{"news.example.org", "localhost:8080", "staging.example.org"} {
						if other != host && strings.Contains(part, "//"+other+"/") {
							t.Errorf("%s%s carries an address on %s", host, path, other)
						}
					}
				}
				if !strings.Contains(script, `"http://`+host+`/`) {
					t.Errorf("%s%s: structured data without addresses on its host:\n%s", host, path, script)
				}
			}
		}
	}
	if page := f.getFrom(t, "localhost:8080", "/articles/council-budget"); !strings.Contains(page,
		`<meta property="og:image" content="http://localhost:8080/media/2026/03/harbour.16x9.jpg">`) {
		t.Error("og:image is not the crop on the request's host")
	}
}

// A theme whose layout writes its own tags from the fields, without
// {{.Meta}} or {{.JSONLD}}, still renders, and gets neither.
func TestThemeLayoutWithoutStructuredData(t *testing.T) {
	theme := t.TempDir()
	if err := os.MkdirAll(filepath.Join(theme, "templates"), 0o755); err != nil {
		t.Fatal(err)
	}
	layout := `{{define "layout"}}<!doctype html><html lang="en"><head><title>{{.Title}}</title>` +
		`<meta property="og:image" content="{{.OGImage}}"><link rel="canonical" href="{{.Canonical}}"></head>` +
		`<body>{{.Chrome.Top}}<main>{{template "main" .}}</main>{{.Chrome.Bottom}}</body></html>{{end}}` +
		`{{define "top"}}<header>{{.Site.Settings.Name}}</header>{{end}}{{define "bottom"}}<footer></footer>{{end}}`
	if err := os.WriteFile(filepath.Join(theme, "templates", "layout.html"), []byte(layout), 0o644); err != nil {
		t.Fatal(err)
	}
	f := newFixture(t, storetest.Open(t, storetest.SQLite), func(o *Options) { o.ThemeDir = theme })
	w := f.get(t, "/articles/council-budget")
	b := w.Body.String()
	if w.Code != 200 {
		t.Fatalf("themed article: %d\n%s", w.Code, b)
	}
	contains(t, "themed article", b, `<meta property="og:image" content="https://news.example.org/media/2026/03/harbour.png">`,
		`<link rel="canonical" href="https://news.example.org/articles/council-budget">`, `<h1 class="headline">`)
	if strings.Contains(b, "<script") || strings.Contains(b, "twitter:card") {
		t.Error("a theme without {{.Meta}} and {{.JSONLD}} got them anyway")
	}
}
