package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"masthead/internal/content"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// relatedFixture writes articles for the related tests: each with a
// section, an optional series, topics and a status. The headline is the
// slug's words, and the body, when text is set, is that text.
type relatedFixture struct {
	t      *testing.T
	db     *store.DB
	author int64
	at     time.Time
	text   string // body of the next article
}

func (f *relatedFixture) article(slug string, section, series int64, status content.Status, topics ...string) int64 {
	f.t.Helper()
	f.at = f.at.Add(time.Hour)
	headline := strings.ReplaceAll(slug, "-", " ")
	w := content.ArticleWrite{
		Article: content.Article{Slug: slug, Headline: headline, SectionID: section, SeriesID: series, Status: status,
			AuthorIDs: []int64{f.author}, CreatedAt: f.at, UpdatedAt: f.at, Body: "<p>" + f.text + "</p>"},
		Revision: content.Snapshot{Headline: headline},
	}
	f.text = ""
	switch status {
	case content.StatusPublished, content.StatusUnpublished:
		w.Article.PublishedAt = f.at
	case content.StatusScheduled:
		w.Article.ScheduledAt = f.at.Add(24 * time.Hour)
	}
	for _, name := range topics {
		w.Topics = append(w.Topics, content.Topic{Slug: content.Slugify(name), Name: name})
	}
	id, err := f.db.CreateArticle(context.Background(), w)
	if err != nil {
		f.t.Fatalf("create %s: %v", slug, err)
	}
	return id
}

func TestRelatedArticlesRankTopicsOverSectionAndSkipWhatReadersCannotSee(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		news, au := seedTaxonomy(t, db)
		culture, err := db.SaveSection(ctx, content.Section{Slug: "culture", Name: "Culture"})
		if err != nil {
			t.Fatal(err)
		}
		column, err := db.SaveSeries(ctx, content.Series{Slug: "the-column", Name: "The Column"})
		if err != nil {
			t.Fatal(err)
		}
		f := &relatedFixture{t: t, db: db, author: au, at: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}

		twoTopics := f.article("two-topics", culture, 0, content.StatusPublished, "Housing", "Rents")
		oneTopic := f.article("one-topic", culture, 0, content.StatusPublished, "Housing")
		sameSeries := f.article("same-series", culture, column, content.StatusPublished)
		sectionOnly := f.article("section-only", news, 0, content.StatusPublished)
		unrelated := f.article("unrelated", culture, 0, content.StatusPublished, "Opera")
		draft := f.article("draft", news, column, content.StatusDraft, "Housing", "Rents")
		scheduled := f.article("scheduled", news, column, content.StatusScheduled, "Housing", "Rents")
		unpublished := f.article("unpublished", news, column, content.StatusUnpublished, "Housing", "Rents")
		source := f.article("source", news, column, content.StatusPublished, "Housing", "Rents")

		got, err := db.RelatedArticles(ctx, source, 10)
		if err != nil {
			t.Fatal(err)
		}
		want := []int64{twoTopics, oneTopic, sameSeries, sectionOnly}
		if !equalIDs(got[:min(len(got), len(want))], want) {
			t.Fatalf("related = %v, want %v first (two topics, one topic, same series, same section)", got, want)
		}
		for _, id := range got {
			switch id {
			case source:
				t.Errorf("the article itself is among its related articles")
			case draft, scheduled, unpublished:
				t.Errorf("article %d, which readers cannot see, is among the related articles %v", id, got)
			case unrelated:
				t.Errorf("an article sharing nothing (another section, another topic) is related: %v", got)
			}
		}

		// The limit holds, keeping the best.
		if top, err := db.RelatedArticles(ctx, source, 2); err != nil || !equalIDs(top, want[:2]) {
			t.Fatalf("related with limit 2 = %v, %v; want %v", top, err, want[:2])
		}
		// A draft's suggestions are measured the same way: the editor asks for them.
		if fromDraft, err := db.RelatedArticles(ctx, draft, 1); err != nil || !equalIDs(fromDraft, []int64{source}) {
			t.Fatalf("related to the draft = %v, %v; want the published article sharing both topics and the series", fromDraft, err)
		}
		if _, err := db.RelatedArticles(ctx, 999999, 5); err != store.ErrNotFound {
			t.Fatalf("related to an unknown article: %v, want ErrNotFound", err)
		}
	})
}

func TestRelatedArticlesPreferNearerInTimeAmongEquals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		sec, au := seedTaxonomy(t, db)
		f := &relatedFixture{t: t, db: db, author: au, at: time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC)}
		old := f.article("old", sec, 0, content.StatusPublished, "Housing")
		f.at = f.at.AddDate(1, 0, 0)
		near := f.article("near", sec, 0, content.StatusPublished, "Housing")
		source := f.article("source", sec, 0, content.StatusPublished, "Housing")
		f.at = f.at.AddDate(0, 6, 0)
		later := f.article("later", sec, 0, content.StatusPublished, "Housing")
		got, err := db.RelatedArticles(ctx, source, 5)
		if err != nil {
			t.Fatal(err)
		}
		if want := []int64{near, later, old}; !equalIDs(got, want) {
			t.Fatalf("related = %v, want %v: the nearest in time first", got, want)
		}
	})
}

// The text signal: with no topic, series or section in common, the
// article whose words are most like the article's is related, through the
// search index, on both engines; an article sharing only common words is not.
func TestRelatedArticlesFindSimilarText(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		news, au := seedTaxonomy(t, db)
		culture, _ := db.SaveSection(ctx, content.Section{Slug: "culture", Name: "Culture"})
		sport, _ := db.SaveSection(ctx, content.Section{Slug: "sport", Name: "Sport"})
		f := &relatedFixture{t: t, db: db, author: au, at: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
		f.text = "Swimmers queue at the Wattle river pools, where water samples passed every test of bacteria levels this summer."
		pools := f.article("wattle-river-pools-reopen", culture, 0, content.StatusPublished)
		f.text = "The orchestra played to a full house on Saturday, and the new conductor was cheered this summer."
		f.article("orchestra-season-begins", sport, 0, content.StatusPublished)
		f.text = "Water samples from the Wattle river show bacteria levels low enough for swimmers at the pools."
		f.article("draft-about-the-river", sport, 0, content.StatusDraft)
		f.text = "Council tested the Wattle river water: bacteria levels are safe for swimmers, and the river pools open on Monday."
		source := f.article("river-safe-for-swimming", news, 0, content.StatusPublished)

		got, err := db.RelatedArticles(ctx, source, 5)
		if err != nil {
			t.Fatal(err)
		}
		if !equalIDs(got, []int64{pools}) {
			t.Fatalf("related = %v, want only the article about the river pools (%d): the orchestra shares no telling word, the other is a draft", got, pools)
		}

		// A shared topic still outweighs similar words.
		topical := f.article("budget-vote", sport, 0, content.StatusPublished, "Water")
		f.update(source, "Water")
		got, err = db.RelatedArticles(ctx, source, 5)
		if err != nil {
			t.Fatal(err)
		}
		if !equalIDs(got, []int64{topical, pools}) {
			t.Fatalf("related = %v, want the article sharing a topic (%d) before the similar text (%d)", got, topical, pools)
		}
	})
}

func TestPublishedArticlesKeepTheOrderAskedAndOnlyPublished(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		sec, au := seedTaxonomy(t, db)
		f := &relatedFixture{t: t, db: db, author: au, at: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
		a := f.article("a", sec, 0, content.StatusPublished)
		b := f.article("b", sec, 0, content.StatusPublished)
		draft := f.article("draft", sec, 0, content.StatusDraft)
		got, err := db.PublishedArticles(ctx, []int64{b, draft, a, b, 424242})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].ID != b || got[1].ID != a || got[0].Headline != "b" {
			t.Fatalf("published articles = %+v, want b then a", got)
		}
	})
}

func TestHideRelatedRoundTrips(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		sec, au := seedTaxonomy(t, db)
		at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		w := newArticle("story", sec, au, at)
		id, err := db.CreateArticle(ctx, w)
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := db.GetArticle(ctx, id); got.HideRelated {
			t.Fatal("a new article hides its related list; the default is to show it")
		}
		w.Article.ID, w.Article.HideRelated, w.Article.UpdatedAt = id, true, at.Add(time.Minute)
		w.Revision.HideRelated = true
		if err := db.UpdateArticle(ctx, w); err != nil {
			t.Fatal(err)
		}
		got, err := db.GetArticle(ctx, id)
		if err != nil || !got.HideRelated {
			t.Fatalf("after saving it off: HideRelated %v, %v", got.HideRelated, err)
		}
		view, err := db.PublishedArticle(ctx, "story")
		if err != nil || !view.HideRelated {
			t.Fatalf("the reader's query: HideRelated %v, %v", view.HideRelated, err)
		}
		revs, err := db.ListRevisions(ctx, id)
		if err != nil || len(revs) != 2 || !revs[0].Snapshot.HideRelated || revs[1].Snapshot.HideRelated {
			t.Fatalf("revisions keep the setting: %+v, %v", revs, err)
		}
	})
}

// update gives article id these topics, keeping the rest.
func (f *relatedFixture) update(id int64, topics ...string) {
	f.t.Helper()
	ctx := context.Background()
	a, err := f.db.GetArticle(ctx, id)
	if err != nil {
		f.t.Fatal(err)
	}
	w := content.ArticleWrite{Article: a, Revision: content.Snapshot{Headline: a.Headline}}
	for _, name := range topics {
		w.Topics = append(w.Topics, content.Topic{Slug: content.Slugify(name), Name: name})
	}
	if err := f.db.UpdateArticle(ctx, w); err != nil {
		f.t.Fatal(err)
	}
}

func equalIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
