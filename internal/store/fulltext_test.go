package store_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/content"
	"masthead/internal/search"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// searchCorpus is a small publication whose articles each answer some of
// the searches below.
type searchCorpus struct {
	ids                       map[string]int64
	news, politics            int64 // sections
	ada, bo                   int64 // authors
	at                        time.Time
	transportTopic, localGovt int64
}

func seedSearch(t *testing.T, db *store.DB) *searchCorpus {
	t.Helper()
	ctx := context.Background()
	c := &searchCorpus{ids: map[string]int64{}, at: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	var err error
	c.news, c.ada = seedTaxonomy(t, db)
	if c.politics, err = db.SaveSection(ctx, content.Section{Slug: "politics", Name: "Politics"}); err != nil {
		t.Fatal(err)
	}
	if c.bo, err = db.SaveAuthor(ctx, content.Author{Slug: "bo", Name: "Bo Writer"}); err != nil {
		t.Fatal(err)
	}
	type doc struct {
		slug, headline, standfirst, body string
		status                           content.Status
		section, author                  int64
		topics                           []string
	}
	docs := []doc{
		{"runners", "Marathon runners fill the streets", "", "<p>Thousands were running through the old town on Sunday.</p>", "", 0, 0, []string{"Sport"}},
		{"cities", "Two cities share a tram plan", "A line between neighbours.", "<p>The city council and its neighbour agreed to build a tram line.</p>", "", 0, 0, []string{"Transport"}},
		{"budget", "Council budget cuts libraries", "", "<p>The state of the art library will close on Mondays. Election promises were broken.</p>", "", 0, c.bo, []string{"Local government"}},
		{"election", "Election night in Northbridge", "", "<p>Voters elected a new mayor. The electric buses ran late.</p>", "", c.politics, 0, nil},
		{"draft", "Secret tram tunnel plan", "", "<p>A tram tunnel under the river.</p>", content.StatusDraft, 0, 0, nil},
		{"unpublished", "Old tram timetable", "", "<p>The timetable of the tram.</p>", content.StatusUnpublished, 0, 0, nil},
		{"hostile", "50% rise in rents", "", `<p>Prices &lt;script&gt;alert(1)&lt;/script&gt; rose in the a_b district. Москва и Пекин 北京 القاهرة café 🎉</p>`, "", 0, 0, nil},
		{"seealso", "Ferry service returns", "", `<p>The ferry sails again.</p><aside class="see-also" data-article-id="1"><a href="/articles/zeppelin">Zeppelin over the harbour</a></aside>`, "", 0, 0, nil},
	}
	for i, d := range docs {
		at := c.at.Add(time.Duration(i) * time.Hour)
		w := newArticle(d.slug, c.news, c.ada, at)
		w.Article.Headline, w.Article.Standfirst, w.Article.Body = d.headline, d.standfirst, d.body
		if d.status != "" {
			w.Article.Status = d.status
			if d.status == content.StatusDraft {
				w.Article.PublishedAt = time.Time{}
			}
		}
		if d.section != 0 {
			w.Article.SectionID = d.section
		}
		if d.author != 0 {
			w.Article.AuthorIDs = []int64{d.author}
		}
		w.Topics = nil
		for _, name := range d.topics {
			w.Topics = append(w.Topics, content.Topic{Slug: content.Slugify(name), Name: name})
		}
		id, err := db.CreateArticle(ctx, w)
		if err != nil {
			t.Fatal(err)
		}
		c.ids[d.slug] = id
	}
	for _, tp := range []struct {
		slug string
		dst  *int64
	}{{"transport", &c.transportTopic}, {"local-government", &c.localGovt}} {
		topic, err := db.GetTopicBySlug(ctx, tp.slug)
		if err != nil {
			t.Fatal(err)
		}
		*tp.dst = topic.ID
	}
	return c
}

// found runs a search and returns the slugs of the hits in order.
func found(t *testing.T, db *store.DB, req search.Request) []string {
	t.Helper()
	if req.Limit == 0 {
		req.Limit = 20
	}
	res, err := db.Search(context.Background(), req)
	if err != nil {
		t.Fatalf("search %+v: %v", req.Query, err)
	}
	out := []string{}
	for _, h := range res.Hits {
		out = append(out, h.Article.Slug)
	}
	return out
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

// The same searches find the same articles on both engines: stemming,
// phrases, exclusion, OR, prefixes, names and topics, filters, scope.
func TestFullTextSearchFindsTheSameOnBothEngines(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := seedSearch(t, db)
		for _, tc := range []struct {
			name, q string
			req     func(*search.Request)
			want    []string // in rank order when ordered is set
			ordered bool
		}{
			{name: "stem running finds running", q: "running", want: []string{"runners"}},
			{name: "stem run finds running and runners", q: "run", want: []string{"runners"}},
			{name: "plural finds singular", q: "cities", want: []string{"cities"}},
			{name: "singular finds plural", q: "city", want: []string{"cities"}},
			{name: "case does not matter", q: "TRAM", want: []string{"cities"}},
			{name: "phrase", q: `"tram plan"`, want: []string{"cities"}},
			{name: "phrase in the wrong order", q: `"plan tram"`, want: []string{}},
			{name: "phrase of three words", q: `"council and its neighbour"`, want: []string{"cities"}},
			{name: "three words in pairs but not in a row", q: `"tram line tram"`, want: []string{}},
			{name: "phrase and a word", q: `"tram plan" neighbours`, want: []string{"cities"}},
			{name: "phrase and an exclusion", q: `"tram plan" -council`, want: []string{}},
			{name: "phrase OR a word", q: `"tram plan" OR voters`, want: []string{"cities", "election"}},
			{name: "phrase OR a phrase", q: `"tram plan" OR "new mayor"`, want: []string{"cities", "election"}},
			{name: "phrase across headline and standfirst words", q: `"electric buses"`, want: []string{"election"}},
			{name: "phrase with stop words inside", q: `"state of the art"`, want: []string{"budget"}},
			{name: "stop words are left out", q: "the state of the art", want: []string{"budget"}},
			{name: "all words must match", q: "council tram", want: []string{"cities"}},
			{name: "exclusion", q: "council -tram", want: []string{"budget"}},
			{name: "excluded phrase", q: `council -"tram line"`, want: []string{"budget"}},
			{name: "OR", q: "tram OR voters", want: []string{"cities", "election"}},
			{name: "lower-case or is a stop word", q: "tram or voters", want: []string{}},
			{name: "prefix", q: "elect*", want: []string{"budget", "election"}},
			{name: "prefix of a plural's stem", q: "cit*", want: []string{"cities"}},
			{name: "headline outranks body", q: "election", want: []string{"election", "budget"}, ordered: true},
			{name: "author name", q: "Bo Writer", want: []string{"budget"}},
			{name: "topic name", q: "transport", want: []string{"cities"}},
			{name: "see-also headlines are not the article's text", q: "zeppelin", want: []string{}},
			{name: "percent", q: "50%", want: []string{"hostile"}},
			{name: "underscore", q: "a_b", want: []string{"hostile"}},
			{name: "markup in text is text", q: "<script>", want: []string{"hostile"}},
			{name: "Cyrillic", q: "МОСКВА", want: []string{"hostile"}},
			{name: "Chinese", q: "北京", want: []string{"hostile"}},
			{name: "Arabic", q: "القاهرة", want: []string{"hostile"}},
			{name: "accents are kept", q: "café", want: []string{"hostile"}},
			{name: "accents are not folded", q: "cafe", want: []string{}},
			{name: "only an exclusion", q: "-tram", want: []string{}},
			{name: "only stop words", q: "the and of", want: []string{}},
			{name: "drafts and unpublished are not public", q: "tram", want: []string{"cities"}},
			{name: "staff see every status, equal ranks newest first", q: "tram", req: func(r *search.Request) { r.Staff = true },
				want: []string{"unpublished", "draft", "cities"}, ordered: true},
			{name: "OR ranks the headline match first", q: "voters OR tram", want: []string{"cities", "election"}, ordered: true},
			{name: "staff filter by status", q: "tram", req: func(r *search.Request) { r.Staff, r.Status = true, content.StatusDraft },
				want: []string{"draft"}},
			{name: "section filter", q: "elect*", req: func(r *search.Request) { r.SectionID = c.politics }, want: []string{"election"}},
			{name: "author filter", q: "elect*", req: func(r *search.Request) { r.AuthorID = c.bo }, want: []string{"budget"}},
			{name: "topic filter", q: "council", req: func(r *search.Request) { r.TopicID = c.localGovt }, want: []string{"budget"}},
			{name: "date from", q: "elect*", req: func(r *search.Request) { r.From = c.at.Add(3 * time.Hour) }, want: []string{"election"}},
			{name: "date to", q: "elect*", req: func(r *search.Request) { r.To = c.at.Add(3 * time.Hour) }, want: []string{"budget"}},
			{name: "excluded article", q: "elect*", req: func(r *search.Request) { r.ExcludeID = c.ids["budget"] }, want: []string{"election"}},
		} {
			// PostgreSQL reads the matches in one of two ways, chosen by
			// how many it expects: each must find the same.
			shapes := []string{""}
			if db.Dialect() == store.Postgres {
				shapes = store.SearchShapes
			}
			for _, shape := range shapes {
				db.ForceSearchShape(shape)
				t.Run(tc.name+shapeName(shape), func(t *testing.T) {
					req := search.Request{Query: search.Parse(tc.q)}
					if tc.req != nil {
						tc.req(&req)
					}
					got := found(t, db, req)
					if !tc.ordered {
						got = sorted(got)
					}
					if !slices.Equal(got, tc.want) {
						t.Errorf("%q found %q, want %q", tc.q, got, tc.want)
					}
				})
			}
			db.ForceSearchShape("")
		}
	})
}

func shapeName(shape string) string {
	if shape == "" {
		return ""
	}
	return " (" + shape + ")"
}

// Whatever a person types, a search answers without an error.
func TestHostileQueriesNeverFail(t *testing.T) {
	hostile := []string{`"`, `""`, `"unclosed phrase`, `*`, `**`, `a*b*`, `-`, `--tram`, `-"`, `OR`, `OR OR`, `tram OR`, `OR tram`,
		`tram OR -council`, `AND NOT`, `tram AND NOT council`, `NOT tram`, `NEAR(tram council)`, `NEAR(`, `tram:`, `headline:tram`,
		`:`, `^tram`, `^`, `%`, `_`, `%_%`, `'`, `''`, `\`, `\'`, `$1`, `?`, `(`, `)`, `{tram}`, `[tram]`, `+tram`, `tram!`, `!tram`,
		`&|!<->:*`, `'tram':*`, `tram <-> council`, `.,;:!?`, "🎉🎉🎉", "Москва", "北京大学的图书馆", "القاهرة", "tram\x00council",
		"\xff\xfe\xfd", "tram\xc3", strings.Repeat("tram ", 2000), strings.Repeat("x", 10000), strings.Repeat(`"a" OR `, 500),
		strings.Repeat("-", 3000), strings.Repeat("é", 5000), strings.Repeat("北", 3000) + "*"}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		seedSearch(t, db)
		for _, q := range hostile {
			for _, staff := range []bool{false, true} {
				res, err := db.Search(context.Background(), search.Request{Query: search.Parse(q), Staff: staff, Limit: 10, Snippets: true})
				if err != nil {
					t.Errorf("search %.40q: %v", q, err)
				}
				for _, h := range res.Hits {
					if h.Article.ID == 0 {
						t.Errorf("search %.40q: a hit without its article", q)
					}
				}
			}
		}
	})
}

// The index follows every change of what readers search, in the same
// transaction: edits, publishing and unpublishing, deleting, renamed,
// merged and deleted topics, renamed authors.
func TestSearchIndexFollowsChanges(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := seedSearch(t, db)
		public := func(q string) []string { return sorted(found(t, db, search.Request{Query: search.Parse(q)})) }
		staff := func(q string) []string {
			return sorted(found(t, db, search.Request{Query: search.Parse(q), Staff: true}))
		}
		expect := func(what string, got []string, want ...string) {
			t.Helper()
			if want == nil {
				want = []string{}
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s: found %q, want %q", what, got, want)
			}
		}

		// An edit replaces the old words with the new ones.
		a, err := db.GetArticle(ctx, c.ids["cities"])
		if err != nil {
			t.Fatal(err)
		}
		w := newArticle("cities", c.news, c.ada, c.at)
		w.Article = a
		w.Article.Headline = "Two towns share a funicular plan"
		w.Article.Body = "<p>A funicular.</p>"
		w.Article.UpdatedAt = a.UpdatedAt.Add(time.Minute)
		w.Topics = []content.Topic{{Slug: "transport", Name: "Transport"}}
		if err := db.UpdateArticle(ctx, w); err != nil {
			t.Fatal(err)
		}
		expect("after an edit, the new word", public("funicular"), "cities")
		expect("after an edit, the old word", public("tram"))

		// Publishing and unpublishing change what readers find at once.
		if err := db.SetStatus(ctx, c.ids["draft"], content.StatusPublished, c.at.Add(24*time.Hour)); err != nil {
			t.Fatal(err)
		}
		expect("after publishing", public("tunnel"), "draft")
		if err := db.SetStatus(ctx, c.ids["draft"], content.StatusUnpublished, c.at.Add(25*time.Hour)); err != nil {
			t.Fatal(err)
		}
		expect("after unpublishing", public("tunnel"))
		expect("staff still find the unpublished", staff("tunnel"), "draft")

		// A scheduled article appears when the job publishes it.
		if err := db.SetStatus(ctx, c.ids["unpublished"], content.StatusScheduled, c.at.Add(26*time.Hour)); err != nil {
			t.Fatal(err)
		}
		expect("scheduled", public("timetable"))
		if ok, err := db.PublishScheduled(ctx, c.ids["unpublished"], c.at.Add(27*time.Hour)); err != nil || !ok {
			t.Fatalf("publish scheduled: %v %v", ok, err)
		}
		expect("published by the schedule", public("timetable"), "unpublished")

		// A deleted draft is gone from the index too.
		d := newArticle("doomed", c.news, c.ada, c.at)
		d.Article.Status, d.Article.PublishedAt, d.Article.Body = content.StatusDraft, time.Time{}, "<p>Zanzibar.</p>"
		id, err := db.CreateArticle(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		expect("a new draft", staff("zanzibar"), "doomed")
		if err := db.DeleteDraft(ctx, id); err != nil {
			t.Fatal(err)
		}
		expect("a deleted draft", staff("zanzibar"))
		if n, err := db.ReadInt(ctx, `SELECT COUNT(*) FROM article_search WHERE `+searchKey(db)+` = ?`, id); err != nil || n != 0 {
			t.Errorf("the deleted draft keeps %d index rows (%v)", n, err)
		}

		// Topics and authors are searched by their current names.
		topic, err := db.GetTopicBySlug(ctx, "sport")
		if err != nil {
			t.Fatal(err)
		}
		if err := db.SaveTopic(ctx, content.Topic{ID: topic.ID, Slug: "athletics", Name: "Athletics"}); err != nil {
			t.Fatal(err)
		}
		expect("renamed topic, new name", public("athletics"), "runners")
		expect("renamed topic, old name", public("sport"))
		if err := db.MergeTopic(ctx, c.localGovt, c.transportTopic); err != nil {
			t.Fatal(err)
		}
		expect("merged topic, its articles under the new one", public("transport"), "budget", "cities")
		if err := db.DeleteTopic(ctx, c.transportTopic); err != nil {
			t.Fatal(err)
		}
		expect("deleted topic", public("transport"))
		if _, err := db.SaveAuthor(ctx, content.Author{ID: c.bo, Slug: "bo", Name: "Bo Novelist"}); err != nil {
			t.Fatal(err)
		}
		expect("renamed author, new name", public("novelist"), "budget")
		expect("renamed author, old name", public("writer"))
	})
}

// searchKey is the index's article id column on db's engine.
func searchKey(db *store.DB) string {
	if db.Dialect() == store.Postgres {
		return "article_id"
	}
	return "rowid"
}

// Articles written before the index existed are indexed after migrating,
// once: running it again indexes nothing.
func TestIndexMissingBackfillsOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedSearch(t, db)
		if err := db.Write(ctx, `DELETE FROM article_search`); err != nil {
			t.Fatal(err)
		}
		if got := found(t, db, search.Request{Query: search.Parse("tram")}); len(got) != 0 {
			t.Fatalf("an emptied index found %q", got)
		}
		n, err := db.IndexMissing(ctx)
		if err != nil || n != 8 {
			t.Fatalf("IndexMissing indexed %d (%v), want the 8 articles", n, err)
		}
		if got := found(t, db, search.Request{Query: search.Parse("tram")}); !slices.Equal(got, []string{"cities"}) {
			t.Errorf("after the backfill found %q", got)
		}
		if n, err := db.IndexMissing(ctx); err != nil || n != 0 {
			t.Errorf("a second run indexed %d (%v)", n, err)
		}
	})
}

// Counts stop at the cap and pages are offsets into the ranking; a page
// past the end is empty, not an error.
func TestSearchPagesAndCounts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		sec, au := seedTaxonomy(t, db)
		at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		for i := range 25 {
			w := newArticle("tide-"+string(rune('a'+i)), sec, au, at.Add(time.Duration(i)*time.Minute))
			w.Article.Body = "<p>The tide came in.</p>"
			if _, err := db.CreateArticle(ctx, w); err != nil {
				t.Fatal(err)
			}
		}
		q := search.Parse("tide")
		var all []string
		for offset := 0; offset < 30; offset += 10 {
			res, err := db.Search(ctx, search.Request{Query: q, Offset: offset, Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			if res.Total != 25 || res.More {
				t.Errorf("offset %d: total %d more %v, want 25", offset, res.Total, res.More)
			}
			for _, h := range res.Hits {
				all = append(all, h.Article.Slug)
			}
		}
		// Equal ranks: newest first, each article once.
		if len(all) != 25 || all[0] != "tide-y" || all[24] != "tide-a" {
			t.Errorf("pages gave %d articles from %v to %v", len(all), all[:1], all[len(all)-1:])
		}
		res, err := db.Search(ctx, search.Request{Query: q, Offset: search.MaxResults + 10, Limit: 10})
		if err != nil || len(res.Hits) != 0 {
			t.Errorf("a page past the end: %d hits, %v", len(res.Hits), err)
		}
	})
}

// Snippets come from the body with the words found between the markers,
// and the markers cannot come from an article's own text.
func TestSnippetsMarkWhatMatched(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		sec, au := seedTaxonomy(t, db)
		w := newArticle("marks", sec, au, time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
		w.Article.Body = "<p>Before the harbour wall, a forged " + search.Mark + "mark" + search.Unmark + " and the harbour lights.</p>"
		if _, err := db.CreateArticle(ctx, w); err != nil {
			t.Fatal(err)
		}
		res, err := db.Search(ctx, search.Request{Query: search.Parse("harbours"), Limit: 10, Snippets: true})
		if err != nil || len(res.Hits) != 1 {
			t.Fatalf("found %d (%v)", len(res.Hits), err)
		}
		s := res.Hits[0].Snippet
		if strings.Count(s, search.Mark) != 2 || !strings.Contains(s, search.Mark+"harbour"+search.Unmark) {
			t.Errorf("snippet %q does not mark both harbours, and only them", s)
		}
		if !strings.Contains(search.Highlight(s), "forged mark and") {
			t.Errorf("the article's own markers survived: %q", search.Highlight(s))
		}
	})
}

// A search that runs past the time limit stops with a message a reader
// can act on, and the next search works as before.
func TestSearchTimeLimit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		sec, au := seedTaxonomy(t, db)
		w := newArticle("tide", sec, au, time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
		w.Article.Body = "<p>The tide came in.</p>"
		if _, err := db.CreateArticle(ctx, w); err != nil {
			t.Fatal(err)
		}
		req := search.Request{Query: search.Parse("tide"), Limit: 10, Snippets: true}
		db.SlowSearches(50 * time.Millisecond)
		_, err := db.Search(ctx, req)
		if !errors.Is(err, store.ErrSearchTooLong) || apperr.KindOf(err) != apperr.Unavailable {
			t.Fatalf("a search past the limit: %v, want ErrSearchTooLong", err)
		}
		if msg := apperr.Message(err); !strings.Contains(msg, "took too long") {
			t.Errorf("message %q", msg)
		}
		db.FastSearches()
		res, err := db.Search(ctx, req)
		if err != nil || len(res.Hits) != 1 {
			t.Fatalf("the next search: %d hits, %v", len(res.Hits), err)
		}
	})
}
