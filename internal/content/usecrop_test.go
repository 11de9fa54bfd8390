package content_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/auth"
	"masthead/internal/content"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// The lead image's crop through the newsroom service (decision 0048): bad
// values are refused, naming the field, and change nothing; a save asks
// for the crops the article uses, and so does a staged edit of a
// published article, whose publication then carries the crop; a restore
// brings the revision's crop back.
func TestLeadCropIsCheckedKeptAndAskedFor(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)
		svc := content.NewService(db, &fakeScheduler{scheduled: map[int64]time.Time{}}, func() time.Time { return now }, func(context.Context) {})
		var asked []content.Article
		svc.OnCrops(func(_ context.Context, a content.Article) { asked = append(asked, a) })
		sec, _ := db.SaveSection(ctx, content.Section{Slug: "news", Name: "News"})
		au, _ := db.SaveAuthor(ctx, content.Author{Slug: "ada", Name: "Ada"})
		img, err := db.CreateImage(ctx, content.Image{Path: "2026/06/a.jpg", Mime: "image/jpeg", Width: 1200, Height: 800, Size: 5}, 0)
		if err != nil {
			t.Fatal(err)
		}
		editor := content.Actor{UserID: 1, Role: auth.RoleEditor}
		in := content.ArticleInput{Headline: "Harbour", Standfirst: "Boats.", SectionID: sec, AuthorIDs: []int64{au},
			BodySource: "The boats came back to the harbour this morning after the storm.", LeadImageID: img, LeadAlt: "Boats at the quay"}

		saved, err := svc.Save(ctx, editor, in)
		if err != nil || len(asked) != 0 {
			t.Fatalf("a save without crops: %v, asked %d", err, len(asked))
		}
		in.ID = saved.Article.ID
		for _, bad := range [][2]string{{"2x1", ""}, {"1x1", "1.2,0.5"}, {"1x1", "0.5"}, {`1x1"`, ""}} {
			in.LeadCrop, in.LeadFocus = bad[0], bad[1]
			_, err := svc.Save(ctx, editor, in)
			var fields apperr.Fields
			if !errors.As(err, &fields) || (fields["lead_crop"] == "" && fields["lead_focus"] == "") {
				t.Errorf("crop %q focus %q: %v, want a field error", bad[0], bad[1], err)
			}
		}
		if a, _ := db.GetArticle(ctx, in.ID); a.LeadCrop != "" || a.LeadFocus != "" || len(asked) != 0 {
			t.Fatalf("refused saves stored %q %q, asked %d", a.LeadCrop, a.LeadFocus, len(asked))
		}

		in.LeadCrop, in.LeadFocus, in.Action = "16:9", "0.3,0.7", content.ActionPublish
		if _, err := svc.Save(ctx, editor, in); err != nil {
			var ce *content.ChecksError
			if errors.As(err, &ce) {
				t.Fatalf("%+v", ce.Problems)
			}
			t.Fatal(err)
		}
		if a, _ := db.GetArticle(ctx, in.ID); a.LeadCrop != "16x9" || a.LeadFocus != "0.30,0.70" {
			t.Fatalf("stored %q %q", a.LeadCrop, a.LeadFocus)
		}
		if len(asked) != 1 || asked[0].ID != in.ID || asked[0].LeadCrop != "16x9" {
			t.Fatalf("asked for crops %+v", asked)
		}
		// A staged edit of the live article asks for its crop now; readers
		// keep the published one until it is published.
		in.LeadCrop, in.LeadFocus, in.Action = "1x1", "", content.ActionSave
		res, err := svc.Save(ctx, editor, in)
		if err != nil || res.Pending == nil || res.Pending.Snapshot.LeadCrop != "1x1" {
			t.Fatalf("staged: %+v %v", res.Pending, err)
		}
		if len(asked) != 2 || asked[1].LeadCrop != "1x1" {
			t.Fatalf("a staged edit asked for %+v", asked)
		}
		if a, _ := db.GetArticle(ctx, in.ID); a.LeadCrop != "16x9" {
			t.Fatalf("staging changed the live crop to %q", a.LeadCrop)
		}
		if _, err := svc.PublishChanges(ctx, editor, in.ID); err != nil {
			t.Fatal(err)
		}
		if a, _ := db.GetArticle(ctx, in.ID); a.LeadCrop != "1x1" || a.LeadFocus != "" {
			t.Fatalf("published changes carry %q %q", a.LeadCrop, a.LeadFocus)
		}
		revs, _ := db.ListRevisions(ctx, in.ID)
		var first content.Revision
		for _, r := range revs {
			if r.Snapshot.LeadCrop == "16x9" {
				first = r
			}
		}
		if first.ID == 0 {
			t.Fatalf("no revision keeps the 16:9 crop: %+v", revs)
		}
		if _, err := svc.RestoreRevision(ctx, editor, first.ID); err != nil {
			t.Fatal(err)
		}
		// The restore of a live article is staged; publish it.
		if _, err := svc.PublishChanges(ctx, editor, in.ID); err != nil {
			t.Fatal(err)
		}
		if a, _ := db.GetArticle(ctx, in.ID); a.LeadCrop != "16x9" || a.LeadFocus != "0.30,0.70" {
			t.Errorf("restored %q %q", a.LeadCrop, a.LeadFocus)
		}
	})
}
