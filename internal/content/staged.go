package content

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/auth"
)

// EditVersion is the version an editor form of a carries: the time of
// its pending version when it has one, else the article's UpdatedAt
// (Unix µs). A save from another version is an edit conflict.
func EditVersion(a Article, p *Pending) int64 {
	if p != nil {
		return p.UpdatedAt.UnixMicro()
	}
	return a.UpdatedAt.UnixMicro()
}

func conflictAt(a Article, p *Pending) *EditConflictError {
	e := &EditConflictError{Current: a, At: a.UpdatedAt, Version: EditVersion(a, p)}
	if p != nil {
		e.At = p.UpdatedAt
	}
	return e
}

// stage stores a as the pending version of the published article a.ID,
// to be published at publishAt (zero: when an editor chooses), in one
// transaction with its publish job. prev is the pending version the
// writer started from, nil when there was none; restored is kept with
// the revision when the edit is a restore.
func (s *Service) stage(ctx context.Context, actor Actor, a Article, topics []Topic, prev *Pending, publishAt, now time.Time, restored *RestoreNote) (Pending, error) {
	p := Pending{ArticleID: a.ID, Snapshot: SnapshotOf(a, topics), By: actor.UserID, UpdatedAt: now, PublishAt: publishAt}
	p.Snapshot.Restored = restored
	var prevAt time.Time
	if prev != nil {
		prevAt = prev.UpdatedAt
	}
	err := s.store.InTx(ctx, func(tx Tx) error {
		if err := tx.SavePending(ctx, p, prevAt); err != nil {
			return err
		}
		if !publishAt.IsZero() {
			return s.scheduler.SchedulePublishChanges(ctx, tx, a.ID, publishAt)
		}
		if prev != nil && !prev.PublishAt.IsZero() {
			return s.scheduler.CancelPublishChanges(ctx, tx, a.ID)
		}
		return nil
	})
	if errors.Is(err, ErrStale) {
		current, gerr := s.store.GetArticle(ctx, a.ID)
		if gerr != nil {
			return p, gerr
		}
		latest, gerr := s.store.GetPending(ctx, a.ID)
		if gerr != nil {
			return p, &EditConflictError{Current: current, At: current.UpdatedAt, Version: current.UpdatedAt.UnixMicro()}
		}
		return p, conflictAt(current, &latest)
	}
	if err != nil {
		return p, fmt.Errorf("content: stage changes to %d: %w", a.ID, err)
	}
	s.needCrops(ctx, a)
	return p, nil
}

// PendingOf returns a published article's pending version, or an error
// of kind NotFound when it has none.
func (s *Service) PendingOf(ctx context.Context, id int64) (Pending, error) {
	return s.store.GetPending(ctx, id)
}

// PendingArticle is the article as it would be with its pending changes
// published: for previews. It is not stored.
func (s *Service) PendingArticle(ctx context.Context, a Article, p Pending) (Article, error) {
	// Built as the editor-level check of a version already validated when
	// it was saved: nothing here is stored.
	b, _, _, err := s.build(ctx, Actor{UserID: p.By, Role: auth.RoleEditor}, inputOfSnapshot(a.ID, p.Snapshot, ActionSave), a)
	if err != nil {
		return a, err
	}
	b.ModifiedAt, b.UpdatedAt = p.UpdatedAt, p.UpdatedAt
	return b, nil
}

func inputOfSnapshot(id int64, sn Snapshot, action Action) ArticleInput {
	return ArticleInput{ID: id, Headline: sn.Headline, Standfirst: sn.Standfirst, Slug: sn.Slug,
		SectionID: sn.SectionID, SeriesID: sn.SeriesID, AuthorIDs: sn.AuthorIDs, Topics: strings.Join(sn.Topics, ", "),
		BodySource: sn.BodySource, LeadImageID: sn.LeadImageID, LeadAlt: sn.LeadAlt, LeadCaption: sn.LeadCaption,
		LeadCredit: sn.LeadCredit, Correction: sn.Correction, AllowRepeats: sn.AllowRepeats, HideRelated: sn.HideRelated,
		SEOTitle: sn.SEOTitle, SocialTitle: sn.SocialTitle, SocialDescription: sn.SocialDescription,
		LeadCrop: sn.LeadCrop, LeadFocus: sn.LeadFocus, Action: action}
}

// PublishChanges publishes a published article's pending version now,
// after the pre-publish checks, for whoever may publish the article.
func (s *Service) PublishChanges(ctx context.Context, actor Actor, id int64) (SaveResult, error) {
	a, err := s.store.GetArticle(ctx, id)
	if err != nil {
		return SaveResult{}, s.notFound(err, "article")
	}
	p, err := s.store.GetPending(ctx, id)
	if err != nil {
		return SaveResult{Article: a}, s.notFound(err, "pending version")
	}
	if !CanPublish(actor, a, p.Snapshot.AuthorIDs) {
		return SaveResult{Article: a}, apperr.New(apperr.Forbidden, "Your role cannot publish changes to this article; an editor publishes them.")
	}
	return s.Save(ctx, actor, inputOfSnapshot(id, p.Snapshot, ActionPublish))
}

// PublishChangesDue publishes an article's pending version whose time has
// come; the queue calls it. Nothing happens when the article is no longer
// published or its pending version is gone or no longer scheduled.
func (s *Service) PublishChangesDue(ctx context.Context, id int64) (bool, error) {
	a, err := s.store.GetArticle(ctx, id)
	if apperr.KindOf(err) == apperr.NotFound {
		return false, nil
	} else if err != nil {
		return false, err
	}
	p, err := s.store.GetPending(ctx, id)
	if apperr.KindOf(err) == apperr.NotFound {
		return false, nil
	} else if err != nil {
		return false, err
	}
	if a.Status != StatusPublished || p.PublishAt.IsZero() || p.PublishAt.After(s.now()) {
		return false, nil
	}
	// The person who scheduled the changes publishes them, as an editor
	// would: the checks ran when they were scheduled and run again here.
	_, err = s.Save(ctx, Actor{UserID: p.By, Role: auth.RoleEditor, byJob: true}, inputOfSnapshot(id, p.Snapshot, ActionPublish))
	if err != nil {
		return false, fmt.Errorf("content: publish scheduled changes to %d: %w", id, err)
	}
	return true, nil
}

// DiscardChanges drops a published article's pending version (and its
// schedule), for whoever may edit the article, and logs it in the
// article's workflow history. The published version is unchanged; the
// pending one stays nowhere, as the writer chose.
func (s *Service) DiscardChanges(ctx context.Context, actor Actor, id int64) error {
	a, err := s.store.GetArticle(ctx, id)
	if err != nil {
		return s.notFound(err, "article")
	}
	if !CanEdit(actor, a) {
		return apperr.New(apperr.Forbidden, "You cannot edit this article.")
	}
	if _, err := s.store.GetPending(ctx, id); apperr.KindOf(err) == apperr.NotFound {
		return nil // nothing to discard, nothing to log
	} else if err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx Tx) error {
		if err := tx.DeletePending(ctx, id); err != nil {
			return err
		}
		if _, err := tx.AddArticleEvent(ctx, ArticleEvent{ArticleID: id, At: s.now().UTC(), UserID: actor.UserID, Kind: EventDiscard}); err != nil {
			return err
		}
		return s.scheduler.CancelPublishChanges(ctx, tx, id)
	})
}
