package content

import (
	"context"

	"masthead/internal/apperr"
	"masthead/internal/auth"
)

// Report is what the pre-publish checks say about an editor's form.
type Report struct {
	Problems []Problem
	Stats    Stats
}

// Preflight runs the checks publishing runs on what an editor has typed,
// and counts it, storing and changing nothing: the editor's live checks.
// Texts over their limits, or with a line break where none belongs, are
// refused as a save refuses them (apperr.Fields). What a save asks for on
// top (a headline, a section, an author, a free slug) is not: a draft being
// written lacks them. An overridable problem that an editor has allowed
// (AllowRepeats, from an editor or admin) comes back as advice (Warn), as
// it would not stop publication.
func (s *Service) Preflight(ctx context.Context, actor Actor, in ArticleInput) (Report, error) {
	bad := apperr.Fields{}
	a, fit := applyText(Article{}, in, bad)
	if fit.topics {
		if _, msg := ParseTopics(in.Topics); msg != "" {
			bad.Add("topics", msg)
		}
	}
	if err := bad.Err(); err != nil {
		return Report{}, err
	}
	if in.LeadImageID != 0 {
		_, err := s.store.GetImage(ctx, in.LeadImageID)
		switch {
		case err == nil:
			a.LeadImageID = in.LeadImageID
		case apperr.KindOf(err) != apperr.NotFound:
			return Report{}, err
		}
	}
	body, serr := convertBody(in, &a, fit.body, s.bodyLookup(ctx), bad)
	if serr != nil {
		// Not converted, so nothing else about the body can be said.
		return Report{Problems: []Problem{SourceProblem(serr)}, Stats: StatsOf(a)}, nil
	}
	if err := bad.Err(); err != nil {
		return Report{}, err
	}
	a.Body, a.LinkedIDs = body.HTML, body.LinkedIDs
	refs, err := s.store.ArticleRefs(ctx, a.LinkedIDs)
	if err != nil {
		return Report{}, err
	}
	problems := Check(a, body, refs)
	if in.AllowRepeats && actor.Role.AtLeast(auth.RoleEditor) {
		for i := range problems {
			if problems[i].Overridable {
				problems[i].Warn = true
			}
		}
	}
	return Report{Problems: problems, Stats: StatsOf(a)}, nil
}
