package campaign

import (
	"context"
	"fmt"
	"strings"

	"masthead/internal/apperr"
	"masthead/internal/content"
	"masthead/internal/issuemail"
	"masthead/internal/mail"
)

// issue gathers what the email of campaign c shows, as it stands now.
// Articles unpublished since the campaign was saved are left out; none
// left is an error.
func (s *Service) issue(ctx context.Context, c Campaign) (issuemail.Issue, error) {
	n, err := s.o.Newsletters.Newsletter(ctx, c.NewsletterID)
	if err != nil {
		return issuemail.Issue{}, fmt.Errorf("campaign %d: newsletter: %w", c.ID, err)
	}
	pub, err := s.publication(ctx)
	if err != nil {
		return issuemail.Issue{}, err
	}
	now := s.o.Now()
	is := issuemail.Issue{Newsletter: n, Subject: c.Subject, Preheader: c.Preheader, Intro: c.Intro, Track: c.Track, Publication: pub}
	for _, id := range c.ArticleIDs {
		v, err := s.o.Store.ArticleView(ctx, id)
		if apperr.KindOf(err) == apperr.NotFound {
			continue
		}
		if err != nil {
			return issuemail.Issue{}, fmt.Errorf("campaign %d: article %d: %w", c.ID, id, err)
		}
		if v.Status != content.StatusPublished {
			continue
		}
		if content.Embargoed(v.EmbargoUntil, now) {
			// Never left out quietly: the email waits (hold) or is refused.
			return issuemail.Issue{}, apperr.New(apperr.Invalid, embargoMessage(v.Headline, v.EmbargoUntil))
		}
		var refs map[int64]content.ArticleRef
		if ids := content.SeeAlsoIDs(v.Body); len(ids) > 0 && len(c.ArticleIDs) == 1 {
			if refs, err = s.o.Store.ArticleRefs(ctx, ids); err != nil {
				return issuemail.Issue{}, fmt.Errorf("campaign %d: article %d see-also: %w", c.ID, id, err)
			}
		}
		var images map[int64]content.Image
		if ids := content.MediaIDs(v.Body); len(ids) > 0 && len(c.ArticleIDs) == 1 {
			// One lookup for all of them: each shows its crop once made.
			if images, err = s.o.Store.BodyImages(ctx, ids); err != nil {
				return issuemail.Issue{}, fmt.Errorf("campaign %d: article %d images: %w", c.ID, id, err)
			}
		}
		a := issuemail.FromArticle(v, refs, images, pub.BaseURL, now)
		if len(c.ArticleIDs) > 1 {
			a.BodyHTML = "" // a digest shows each article's headline and standfirst
		}
		is.Articles = append(is.Articles, a)
	}
	if len(is.Articles) == 0 {
		return issuemail.Issue{}, apperr.New(apperr.Invalid, "None of the campaign's articles is published any more.")
	}
	return is, nil
}

// build builds campaign c's email as it stands now, with its click targets.
func (s *Service) build(ctx context.Context, c Campaign) (Frozen, []string, error) {
	is, err := s.issue(ctx, c)
	if err != nil {
		return Frozen{}, nil, err
	}
	e, err := s.o.Build(is)
	if err != nil {
		return Frozen{}, nil, fmt.Errorf("campaign %d: build email: %w", c.ID, err)
	}
	e.Message.To = nil
	return Frozen{Message: e.Message}, e.Links, nil
}

// template prepares f for rendering per recipient.
func (s *Service) template(f Frozen) (*mail.Template, error) {
	return s.o.Composer.Template(f.Message, mail.TemplateOptions{Placeholders: issuemail.Placeholders(), BounceAddress: s.o.BounceAddress})
}

func (s *Service) publication(ctx context.Context) (issuemail.Publication, error) {
	if s.o.Publication == nil {
		return issuemail.Publication{Name: "Masthead", BaseURL: "http://localhost"}, nil
	}
	p, err := s.o.Publication(ctx)
	if err != nil {
		return p, fmt.Errorf("campaign: publication: %w", err)
	}
	p.BaseURL = strings.TrimRight(p.BaseURL, "/")
	return p, nil
}

// linkBase is the publication's base URL without a trailing slash.
func (s *Service) linkBase(ctx context.Context) (string, error) {
	p, err := s.publication(ctx)
	return p.BaseURL, err
}
