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
