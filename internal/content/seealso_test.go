package content_test

import (
	"testing"

	"masthead/internal/content"
)

func TestAppendSeeAlsoMakesABlockOfItsOwn(t *testing.T) {
	resolve := func(slug string) (content.ArticleRef, bool) {
		return content.ArticleRef{ID: 7, Slug: slug, Headline: "Target", Status: content.StatusPublished}, slug == "target"
	}
	for _, src := range []string{"", "One paragraph.", "One paragraph.\n", "A list:\n\n- one\n- two\n\n\n  \n"} {
		got := content.AppendSeeAlso(src, "target")
		res, err := content.ConvertMarkdown(got, resolve)
		if err != nil {
			t.Fatal(err)
		}
		if ids := content.SeeAlsoIDs(res.HTML); len(ids) != 1 || ids[0] != 7 {
			t.Errorf("AppendSeeAlso(%q) = %q: see-also blocks %v, want one for article 7", src, got, ids)
		}
	}
}
