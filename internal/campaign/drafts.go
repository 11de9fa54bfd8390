package campaign

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/content"
	"masthead/internal/queue"
)

// Limits of a campaign's content, checked before anything is stored.
const (
	MaxSubjectChars   = 200
	MaxPreheaderChars = 200
	MaxIntroChars     = 5_000
	MaxArticles       = 30
	MaxTestAddresses  = 10
)

// Save creates a draft (d.ID 0) or updates one whose send has not started,
// after checking every field; nothing is stored when one is wrong. An
// update naming an older version than the stored one is a conflict.
func (s *Service) Save(ctx context.Context, d Draft) (int64, error) {
	d.Subject = strings.TrimSpace(d.Subject)
	d.Preheader = strings.TrimSpace(d.Preheader)
	d.Intro = strings.TrimSpace(strings.ReplaceAll(d.Intro, "\r\n", "\n"))
	bad := apperr.Fields{}
	if d.Subject == "" {
		bad.Add("subject", "Give the email a subject line.")
	}
	bad.MaxChars("subject", "The subject", d.Subject, MaxSubjectChars)
	bad.OneLine("subject", "subject", d.Subject)
	bad.MaxChars("preheader", "The preview line", d.Preheader, MaxPreheaderChars)
	bad.OneLine("preheader", "preview line", d.Preheader)
	bad.MaxChars("intro", "The introduction", d.Intro, MaxIntroChars)
	n, err := s.o.Newsletters.Newsletter(ctx, d.NewsletterID)
	if apperr.KindOf(err) == apperr.NotFound || d.NewsletterID <= 0 {
		bad.Add("newsletter", "Choose a newsletter from the list.")
	} else if err != nil {
		return 0, err
	}
	if err := s.checkArticles(ctx, bad, d.ArticleIDs); err != nil {
		return 0, err
	}
	if err := bad.Err(); err != nil {
		return 0, err
	}
	now := s.o.Now()
	c := Campaign{ID: d.ID, NewsletterID: d.NewsletterID, Subject: d.Subject, Preheader: d.Preheader, Intro: d.Intro,
		ArticleIDs: d.ArticleIDs, CreatedBy: d.By, CreatedAt: now, UpdatedAt: now}
	c.Track = n.Track
	if d.ID == 0 {
		id, err := s.o.Store.CreateCampaign(ctx, c)
		if err != nil {
			return 0, fmt.Errorf("campaign: save: %w", err)
		}
		return id, nil
	}
	err = s.o.Store.UpdateCampaign(ctx, c, d.Version)
	switch apperr.KindOf(err) {
	case apperr.NotFound:
		return 0, apperr.New(apperr.NotFound, "There is no such campaign.")
	case apperr.Conflict:
		return 0, apperr.New(apperr.Conflict, "This campaign was changed or started sending since you opened it; reload it to see the current version.")
	}
	if err != nil {
		return 0, fmt.Errorf("campaign: save %d: %w", d.ID, err)
	}
	return d.ID, nil
}

// checkArticles wants one to MaxArticles distinct published articles.
func (s *Service) checkArticles(ctx context.Context, bad apperr.Fields, ids []int64) error {
	if len(ids) == 0 {
		bad.Add("articles", "Choose at least one published article.")
		return nil
	}
	if len(ids) > MaxArticles {
		bad.Add("articles", fmt.Sprintf("Choose at most %d articles.", MaxArticles))
		return nil
	}
	for i, id := range ids {
		if slices.Contains(ids[:i], id) {
			bad.Add("articles", "Each article can be in the email once.")
			return nil
		}
		a, err := s.o.Store.GetArticle(ctx, id)
		if apperr.KindOf(err) == apperr.NotFound || (err == nil && a.Status != content.StatusPublished) {
			bad.Add("articles", "Choose published articles only.")
			return nil
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// Get returns a campaign.
func (s *Service) Get(ctx context.Context, id int64) (Campaign, error) {
	c, err := s.o.Store.GetCampaign(ctx, id)
	if apperr.KindOf(err) == apperr.NotFound {
		return c, apperr.New(apperr.NotFound, "There is no such campaign.")
	}
	return c, err
}

// List lists campaigns newest first, of one newsletter when newsletterID
// is set, with ids below before (0: from the newest), up to limit.
func (s *Service) List(ctx context.Context, newsletterID, before int64, limit int) ([]Campaign, error) {
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	return s.o.Store.ListCampaigns(ctx, newsletterID, before, limit)
}

// Recent is the automatic selection: the ids of the n most recent
// articles published in the last seven days, newest first, for staff to
// edit before sending. (Most read needs page-view counts, which Masthead
// does not keep yet.)
func (s *Service) Recent(ctx context.Context, n int) ([]int64, error) {
	if n <= 0 || n > MaxArticles {
		n = 5
	}
	since := s.o.Now().Add(-7 * 24 * time.Hour)
	arts, err := s.o.Store.ListPublished(ctx, content.Filter{}, content.Cursor{}, n)
	if err != nil {
		return nil, err
	}
	ids := []int64{}
	for _, a := range arts {
		if !a.PublishedAt.Before(since) {
			ids = append(ids, a.ID)
		}
	}
	return ids, nil
}

// Schedule queues a draft (or moves a scheduled campaign) to be sent at
// at, which must be in the future.
func (s *Service) Schedule(ctx context.Context, id int64, at time.Time) error {
	now := s.o.Now()
	if !at.After(now) {
		return apperr.Fields{"scheduled_at": "Choose a time in the future, or send now."}
	}
	if err := s.refuseEmbargo(ctx, id, at, "scheduled_at"); err != nil {
		return err
	}
	return s.enqueue(ctx, Transition{ID: id, From: []Status{StatusDraft, StatusScheduled}, To: StatusScheduled,
		SetScheduledAt: true, ScheduledAt: at, Now: now}, at, "This campaign cannot be scheduled: it is no longer a draft.")
}

// SendNow queues a draft or scheduled campaign to be sent at once.
func (s *Service) SendNow(ctx context.Context, id int64) error {
	now := s.o.Now()
	if err := s.refuseEmbargo(ctx, id, now, "send"); err != nil {
		return err
	}
	return s.enqueue(ctx, Transition{ID: id, From: []Status{StatusDraft, StatusScheduled}, To: StatusSending,
		SetScheduledAt: true, Now: now}, now, "This campaign cannot be sent now: it is no longer a draft.")
}

// Unschedule turns a scheduled campaign back into a draft.
func (s *Service) Unschedule(ctx context.Context, id int64) error {
	return s.transition(ctx, Transition{ID: id, From: []Status{StatusScheduled}, To: StatusDraft, SetScheduledAt: true, Now: s.o.Now()},
		func(w queue.JobWriter) error { return s.jobs.CancelWith(ctx, w, jobKey(id)) }, "This campaign is not scheduled.")
}

// Pause stops a send: its workers take no more recipients, those in flight
// finish and are recorded, and the campaign waits, without a job, for
// Resume. A scheduled campaign that has not started can be paused too.
func (s *Service) Pause(ctx context.Context, id int64) error {
	return s.transition(ctx, Transition{ID: id, From: []Status{StatusSending, StatusScheduled}, To: StatusPaused, Now: s.o.Now()},
		func(w queue.JobWriter) error { return s.jobs.CancelWith(ctx, w, jobKey(id)) }, "Only a campaign that is sending or scheduled can be paused.")
}

// Resume carries on a paused send from its checkpoint, or starts again a
// campaign that failed to start (its email could not be built: fix the
// articles or the settings first).
func (s *Service) Resume(ctx context.Context, id int64) error {
	now := s.o.Now()
	c, err := s.Get(ctx, id)
	if err != nil {
		return err
	}
	t := Transition{ID: id, From: []Status{StatusPaused, StatusFailed}, To: StatusSending, ClearError: true, Now: now, Version: c.Version}
	at := now
	if c.StartedAt.IsZero() && c.ScheduledAt.After(now) {
		t.To, at = StatusScheduled, c.ScheduledAt
	}
	return s.enqueue(ctx, t, at, "Only a paused or failed campaign can be resumed.")
}

// Cancel stops a campaign for good: a draft or scheduled one is never
// sent; a send stops like Pause, and what was sent stays counted.
func (s *Service) Cancel(ctx context.Context, id int64) error {
	return s.transition(ctx, Transition{ID: id, From: []Status{StatusDraft, StatusScheduled, StatusSending, StatusPaused, StatusFailed}, To: StatusCancelled,
		Finish: true, Now: s.o.Now()},
		func(w queue.JobWriter) error { return s.jobs.CancelWith(ctx, w, jobKey(id)) }, "This campaign has already finished.")
}

// enqueue applies t and queues the send job at at in one transaction.
func (s *Service) enqueue(ctx context.Context, t Transition, at time.Time, conflict string) error {
	return s.transition(ctx, t, func(w queue.JobWriter) error {
		_, err := s.jobs.EnqueueWith(ctx, w, queue.NewJob{Kind: JobSend, Payload: fmt.Sprint(t.ID), UniqueKey: jobKey(t.ID), RunAt: at, MaxAttempts: MaxSendAttempts})
		return err
	}, conflict)
}

func (s *Service) transition(ctx context.Context, t Transition, jobs func(w queue.JobWriter) error, conflict string) error {
	if s.jobs == nil {
		return fmt.Errorf("campaign: no queue registered")
	}
	err := s.o.Store.TransitionCampaign(ctx, t, jobs)
	switch apperr.KindOf(err) {
	case apperr.NotFound:
		return apperr.New(apperr.NotFound, "There is no such campaign.")
	case apperr.Conflict:
		return apperr.New(apperr.Conflict, conflict)
	}
	if err != nil {
		return fmt.Errorf("campaign: %s %d: %w", t.To, t.ID, err)
	}
	return nil
}

// Progress reports a campaign's send so far.
func (s *Service) Progress(ctx context.Context, id int64) (Progress, error) {
	c, err := s.Get(ctx, id)
	if err != nil {
		return Progress{}, err
	}
	return progressOf(c, s.o.Now()), nil
}

func progressOf(c Campaign, now time.Time) Progress {
	p := Progress{ID: c.ID, Status: c.Status, Total: c.Total, Sent: c.Sent, Failed: c.Failed, Bounced: c.Bounced,
		Unconfirmed: c.Unconfirmed, Done: c.Done(), StartedAt: c.StartedAt, FinishedAt: c.FinishedAt, LastError: c.LastError}
	end := now
	if !c.FinishedAt.IsZero() {
		end = c.FinishedAt
	}
	if !c.StartedAt.IsZero() {
		if d := end.Sub(c.StartedAt).Seconds(); d > 0 {
			p.Rate = float64(p.Done) / d
		}
	}
	return p
}
