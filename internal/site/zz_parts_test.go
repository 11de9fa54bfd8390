package site

import (
	"context"
	"net/http/httptest"
	"testing"

	"masthead/internal/content"
	"masthead/internal/store/storetest"
)

func BenchmarkParts(b *testing.B) {
	f := newFixture(b, storetest.Open(b, storetest.SQLite), func(o *Options) { o.CacheOff = true })
	ctx := context.Background()
	r := httptest.NewRequest("GET", "/articles/council-budget", nil)
	r.SetPathValue("slug", "council-budget")
	v, _ := f.site.article(ctx, r, content.Cursor{})
	v.data.Chrome, _ = f.site.chrome(v.data.Site, v.data.Current, false)
	if err := f.site.pages.execute(getBuf(), "article", v.data); err != nil {
		b.Fatal(err)
	}
	a, _ := f.site.store.PublishedArticle(ctx, "council-budget")
	refs, _ := f.db.ArticleRefs(ctx, content.SeeAlsoIDs(a.Body))
	b.Run("PublishedArticle", func(b *testing.B) {
		for b.Loop() {
			f.site.store.PublishedArticle(ctx, "council-budget")
		}
	})
	b.Run("ArticleRefs", func(b *testing.B) {
		for b.Loop() {
			f.db.ArticleRefs(ctx, []int64{1})
		}
	})
	b.Run("RenderBody", func(b *testing.B) {
		for b.Loop() {
			content.RenderBody(a.Body, refs)
		}
	})
	b.Run("template", func(b *testing.B) {
		buf := getBuf()
		for b.Loop() {
			buf.Reset()
			f.site.pages.execute(buf, "article", v.data)
		}
	})
	b.Run("handler", func(b *testing.B) {
		for b.Loop() {
			f.site.article(ctx, r, content.Cursor{})
		}
	})
	b.Run("newPage", func(b *testing.B) {
		buf := getBuf()
		f.site.pages.execute(buf, "article", v.data)
		for b.Loop() {
			newPage(200, buf.Bytes(), htmlType, pageCacheControl, fixtureNow, false)
		}
	})
}
