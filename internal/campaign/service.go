// Package campaign sends an issue (one article or several) to a
// newsletter's confirmed readers: drafts, scheduling, the durable send job
// and its checkpoint, pause, resume, cancel, progress and test sends.
//
// A send commits its recipients' outcomes in batches, strictly in reader-id
// order, each together with the new checkpoint (compare-and-set). After a
// kill -9 only the uncommitted window, at most Workers × BatchSize
// messages, can go twice; nobody is skipped (decision record 0023).
package campaign

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"strconv"
	"time"

	"masthead/internal/content"
	"masthead/internal/issuemail"
	"masthead/internal/mail"
	"masthead/internal/newsletter"
	"masthead/internal/queue"
)

// Store is what campaigns need from the database; *store.DB is one.
type Store interface {
	queue.JobWriter
	CreateCampaign(ctx context.Context, c Campaign) (int64, error)
	UpdateCampaign(ctx context.Context, c Campaign, expectVersion int64) error
	GetCampaign(ctx context.Context, id int64) (Campaign, error)
	ListCampaigns(ctx context.Context, newsletterID, before int64, limit int) ([]Campaign, error)
	TransitionCampaign(ctx context.Context, t Transition, jobs func(w queue.JobWriter) error) error

	AcquireCampaign(ctx context.Context, id int64, owner string, now, until time.Time) error
	RenewCampaign(ctx context.Context, id int64, owner string, until time.Time) (Status, error)
	ReleaseCampaign(ctx context.Context, id int64, owner, lastError string) error
	// StartCampaign freezes the email built from the campaign at version.
	StartCampaign(ctx context.Context, id int64, owner string, version int64, f Frozen, total int, now time.Time) error
	CountRecipients(ctx context.Context, newsletterID int64, cutoff time.Time) (int, error)
	Recipients(ctx context.Context, newsletterID int64, cutoff time.Time, after int64, limit int) ([]Recipient, error)
	CommitBatch(ctx context.Context, b Batch) (Status, error)
	FinishCampaign(ctx context.Context, id int64, owner string, now time.Time) error
	FailCampaign(ctx context.Context, id int64, owner, msg string, now time.Time) error

	// SaveCampaignLinks stores the click targets of a campaign's email
	// (feedback redirects only to these).
	SaveCampaignLinks(ctx context.Context, campaignID int64, urls []string) error

	// Articles and staff.
	GetArticle(ctx context.Context, id int64) (content.Article, error)
	ArticleView(ctx context.Context, id int64) (content.ArticleView, error)
	ArticleRefs(ctx context.Context, ids []int64) (map[int64]content.ArticleRef, error)
	BodyImages(ctx context.Context, ids []int64) (map[int64]content.Image, error)
	ListPublished(ctx context.Context, f content.Filter, after content.Cursor, limit int) ([]content.Article, error)
	StaffEmail(ctx context.Context, email string) (bool, error)
}

// Transition moves a campaign between statuses (TransitionCampaign).
type Transition struct {
	ID             int64
	From           []Status // allowed current statuses
	To             Status
	Version        int64 // when set, the campaign must still be at this version
	SetScheduledAt bool
	ScheduledAt    time.Time // with SetScheduledAt; zero clears it
	Finish         bool      // set finished_at (a running sender stops, records its in-flight batches and drops its lease)
	ClearError     bool
	Now            time.Time
}

// Newsletters is what campaigns need of newsletter.Service.
type Newsletters interface {
	Newsletter(ctx context.Context, id int64) (newsletter.Newsletter, error)
	Signer(ctx context.Context) (*newsletter.Signer, error)
}

// Jobs is the queue send jobs go through; *queue.Queue is one.
type Jobs interface {
	EnqueueWith(ctx context.Context, w queue.JobWriter, j queue.NewJob) (int64, error)
	CancelWith(ctx context.Context, w queue.JobWriter, uniqueKey string) error
	queue.Registry
}

// JobSend is the job kind of campaign sends; its unique key is
// "campaign:<id>" and its payload the campaign id.
const JobSend = "campaign:send"

// Options build a Service. Zero tunables take the defaults.
type Options struct {
	Store       Store
	Newsletters Newsletters
	Mail        mail.Deliverer
	Composer    mail.Composer
	// Build builds an issue's email; nil: issuemail.Build.
	Build func(is issuemail.Issue) (issuemail.Email, error)
	// Publication returns the publication's name, base URL, logo and
	// postal address for emails (issuemail.FromSettings).
	Publication func(ctx context.Context) (issuemail.Publication, error)
	// BounceAddress (config MASTHEAD_BOUNCE_ADDRESS), when set, makes the
	// envelope sender bounce+token@domain (VERP) and adds the mailto
	// unsubscribe+token@domain to List-Unsubscribe.
	BounceAddress string
	Logger        *slog.Logger
	Now           func() time.Time

	// Workers render and deliver in parallel (default 8). BatchSize
	// recipients are committed together (default 100). After a kill -9 at
	// most Workers × BatchSize messages can go twice.
	Workers   int
	BatchSize int
	// Lease is how long a sender's claim on a campaign lasts without
	// renewal (default 1 minute); it is renewed every Lease/3.
	Lease time.Duration
	// Owner names this process in leases (default host-pid-random).
	Owner string
}

// Service manages campaigns and sends them.
type Service struct {
	o    Options
	jobs Jobs
}

// NewService returns a service; call Register before Schedule or Send.
func NewService(o Options) *Service {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Build == nil {
		o.Build = issuemail.Build
	}
	if o.Workers <= 0 {
		o.Workers = 8
	}
	if o.BatchSize <= 0 {
		o.BatchSize = 100
	}
	if o.Lease <= 0 {
		o.Lease = time.Minute
	}
	if o.Owner == "" {
		host, _ := os.Hostname()
		o.Owner = fmt.Sprintf("%s-%d-%08x", host, os.Getpid(), rand.Uint32())
	}
	return &Service{o: o}
}

// Register makes q run this service's send jobs and the service enqueue
// them on q.
func (s *Service) Register(q Jobs) {
	s.jobs = q
	q.Register(s.JobKinds()...)
}

// JobKinds are the kinds of job the service owns: sends, one at a time
// per process (the next campaign stays claimable by another instance),
// with no time limit, since the queue renews a running send's lease.
func (s *Service) JobKinds() []queue.Kind {
	return []queue.Kind{{Name: JobSend, Handler: s.sendJob, Concurrency: 1, MaxAttempts: MaxSendAttempts,
		Summary: func(p string) string { return "campaign " + p }}}
}

func jobKey(id int64) string { return "campaign:" + strconv.FormatInt(id, 10) }

// MaxSendAttempts is how often the queue runs a send job before giving
// up: a relay that is down fails it, and each retry resumes.
const MaxSendAttempts = 200
