package admin

import (
	"context"
	"net/http"

	"masthead/internal/content"
	"masthead/internal/queue"
)

// Background jobs, under Settings, for admins: how many jobs of each kind
// wait, run and failed, and the failed ones to retry or delete. Payloads
// hold personal data (the address a mail goes to), so the page shows each
// kind's summary and the error with addresses masked, never a payload.

// Jobs is the background queue as the jobs page sees it; *queue.Queue is
// one.
type Jobs interface {
	Counts(ctx context.Context) ([]queue.KindCount, error)
	Failed(ctx context.Context, after queue.Cursor, limit int) ([]queue.FailedJob, error)
	Retry(ctx context.Context, id int64) error
	Delete(ctx context.Context, id int64) error
}

// failedPage is how many failed jobs one page shows.
const failedPage = 50

type jobsView struct {
	Counts      []queue.KindCount
	Failed      []queue.FailedJob
	Next, First string
	Paged       bool
}

func (a *Admin) jobsPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	counts, err := a.jobs.Counts(ctx)
	if err != nil {
		return err
	}
	v := jobsView{Counts: counts, First: "/admin/settings/jobs"}
	after, ok := content.ParseCursor(r.URL.Query().Get("after"))
	v.Paged = ok
	failed, err := a.jobs.Failed(ctx, queue.Cursor{At: after.PublishedAt, ID: after.ID}, failedPage+1)
	if err != nil {
		return err
	}
	if len(failed) > failedPage {
		failed = failed[:failedPage]
		last := failed[len(failed)-1]
		v.Next = "/admin/settings/jobs?after=" + content.Cursor{PublishedAt: last.FailedAt, ID: last.ID}.String()
	}
	v.Failed = failed
	p := &page{Title: "Background jobs", Nav: "settings", Data: v}
	switch r.URL.Query().Get("done") {
	case "retried":
		p.Notice = "The job will run again, with all its attempts."
	case "deleted":
		p.Notice = "The job was deleted."
	}
	return a.ok(w, r, "jobs", p)
}

// retryJob makes a failed job due now with fresh attempts.
func (a *Admin) retryJob(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := a.jobs.Retry(r.Context(), id); err != nil {
		return err
	}
	a.log.Info("admin: failed job retried", "job", id, "by", sessionFrom(r.Context()).User.ID)
	return seeOther(w, r, "/admin/settings/jobs?done=retried")
}

// deleteJob removes a failed job for good.
func (a *Admin) deleteJob(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := a.jobs.Delete(r.Context(), id); err != nil {
		return err
	}
	a.log.Info("admin: failed job deleted", "job", id, "by", sessionFrom(r.Context()).User.ID)
	return seeOther(w, r, "/admin/settings/jobs?done=deleted")
}
