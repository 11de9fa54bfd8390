package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"masthead/internal/campaign"
	"masthead/internal/content"
	"masthead/internal/demo"
	"masthead/internal/media"
	"masthead/internal/newsletter"
	"masthead/internal/store"
)

// LoadDemo fills an empty database with the demo publication: settings,
// sections, series, authors with photos, articles with topics, see-also
// links and generated lead images, and four newsletters with confirmed
// subscribers. It returns the number of articles.
func LoadDemo(ctx context.Context, db *store.DB, files media.Blobs, now func() time.Time) (int, error) {
	pub := demo.Content()
	lib := media.NewIn(files, db, now)
	if err := db.SaveSettings(ctx, content.Settings{Name: pub.Name, Tagline: pub.Tagline, Description: pub.Description,
		TimeZone: pub.TimeZone, SupportText: pub.SupportText, SupportURL: pub.SupportURL, PrivacyNotice: pub.PrivacyNotice,
		PostalAddress: pub.PostalAddress}); err != nil {
		return 0, err
	}
	sections := map[string]int64{}
	for i, s := range pub.Sections {
		id, err := db.SaveSection(ctx, content.Section{Slug: s.Slug, Name: s.Name, Description: s.Description, Position: i})
		if err != nil {
			return 0, fmt.Errorf("demo section %s: %w", s.Slug, err)
		}
		sections[s.Slug] = id
	}
	series := map[string]int64{}
	for _, s := range pub.Series {
		id, err := db.SaveSeries(ctx, content.Series{Slug: s.Slug, Name: s.Name, Description: s.Description})
		if err != nil {
			return 0, fmt.Errorf("demo series %s: %w", s.Slug, err)
		}
		series[s.Slug] = id
	}
	authors := map[string]int64{}
	for _, a := range pub.Authors {
		photo, err := demo.AuthorPhoto(a.Slug)
		if err != nil {
			return 0, err
		}
		img, err := lib.Store(ctx, photo, "image/jpeg", ".jpg", 400, 400, 0)
		if err != nil {
			return 0, err
		}
		id, err := db.SaveAuthor(ctx, content.Author{Slug: a.Slug, Name: a.Name, Bio: a.Bio, Links: a.Links, PhotoID: img.ID})
		if err != nil {
			return 0, fmt.Errorf("demo author %s: %w", a.Slug, err)
		}
		authors[a.Slug] = id
	}
	// First pass: create every article as a draft, so that see-also links
	// can find their targets; the second resolves the links and publishes.
	// Each pass keeps a complete revision, as an editor's saves would.
	// Publication times count back from now, so none is in the future: an
	// article is DaysAgo days and (24 - HourOfDay) hours old, which keeps
	// the demo's intended order.
	loaded := now().UTC().Truncate(time.Minute)
	arts := make([]content.Article, len(pub.Articles))
	topics := make([][]content.Topic, len(pub.Articles))
	unresolved := func(string) (content.ArticleRef, bool) { return content.ArticleRef{}, false }
	for i, a := range pub.Articles {
		at := loaded.Add(-time.Duration(a.DaysAgo)*24*time.Hour - time.Duration(24-a.HourOfDay)*time.Hour)
		pic, err := demo.LeadImage(a.Slug, 1200, 675)
		if err != nil {
			return 0, err
		}
		img, err := lib.Store(ctx, pic, "image/jpeg", ".jpg", 1200, 675, 0)
		if err != nil {
			return 0, err
		}
		var msg string
		if topics[i], msg = content.ParseTopics(strings.Join(a.Topics, ",")); msg != "" {
			return 0, fmt.Errorf("demo article %s: %s", a.Slug, msg)
		}
		body, err := content.ConvertMarkdown(a.Body, unresolved)
		if err != nil {
			return 0, err
		}
		art := content.Article{Slug: a.Slug, Headline: a.Headline, Standfirst: a.Standfirst,
			BodySource: a.Body, Body: body.HTML, SectionID: sections[a.Section], SeriesID: series[a.Series],
			Status: content.StatusDraft, LeadImageID: img.ID, LeadAlt: a.ImageAlt, LeadCaption: a.ImageCaption,
			LeadCredit: a.ImageCredit, CreatedAt: at, UpdatedAt: at}
		for _, s := range a.Authors {
			art.AuthorIDs = append(art.AuthorIDs, authors[s])
		}
		if art.ID, err = db.CreateArticle(ctx, content.ArticleWrite{Article: art, Topics: topics[i], Revision: content.SnapshotOf(art, topics[i])}); err != nil {
			return 0, fmt.Errorf("demo article %s: %w", a.Slug, err)
		}
		arts[i] = art
	}
	resolve := func(slug string) (content.ArticleRef, bool) {
		ref, err := db.ArticleRefBySlug(ctx, slug)
		return ref, err == nil
	}
	for i, art := range arts {
		body, err := content.ConvertMarkdown(art.BodySource, resolve)
		if err != nil {
			return 0, err
		}
		if len(body.Missing) > 0 {
			return 0, fmt.Errorf("demo article %s links to missing %v", art.Slug, body.Missing)
		}
		if len(body.Dropped) > 0 {
			return 0, fmt.Errorf("demo article %s has what a body cannot hold: %v", art.Slug, body.Dropped)
		}
		art.Body, art.LinkedIDs = body.HTML, body.LinkedIDs
		art.Status, art.PublishedAt = content.StatusPublished, art.CreatedAt
		if err := db.UpdateArticle(ctx, content.ArticleWrite{Article: art, Topics: topics[i], Revision: content.SnapshotOf(art, topics[i])}); err != nil {
			return 0, fmt.Errorf("demo article %s: %w", art.Slug, err)
		}
		// A corrected article carries a dated correction, made the next
		// day (decision 0043), which also dates its "Updated".
		if text := pub.Articles[i].Correction; text != "" {
			fixed := art.CreatedAt.Add(26 * time.Hour)
			if fixed.After(loaded) {
				fixed = loaded
			}
			if _, err := db.AddNote(ctx, content.Note{ArticleID: art.ID, Kind: content.NoteCorrection, Text: text, At: fixed}); err != nil {
				return 0, fmt.Errorf("demo article %s: %w", art.Slug, err)
			}
			art.ModifiedAt = fixed
		}
		arts[i] = art
	}
	if err := loadDemoViews(ctx, db, arts, now(), content.Settings{TimeZone: pub.TimeZone}.Location()); err != nil {
		return 0, err
	}
	if err := loadDemoNewsletters(ctx, db, now); err != nil {
		return 0, err
	}
	return len(pub.Articles), nil
}

// GenerateArticles adds n plausible articles for load tests, reusing the
// demo's sections, authors and bodies. It commits as it goes, so an
// interrupted run leaves only whole articles.
func GenerateArticles(ctx context.Context, db *store.DB, n int, now func() time.Time) error {
	sections, err := db.ListSections(ctx)
	if err != nil || len(sections) == 0 {
		return fmt.Errorf("generate: load the demo first: %v", err)
	}
	authors, err := db.ListAuthors(ctx)
	if err != nil || len(authors) == 0 {
		return fmt.Errorf("generate: load the demo first: %v", err)
	}
	pub := demo.Content()
	start := now().UTC().Add(-200 * 24 * time.Hour)
	for i := 0; i < n; i++ {
		src := pub.Articles[i%len(pub.Articles)]
		body, err := content.ConvertMarkdown(src.Body, func(string) (content.ArticleRef, bool) { return content.ArticleRef{}, false })
		if err != nil {
			return err
		}
		at := start.Add(-time.Duration(i) * 17 * time.Minute)
		slug := fmt.Sprintf("%s-archive-%d", src.Slug, i+1)
		topics, _ := content.ParseTopics(strings.Join(src.Topics, ","))
		w := content.ArticleWrite{Article: content.Article{Slug: slug, Headline: src.Headline, Standfirst: src.Standfirst,
			BodySource: src.Body, Body: body.HTML, SectionID: sections[i%len(sections)].ID, Status: content.StatusPublished,
			AuthorIDs: []int64{authors[i%len(authors)].ID}, PublishedAt: at, CreatedAt: at, UpdatedAt: at},
			Topics: topics}
		w.Revision = content.SnapshotOf(w.Article, topics)
		if _, err := db.CreateArticle(ctx, w); err != nil {
			return fmt.Errorf("generate article %d: %w", i+1, err)
		}
	}
	return nil
}

// loadDemoNewsletters adds the demo's newsletters and their confirmed
// subscribers, each with the consent records a sign-up through the demo's
// form would have left (recorded as an import of the demo list).
func loadDemoNewsletters(ctx context.Context, db *store.DB, now func() time.Time) error {
	at := now()
	svc := newsletter.NewService(newsletter.Options{Store: db, Now: func() time.Time { return at }})
	ids := map[string]int64{}
	for i, n := range demo.Newsletters() {
		id, err := svc.SaveNewsletter(ctx, newsletter.Newsletter{Slug: n.Slug, Name: n.Name, Description: n.Description, Cadence: n.Cadence,
			SenderName: n.SenderName, SenderEmail: n.SenderEmail, ReplyTo: n.ReplyTo, Public: n.Public, OnArticles: n.OnArticles, Position: i})
		if err != nil {
			return fmt.Errorf("demo newsletter %s: %w", n.Slug, err)
		}
		ids[n.Slug] = id
	}
	version, err := svc.ConsentVersion(ctx, demo.SignUpWording)
	if err != nil {
		return err
	}
	secs, err := svc.Sectors(ctx)
	if err != nil {
		return err
	}
	sectors := map[string]int64{}
	for _, s := range secs {
		sectors[s.Name] = s.ID
	}
	loaded := now()
	for _, sub := range demo.Subscribers() {
		var want []int64
		for _, slug := range sub.Newsletters {
			want = append(want, ids[slug])
		}
		if sub.Sector != "" && sectors[sub.Sector] == 0 {
			return fmt.Errorf("demo subscriber %s: no sector %q", sub.Email, sub.Sector)
		}
		at = loaded.Add(-time.Duration(sub.DaysAgo) * 24 * time.Hour)
		if _, err := svc.Import(ctx, sub.Email, want, sectors[sub.Sector], newsletter.Meta{Method: newsletter.MethodImport,
			Source: "demo publication: sign-up form on article pages", ConsentVersion: version}); err != nil {
			return fmt.Errorf("demo subscriber %s: %w", sub.Email, err)
		}
	}
	return nil
}

// queueDemoIssue saves the demo's issue as a campaign to its newsletter
// and queues its send, which the workers carry out like any other: a
// newcomer running serve --demo finds it sent, with its counts (through
// the development sender, the copies are in data/mail).
func queueDemoIssue(ctx context.Context, camps *campaign.Service, news *newsletter.Service, db *store.DB) error {
	is := demo.SentIssue()
	nls, err := news.Newsletters(ctx)
	if err != nil {
		return err
	}
	d := campaign.Draft{Subject: is.Subject, Preheader: is.Preheader, Intro: is.Intro}
	for _, n := range nls {
		if n.Slug == is.Newsletter {
			d.NewsletterID = n.ID
		}
	}
	for _, slug := range is.Articles {
		ref, err := db.ArticleRefBySlug(ctx, slug)
		if err != nil {
			return fmt.Errorf("demo issue: article %s: %w", slug, err)
		}
		d.ArticleIDs = append(d.ArticleIDs, ref.ID)
	}
	id, err := camps.Save(ctx, d)
	if err != nil {
		return fmt.Errorf("demo issue: %w", err)
	}
	return camps.SendNow(ctx, id)
}
