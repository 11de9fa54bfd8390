package content_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/auth"
	"masthead/internal/content"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// Bodies whose conversion cost grew with the square of their size are
// refused, quickly, with a message saying what to change.
func TestCostlyMarkdownIsRefusedBeforeConversion(t *testing.T) {
	none := func(string) (content.ArticleRef, bool) { return content.ArticleRef{}, false }
	want := map[string]string{
		"list-markers": "nests lists or quotes more than 10 levels deep", "star-markers": "levels deep",
		"ordered-markers": "levels deep", "quote-markers": "levels deep", "quote-list-markers": "levels deep",
		"pullquote-nesting": "levels deep",
		"link-openers":      "formatting marks", "link-openers-dest": "formatting marks", "link-openers-angle": "formatting marks",
		"image-openers": "formatting marks", "nested-links": "formatting marks", "link-titles": "formatting marks",
		"thematic-breaks": "formatting marks", "emphasis-runs": "formatting marks", "underscore-runs": "formatting marks",
		"strike-runs": "formatting marks", "backticks": "formatting marks", "brackets": "formatting marks",
		"link-refs": "formatting marks", "html-open": "formatting marks",
		"short-paragraphs": "more than 5,000 paragraphs, list items, quotes and headings", "list-items": "5,000 paragraphs",
		"headings": "5,000 paragraphs", "see-also-lines": "5,000 paragraphs",
	}
	for _, s := range costlyUnits {
		msg, ok := want[s.name]
		if !ok {
			continue // merely busy shapes, accepted
		}
		_, err := content.ConvertMarkdown(fill(s.unit, benchSize)+"x", none)
		var serr *content.SourceError
		if !errors.As(err, &serr) || !strings.Contains(serr.Message, msg) {
			t.Errorf("%s: err %v, want a source error saying %q", s.name, err, msg)
		}
	}
	// Links left open across paragraphs that each stay under the marks
	// limit: every "](" scans the rest of its word.
	var b strings.Builder
	for b.Len() < benchSize {
		b.WriteString(strings.Repeat("[a](", 600) + "\n\n")
	}
	if err := content.CheckSource(b.String()); err == nil || !strings.Contains(err.Error(), `links are opened with "](" but not closed`) {
		t.Errorf("unclosed links in many paragraphs: %v", err)
	}
	if err := content.CheckSource(strings.Repeat("a", content.MaxSourceBytes+1)); err == nil {
		t.Error("a text over 1 MB was accepted")
	}
	if err := content.CheckSource(strings.Repeat("> ", 11) + "x"); err == nil || err.(*content.SourceError).Line != 1 {
		t.Errorf("11 quotes deep: %v, want refused at line 1", err)
	}
}

// What writers really type passes.
func TestRealMarkdownPassesTheSourceLimits(t *testing.T) {
	long := strings.Repeat("The council met on *Tuesday* and voted on [the budget](https://example.org/budget_2027). ", 120)
	for name, src := range map[string]string{
		"long paragraph":  long,
		"long article":    strings.Repeat(long+"\n\n", 18), // about 190,000 characters
		"breaks":          "One.\n\n* * *\n\nTwo.\n\n- - -\n\n___\n\n* * * * * * * * * * * * * *\n\n> * * * * * * * * * * * *",
		"nested lists":    "- one\n  - two\n    - three\n      - four\n        1. five\n\n1. a\n2. b\n   - c",
		"quotes":          "> She said:\n> > It was not.\n\n>> A pull quote.\n>> — Jo Bloggs",
		"code":            "```\n> > > > > > > > x\n```\n\nUse `a` and ``b`` and ```c```.",
		"many links":      strings.Repeat("- [Story](https://example.org/a_b_c) and [another](/articles/x)\n", 300),
		"see also":        "Text.\n\nSee also: /articles/other\n\nMore.",
		"numbers in text": "In 2026. 3.5% of 12. voters.\n\n10. A list from ten\n11. eleven",
		"live blog":       strings.Repeat("## 14:05\n\nThe minister spoke.\n\n> We will act.\n\n- one\n- two\n\n", 500), // 3,500 blocks
	} {
		if err := content.CheckSource(src); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// refCounter counts the lookups a body's conversion makes.
type refCounter struct {
	*store.DB
	lookups int
}

func (r *refCounter) ArticleRefBySlug(ctx context.Context, slug string) (content.ArticleRef, error) {
	r.lookups++
	return r.DB.ArticleRefBySlug(ctx, slug)
}

func TestOverlongOrCostlyBodyIsRefusedBeforeConversionAndNothingIsStored(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		st := &refCounter{DB: db}
		svc := content.NewService(st, &fakeScheduler{scheduled: map[int64]time.Time{}}, time.Now, func(context.Context) {})
		editor := content.Actor{UserID: 1, Role: auth.RoleEditor}
		sec, _ := db.SaveSection(ctx, content.Section{Slug: "news", Name: "News"})
		au, _ := db.SaveAuthor(ctx, content.Author{Slug: "ada", Name: "Ada"})
		in := content.ArticleInput{Headline: "Long", Standfirst: "s", SectionID: sec, AuthorIDs: []int64{au}}

		// One character over the limit, counted in characters, not bytes.
		in.BodySource = "See also: /articles/x\n\n" + strings.Repeat("é", content.MaxBodyChars-22)
		_, err := svc.Save(ctx, editor, in)
		var bad apperr.Fields
		if !errors.As(err, &bad) || bad["body"] != "The body can have at most 200,000 characters; this one has 200,001." {
			t.Fatalf("over-long body: %v", err)
		}
		if st.lookups != 0 {
			t.Errorf("the over-long body was converted (%d link lookups) before it was refused", st.lookups)
		}
		in.BodySource = in.BodySource[:len(in.BodySource)-2] // at the limit: accepted
		if _, err := svc.Save(ctx, editor, in); err != nil {
			t.Fatalf("body at the limit: %v", err)
		}

		in.BodySource = strings.Repeat("- ", 50_000) + "x"
		_, err = svc.Save(ctx, editor, in)
		if !errors.As(err, &bad) || !strings.Contains(bad["body"], "Line 1 nests lists or quotes more than 10 levels deep") {
			t.Fatalf("deeply nested body: %v", err)
		}
		if n, _ := db.CountArticles(ctx); n != 1 {
			t.Errorf("%d articles stored, want only the one at the limit", n)
		}
	})
}
