package content

import (
	"time"

	"masthead/internal/apperr"
)

// The hard embargo (issue 10, decision 0042). An article with an embargo
// time is shown to no reader before it: the store's publicArticle
// condition says so for every public query, and Public says the same in
// Go for what is decided outside SQL (see-also links, preview links,
// newsletters). Publishing or scheduling earlier is refused.

// Public reports whether readers may see an article with this status and
// embargo at now: published, and no embargo or an embargo that has passed.
func Public(status Status, embargoUntil, now time.Time) bool {
	return status == StatusPublished && !Embargoed(embargoUntil, now)
}

// Embargoed reports whether an embargo still holds at now.
func Embargoed(embargoUntil, now time.Time) bool {
	return !embargoUntil.IsZero() && now.Before(embargoUntil)
}

// Public reports whether readers may see a at now.
func (a Article) Public(now time.Time) bool { return Public(a.Status, a.EmbargoUntil, now) }

// Public reports whether readers may see the article at now.
func (r ArticleRef) Public(now time.Time) bool { return Public(r.Status, r.EmbargoUntil, now) }

// embargoTime is how refusals name the embargo: in UTC, to the minute.
func embargoTime(t time.Time) string { return t.UTC().Format("2 January 2006 15:04 MST") }

// checkEmbargo refuses a save that would let readers see a before its
// embargo at now: publishing, scheduling earlier than it, or a live or
// scheduled article given an embargo later than its publication.
func checkEmbargo(a, old Article, action Action, scheduleAt, now time.Time) error {
	if !Embargoed(a.EmbargoUntil, now) {
		return nil
	}
	until := embargoTime(a.EmbargoUntil)
	switch {
	case action == ActionPublish:
		return apperr.Fields{"embargo_until": "This article is embargoed until " + until + ": it cannot be published before then. Schedule it for that time or later, or remove the embargo."}
	case action == ActionSchedule && scheduleAt.Before(a.EmbargoUntil):
		return apperr.Fields{"schedule_at": "The article is embargoed until " + until + ": schedule it for that time or later."}
	case action == ActionSave && old.Status == StatusPublished:
		return apperr.Fields{"embargo_until": "This article is already published: unpublish it before setting an embargo in the future."}
	case action == ActionSave && old.Status == StatusScheduled && old.ScheduledAt.Before(a.EmbargoUntil):
		return apperr.Fields{"embargo_until": "The article is scheduled for " + embargoTime(old.ScheduledAt) + ", before this embargo: schedule it for " + until + " or later."}
	}
	return nil
}
