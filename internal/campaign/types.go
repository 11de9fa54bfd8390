package campaign

import (
	"time"

	"masthead/internal/mail"
)

// Status is where a campaign is in its life.
type Status string

const (
	StatusDraft     Status = "draft"     // being written; editable
	StatusScheduled Status = "scheduled" // its send job waits for ScheduledAt; still editable
	StatusSending   Status = "sending"   // a sender is at work (or its job waits for a retry)
	StatusPaused    Status = "paused"    // stopped by staff; Resume carries on from the checkpoint
	StatusSent      Status = "sent"      // every recipient has an outcome
	StatusCancelled Status = "cancelled" // stopped for good by staff
	StatusFailed    Status = "failed"    // its email could not be built at the start; editable, and Resume tries again
)

// Editable reports whether a campaign's content may still change: only
// before its send started, since the email is frozen then.
func (c Campaign) Editable() bool {
	return c.StartedAt.IsZero() && (c.Status == StatusDraft || c.Status == StatusScheduled || c.Status == StatusPaused || c.Status == StatusFailed)
}

// Campaign is one send of an issue (one article or several) to one
// newsletter.
type Campaign struct {
	ID           int64
	NewsletterID int64
	Subject      string
	Preheader    string  // optional inbox preview line
	Intro        string  // optional editor's note, plain text
	ArticleIDs   []int64 // in the order the email shows them
	Track        bool    // open and click tracking, copied from the newsletter when saved
	Status       Status
	ScheduledAt  time.Time // zero unless scheduled
	StartedAt    time.Time // when the send began and the email was frozen
	FinishedAt   time.Time
	CreatedBy    int64
	CreatedAt    time.Time
	UpdatedAt    time.Time
	// Version is bumped by every save; a save naming an older version is
	// refused (someone else saved meanwhile).
	Version int64

	// Frozen is the email as built when the send started (zero before).
	Frozen Frozen

	Counts
	LastError string
}

// Frozen is a campaign's email as built when its send started, with the
// placeholders of each recipient's links (issuemail.Placeholders) still in
// its bodies. Its click targets are in campaign_links (SaveCampaignLinks).
type Frozen struct {
	Message mail.Message // From, Subject, Text, HTML, Headers; To empty
}

// Counts are a send's outcomes so far.
type Counts struct {
	Total       int   // recipients when the send started
	Checkpoint  int64 // highest reader id whose outcome is recorded
	Sent        int   // accepted by the relay
	Failed      int   // refused for good, not for the address (5xx content or policy; invalid)
	Bounced     int   // refused for the address (5xx bad recipient); the reader is suppressed
	Unconfirmed int   // sent in full without a final reply: may or may not have arrived; not retried
}

// Done is the number of recipients with an outcome.
func (c Counts) Done() int { return c.Sent + c.Failed + c.Bounced + c.Unconfirmed }

// Draft is what staff edit: the content of a campaign.
type Draft struct {
	ID           int64 // 0: a new campaign
	NewsletterID int64
	Subject      string
	Preheader    string
	Intro        string
	ArticleIDs   []int64
	// Version is the version the editor started from (0 for a new one).
	Version int64
	By      int64 // staff member saving
}

// Progress is what the admin and the send command show while a send runs.
type Progress struct {
	ID          int64
	Status      Status
	Total       int
	Sent        int
	Failed      int
	Bounced     int
	Unconfirmed int
	Done        int     // Sent + Failed + Bounced + Unconfirmed
	Rate        float64 // recipients with an outcome per second since the start (to the finish once finished)
	StartedAt   time.Time
	FinishedAt  time.Time
	LastError   string
}

// Preview is a campaign's email as a reader would see it, with sample
// links that act on nobody.
type Preview struct {
	Subject string
	HTML    string
	Text    string
}

// Recipient is one reader a send goes to.
type Recipient struct {
	ReaderID    int64
	UID         string
	Email       string
	SubjectHash string
}

// Outcome is what happened to one recipient's message.
type Outcome int

const (
	OutcomeNone        Outcome = iota // not yet known
	OutcomeSent                       // accepted
	OutcomeFailed                     // refused for good, not because of the address
	OutcomeBounced                    // refused for the address: suppress it
	OutcomeUnconfirmed                // sent without a final reply
)

// Batch is the outcomes of consecutive recipients (by reader id) that the
// sender records together, with the checkpoint moved from From to To.
type Batch struct {
	CampaignID                         int64
	Owner                              string // the sender's lease
	From, To                           int64  // the checkpoint before and after
	Sent, Failed, Bounced, Unconfirmed int
	// Suppress are the subject hashes of bounced readers, with the reason
	// (the SMTP reply) for each.
	Suppress []Suppression
	// LeaseUntil renews the sender's lease.
	LeaseUntil time.Time
	Now        time.Time
}

// Suppression is one address to add to the suppression list.
type Suppression struct {
	SubjectHash string
	Reason      string
}
