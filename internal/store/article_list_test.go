package store_test

import (
	"context"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"masthead/internal/auth"
	"masthead/internal/content"
	"masthead/internal/search"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// deskFixture is a newsroom of articles differing in every way the list
// filters and sorts on, with their facts kept for a reference answer.
type deskFixture struct {
	db                 *store.DB
	news, culture      int64 // sections
	budget             int64 // series
	housing, transport int64 // topics
	ada, ben           int64 // authors
	arts               []deskArticle
	base               time.Time
}

type deskArticle struct {
	id                         int64
	headline                   string
	status                     content.Status
	section, series            int64
	topics, authors            []int64
	created, published, edited time.Time
	scheduled                  time.Time
	body                       string
}

func newDeskFixture(t *testing.T, db *store.DB) *deskFixture {
	t.Helper()
	ctx := context.Background()
	f := &deskFixture{db: db, base: time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)}
	var err error
	must := func(id int64, err error) int64 {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	f.news = must(db.SaveSection(ctx, content.Section{Slug: "news", Name: "News"}))
	f.culture = must(db.SaveSection(ctx, content.Section{Slug: "culture", Name: "Culture"}))
	f.budget = must(db.SaveSeries(ctx, content.Series{Slug: "budget-watch", Name: "Budget watch"}))
	f.ada = must(db.SaveAuthor(ctx, content.Author{Slug: "ada", Name: "Ada Reporter"}))
	f.ben = must(db.SaveAuthor(ctx, content.Author{Slug: "ben", Name: "Ben Critic"}))
	day := func(n int) time.Time { return f.base.Add(time.Duration(n) * 24 * time.Hour) }
	pub := content.StatusPublished
	draft := content.StatusDraft
	// Two share an edit time (the id breaks the tie); two share a
	// headline but for its case; drafts were never published.
	specs := []deskArticle{
		{headline: "Budget passes", status: pub, section: f.news, series: f.budget, topics: []int64{1}, authors: []int64{f.ada}, created: day(0), published: day(1), edited: day(9), body: "The council voted on the harbour."},
		{headline: "apple harvest", status: draft, section: f.news, topics: []int64{2}, authors: []int64{f.ben}, created: day(2), edited: day(5), body: "Orchards in the valley."},
		{headline: "Zoo reopens", status: pub, section: f.culture, authors: []int64{f.ben}, created: day(3), published: day(4), edited: day(5), body: "Otters at the harbour pool."},
		{headline: "budget", status: draft, section: f.news, series: f.budget, topics: []int64{1, 2}, authors: []int64{f.ada, f.ben}, created: day(6), edited: day(7), body: "Notes on the harbour budget."},
		{headline: "Museum opens", status: content.StatusUnpublished, section: f.culture, topics: []int64{2}, authors: []int64{f.ada}, created: day(1), published: day(2), edited: day(3), body: "A new wing."},
		{headline: "Ferry timetable", status: pub, section: f.news, series: f.budget, topics: []int64{2}, authors: []int64{f.ben}, created: day(8), published: day(8), edited: day(8), body: "Boats from the harbour."},
		{headline: "Late edition", status: content.StatusScheduled, section: f.culture, authors: []int64{f.ada}, created: day(10), edited: day(11), scheduled: day(12), body: "Tomorrow."},
	}
	topicSets := map[int64]content.Topic{1: {Slug: "housing", Name: "Housing"}, 2: {Slug: "transport", Name: "Transport"}}
	for i, s := range specs {
		w := content.ArticleWrite{
			Article: content.Article{Slug: strings.ReplaceAll(strings.ToLower(s.headline), " ", "-") + "-" + string(rune('a'+i)), Headline: s.headline,
				Body: "<p>" + s.body + "</p>", SectionID: s.section, SeriesID: s.series, Status: s.status, AuthorIDs: s.authors,
				PublishedAt: s.published, ScheduledAt: s.scheduled, CreatedAt: s.created, UpdatedAt: s.edited},
			Revision: content.Snapshot{Headline: s.headline},
		}
		for _, tid := range s.topics {
			w.Topics = append(w.Topics, topicSets[tid])
		}
		s.id = must(db.CreateArticle(ctx, w))
		f.arts = append(f.arts, s)
	}
	h, err := db.GetTopicBySlug(ctx, "housing")
	if err != nil {
		t.Fatal(err)
	}
	tr, err := db.GetTopicBySlug(ctx, "transport")
	if err != nil {
		t.Fatal(err)
	}
	f.housing, f.transport = h.ID, tr.ID
	for i := range f.arts {
		for j, tid := range f.arts[i].topics {
			f.arts[i].topics[j] = map[int64]int64{1: f.housing, 2: f.transport}[tid]
		}
	}
	return f
}

// want is the reference answer: the fixture's articles passing q's
// filters (and in ids, when given) in q's order.
func (f *deskFixture) want(q content.ArticleQuery, ids []int64) []string {
	var keep []deskArticle
	for _, a := range f.arts {
		switch {
		case q.Status != "" && a.status != q.Status,
			q.Status == "" && q.Open && !slices.Contains(content.OpenStatuses, a.status),
			q.SectionID != 0 && a.section != q.SectionID,
			q.SeriesID != 0 && a.series != q.SeriesID,
			q.TopicID != 0 && !slices.Contains(a.topics, q.TopicID),
			q.AuthorID != 0 && !slices.Contains(a.authors, q.AuthorID),
			!q.CreatedFrom.IsZero() && a.created.Before(q.CreatedFrom),
			!q.CreatedTo.IsZero() && !a.created.Before(q.CreatedTo),
			!q.PublishedFrom.IsZero() && (a.published.IsZero() || a.published.Before(q.PublishedFrom)),
			!q.PublishedTo.IsZero() && (a.published.IsZero() || !a.published.Before(q.PublishedTo)),
			ids != nil && !slices.Contains(ids, a.id):
			continue
		}
		keep = append(keep, a)
	}
	less := func(x, y deskArticle) bool {
		switch q.Sort {
		case content.SortChangedAsc:
			return x.edited.Before(y.edited) || x.edited.Equal(y.edited) && x.id < y.id
		case content.SortHeadline, content.SortHeadlineDesc:
			hx, hy := strings.ToLower(x.headline), strings.ToLower(y.headline)
			asc := hx < hy || hx == hy && x.id < y.id
			if q.Sort == content.SortHeadline {
				return asc
			}
			return !asc
		case content.SortPublished, content.SortPublishedAsc:
			if x.published.IsZero() != y.published.IsZero() {
				return y.published.IsZero()
			}
			if q.Sort == content.SortPublished {
				return x.published.After(y.published) || x.published.Equal(y.published) && x.id > y.id
			}
			return x.published.Before(y.published) || x.published.Equal(y.published) && x.id < y.id
		case content.SortScheduled:
			if x.scheduled.IsZero() != y.scheduled.IsZero() {
				return y.scheduled.IsZero()
			}
			return x.scheduled.Before(y.scheduled) || x.scheduled.Equal(y.scheduled) && x.id < y.id
		}
		return x.edited.After(y.edited) || x.edited.Equal(y.edited) && x.id > y.id
	}
	sort.SliceStable(keep, func(i, j int) bool { return less(keep[i], keep[j]) })
	out := []string{}
	for _, a := range keep {
		out = append(out, a.headline)
	}
	return out
}

// list pages through q's list two articles at a time, the next page
// starting after the last row as the newsroom's list does.
func (f *deskFixture) list(t *testing.T, q content.ArticleQuery) []string {
	t.Helper()
	out := []string{}
	q.Limit = 2
	for range 20 {
		page, err := f.db.ListArticlesBy(context.Background(), q)
		if err != nil {
			t.Fatalf("%+v: %v", q, err)
		}
		for _, a := range page {
			out = append(out, a.Headline)
		}
		if len(page) < q.Limit {
			return out
		}
		last := page[len(page)-1]
		q.After = content.ListCursor{ID: last.ID, Headline: last.Headline}
		switch q.Sort {
		case content.SortPublished, content.SortPublishedAsc:
			q.After.Time, q.After.Undated = last.PublishedAt, last.PublishedAt.IsZero()
		case content.SortScheduled:
			q.After.Time, q.After.Undated = last.ScheduledAt, last.ScheduledAt.IsZero()
		default:
			q.After.Time = last.UpdatedAt
		}
	}
	t.Fatalf("%+v: the pages never end", q)
	return nil
}

func TestArticleListFiltersAndSorts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newDeskFixture(t, db)
		day := func(n int) time.Time { return f.base.Add(time.Duration(n) * 24 * time.Hour) }
		filters := map[string]content.ArticleQuery{
			"none":             {},
			"status":           {Status: content.StatusDraft},
			"section":          {SectionID: f.culture},
			"series":           {SeriesID: f.budget},
			"topic":            {TopicID: f.housing},
			"author":           {AuthorID: f.ben},
			"created range":    {CreatedFrom: day(1), CreatedTo: day(6)},
			"published range":  {PublishedFrom: day(2), PublishedTo: day(8)},
			"section+status":   {SectionID: f.news, Status: content.StatusPublished},
			"topic+author":     {TopicID: f.transport, AuthorID: f.ben},
			"nothing matches":  {SectionID: f.culture, SeriesID: f.budget},
			"missing section":  {SectionID: 9999},
			"published from":   {PublishedFrom: day(3)},
			"created to":       {CreatedTo: day(2)},
			"series+published": {SeriesID: f.budget, PublishedFrom: day(0)},
			"open":             {Open: true},
			"open+section":     {Open: true, SectionID: f.culture},
		}
		// Hand-checked answers, so the reference cannot be wrong unnoticed.
		checks := []struct {
			q    content.ArticleQuery
			want []string
		}{
			{content.ArticleQuery{}, []string{"Late edition", "Budget passes", "Ferry timetable", "budget", "Zoo reopens", "apple harvest", "Museum opens"}},
			{content.ArticleQuery{Sort: content.SortHeadline}, []string{"apple harvest", "budget", "Budget passes", "Ferry timetable", "Late edition", "Museum opens", "Zoo reopens"}},
			{content.ArticleQuery{Sort: content.SortHeadlineDesc, SectionID: f.news}, []string{"Ferry timetable", "Budget passes", "budget", "apple harvest"}},
			{content.ArticleQuery{Sort: content.SortPublished}, []string{"Ferry timetable", "Zoo reopens", "Museum opens", "Budget passes", "Late edition", "budget", "apple harvest"}},
			{content.ArticleQuery{Sort: content.SortPublishedAsc, Status: content.StatusDraft}, []string{"apple harvest", "budget"}},
			{content.ArticleQuery{SeriesID: f.budget, Sort: content.SortChangedAsc}, []string{"budget", "Ferry timetable", "Budget passes"}},
			{content.ArticleQuery{TopicID: f.housing, AuthorID: f.ben}, []string{"budget"}},
			{content.ArticleQuery{CreatedFrom: day(1), CreatedTo: day(3)}, []string{"apple harvest", "Museum opens"}},
			{content.ArticleQuery{Sort: content.SortScheduled, SectionID: f.culture}, []string{"Late edition", "Zoo reopens", "Museum opens"}},
			// Open work: drafts and the scheduled one, not the published
			// nor the unpublished (decision 0045).
			{content.ArticleQuery{Open: true}, []string{"Late edition", "budget", "apple harvest"}},
			{content.ArticleQuery{Open: true, SectionID: f.culture, Sort: content.SortHeadline}, []string{"Late edition"}},
		}
		for _, c := range checks {
			if got := f.list(t, c.q); !slices.Equal(got, c.want) {
				t.Errorf("%+v lists %q, want %q", c.q, got, c.want)
			}
			if ref := f.want(c.q, nil); !slices.Equal(ref, c.want) {
				t.Errorf("the reference for %+v is %q, want %q", c.q, ref, c.want)
			}
		}
		for name, q := range filters {
			for _, s := range content.ArticleSorts {
				q.Sort = s
				if got, want := f.list(t, q), f.want(q, nil); !slices.Equal(got, want) {
					t.Errorf("%s, %s: %q, want %q", name, s, got, want)
				}
			}
		}
	})
}

// A search's matches in the list's orders and filters: SearchIDs finds
// them with the new filters (series, creation dates) and ListArticlesBy
// orders them.
func TestArticleListSearchCombined(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newDeskFixture(t, db)
		ctx := context.Background()
		day := func(n int) time.Time { return f.base.Add(time.Duration(n) * 24 * time.Hour) }
		harbour := search.Parse("harbour")
		reqs := []struct {
			name string
			req  search.Request
			q    content.ArticleQuery
			want []string // by headline, A to Z
		}{
			{"words alone", search.Request{}, content.ArticleQuery{}, []string{"budget", "Budget passes", "Ferry timetable", "Zoo reopens"}},
			{"series", search.Request{SeriesID: f.budget}, content.ArticleQuery{SeriesID: f.budget}, []string{"budget", "Budget passes", "Ferry timetable"}},
			{"created range", search.Request{CreatedFrom: day(3), CreatedTo: day(8)}, content.ArticleQuery{CreatedFrom: day(3), CreatedTo: day(8)}, []string{"budget", "Zoo reopens"}},
			{"status and section", search.Request{Status: content.StatusPublished, SectionID: f.news}, content.ArticleQuery{Status: content.StatusPublished, SectionID: f.news}, []string{"Budget passes", "Ferry timetable"}},
			{"topic and author", search.Request{TopicID: f.transport, AuthorID: f.ben}, content.ArticleQuery{TopicID: f.transport, AuthorID: f.ben}, []string{"budget", "Ferry timetable"}},
			{"published range", search.Request{From: day(3), To: day(9)}, content.ArticleQuery{PublishedFrom: day(3), PublishedTo: day(9)}, []string{"Ferry timetable", "Zoo reopens"}},
		}
		for _, c := range reqs {
			c.req.Query, c.req.Staff = harbour, true
			ids, more, err := db.SearchIDs(ctx, c.req)
			if err != nil || more {
				t.Fatalf("%s: %v, more %v", c.name, err, more)
			}
			for _, s := range content.ArticleSorts {
				q := c.q
				q.Sort, q.IDs, q.Only = s, ids, true
				got, want := f.list(t, q), f.want(q, ids)
				if !slices.Equal(got, want) {
					t.Errorf("%s, %s: %q, want %q", c.name, s, got, want)
				}
				if s == content.SortHeadline && !slices.Equal(got, c.want) {
					t.Errorf("%s by headline: %q, want %q", c.name, got, c.want)
				}
			}
			// The ranked search applies the same filters.
			res, err := db.Search(ctx, search.Request{Query: harbour, Staff: true, SeriesID: c.req.SeriesID, CreatedFrom: c.req.CreatedFrom,
				CreatedTo: c.req.CreatedTo, Status: c.req.Status, SectionID: c.req.SectionID, TopicID: c.req.TopicID, AuthorID: c.req.AuthorID,
				From: c.req.From, To: c.req.To, Limit: 10})
			if err != nil || res.Total != len(c.want) {
				t.Errorf("%s ranked: %d found, want %d (%v)", c.name, res.Total, len(c.want), err)
			}
		}
		// Only, with no matches, lists nothing (not everything).
		if got, err := db.ListArticlesBy(ctx, content.ArticleQuery{Only: true, Limit: 10}); err != nil || len(got) != 0 {
			t.Errorf("no matches lists %d articles (%v)", len(got), err)
		}
	})
}

func TestLastEdits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		section, author := seedTaxonomy(t, db)
		at := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
		uid, err := db.CreateUser(ctx, auth.User{Email: "eve@example.org", Name: "Eve Editor", Role: auth.RoleEditor, PasswordHash: "x", CreatedAt: at})
		if err != nil {
			t.Fatal(err)
		}
		w := newArticle("edited", section, author, at)
		id, err := db.CreateArticle(ctx, w)
		if err != nil {
			t.Fatal(err)
		}
		other, err := db.CreateArticle(ctx, newArticle("untouched", section, author, at))
		if err != nil {
			t.Fatal(err)
		}
		w.Article.ID, w.Article.UpdatedAt, w.By = id, at.Add(90*time.Second), uid
		w.Revision.Headline = "Edited" // a save that changes nothing records no revision
		if err := db.UpdateArticle(ctx, w); err != nil {
			t.Fatal(err)
		}
		edits, err := db.LastEdits(ctx, []int64{id, other, 9999})
		if err != nil {
			t.Fatal(err)
		}
		if e := edits[id]; e.UserID != uid || e.Name != "Eve Editor" || !e.At.Equal(at.Add(90*time.Second)) {
			t.Errorf("last edit of the edited article: %+v", e)
		}
		if e := edits[other]; e.UserID != 0 || e.Name != "" || !e.At.Equal(at) {
			t.Errorf("last edit of an article saved with no user: %+v", e)
		}
		if _, ok := edits[9999]; ok || len(edits) != 2 {
			t.Errorf("edits of missing articles: %v", edits)
		}
	})
}

// Each order of the list is read from an index in that order, so a page
// costs its rows and not a sort of every article (migration 0023).
func TestArticleListOrdersUseIndexes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newDeskFixture(t, db)
		for _, c := range []struct {
			q     content.ArticleQuery
			index string
		}{
			{content.ArticleQuery{Sort: content.SortChanged}, "articles_updated"},
			{content.ArticleQuery{Sort: content.SortChangedAsc}, "articles_updated"},
			{content.ArticleQuery{Sort: content.SortHeadline}, "articles_headline"},
			{content.ArticleQuery{Sort: content.SortHeadlineDesc}, "articles_headline"},
			{content.ArticleQuery{Sort: content.SortPublished}, "articles_published"},
			{content.ArticleQuery{Sort: content.SortPublishedAsc}, "articles_published"},
			{content.ArticleQuery{Sort: content.SortChanged, Status: content.StatusDraft}, "articles_status_updated"},
			{content.ArticleQuery{Sort: content.SortChanged, Status: content.StatusDraft, AuthorID: f.ada}, "articles_status_updated"},
		} {
			plan, err := db.ArticleListPlan(context.Background(), c.q)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(plan, c.index) || strings.Contains(plan, "TEMP B-TREE") || strings.Contains(plan, "Sort ") {
				t.Errorf("%s, status %q: the plan does not read %s in order:\n%s", c.q.Sort, c.q.Status, c.index, plan)
			}
		}
	})
}

// The scheduled order lists what goes out soonest first, a page at a time,
// and articles not scheduled after them (the dashboard's "Scheduled").
func TestArticleListScheduledOrder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		sec, err := db.SaveSection(ctx, content.Section{Slug: "news", Name: "News"})
		if err != nil {
			t.Fatal(err)
		}
		base := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
		for i, s := range []struct {
			headline string
			at       time.Duration // from base; 0 for not scheduled
		}{
			{"Friday column", 72 * time.Hour}, {"Draft, unscheduled", 0}, {"Tonight's story", 9 * time.Hour},
			{"Tomorrow's lead", 24 * time.Hour}, {"Also tomorrow", 24 * time.Hour},
		} {
			a := content.Article{Slug: "s-" + string(rune('a'+i)), Headline: s.headline, SectionID: sec, Status: content.StatusDraft,
				CreatedAt: base, UpdatedAt: base.Add(time.Duration(10-i) * time.Minute)} // the last change disagrees
			if s.at != 0 {
				a.Status, a.ScheduledAt = content.StatusScheduled, base.Add(s.at)
			}
			if _, err := db.CreateArticle(ctx, content.ArticleWrite{Article: a, Revision: content.Snapshot{Headline: s.headline}}); err != nil {
				t.Fatal(err)
			}
		}
		want := []string{"Tonight's story", "Tomorrow's lead", "Also tomorrow", "Friday column", "Draft, unscheduled"}
		q := content.ArticleQuery{Sort: content.SortScheduled, Limit: 1}
		var got []string
		for range 10 {
			page, err := db.ListArticlesBy(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if len(page) == 0 {
				break
			}
			last := page[0]
			got = append(got, last.Headline)
			q.After = content.ListCursor{ID: last.ID, Time: last.ScheduledAt, Undated: last.ScheduledAt.IsZero()}
		}
		if !slices.Equal(got, want) {
			t.Errorf("scheduled order, a row a page: %q, want %q", got, want)
		}
		only, err := db.ListArticlesBy(ctx, content.ArticleQuery{Sort: content.SortScheduled, Status: content.StatusScheduled, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		var heads []string
		for _, a := range only {
			heads = append(heads, a.Headline)
		}
		if !slices.Equal(heads, want[:4]) {
			t.Errorf("scheduled articles: %q, want %q", heads, want[:4])
		}
	})
}
