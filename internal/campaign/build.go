package campaign

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"masthead/internal/apperr"
	"masthead/internal/content"
	"masthead/internal/mail"
)

// issue gathers what the email of campaign c shows, as it stands now.
// Articles unpublished since the campaign was saved are left out; none
// left is an error.
func (s *Service) issue(ctx context.Context, c Campaign) (Issue, error) {
	n, err := s.o.Newsletters.Newsletter(ctx, c.NewsletterID)
	if err != nil {
		return Issue{}, fmt.Errorf("campaign %d: newsletter: %w", c.ID, err)
	}
	var pub Publication
	if s.o.Publication != nil {
		if pub, err = s.o.Publication(ctx); err != nil {
			return Issue{}, fmt.Errorf("campaign %d: publication: %w", c.ID, err)
		}
	}
	base := strings.TrimRight(pub.BaseURL, "/")
	is := Issue{Newsletter: n, Subject: c.Subject, Preheader: c.Preheader, Intro: c.Intro, Track: c.Track, Publication: pub}
	for _, id := range c.ArticleIDs {
		v, err := s.o.Store.ArticleView(ctx, id)
		if apperr.KindOf(err) == apperr.NotFound {
			continue
		}
		if err != nil {
			return Issue{}, fmt.Errorf("campaign %d: article %d: %w", c.ID, id, err)
		}
		if v.Status != content.StatusPublished {
			continue
		}
		kicker, _ := v.Kicker()
		a := IssueArticle{Headline: v.Headline, Kicker: kicker, Standfirst: v.Standfirst,
			URL: base + "/articles/" + url.PathEscape(v.Slug), Byline: byline(v.Authors)}
		if v.LeadImage != nil {
			a.ImageURL = base + "/media/" + (&url.URL{Path: v.LeadImage.Path}).EscapedPath()
			a.ImageAlt = v.LeadAlt
		}
		if len(c.ArticleIDs) == 1 {
			a.BodyHTML = v.Body
		}
		is.Articles = append(is.Articles, a)
	}
	if len(is.Articles) == 0 {
		return Issue{}, apperr.New(apperr.Invalid, "None of the campaign's articles is published any more.")
	}
	return is, nil
}

// byline joins authors' names: "A", "A and B", "A, B and C".
func byline(authors []content.Author) string {
	names := make([]string, len(authors))
	for i, a := range authors {
		names[i] = a.Name
	}
	if len(names) <= 1 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// build builds campaign c's email as it stands now.
func (s *Service) build(ctx context.Context, c Campaign) (Frozen, error) {
	if s.o.Build == nil {
		return Frozen{}, fmt.Errorf("campaign: no email builder configured")
	}
	is, err := s.issue(ctx, c)
	if err != nil {
		return Frozen{}, err
	}
	m, links, err := s.o.Build(is)
	if err != nil {
		return Frozen{}, fmt.Errorf("campaign %d: build email: %w", c.ID, err)
	}
	m.To = nil
	return Frozen{Message: m, Links: links}, nil
}

// template prepares f for rendering per recipient.
func (s *Service) template(f Frozen) (*mail.Template, error) {
	return s.o.Composer.Template(f.Message, mail.TemplateOptions{Placeholders: Placeholders(), BounceAddress: s.o.BounceAddress})
}

// linkBase is the publication's base URL without a trailing slash.
func (s *Service) linkBase(ctx context.Context) (string, error) {
	if s.o.Publication == nil {
		return "http://localhost", nil
	}
	p, err := s.o.Publication(ctx)
	if err != nil {
		return "", err
	}
	return strings.TrimRight(p.BaseURL, "/"), nil
}
