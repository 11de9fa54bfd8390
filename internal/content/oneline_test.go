package content_test

import (
	"context"
	"testing"
	"time"

	"masthead/internal/auth"
	"masthead/internal/content"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// TestOneLineFieldsRefuseLineBreaks: names, headlines, captions, credits,
// alt text and topics are one line in their forms, page titles and feeds.
// A crafted request with CR/LF in one was stored ("a\r\nBcc: x@y" as a
// section name); now it is refused on the field and nothing changes.
func TestOneLineFieldsRefuseLineBreaks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := content.NewService(db, &fakeScheduler{scheduled: map[int64]time.Time{}}, time.Now, func(context.Context) {})
		editor := content.Actor{UserID: 1, Role: auth.RoleEditor}
		sec, _ := db.SaveSection(ctx, content.Section{Slug: "news", Name: "News"})
		au, _ := db.SaveAuthor(ctx, content.Author{Slug: "ada", Name: "Ada"})
		const broken = "Two\r\nBcc: x@example.org"
		oneLine := func(label string) string {
			return "Write the " + label + " on one line, without line breaks, tabs or other control characters."
		}

		_, err := svc.SaveSection(ctx, editor, content.Section{Name: broken, Slug: "two"})
		refused(t, err, "name", oneLine("name"))
		_, err = svc.SaveSeries(ctx, editor, content.Series{Name: "Tab\there", Slug: "tab"})
		refused(t, err, "name", oneLine("name"))
		_, err = svc.SaveAuthor(ctx, editor, content.Author{Name: broken, Slug: "two"})
		refused(t, err, "name", oneLine("name"))
		if secs, _ := db.ListSections(ctx); len(secs) != 1 {
			t.Errorf("sections after the refusals: %v, want only News", secs)
		}
		if sers, _ := db.ListSeries(ctx); len(sers) != 0 {
			t.Errorf("series after the refusal: %v, want none", sers)
		}
		if aus, _ := db.ListAuthors(ctx); len(aus) != 1 {
			t.Errorf("authors after the refusal: %v, want only Ada", aus)
		}

		base := content.ArticleInput{Headline: "One line", Standfirst: "s", SectionID: sec, AuthorIDs: []int64{au}, BodySource: "Text."}
		for _, tc := range []struct {
			field, label string
			set          func(*content.ArticleInput)
		}{
			{"headline", "headline", func(in *content.ArticleInput) { in.Headline = broken }},
			{"lead_alt", "alt text", func(in *content.ArticleInput) { in.LeadAlt = broken }},
			{"lead_caption", "caption", func(in *content.ArticleInput) { in.LeadCaption = broken }},
			{"lead_credit", "credit", func(in *content.ArticleInput) { in.LeadCredit = broken }},
			{"topics", "topics", func(in *content.ArticleInput) { in.Topics = "council, " + broken }},
		} {
			in := base
			tc.set(&in)
			_, err := svc.Save(ctx, editor, in)
			refused(t, err, tc.field, oneLine(tc.label))
		}
		if topics, _ := db.ListTopics(ctx); len(topics) != 0 {
			t.Errorf("topics after the refusals: %v, want none", topics)
		}
		// Multi-line fields keep their line breaks.
		in := base
		in.Standfirst, in.BodySource, in.Correction = "First.\r\nSecond.", "One.\r\n\r\nTwo.", "Fixed.\nTwice."
		if _, err := svc.Save(ctx, editor, in); err != nil {
			t.Errorf("line breaks in the standfirst, body and correction: %v", err)
		}
	})
}
