package app

import (
	"masthead/internal/campaign"
	"masthead/internal/issuemail"
	"masthead/internal/mail"
)

// buildIssue is the campaign service's email builder: issuemail.Build on
// the campaign's issue (the two types are the contract's, field for field).
func buildIssue(is campaign.Issue) (mail.Message, []string, error) {
	arts := make([]issuemail.Article, len(is.Articles))
	for i, a := range is.Articles {
		arts[i] = issuemail.Article(a)
	}
	e, err := issuemail.Build(issuemail.Issue{Newsletter: is.Newsletter, Subject: is.Subject, Preheader: is.Preheader, Intro: is.Intro,
		Articles: arts, Track: is.Track, Publication: issuemail.Publication(is.Publication)})
	return e.Message, e.Links, err
}
