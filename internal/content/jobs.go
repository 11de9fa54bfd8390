package content

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"masthead/internal/queue"
)

// JobPublish is the job kind that publishes a scheduled article, owned by
// this package; the payload is the article's id.
const JobPublish = "publish_article"

// JobPublishChanges publishes a published article's pending version at
// the time it was scheduled for; the payload is the article's id.
const JobPublishChanges = "publish_changes"

// Enqueuer puts jobs on the durable queue through a writer (the
// transaction that saves the article). *queue.Queue is one.
type Enqueuer interface {
	EnqueueWith(ctx context.Context, w queue.JobWriter, j queue.NewJob) (int64, error)
	CancelWith(ctx context.Context, w queue.JobWriter, uniqueKey string) error
}

// QueueScheduler is the Scheduler that publishes through the queue, one
// job per article (rescheduling moves it).
type QueueScheduler struct{ Jobs Enqueuer }

func publishKey(id int64) string { return "publish:" + strconv.FormatInt(id, 10) }

func changesKey(id int64) string { return "publish-changes:" + strconv.FormatInt(id, 10) }

// SchedulePublishChanges queues the publication of an article's pending
// version at at.
func (p QueueScheduler) SchedulePublishChanges(ctx context.Context, jobs queue.JobWriter, id int64, at time.Time) error {
	_, err := p.Jobs.EnqueueWith(ctx, jobs, queue.NewJob{Kind: JobPublishChanges, Payload: strconv.FormatInt(id, 10), UniqueKey: changesKey(id), RunAt: at})
	return err
}

// CancelPublishChanges removes the scheduled publication of an article's
// pending version.
func (p QueueScheduler) CancelPublishChanges(ctx context.Context, jobs queue.JobWriter, id int64) error {
	return p.Jobs.CancelWith(ctx, jobs, changesKey(id))
}

// SchedulePublish queues the article's publication at at.
func (p QueueScheduler) SchedulePublish(ctx context.Context, jobs queue.JobWriter, id int64, at time.Time) error {
	_, err := p.Jobs.EnqueueWith(ctx, jobs, queue.NewJob{Kind: JobPublish, Payload: strconv.FormatInt(id, 10), UniqueKey: publishKey(id), RunAt: at})
	return err
}

// CancelPublish removes the article's pending publication.
func (p QueueScheduler) CancelPublish(ctx context.Context, jobs queue.JobWriter, id int64) error {
	return p.Jobs.CancelWith(ctx, jobs, publishKey(id))
}

// JobKinds are the kinds of job the newsroom owns: publishing a scheduled
// article, and a published article's scheduled changes; short database
// writes.
func (s *Service) JobKinds() []queue.Kind {
	return []queue.Kind{{Name: JobPublish, Handler: s.publishJob, Timeout: time.Minute,
		Summary: func(p string) string { return "article " + p }},
		{Name: JobPublishChanges, Handler: s.publishChangesJob, Timeout: time.Minute,
			Summary: func(p string) string { return "changes to article " + p }}}
}

func (s *Service) publishChangesJob(ctx context.Context, j queue.Job) error {
	id, err := strconv.ParseInt(j.Payload, 10, 64)
	if err != nil {
		return fmt.Errorf("bad payload %q", j.Payload)
	}
	_, err = s.PublishChangesDue(ctx, id)
	return err
}

func (s *Service) publishJob(ctx context.Context, j queue.Job) error {
	id, err := strconv.ParseInt(j.Payload, 10, 64)
	if err != nil {
		return fmt.Errorf("bad payload %q", j.Payload)
	}
	_, err = s.PublishDue(ctx, id)
	return err
}
