package admin_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"masthead/internal/auth"
	"masthead/internal/content"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// liveCheck and liveChecks are the JSON of POST /admin/articles/checks.
type liveCheck struct {
	ID          string `json:"id"`
	Message     string `json:"message"`
	Severity    string `json:"severity"`
	Overridable bool   `json:"overridable"`
	Field       string `json:"field"`
	Block       *int   `json:"block"` // a pointer, so that a missing block is not read as 0
	Excerpt     string `json:"excerpt"`
}

type liveChecks struct {
	Checks         []liveCheck `json:"checks"`
	Words          *int        `json:"words"`
	ReadingMinutes *int        `json:"reading_minutes"`
	HeadlineChars  *int        `json:"headline_chars"`
	Error          string      `json:"error"`
}

// checks posts the editor form f to the live checks and decodes the answer,
// which must be JSON whatever its status.
func (c *client) checks(f url.Values, headers ...string) (resp, liveChecks) {
	c.t.Helper()
	r := c.post("/admin/articles/checks", f, headers...)
	var out liveChecks
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		c.t.Fatalf("checks answered %d with %q, not JSON:\n%s", r.status, ct, r.body)
	}
	if err := json.Unmarshal([]byte(r.body), &out); err != nil {
		c.t.Fatalf("checks: %v\n%s", err, r.body)
	}
	return r, out
}

func copyForm(f url.Values) url.Values {
	out := url.Values{}
	for k, v := range f {
		out[k] = append([]string(nil), v...)
	}
	return out
}

// Every kind of check, each in a body built to trigger it, comes back with
// the block it is in (0-based top-level blocks: the pull quote and the
// subheading count, so block and paragraph numbers differ) and the text it
// is about; fields' checks point at no block.
func TestLiveChecksPointAtTheirPlace(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := newApp(t, db)
		ed := a.user("ed@example.org", auth.RoleEditor)
		draft, err := a.content.Save(ctx, editorActor, content.ArticleInput{Headline: "The draft about parking", Slug: "draft-story",
			SectionID: a.section, AuthorIDs: []int64{ed.AuthorID}, BodySource: "Not yet."})
		if err != nil {
			t.Fatal(err)
		}
		img, err := db.CreateImage(ctx, content.Image{Path: "2026/03/chart.png", Mime: "image/png", Width: 800, Height: 600}, 0)
		if err != nil {
			t.Fatal(err)
		}
		council := "The council met on Tuesday to vote on the budget for the coming year at last."
		sentence := "Russia invaded Ukraine eight years ago, not just in February."
		body := strings.Join([]string{
			"## What happened",                     // 0
			">> Nobody wanted this budget.",        // 1: a pull quote, not a paragraph
			council,                                // 2: paragraph 1
			"See also: /articles/no-such-story",    // 3: kept as text, to nothing
			sentence + " " + sentence + " It did.", // 4: a sentence twice
			"- A list item\n- Another item",        // 5
			council,                                // 6: paragraph 1 again
			strings.Replace(council, "Tuesday", "Wednesday", 1), // 7: one word apart
			"![A chart](/media/chart.png) The chart shows it.",  // 8: an image
			"Some <u>underlined</u> words.",                     // 9: HTML
			"See also: /articles/draft-story",                   // 10: a draft
			"Read [the old story](/articles/gone-story) too.",   // 11: a link to nothing
		}, "\n\n")
		headline := strings.Repeat("Council budget ", 8) // 120 characters
		seo := "Budget 2026: what the council's vote means for libraries, parking and rates"
		social := strings.Repeat("Libraries close early and parking costs more. ", 5)
		f := articleForm(a.section, ed.AuthorID, headline, body, "publish")
		f.Set("standfirst", "")
		f.Set("lead_image_id", itoa(img))
		f.Set("seo_title", seo)
		f.Set("social_description", social)

		c := a.signIn("ed@example.org")
		c.get("/admin/articles/new")
		r, got := c.checks(f)
		wantStatus(t, r, http.StatusOK, "checks")
		type want struct {
			id, field, severity string
			block               int
			excerpt             string
		}
		wants := []want{
			{"repeated-sentence", "body", "block", 4, sentence},
			{"repeated-paragraph", "body", "block", 6, council},
			{"near-repeat", "body", "block", 7, strings.Replace(council, "Tuesday", "Wednesday", 1)},
			{"not-kept", "body", "block", 8, "The chart shows it."},
			{"not-kept", "body", "block", 9, "Some underlined words."},
			{"broken-link", "body", "block", 3, "/articles/no-such-story"},
			{"broken-link", "body", "block", 11, "the old story"},
			{"unpublished-link", "body", "block", 10, "The draft about parking"},
			{"missing-alt", "lead_alt", "block", -1, ""},
			{"empty-standfirst", "standfirst", "block", -1, ""},
			{"long-headline", "headline", "block", -1, strings.TrimSpace(headline)},
			{"long-seo-title", "seo_title", "warn", -1, seo},
			{"long-social-description", "social_description", "warn", -1, strings.TrimSpace(social)[:200]},
		}
		if len(got.Checks) != len(wants) {
			t.Errorf("%d checks, want %d: %+v", len(got.Checks), len(wants), got.Checks)
		}
		for _, w := range wants {
			found := false
			for _, c := range got.Checks {
				if c.ID == w.id && c.Block != nil && *c.Block == w.block {
					found = true
					if c.Field != w.field || c.Severity != w.severity || c.Excerpt != w.excerpt || c.Message == "" {
						t.Errorf("%s in block %d: field %q, severity %q, excerpt %q, message %q; want %q, %q, %q",
							w.id, w.block, c.Field, c.Severity, c.Excerpt, c.Message, w.field, w.severity, w.excerpt)
					}
				}
			}
			if !found {
				t.Errorf("no %s check in block %d: %+v", w.id, w.block, got.Checks)
			}
		}
		for _, c := range got.Checks {
			if want := strings.HasPrefix(c.ID, "repeated-") || c.ID == "near-repeat"; c.Overridable != want {
				t.Errorf("%s: overridable %v, want %v", c.ID, c.Overridable, want)
			}
		}

		// An editor's override turns the repeats into advice; the rest still block.
		f.Set("allow_repeats", "1")
		_, got = c.checks(f)
		for _, c := range got.Checks {
			if want := map[bool]string{true: "warn", false: "block"}[c.Overridable || strings.HasPrefix(c.ID, "long-s")]; c.Severity != want {
				t.Errorf("with the override, %s is %q, want %q", c.ID, c.Severity, want)
			}
		}

		// A body too costly to convert is a check of its own.
		f.Set("body", strings.Repeat("- ", 12)+"deep")
		r, got = c.checks(f)
		wantStatus(t, r, http.StatusOK, "costly body")
		if len(got.Checks) == 0 || got.Checks[0].ID != "body-source" || *got.Checks[0].Block != -1 || !strings.Contains(got.Checks[0].Message, "more than 10 levels") {
			t.Errorf("costly body: %+v", got.Checks)
		}

		// Nothing was stored: no article, no revision, no image.
		if n := a.countArticles(); n != 1 {
			t.Errorf("%d articles after checks, want the one draft", n)
		}
		if revs, _ := db.ListRevisions(ctx, draft.Article.ID); len(revs) != 1 {
			t.Errorf("%d revisions of the draft, want 1", len(revs))
		}
	})
}

// The rich editor posts body_html, canonical HTML, instead of Markdown:
// the checks read it and count its blocks the same way.
func TestLiveChecksReadTheRichEditorsHTML(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		ed := a.user("ed@example.org", auth.RoleEditor)
		c := a.signIn("ed@example.org")
		para := "<p>The council met on Tuesday to vote on the budget for the coming year.</p>"
		f := articleForm(a.section, ed.AuthorID, "Budget", "Stale Markdown.", "save")
		f.Set("body_html", "<h2>Vote</h2>\n"+para+"\n<hr>\n"+para+"\n<p>Read <a href=\"/articles/gone\">the old story</a>.</p>"+
			"\n<table><tr><td>Dropped</td></tr></table>\n<p>A <u>marked</u> word.</p>")
		r, got := c.checks(f)
		wantStatus(t, r, http.StatusOK, "checks of HTML")
		want := []string{"repeated-paragraph in 3: The council met on Tuesday to vote on the budget for the coming year.",
			"not-kept in -1: ", "not-kept in 5: A marked word.", "broken-link in 4: the old story"}
		var have []string
		for _, c := range got.Checks {
			have = append(have, c.ID+" in "+itoa(int64(*c.Block))+": "+c.Excerpt)
		}
		if strings.Join(have, "\n") != strings.Join(want, "\n") {
			t.Errorf("checks of HTML:\n%s\nwant\n%s", strings.Join(have, "\n"), strings.Join(want, "\n"))
		}
		if *got.Words != 2*14+5+3 {
			t.Errorf("words %d, want %d", *got.Words, 2*14+5+3)
		}
	})
}

// A clean article has no checks (an empty list, not null), and the counts
// are those a writer would make: words of the body, reading time at 230 a
// minute rounded up, headline length in characters.
func TestLiveChecksOfACleanArticleAndTheCounts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		ed := a.user("ed@example.org", auth.RoleEditor)
		c := a.signIn("ed@example.org")
		var paras []string
		for i := range 41 { // 41 × 11 + 10 = 461 words: 2.004 minutes, shown as 3
			paras = append(paras, "Paragraph number "+itoa(int64(i))+" says something new about the café today — really.")
		}
		paras = append(paras, "See also nothing; “quotes” and U.S. dates like 2026-03-09 count.")
		f := articleForm(a.section, ed.AuthorID, "Café société", strings.Join(paras, "\n\n"), "save")
		r, got := c.checks(f)
		wantStatus(t, r, http.StatusOK, "clean checks")
		if !strings.Contains(r.body, `"checks":[]`) || len(got.Checks) != 0 {
			t.Errorf("a clean article has checks: %s", r.body)
		}
		if *got.Words != 461 || *got.ReadingMinutes != 3 || *got.HeadlineChars != 12 {
			t.Errorf("words %d, minutes %d, headline %d; want 461, 3, 12", *got.Words, *got.ReadingMinutes, *got.HeadlineChars)
		}
		// An empty form: no words, still a minute, no headline.
		r, got = c.checks(url.Values{})
		wantStatus(t, r, http.StatusOK, "empty form")
		if *got.Words != 0 || *got.ReadingMinutes != 1 || *got.HeadlineChars != 0 {
			t.Errorf("empty form: %d words, %d minutes, %d characters", *got.Words, *got.ReadingMinutes, *got.HeadlineChars)
		}
		if len(got.Checks) != 1 || got.Checks[0].ID != "empty-standfirst" {
			t.Errorf("empty form: %+v", got.Checks)
		}
	})
}

// Refusals are JSON with the admin's statuses, and nothing runs: signed
// out, another site's post, no token, bad input, too many, too large. A
// contributor may check (their drafts need it too); the editor's multipart
// form, file included, is read and the file is not kept.
func TestLiveChecksRefusals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		co := a.user("co@example.org", auth.RoleContributor)
		form := articleForm(a.section, co.AuthorID, "Budget", "Text.", "save")

		out := a.client()
		out.get("/admin/login")
		r, got := out.checks(copyForm(form))
		wantStatus(t, r, http.StatusUnauthorized, "signed out")
		if !strings.Contains(got.Error, "signed out") {
			t.Errorf("signed out: %q", got.Error)
		}

		c := a.signIn("co@example.org")
		for _, tc := range []struct {
			name    string
			csrf    []string
			headers []string
			want    string
		}{
			{"no token", nil, nil, "This form has expired"},
			{"wrong token", []string{strings.Repeat("x", 43)}, nil, "This form has expired"},
			{"cross-site", []string{c.csrf}, []string{"Sec-Fetch-Site", "cross-site"}, "from another site"},
			{"foreign origin", []string{c.csrf}, []string{"Origin", "https://evil.example"}, "from another site"},
		} {
			f := copyForm(form)
			f["csrf"] = tc.csrf
			r, got := c.checks(f, tc.headers...)
			wantStatus(t, r, http.StatusForbidden, tc.name)
			if !strings.Contains(got.Error, tc.want) || got.Checks != nil {
				t.Errorf("%s: %s", tc.name, r.body)
			}
		}

		for _, tc := range []struct {
			name, field, value, want string
		}{
			{"huge body", "body", strings.Repeat("x", content.MaxBodyChars+1), "The body can have at most 200,000 characters; this one has 200,001."},
			{"huge HTML body", "body_html", "<p>" + strings.Repeat("x", content.MaxBodyChars+10) + "</p>", "The body can have at most 200,000 characters"},
			{"two-line SEO title", "seo_title", "One\nTwo", "Write the SEO title on one line"},
			{"section not a number", "section", "news", "The section field must be an id"},
			{"author not a number", "author2", "-4", "The author2 field must be an id"},
			{"too many topics", "topics", strings.Repeat("a, ", 20) + manyTopics(21), "An article can have at most 20 topics."},
		} {
			f := copyForm(form)
			f.Set(tc.field, tc.value)
			r := c.postFile("/admin/articles/checks", f, "no_file", "", nil)
			if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `"error":`) || !strings.Contains(r.body, tc.want) {
				t.Errorf("%s: %d %s", tc.name, r.status, r.body[:min(len(r.body), 300)])
			}
		}
		r = c.postFile("/admin/articles/checks", copyForm(form), "lead_image", "huge.jpg", make([]byte, 12<<20))
		if r.status != http.StatusRequestEntityTooLarge || !strings.Contains(r.body, `"error":"What was sent is too large: at most 10 MB."`) {
			t.Errorf("over the request limit: %d %s", r.status, r.body)
		}

		// The editor's own form, multipart with a chosen file: checked, the file not kept.
		r = c.postFile("/admin/articles/checks", copyForm(form), "lead_image", "photo.jpg", pngBytes(t))
		wantStatus(t, r, http.StatusOK, "multipart form with a file")
		var files []string
		filepath.WalkDir(a.mediaDir, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				files = append(files, p)
			}
			return nil
		})
		if len(files) != 0 || a.countArticles() != 0 {
			t.Errorf("checks stored something: files %v, %d articles", files, a.countArticles())
		}

		// Paced per session: a burst, then 429 until time passes; another
		// session has its own allowance.
		a.clock.Add(time.Minute)
		n := 0
		for ; n < 50; n++ {
			if r := c.post("/admin/articles/checks", copyForm(form)); r.status != http.StatusOK {
				wantStatus(t, r, http.StatusTooManyRequests, "past the burst")
				if !strings.Contains(r.body, `"error":"Too many checks at once`) {
					t.Errorf("429 body: %s", r.body)
				}
				break
			}
		}
		if n != 10 {
			t.Errorf("%d checks before 429, want a burst of 10", n)
		}
		wantStatus(t, a.signIn("co@example.org").post("/admin/articles/checks", copyForm(form)), http.StatusOK, "another session")
		a.clock.Add(time.Second)
		wantStatus(t, c.post("/admin/articles/checks", copyForm(form)), http.StatusOK, "a second later")
	})
}

// manyTopics is a topics field with n different topics.
func manyTopics(n int) string {
	var names []string
	for i := range n {
		names = append(names, "Topic "+itoa(int64(i)))
	}
	return strings.Join(names, ", ")
}

func (c liveCheck) String() string {
	block := "none"
	if c.Block != nil {
		block = itoa(int64(*c.Block))
	}
	return c.ID + " (" + c.Severity + ", " + c.Field + ", block " + block + ", excerpt " + c.Excerpt + ")"
}
