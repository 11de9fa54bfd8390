package store_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"masthead/internal/content"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

func TestPublishedArticle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		sec, err := db.SaveSection(ctx, content.Section{Slug: "policy", Name: "Policy", Description: "Decisions", Position: 2})
		if err != nil {
			t.Fatal(err)
		}
		ser, err := db.SaveSeries(ctx, content.Series{Slug: "the-long-table", Name: "The Long Table"})
		if err != nil {
			t.Fatal(err)
		}
		ada, err := db.SaveAuthor(ctx, content.Author{Slug: "ada", Name: "Ada", Links: []string{"https://example.org/ada"}})
		if err != nil {
			t.Fatal(err)
		}
		bo, err := db.SaveAuthor(ctx, content.Author{Slug: "bo", Name: "Bo"})
		if err != nil {
			t.Fatal(err)
		}
		img, err := db.CreateImage(ctx, content.Image{Path: "2026/03/a.jpg", Mime: "image/jpeg", Width: 1200, Height: 800, Size: 5000}, 0)
		if err != nil {
			t.Fatal(err)
		}
		full := content.ArticleWrite{
			Article: content.Article{Slug: "full", Headline: "Full", Standfirst: "All parts", Body: "<p>x</p>", SectionID: sec, SeriesID: ser,
				Status: content.StatusPublished, LeadImageID: img, LeadAlt: "alt", Correction: "Fixed",
				AuthorIDs: []int64{bo, ada}, PublishedAt: at, ModifiedAt: at.Add(time.Hour), CreatedAt: at, UpdatedAt: at},
			Topics: []content.Topic{{Slug: "water", Name: "Water"}, {Slug: "budget", Name: "Budget"}},
		}
		if _, err := db.CreateArticle(ctx, full); err != nil {
			t.Fatal(err)
		}
		bare := content.ArticleWrite{Article: content.Article{Slug: "bare", Headline: "Bare", SectionID: sec,
			Status: content.StatusPublished, AuthorIDs: []int64{ada}, PublishedAt: at, CreatedAt: at, UpdatedAt: at}}
		if _, err := db.CreateArticle(ctx, bare); err != nil {
			t.Fatal(err)
		}
		hidden := map[content.Status]int64{}
		for _, st := range []content.Status{content.StatusDraft, content.StatusScheduled, content.StatusUnpublished} {
			w := bare
			w.Article.Slug = "hidden-" + string(st)
			w.Article.Status = st
			if hidden[st], err = db.CreateArticle(ctx, w); err != nil {
				t.Fatal(err)
			}
		}

		reader, err := db.SiteReader(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer reader.Release()
		v, err := db.PublishedArticle(ctx, "full")
		if err != nil {
			t.Fatal(err)
		}
		// The prepared form returns the same view.
		if pv, err := reader.PublishedArticle(ctx, "full"); err != nil || !reflect.DeepEqual(pv, v) {
			t.Errorf("SiteReader.PublishedArticle = %+v, %v; want %+v", pv, err, v)
		}
		if v.Headline != "Full" || v.Correction != "Fixed" || !v.PublishedAt.Equal(at) || !v.ModifiedAt.Equal(at.Add(time.Hour)) {
			t.Errorf("article = %+v", v.Article)
		}
		if v.Section != (content.Section{ID: sec, Slug: "policy", Name: "Policy", Description: "Decisions", Position: 2}) {
			t.Errorf("section = %+v", v.Section)
		}
		if v.Series == nil || v.Series.ID != ser || v.Series.Name != "The Long Table" {
			t.Errorf("series = %+v", v.Series)
		}
		if v.LeadImage == nil || v.LeadImage.ID != img || v.LeadImage.Path != "2026/03/a.jpg" || v.LeadImage.Width != 1200 || v.LeadImage.Height != 800 {
			t.Errorf("lead image = %+v", v.LeadImage)
		}
		if len(v.Authors) != 2 || v.Authors[0].Name != "Bo" || v.Authors[1].Slug != "ada" || len(v.Authors[1].Links) != 1 {
			t.Errorf("byline = %+v, want Bo then Ada in the editor's order", v.Authors)
		}
		if len(v.Topics) != 2 || v.Topics[0].Name != "Water" || v.Topics[1].Slug != "budget" {
			t.Errorf("topics = %+v, want Water then Budget", v.Topics)
		}

		// The list pages' batched loader gives each author what the article
		// page gives, links included.
		views, err := db.Views(ctx, []content.Article{v.Article})
		if err != nil {
			t.Fatal(err)
		}
		if got := views[0].Authors; !reflect.DeepEqual(got, v.Authors) || len(got[1].Links) != 1 || got[1].Links[0] != "https://example.org/ada" {
			t.Errorf("Views byline = %+v, want %+v", got, v.Authors)
		}

		b, err := db.PublishedArticle(ctx, "bare")
		if err != nil {
			t.Fatal(err)
		}
		if b.Series != nil || b.LeadImage != nil || len(b.Topics) != 0 || len(b.Authors) != 1 {
			t.Errorf("bare article view = %+v", b)
		}

		// The newsroom's preview loads any article by id, whatever its status.
		if byID, err := db.ArticleView(ctx, v.ID); err != nil || !reflect.DeepEqual(byID, v) {
			t.Errorf("ArticleView(%d) = %+v, %v; want what PublishedArticle gives", v.ID, byID, err)
		}
		for st, id := range hidden {
			if d, err := db.ArticleView(ctx, id); err != nil || d.Status != st || d.Slug != "hidden-"+string(st) || len(d.Authors) != 1 {
				t.Errorf("ArticleView of the %s article = %+v, %v", st, d, err)
			}
		}
		if _, err := db.ArticleView(ctx, 999999); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("ArticleView of no article: %v, want ErrNotFound", err)
		}

		for _, slug := range []string{"hidden-draft", "hidden-scheduled", "hidden-unpublished", "nope"} {
			if _, err := db.PublishedArticle(ctx, slug); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("%s: err = %v, want ErrNotFound", slug, err)
			}
			if _, err := reader.PublishedArticle(ctx, slug); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("prepared %s: err = %v, want ErrNotFound", slug, err)
			}
		}
	})
}
