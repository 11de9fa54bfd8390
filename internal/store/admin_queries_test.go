package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"masthead/internal/content"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

func TestCountArticlesByStatus(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		counts, err := db.CountArticlesByStatus(ctx)
		if err != nil || len(counts) != 0 {
			t.Fatalf("empty database: %v, %v", counts, err)
		}
		section, author := seedTaxonomy(t, db)
		at := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
		for i, status := range []content.Status{content.StatusPublished, content.StatusPublished, content.StatusDraft} {
			w := newArticle("a"+string(rune('a'+i)), section, author, at)
			w.Article.Status = status
			if _, err := db.CreateArticle(ctx, w); err != nil {
				t.Fatal(err)
			}
		}
		counts, err = db.CountArticlesByStatus(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := map[content.Status]int{content.StatusPublished: 2, content.StatusDraft: 1}
		if len(counts) != len(want) || counts[content.StatusPublished] != 2 || counts[content.StatusDraft] != 1 {
			t.Errorf("counts = %v, want %v", counts, want)
		}
	})
}

func TestGetTopic(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		section, author := seedTaxonomy(t, db)
		w := newArticle("with-topic", section, author, time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC))
		w.Topics = []content.Topic{{Slug: "housing", Name: "Housing"}}
		if _, err := db.CreateArticle(ctx, w); err != nil {
			t.Fatal(err)
		}
		byslug, err := db.GetTopicBySlug(ctx, "housing")
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.GetTopic(ctx, byslug.ID)
		if err != nil || got != byslug {
			t.Fatalf("GetTopic(%d) = %+v, %v; want %+v", byslug.ID, got, err, byslug)
		}
		if _, err := db.GetTopic(ctx, byslug.ID+100); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("missing topic: err = %v, want ErrNotFound", err)
		}
	})
}
