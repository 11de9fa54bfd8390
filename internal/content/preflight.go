package content

import (
	"context"
	"errors"

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
	if in.BodyHTML != "" {
		fit.body = bad.MaxChars("body", "The body", in.BodyHTML, MaxBodyChars)
	}
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
	resolve := func(slug string) (ArticleRef, bool) {
		ref, err := s.store.ArticleRefBySlug(ctx, slug)
		return ref, err == nil
	}
	var body BodyResult
	if in.BodyHTML != "" {
		body = bodyFromHTML(in.BodyHTML, resolve)
	} else {
		var err error
		body, err = ConvertMarkdown(a.BodySource, resolve)
		var serr *SourceError
		if errors.As(err, &serr) {
			// Not converted, so nothing else about the body can be said.
			return Report{Problems: []Problem{SourceProblem(serr)}, Stats: StatsOf(a)}, nil
		} else if err != nil {
			return Report{}, apperr.Fields{"body": "The body could not be read as Markdown."}
		}
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

// bodyFromHTML reads a body written as canonical HTML for the checks: the
// allow-list, see-also targets and links to articles. (The block registry
// of branch blocks will read it whole, reporting what it cannot keep.)
func bodyFromHTML(src string, resolve RefResolver) BodyResult {
	res := BodyResult{HTML: Sanitize(src)}
	seen := map[int64]bool{}
	link := func(id int64) {
		if !seen[id] {
			seen[id] = true
			res.LinkedIDs = append(res.LinkedIDs, id)
		}
	}
	for _, id := range SeeAlsoIDs(res.HTML) {
		link(id)
	}
	for _, m := range internalRef.FindAllStringSubmatch(res.HTML, -1) {
		if ref, ok := resolve(m[1]); ok {
			link(ref.ID)
		} else {
			res.Missing = append(res.Missing, "/articles/"+m[1])
		}
	}
	return res
}
