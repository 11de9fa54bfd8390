package newsletter

import "time"

// Newsletter is one list a reader can subscribe to.
type Newsletter struct {
	ID          int64
	Slug        string
	Name        string
	Description string
	Cadence     string // as readers see it: "every Saturday"
	SenderName  string
	SenderEmail string
	ReplyTo     string // "" means replies go to the sender
	ListID      string // the List-Id without angle brackets: "weekly.example.org"
	Public      bool   // listed on /newsletters and open to sign-up forms
	OnArticles  bool   // offered in the sign-up block of article pages
	Track       bool   // opens and clicks are recorded (off by default; decision 0025)
	Position    int
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Sector is one entry of the publication's job-sector list.
type Sector struct {
	ID       int64
	Name     string
	Position int
	Active   bool // offered on forms; inactive ones stay for readers who chose them
}

// Reader is one person outside the newsroom, identified by an email
// address (decision record 0016).
type Reader struct {
	ID          int64
	UID         string // random; names the reader in signed links
	Email       string // where mail goes
	EmailKey    string // the identity: Key(Email)
	SubjectHash string // keyed hash of EmailKey, kept after erasure
	SectorID    int64  // 0: none given
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Subscription statuses.
const (
	StatusPending      = "pending"
	StatusConfirmed    = "confirmed"
	StatusUnsubscribed = "unsubscribed"
)

// Subscription is a reader's current state for one newsletter.
type Subscription struct {
	ReaderID       int64
	NewsletterID   int64
	Status         string
	CreatedAt      time.Time
	ConfirmedAt    time.Time
	UnsubscribedAt time.Time
	UpdatedAt      time.Time
}

// Consent actions (decision record 0019).
const (
	ActionSubscribe   = "subscribe"   // asked on a form; not yet consent
	ActionConfirm     = "confirm"     // consent given and proven
	ActionUnsubscribe = "unsubscribe" // consent to a confirmed newsletter withdrawn
	ActionWithdraw    = "withdraw"    // a request withdrawn before it was confirmed
	ActionErase       = "erase"       // the reader's data erased
)

// How an action was taken or proven.
const (
	MethodForm        = "form" // a public form, before confirmation
	MethodDoubleOptIn = "double opt-in link"
	MethodSignedLink  = "signed link" // the preference centre or an unsubscribe link from an email
	MethodOneClick    = "one-click"   // RFC 8058 List-Unsubscribe-Post
	MethodImport      = "import"      // a list imported by staff, with its source
	MethodStaff       = "staff"       // done by a staff member on the reader's request
	MethodEmail       = "email"       // an email to the List-Unsubscribe mailto address
	MethodComplaint   = "complaint"   // the reader reported a newsletter as spam (a feedback loop or provider webhook)
)

// ConsentRecord is one entry of the append-only consent log.
type ConsentRecord struct {
	ID             int64
	ReaderID       int64 // 0 once the reader is erased
	SubjectHash    string
	NewsletterID   int64 // 0 for actions on the whole reader (erase)
	Action         string
	Method         string
	Source         string // the page or form path, or an import's source
	ConsentVersion int64  // the wording shown; 0 when none was
	StaffID        int64  // who did it, when staff did
	At             time.Time
}

// Confirmation is a sign-up waiting for its double opt-in link.
type Confirmation struct {
	ID             int64
	ReaderID       int64
	Email          string
	Source         string
	ConsentVersion int64
	SectorID       int64
	NewsletterIDs  []int64
	CreatedAt      time.Time
	ExpiresAt      time.Time
	SentAt         time.Time
	UsedAt         time.Time
}

// Suppression reasons.
const (
	ReasonErased    = "erased"
	ReasonBounced   = "bounced"
	ReasonComplaint = "complaint"
	ReasonStaff     = "staff"
)

// Suppression keeps a hashed address from being mailed or signed up.
type Suppression struct {
	SubjectHash string
	Reason      string
	CreatedAt   time.Time
	LiftedAt    time.Time
}

// Meta says where, how and by whom an action was taken, for the consent
// record it writes.
type Meta struct {
	Method         string
	Source         string
	ConsentVersion int64
	StaffID        int64
}

// Kinds of mail events: what came back from one campaign's email to one
// reader (decision record 0025).
const (
	EventBounce      = "bounce"      // a permanent failure: the address is suppressed
	EventSoftBounce  = "soft_bounce" // a transient failure: nothing else changes
	EventComplaint   = "complaint"   // reported as spam
	EventUnsubscribe = "unsubscribe" // unsubscribed from the campaign's email
	EventOpen        = "open"
	EventClick       = "click"
)

// EventKinds lists every event kind.
var EventKinds = []string{EventBounce, EventSoftBounce, EventComplaint, EventUnsubscribe, EventOpen, EventClick}

// MailEvent is one thing that came back from a campaign's email.
type MailEvent struct {
	CampaignID   int64
	NewsletterID int64 // 0: not known
	ReaderID     int64 // 0 once the reader is erased
	Kind         string
	Link         int    // a click's link index; -1 for other kinds
	URL          string // a click's target, when listed
	Detail       string // a bounce's SMTP status and text, bounded
	At           time.Time
}
