package site

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"masthead/internal/content"
	"masthead/internal/store"
)

// fixtureNow is the fixed clock of every test: 10 March 2026, 23:00 in
// Melbourne, so dates differ between UTC and the publication's zone.
var fixtureNow = time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)

// fixture is a small publication seeded through the store: two sections,
// a series, two writers, published articles (with and without topics, one
// corrected and updated, one with a see-also link and a lead image), and
// a draft, a scheduled and an unpublished article that readers must not see.
type fixture struct {
	db       *store.DB
	site     *Site
	h        http.Handler
	mediaDir string
	logs     *bytes.Buffer
	ids      map[string]int64 // article, section, series and author slugs
}

const (
	leadImagePath = "2026/03/harbour.png"
	privacyMD     = "We keep as little personal data as we can.\n\n## Your rights\n\nWrite to privacy@example.org.\n\n<script>alert(1)</script>\n"
)

func newFixture(t testing.TB, db *store.DB, opts ...func(*Options)) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{db: db, ids: map[string]int64{}, mediaDir: filepath.Join(t.TempDir(), "media"), logs: &bytes.Buffer{}}
	must := func(id int64, err error) int64 {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	if err := db.SaveSettings(ctx, content.Settings{
		Name: "The Northbridge Weekly", Tagline: "Independent journalism about the city we share",
		Description: "An independent, reader-funded weekly about civic life in Northbridge.",
		TimeZone:    "Australia/Melbourne", SupportText: "Support 25 years of independent journalism", SupportURL: "/support",
		PrivacyNotice: privacyMD, BaseURL: "https://news.example.org",
	}); err != nil {
		t.Fatal(err)
	}
	f.ids["news"] = must(db.SaveSection(ctx, content.Section{Slug: "news", Name: "News", Description: "What happened in Northbridge this week.", Position: 1}))
	f.ids["culture"] = must(db.SaveSection(ctx, content.Section{Slug: "culture", Name: "Culture", Description: "Arts, heritage and books.", Position: 2}))
	f.ids["the-long-table"] = must(db.SaveSeries(ctx, content.Series{Slug: "the-long-table", Name: "The Long Table", Description: "A weekly column about the people who keep the city running."}))
	f.ids["clara-bennett"] = must(db.SaveAuthor(ctx, content.Author{Slug: "clara-bennett", Name: "Clara Bennett",
		Bio: "Clara Bennett has edited the Weekly since 2017.", Links: []string{"https://example.org/people/clara-bennett"}}))
	f.ids["daniel-okafor"] = must(db.SaveAuthor(ctx, content.Author{Slug: "daniel-okafor", Name: "Daniel Okafor",
		Bio: "Daniel Okafor covers the city council."}))

	if err := os.MkdirAll(filepath.Join(f.mediaDir, "2026", "03"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(f.mediaDir, leadImagePath), harbourPNG(t), 0o644); err != nil {
		t.Fatal(err)
	}
	img := must(db.CreateImage(ctx, content.Image{Path: leadImagePath, Mime: "image/png", Width: 1200, Height: 675, Size: 1000}, 0))

	at := func(day, hour, min int) time.Time { return time.Date(2026, 3, day, hour, min, 0, 0, time.UTC) }
	f.add(t, seed{slug: "library-hours", headline: "Libraries to open on Sundays from April", section: "news",
		standfirst: "Three branches will trial Sunday hours after a petition signed by 4,000 residents.",
		authors:    []string{"clara-bennett"}, topics: []string{"Libraries"}, published: at(1, 0, 10),
		body: "The trial runs for six months.\n\nLibrarians welcomed the change."})
	f.add(t, seed{slug: "council-budget", headline: "Council passes a budget that nobody wanted", section: "news",
		standfirst: "After nine hours of debate, councillors voted 7–5 for cuts to libraries and a rise in parking fees.",
		authors:    []string{"daniel-okafor", "clara-bennett"}, topics: []string{"Budget", "Local government"},
		published: at(1, 14, 30), modified: at(3, 9, 15), leadImage: img,
		leadAlt: "The Town Hall at dusk, seen across the harbour", leadCaption: "The Town Hall, where the vote ran past midnight.", leadCredit: "Photo: Sam Lee",
		correction: "An earlier version of this article gave the vote as 8–4. It was 7–5.",
		body: "The vote came at 12.40am, after the public gallery had emptied.\n\n" +
			"## What changes\n\nParking in the city centre will cost $4.50 an hour from July.\n\n" +
			"See also: /articles/library-hours\n\n" +
			">> We were asked to choose between the libraries and the buses.\n>> — Cr Maria Santos\n\n" +
			"The mayor said the budget would be reviewed in December."})
	f.add(t, seed{slug: "bus-drivers", headline: "The people who drive the night buses", section: "culture", series: "the-long-table",
		standfirst: "A shift on the 907, from the depot to the last stop and back.",
		authors:    []string{"clara-bennett"}, topics: []string{"Transport"}, published: at(4, 20, 0),
		body: "Marta has driven the 907 for eleven years."})
	f.add(t, seed{slug: "gallery-reopens", headline: "The Corn Exchange gallery reopens", section: "culture",
		standfirst: "Two years and $3 million later, the old grain hall is an art space again.",
		authors:    []string{"daniel-okafor"}, published: at(5, 8, 0),
		body: "The doors opened at ten."})
	f.add(t, seed{slug: "river-report", headline: "Wattle River safe for swimming again", section: "news",
		standfirst: "Water tests at all five sites met the standard for the first time since 2019.",
		authors:    []string{"daniel-okafor"}, topics: []string{"Water"}, published: at(8, 6, 0),
		body: "The council will reopen the river pools next weekend."})
	for _, st := range []content.Status{content.StatusDraft, content.StatusScheduled, content.StatusUnpublished} {
		f.add(t, seed{slug: "hidden-" + string(st), headline: "Hidden " + string(st), section: "news", status: st,
			authors: []string{"clara-bennett"}, topics: []string{"Budget"}, published: at(9, 0, 0), body: "Not for readers yet."})
	}

	// The composition root hands the site the prepared-statement reader.
	reader, err := db.SiteReader(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { reader.Release() })
	o := Options{Store: reader, MediaDir: f.mediaDir, Now: func() time.Time { return fixtureNow },
		Logger: slog.New(slog.NewTextHandler(f.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))}
	for _, fn := range opts {
		fn(&o)
	}
	s, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	f.site = s
	mux := http.NewServeMux()
	s.Routes(mux)
	f.h = mux
	return f
}

// seed is one article of the fixture.
type seed struct {
	slug, headline, standfirst, section, series, body string
	authors, topics                                   []string
	status                                            content.Status
	published, modified                               time.Time
	leadImage                                         int64
	leadAlt, leadCaption, leadCredit, correction      string
	seoTitle, socialTitle, socialDescription          string
}

func (f *fixture) add(t testing.TB, s seed) int64 {
	t.Helper()
	ctx := context.Background()
	res, err := content.ConvertMarkdown(s.body, func(slug string) (content.ArticleRef, bool) {
		ref, err := f.db.ArticleRefBySlug(ctx, slug)
		return ref, err == nil
	})
	if err != nil || len(res.Missing) > 0 {
		t.Fatalf("body of %s: %v, missing %v", s.slug, err, res.Missing)
	}
	if s.status == "" {
		s.status = content.StatusPublished
	}
	a := content.Article{Slug: s.slug, Headline: s.headline, Standfirst: s.standfirst, BodySource: s.body, Body: res.HTML,
		SectionID: f.ids[s.section], SeriesID: f.ids[s.series], Status: s.status, LeadImageID: s.leadImage,
		LeadAlt: s.leadAlt, LeadCaption: s.leadCaption, LeadCredit: s.leadCredit, Correction: s.correction,
		ModifiedAt: s.modified, CreatedAt: s.published, UpdatedAt: s.published, LinkedIDs: res.LinkedIDs,
		SEOTitle: s.seoTitle, SocialTitle: s.socialTitle, SocialDescription: s.socialDescription}
	if s.status == content.StatusPublished || s.status == content.StatusUnpublished {
		a.PublishedAt = s.published
	}
	if s.status == content.StatusScheduled {
		a.ScheduledAt = fixtureNow.Add(24 * time.Hour)
	}
	for _, slug := range s.authors {
		a.AuthorIDs = append(a.AuthorIDs, f.ids[slug])
	}
	w := content.ArticleWrite{Article: a, Revision: content.Snapshot{Headline: s.headline}}
	for _, name := range s.topics {
		w.Topics = append(w.Topics, content.Topic{Slug: content.Slugify(name), Name: name})
	}
	id, err := f.db.CreateArticle(ctx, w)
	if err != nil {
		t.Fatalf("create %s: %v", s.slug, err)
	}
	f.ids[s.slug] = id
	return id
}

// get requests path from the site with optional header pairs.
func (f *fixture) get(t *testing.T, path string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	return f.do(t, http.MethodGet, path, header...)
}

func (f *fixture) do(t *testing.T, method, path string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(method, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, r)
	return w
}

// update edits a stored article in place, as the newsroom would.
func (f *fixture) update(t *testing.T, slug string, edit func(*content.Article)) {
	t.Helper()
	ctx := context.Background()
	a, err := f.db.GetArticle(ctx, f.ids[slug])
	if err != nil {
		t.Fatal(err)
	}
	topics := []content.Topic{}
	all, _ := f.db.ListTopics(ctx)
	for _, id := range a.TopicIDs {
		for _, tp := range all {
			if tp.ID == id {
				topics = append(topics, tp)
			}
		}
	}
	edit(&a)
	if err := f.db.UpdateArticle(ctx, content.ArticleWrite{Article: a, Topics: topics, Revision: content.Snapshot{Headline: a.Headline}}); err != nil {
		t.Fatal(err)
	}
}

var (
	harbourOnce sync.Once
	harbourData []byte
)

// harbourPNG draws a 1200×675 picture of a harbour at dusk, so the lead
// image looks like a photograph's place in screenshots.
func harbourPNG(t testing.TB) []byte {
	harbourOnce.Do(func() {
		const w, h = 1200, 675
		img := image.NewRGBA(image.Rect(0, 0, w, h))
		lerp := func(a, b uint8, f float64) uint8 { return uint8(float64(a) + (float64(b)-float64(a))*f) }
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				f := float64(y) / float64(h)
				c := color.RGBA{lerp(52, 233, f*1.6), lerp(64, 150, f*1.4), lerp(110, 120, f), 255}
				if y > h*3/5 { // water, darker with faint bands
					g := float64(y-h*3/5) / float64(h*2/5)
					band := uint8(10 * ((y / 9) % 2))
					c = color.RGBA{lerp(70, 20, g) + band, lerp(70, 35, g) + band, lerp(110, 60, g) + band, 255}
				} else if y > h/2 && (x/70)%3 != 0 && y > h/2+((x*7)%40) { // skyline
					c = color.RGBA{30, 32, 44, 255}
				}
				img.Set(x, y, c)
			}
		}
		var buf bytes.Buffer
		if err := png.Encode(&buf, img); err != nil {
			panic(err)
		}
		harbourData = buf.Bytes()
	})
	return harbourData
}

func body(t *testing.T, w *httptest.ResponseRecorder) string {
	t.Helper()
	b, err := io.ReadAll(w.Result().Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// contains fails the test for every wanted string missing from s.
func contains(t *testing.T, what, s string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(s, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}
