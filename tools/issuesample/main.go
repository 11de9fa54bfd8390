// Command issuesample writes two demo newsletter issues (one article in
// full, and a digest of three) as one reader would receive them, to .eml
// files for spam filters and mail clients: tools/spamscore.sh scores them.
//
//	go run ./tools/issuesample -out /tmp/issues [-track]
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"masthead/internal/app"
	"masthead/internal/content"
	"masthead/internal/issuemail"
	"masthead/internal/mail"
	"masthead/internal/media"
	"masthead/internal/newsletter"
	"masthead/internal/store"
)

func main() {
	out := flag.String("out", "", "directory to write one-article.eml and digest.eml to")
	base := flag.String("base", "https://news.example.org", "the site's address")
	track := flag.Bool("track", false, "rewrite links for click tracking and add the open pixel")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "usage: issuesample -out DIR [-base URL] [-track]")
		os.Exit(2)
	}
	if err := run(context.Background(), *out, *base, *track); err != nil {
		fmt.Fprintln(os.Stderr, "issuesample:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, out, base string, track bool) error {
	tmp, err := os.MkdirTemp("", "issuesample")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	db, err := store.Open(ctx, "sqlite:"+filepath.Join(tmp, "demo.db"), tmp)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return err
	}
	if _, err := app.LoadDemo(ctx, db, media.NewLocal(filepath.Join(tmp, "media")), time.Now); err != nil {
		return err
	}
	st, err := db.GetSettings(ctx)
	if err != nil {
		return err
	}
	nls, err := newsletter.NewService(newsletter.Options{Store: db}).Newsletters(ctx)
	if err != nil {
		return err
	}
	list, err := db.ListPublished(ctx, content.Filter{}, content.Cursor{}, 3)
	if err != nil {
		return err
	}
	var arts []issuemail.Article
	for _, a := range list {
		v, err := db.PublishedArticle(ctx, a.Slug)
		if err != nil {
			return err
		}
		refs, err := db.ArticleRefs(ctx, content.SeeAlsoIDs(v.Body))
		if err != nil {
			return err
		}
		images, err := db.BodyImages(ctx, content.MediaIDs(v.Body))
		if err != nil {
			return err
		}
		arts = append(arts, issuemail.FromArticle(v, refs, images, base, db.Now()))
	}
	pub := issuemail.FromSettings(st, base, nil)
	digest := make([]issuemail.Article, len(arts))
	for i, a := range arts {
		a.BodyHTML = ""
		digest[i] = a
	}
	for name, is := range map[string]issuemail.Issue{
		"one-article.eml": {Newsletter: nls[0], Subject: arts[0].Headline, Articles: arts[:1], Publication: pub, Track: track},
		"digest.eml": {Newsletter: nls[0], Subject: "This week in Northbridge", Intro: "Three stories from this week's edition.",
			Articles: digest, Publication: pub, Track: track},
	} {
		e, err := issuemail.Build(is)
		if err != nil {
			return err
		}
		tpl, err := mail.Composer{}.Template(e.Message, mail.TemplateOptions{Placeholders: issuemail.Placeholders()})
		if err != nil {
			return err
		}
		unsub := base + "/newsletters/unsubscribe/v2.sampleUnsubscribeToken"
		c, err := tpl.Render(nil, mail.Recipient{
			To:             "Sam Reader <sam.reader@example.com>",
			Values:         []string{unsub, base + "/newsletters/preferences/v2.samplePreferencesToken", "v2.sampleTrackToken"},
			UnsubscribeURL: unsub,
		})
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(out, name), c.Data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
