package content

import (
	"context"
	"strings"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/body"
)

// AutosaveResult is what an autosave stored.
type AutosaveResult struct {
	ArticleID  int64
	RevisionID int64 // the working copy's revision; 0 when a new draft was created
	Created    bool  // the autosave created the article, as a draft
	SavedAt    time.Time
}

// Autosave stores a person's working copy of an article: a revision of
// kind autosave, folded with their previous autosave when nothing came in
// between. It never runs the publish checks, never changes the article
// readers see and never changes its status (decision 0039). A new article
// (in.ID 0) is created as a draft by its first autosave, which is then an
// ordinary save and validated like one. Text over the limits is refused
// and nothing is stored.
func (s *Service) Autosave(ctx context.Context, actor Actor, in ArticleInput) (AutosaveResult, error) {
	now := s.now().UTC()
	if in.ID == 0 {
		in.Action, in.Version = ActionSave, 0
		res, err := s.Save(ctx, actor, in)
		if err != nil {
			return AutosaveResult{}, err
		}
		return AutosaveResult{ArticleID: res.Article.ID, Created: true, SavedAt: now}, nil
	}
	a, err := s.store.GetArticle(ctx, in.ID)
	if err != nil {
		return AutosaveResult{}, s.notFound(err, "article")
	}
	if !CanEdit(actor, a) {
		return AutosaveResult{}, apperr.New(apperr.Forbidden, "You cannot edit this article.")
	}
	if err := withinLimits(in); err != nil {
		return AutosaveResult{}, err
	}
	id, err := s.store.Autosave(ctx, a.ID, actor.UserID, snapshotOfInput(in), now)
	if err != nil {
		return AutosaveResult{}, err
	}
	return AutosaveResult{ArticleID: a.ID, RevisionID: id, SavedAt: now}, nil
}

// withinLimits refuses text over the limits a save enforces; an autosave
// checks nothing else, since a working copy may be unfinished.
func withinLimits(in ArticleInput) error {
	bad := apperr.Fields{}
	bad.MaxChars("headline", "The headline", in.Headline, MaxHeadlineChars)
	bad.MaxChars("standfirst", "The standfirst", in.Standfirst, MaxStandfirstChars)
	bad.MaxChars("body", "The body", in.BodySource, MaxBodyChars)
	bad.MaxChars("slug", "The slug", in.Slug, MaxSlugChars)
	bad.MaxChars("lead_alt", "The alt text", in.LeadAlt, MaxAltChars)
	bad.MaxChars("lead_caption", "The caption", in.LeadCaption, MaxCaptionChars)
	bad.MaxChars("lead_credit", "The credit", in.LeadCredit, MaxCreditChars)
	bad.MaxChars("correction", "The correction note", in.Correction, MaxCorrectionChars)
	bad.MaxChars("topics", "The topics list", in.Topics, MaxTopicListChars)
	return bad.Err()
}

// snapshotOfInput is the working copy of a form as typed.
func snapshotOfInput(in ArticleInput) Snapshot {
	sn := Snapshot{Slug: strings.TrimSpace(in.Slug), Headline: in.Headline, Standfirst: in.Standfirst,
		BodySource: strings.ReplaceAll(in.BodySource, "\r\n", "\n"), SectionID: in.SectionID, SeriesID: in.SeriesID,
		LeadImageID: in.LeadImageID, LeadAlt: in.LeadAlt, LeadCaption: in.LeadCaption, LeadCredit: in.LeadCredit,
		Correction: in.Correction, HideRelated: in.HideRelated, AllowRepeats: in.AllowRepeats,
		SEOTitle: in.SEOTitle, SocialTitle: in.SocialTitle, SocialDescription: in.SocialDescription,
		LeadCrop: in.LeadCrop, LeadFocus: in.LeadFocus}
	if in.BodyHTML != "" && len(in.BodyHTML) <= MaxSourceBytes {
		// The rich editor posts no Markdown: keep its body in the
		// Markdown form every snapshot holds.
		doc, _ := body.Parse(in.BodyHTML)
		sn.BodySource = doc.Markdown()
	}
	for _, id := range in.AuthorIDs {
		if id != 0 {
			sn.AuthorIDs = append(sn.AuthorIDs, id)
		}
	}
	for _, t := range strings.Split(in.Topics, ",") {
		if t = strings.TrimSpace(t); t != "" {
			sn.Topics = append(sn.Topics, t)
		}
	}
	return sn
}

// Recovery returns a person's autosave of an article that is newer than
// what is stored (the article, or its pending version) and that they have
// not declined: the editor offers to restore it. ok is false when there
// is none.
func (s *Service) Recovery(ctx context.Context, actor Actor, a Article, p *Pending) (Revision, bool, error) {
	rev, err := s.store.LatestAutosave(ctx, a.ID, actor.UserID)
	if apperr.KindOf(err) == apperr.NotFound {
		return rev, false, nil
	} else if err != nil {
		return rev, false, err
	}
	stored := a.UpdatedAt
	if p != nil && p.UpdatedAt.After(stored) {
		stored = p.UpdatedAt
	}
	return rev, !rev.Dismissed && rev.CreatedAt.After(stored), nil
}

// DismissAutosave declines the offer to restore a person's autosave; the
// revision stays.
func (s *Service) DismissAutosave(ctx context.Context, actor Actor, revisionID int64) error {
	return s.store.DismissAutosave(ctx, revisionID, actor.UserID)
}

// PresenceState is who has an article open and who is editing it, as the
// person asking sees it.
type PresenceState struct {
	Holder  Holder
	Present []Presence
	// TakenOver is set when the person asking held the article and
	// someone else took it over from them.
	TakenOver bool
}

// Holds reports whether userID is the one editing.
func (p PresenceState) Holds(userID int64) bool { return p.Holder.UserID == userID }

// Others are the people present other than userID.
func (p PresenceState) Others(userID int64) []Presence {
	var out []Presence
	for _, x := range p.Present {
		if x.UserID != userID {
			out = append(out, x)
		}
	}
	return out
}

// Heartbeat records that actor has article id open (the editor calls it
// every few seconds, and opening the editor once) and returns who has it
// open. When nobody present is editing it, actor becomes the holder.
func (s *Service) Heartbeat(ctx context.Context, actor Actor, id int64) (PresenceState, error) {
	if _, err := s.editable(ctx, actor, id); err != nil {
		return PresenceState{}, err
	}
	now := s.now().UTC()
	h, ps, err := s.store.Heartbeat(ctx, id, actor.UserID, now, now.Add(-PresenceTimeout))
	if err != nil {
		return PresenceState{}, err
	}
	return PresenceState{Holder: h, Present: ps, TakenOver: h.UserID != actor.UserID && h.PreviousID == actor.UserID}, nil
}

// TakeOver makes actor the one editing article id. The previous holder's
// editor learns it at its next heartbeat or autosave, keeps their text as
// a revision and stops editing.
func (s *Service) TakeOver(ctx context.Context, actor Actor, id int64) (PresenceState, error) {
	if _, err := s.editable(ctx, actor, id); err != nil {
		return PresenceState{}, err
	}
	now := s.now().UTC()
	if _, _, err := s.store.Heartbeat(ctx, id, actor.UserID, now, now.Add(-PresenceTimeout)); err != nil {
		return PresenceState{}, err
	}
	if _, err := s.store.TakeOver(ctx, id, actor.UserID, now); err != nil {
		return PresenceState{}, err
	}
	return s.Heartbeat(ctx, actor, id)
}

// Leave forgets that actor has article id open.
func (s *Service) Leave(ctx context.Context, actor Actor, id int64) error {
	if _, err := s.editable(ctx, actor, id); err != nil {
		return err
	}
	return s.store.LeaveArticle(ctx, id, actor.UserID)
}

func (s *Service) editable(ctx context.Context, actor Actor, id int64) (Article, error) {
	a, err := s.store.GetArticle(ctx, id)
	if err != nil {
		return a, s.notFound(err, "article")
	}
	if !CanEdit(actor, a) {
		return a, apperr.New(apperr.Forbidden, "You cannot edit this article.")
	}
	return a, nil
}
