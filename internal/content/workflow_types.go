package content

import "time"

// The review workflow's record (decision 0045): each change of an
// article's status or assignee is an ArticleEvent, written in the same
// transaction as the change.

// EventKind is what an ArticleEvent records.
type EventKind string

// The kinds of event.
const (
	EventStatus EventKind = "status" // From -> To
	EventAssign EventKind = "assign" // AssigneeID (0: unassigned)
	// A published article's pending changes were published, or discarded
	// (staged.go); its status stays published.
	EventChanges EventKind = "changes"
	EventDiscard EventKind = "discard"
)

// ArticleEvent is one change in an article's workflow.
type ArticleEvent struct {
	ID        int64
	ArticleID int64
	At        time.Time
	UserID    int64 // who made it; 0 for the publish job, or a deleted account
	Kind      EventKind
	From, To  Status // EventStatus
	// AssigneeID is who the article was assigned to (EventAssign); 0 for nobody.
	AssigneeID int64
	Note       string
	// Names read with the event, "" when unknown.
	UserName, AssigneeName string
}

// StatusMove moves an article from one status to another, as a
// transition does: refused (ErrStale) unless the article is still in From
// and, when Expect is set, still at that version. At becomes its
// updated_at.
type StatusMove struct {
	ID       int64
	From, To Status
	At       time.Time
	Expect   time.Time
}

// Assignee is who an article is assigned to.
type Assignee struct {
	UserID int64
	Name   string
}
