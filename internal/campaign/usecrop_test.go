package campaign_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"masthead/internal/content"
	"masthead/internal/mail/mailtest"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// The email of a one-article campaign shows a body image's square crop
// once it is made, the whole picture before (decision 0048).
func TestCampaignEmailBodyImageUsesItsCrop(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, mailtest.StartSMTPSink(t, &mailtest.SMTPSink{}), fixtureOptions{})
		ctx := context.Background()
		img, err := db.CreateImage(ctx, content.Image{Path: "2026/12/pier.jpg", Mime: "image/jpeg", Width: 2000, Height: 1000, Size: 5}, 0)
		if err != nil {
			t.Fatal(err)
		}
		a, err := db.GetArticle(ctx, f.articles[0])
		if err != nil {
			t.Fatal(err)
		}
		a.Body = `<p>Body</p><figure class="image" data-media-id="` + strconv.FormatInt(img, 10) + `" data-crop="1x1"><img src="/media/2026/12/pier.jpg" alt="The pier" width="2000" height="1000"></figure>`
		if err := db.UpdateArticle(ctx, content.ArticleWrite{Article: a}); err != nil {
			t.Fatal(err)
		}
		id := f.save(t, a.ID)
		html := func() string {
			p, err := f.svc.Preview(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			return p.HTML
		}
		whole := `<img src="https://news.example.org/media/2026/12/pier.jpg" alt="The pier" width="536" height="268"`
		if got := html(); !strings.Contains(got, whole) {
			t.Fatalf("before the crop is made, lacks %s:\n%s", whole, got)
		}
		key := "1x1@0.50,0.50"
		files := []content.ImageVariant{
			{Path: "2026/12/pier.c1x1.w640.webp", Mime: "image/webp", Width: 640, Height: 640, Crop: key},
			{Path: "2026/12/pier.c1x1.w640.jpg", Mime: "image/jpeg", Width: 640, Height: 640, Crop: key},
			{Path: "2026/12/pier.c1x1.w1000.jpg", Mime: "image/jpeg", Width: 1000, Height: 1000, Crop: key},
		}
		if ok, err := db.AddImageCrop(ctx, img, "2026/12/pier.jpg", key, files, []int64{1, 1, 1}); !ok || err != nil {
			t.Fatalf("add crop: %v %v", ok, err)
		}
		crop := `<img src="https://news.example.org/media/2026/12/pier.c1x1.w640.jpg" alt="The pier" width="536" height="536"`
		if got := html(); !strings.Contains(got, crop) || strings.Contains(got, whole) {
			t.Fatalf("once the crop is made, lacks %s:\n%s", crop, got)
		}
	})
}
