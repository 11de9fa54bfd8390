package campaign

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/content"
	"masthead/internal/queue"
)

// The hard embargo (decision 0042): no email carries an article before
// its embargo. Sending or scheduling earlier is refused; a scheduled send
// that comes due earlier is held until the embargo, its job moved there.

// embargo returns the latest embargo among the articles of ids still in
// force at at, and the headline of its article; zero when none.
func (s *Service) embargo(ctx context.Context, ids []int64, at time.Time) (time.Time, string, error) {
	var until time.Time
	var headline string
	for _, id := range ids {
		a, err := s.o.Store.GetArticle(ctx, id)
		if apperr.KindOf(err) == apperr.NotFound {
			continue
		}
		if err != nil {
			return time.Time{}, "", err
		}
		if content.Embargoed(a.EmbargoUntil, at) && a.EmbargoUntil.After(until) {
			until, headline = a.EmbargoUntil, a.Headline
		}
	}
	return until, headline, nil
}

// refuseEmbargo refuses to send campaign id at at when one of its
// articles is under embargo then; field names the form field to blame.
func (s *Service) refuseEmbargo(ctx context.Context, id int64, at time.Time, field string) error {
	c, err := s.Get(ctx, id)
	if err != nil {
		return err
	}
	until, headline, err := s.embargo(ctx, c.ArticleIDs, at)
	if err != nil || until.IsZero() {
		return err
	}
	return apperr.Fields{field: embargoMessage(headline, until)}
}

func embargoMessage(headline string, until time.Time) string {
	return fmt.Sprintf("%q is embargoed until %s: the email cannot go out before then. Schedule it for that time or later.",
		headline, until.UTC().Format("2 January 2006 15:04 MST"))
}

// hold moves the send of campaign c to the end of its articles' embargo
// when one still holds at now, and reports whether it did.
func (s *Service) hold(ctx context.Context, c Campaign, now time.Time) (bool, error) {
	if !c.StartedAt.IsZero() {
		return false, nil // the email was built before: nothing embargoed is in it
	}
	until, _, err := s.embargo(ctx, c.ArticleIDs, now)
	if err != nil || until.IsZero() {
		return false, err
	}
	s.o.Logger.Info("campaign: held until its articles' embargo", "campaign", c.ID, "until", until)
	_, err = s.jobs.EnqueueWith(ctx, s.o.Store, queue.NewJob{Kind: JobSend, Payload: strconv.FormatInt(c.ID, 10),
		UniqueKey: jobKey(c.ID), RunAt: until, MaxAttempts: MaxSendAttempts})
	return true, err
}
