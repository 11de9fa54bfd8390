package content_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/auth"
	"masthead/internal/content"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// fiveMB is what a careless paste or a hostile form can put in a field.
var fiveMB = strings.Repeat("x", 5<<20)

// refused checks that err names field with a message giving its limit.
func refused(t *testing.T, err error, field, message string) {
	t.Helper()
	var bad apperr.Fields
	if !errors.As(err, &bad) || bad[field] != message {
		t.Errorf("%s: err %v, want %q", field, err, message)
	}
}

func TestEveryArticleTextFieldHasALimit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := content.NewService(db, &fakeScheduler{scheduled: map[int64]time.Time{}}, time.Now, func(context.Context) {})
		editor := content.Actor{UserID: 1, Role: auth.RoleEditor}
		sec, _ := db.SaveSection(ctx, content.Section{Slug: "news", Name: "News"})
		au, _ := db.SaveAuthor(ctx, content.Author{Slug: "ada", Name: "Ada"})
		base := content.ArticleInput{Headline: "Limits", Standfirst: "s", SectionID: sec, AuthorIDs: []int64{au}, BodySource: "Text.",
			LeadCaption: strings.Repeat("é", content.MaxCaptionChars)} // at the limit, in characters
		saved, err := svc.Save(ctx, editor, base)
		if err != nil {
			t.Fatal(err)
		}
		revisions := func() int { r, _ := db.ListRevisions(ctx, saved.Article.ID); return len(r) }
		before, _ := db.GetArticle(ctx, saved.Article.ID)
		revs := revisions()
		for _, tc := range []struct {
			field, message string
			set            func(*content.ArticleInput)
		}{
			{"headline", "The headline can have at most 300 characters; this one has 5,242,880.", func(in *content.ArticleInput) { in.Headline = fiveMB }},
			{"standfirst", "The standfirst can have at most 2,000 characters; this one has 5,242,880.", func(in *content.ArticleInput) { in.Standfirst = fiveMB }},
			{"body", "The body can have at most 200,000 characters; this one has 5,242,880.", func(in *content.ArticleInput) { in.BodySource = fiveMB }},
			{"slug", "The slug can have at most 100 characters; this one has 5,242,880.", func(in *content.ArticleInput) { in.Slug = fiveMB }},
			{"lead_alt", "The alt text can have at most 1,000 characters; this one has 5,242,880.", func(in *content.ArticleInput) { in.LeadAlt = fiveMB }},
			{"lead_caption", "The caption can have at most 1,000 characters; this one has 5,242,880.", func(in *content.ArticleInput) { in.LeadCaption = fiveMB }},
			{"lead_credit", "The credit can have at most 300 characters; this one has 5,242,880.", func(in *content.ArticleInput) { in.LeadCredit = fiveMB }},
			{"correction", "The correction note can have at most 5,000 characters; this one has 5,242,880.", func(in *content.ArticleInput) { in.Correction = fiveMB }},
			{"topics", "The topics list can have at most 2,000 characters; this one has 5,242,880.", func(in *content.ArticleInput) { in.Topics = fiveMB }},
			{"seo_title", "The SEO title can have at most 300 characters; this one has 5,242,880.", func(in *content.ArticleInput) { in.SEOTitle = fiveMB }},
			{"social_title", "The social title can have at most 300 characters; this one has 5,242,880.", func(in *content.ArticleInput) { in.SocialTitle = fiveMB }},
			{"social_description", "The social description can have at most 2,000 characters; this one has 5,242,880.", func(in *content.ArticleInput) { in.SocialDescription = fiveMB }},
			{"seo_title", "Write the SEO title on one line, without line breaks, tabs or other control characters.", func(in *content.ArticleInput) { in.SEOTitle = "Two\nlines" }},
			{"social_title", "Write the social title on one line, without line breaks, tabs or other control characters.", func(in *content.ArticleInput) { in.SocialTitle = "Tab\there" }},
		} {
			in := base
			in.ID = saved.Article.ID
			tc.set(&in)
			_, err := svc.Save(ctx, editor, in)
			refused(t, err, tc.field, tc.message)
			if got, _ := db.GetArticle(ctx, saved.Article.ID); !reflect.DeepEqual(got, before) || revisions() != revs {
				t.Errorf("%s: a refused save changed the article or added a revision", tc.field)
			}
			in.ID = 0 // nor is a new article stored
			if _, err := svc.Save(ctx, editor, in); err == nil {
				t.Errorf("%s: a new article was saved", tc.field)
			}
		}
		if n, _ := db.CountArticles(ctx); n != 1 {
			t.Errorf("%d articles, want 1", n)
		}
	})
}

func TestEveryListAndSettingsTextFieldHasALimit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := content.NewService(db, &fakeScheduler{scheduled: map[int64]time.Time{}}, time.Now, func(context.Context) {})
		admin := content.Actor{UserID: 1, Role: auth.RoleAdmin}
		secID, _ := svc.SaveSection(ctx, admin, content.Section{Name: "News", Description: strings.Repeat("d", content.MaxDescriptionChars)})
		serID, _ := svc.SaveSeries(ctx, admin, content.Series{Name: "Column"})
		auID, _ := svc.SaveAuthor(ctx, admin, content.Author{Name: "Ada"})
		settings := content.Settings{Name: "The Weekly", TimeZone: "UTC", PrivacyNotice: "We keep your email address."}
		if err := svc.SaveSettings(ctx, admin, settings); err != nil {
			t.Fatal(err)
		}
		sec, _ := db.GetSection(ctx, secID)
		ser, _ := db.GetSeries(ctx, serID)
		au, _ := db.GetAuthor(ctx, auID)
		st, _ := db.GetSettings(ctx)

		over := func(label string, max int) string {
			return label + " can have at most " + map[int]string{60: "60", 80: "80", 100: "100", 120: "120", 300: "300", 500: "500",
				2000: "2,000", 4000: "4,000", 50_000: "50,000", 64: "64", 35: "35"}[max] + " characters; this one has 5,242,880."
		}
		for _, tc := range []struct {
			field, message string
			save           func() error
		}{
			{"name", over("The name", 80), func() error { s := sec; s.Name = fiveMB; _, err := svc.SaveSection(ctx, admin, s); return err }},
			{"slug", over("The slug", 100), func() error { s := sec; s.Slug = fiveMB; _, err := svc.SaveSection(ctx, admin, s); return err }},
			{"description", over("The description", 2000), func() error {
				s := sec
				s.Description = fiveMB
				_, err := svc.SaveSection(ctx, admin, s)
				return err
			}},
			{"name", over("The name", 80), func() error { s := ser; s.Name = fiveMB; _, err := svc.SaveSeries(ctx, admin, s); return err }},
			{"description", over("The description", 2000), func() error {
				s := ser
				s.Description = fiveMB
				_, err := svc.SaveSeries(ctx, admin, s)
				return err
			}},
			{"name", over("The name", 120), func() error { a := au; a.Name = fiveMB; _, err := svc.SaveAuthor(ctx, admin, a); return err }},
			{"slug", over("The slug", 100), func() error { a := au; a.Slug = fiveMB; _, err := svc.SaveAuthor(ctx, admin, a); return err }},
			{"bio", over("The bio", 4000), func() error { a := au; a.Bio = fiveMB; _, err := svc.SaveAuthor(ctx, admin, a); return err }},
			{"links", over("Each link", 2000), func() error {
				a := au
				a.Links = []string{"https://example.org/" + fiveMB[20:]}
				_, err := svc.SaveAuthor(ctx, admin, a)
				return err
			}},
			{"links", "An author can have at most 20 links.", func() error {
				a := au
				a.Links = strings.Split(strings.Repeat("https://example.org/,", 21), ",")
				_, err := svc.SaveAuthor(ctx, admin, a)
				return err
			}},
			{"name", over("The name", 60), func() error { return svc.SaveTopic(ctx, admin, content.Topic{ID: 1, Name: fiveMB}) }},
			{"name", over("The name", 120), func() error { s := st; s.Name = fiveMB; return svc.SaveSettings(ctx, admin, s) }},
			{"tagline", over("The tagline", 300), func() error { s := st; s.Tagline = fiveMB; return svc.SaveSettings(ctx, admin, s) }},
			{"description", over("The description", 2000), func() error { s := st; s.Description = fiveMB; return svc.SaveSettings(ctx, admin, s) }},
			{"time_zone", over("The time zone", 64), func() error { s := st; s.TimeZone = fiveMB; return svc.SaveSettings(ctx, admin, s) }},
			{"language", over("The language", 35), func() error { s := st; s.Language = fiveMB; return svc.SaveSettings(ctx, admin, s) }},
			{"language", "Use a language tag such as en, en-AU or fr.", func() error { s := st; s.Language = "english please"; return svc.SaveSettings(ctx, admin, s) }},
			{"support_text", over("The banner text", 500), func() error { s := st; s.SupportText = fiveMB; return svc.SaveSettings(ctx, admin, s) }},
			{"support_url", over("The banner link", 2000), func() error { s := st; s.SupportURL = "/" + fiveMB[1:]; return svc.SaveSettings(ctx, admin, s) }},
			{"base_url", over("The site address", 2000), func() error { s := st; s.BaseURL = fiveMB; return svc.SaveSettings(ctx, admin, s) }},
			{"postal_address", over("The postal address", 500), func() error { s := st; s.PostalAddress = fiveMB; return svc.SaveSettings(ctx, admin, s) }},
			{"postal_address", "The postal address can have at most 8 lines; this one has 9.", func() error {
				s := st
				s.PostalAddress = strings.Repeat("line\n", 8) + "ninth"
				return svc.SaveSettings(ctx, admin, s)
			}},
			{"postal_address", "Write the postal address as plain lines, without tabs or other control characters.", func() error {
				s := st
				s.PostalAddress = "1 High Street\tRivertown"
				return svc.SaveSettings(ctx, admin, s)
			}},
			{"privacy_notice", over("The privacy notice", 50_000), func() error { s := st; s.PrivacyNotice = fiveMB; return svc.SaveSettings(ctx, admin, s) }},
			{"privacy_notice", "Line 1 nests lists or quotes more than 10 levels deep.", func() error {
				s := st
				s.PrivacyNotice = strings.Repeat("> ", 20_000) + "x"
				return svc.SaveSettings(ctx, admin, s)
			}},
		} {
			refused(t, tc.save(), tc.field, tc.message)
		}
		if got, _ := db.GetSection(ctx, secID); got != sec {
			t.Errorf("section changed: %+v", got)
		}
		if got, _ := db.GetSeries(ctx, serID); got != ser {
			t.Errorf("series changed: %+v", got)
		}
		if got, _ := db.GetAuthor(ctx, auID); !reflect.DeepEqual(got, au) {
			t.Errorf("author changed: %+v", got)
		}
		if got, _ := db.GetSettings(ctx); got != st {
			t.Errorf("settings changed: %+v", got)
		}
		if topics, _ := db.ListTopics(ctx); len(topics) != 0 {
			t.Errorf("topics: %+v", topics)
		}
	})
}
