package content

import "time"

// Pending is a published article's staged edit: the version its writer
// saved, which readers do not see until it is published (decision 0039).
type Pending struct {
	ArticleID int64
	Snapshot  Snapshot
	By        int64 // who saved it last
	UpdatedAt time.Time
	PublishAt time.Time // zero unless scheduled
}

// Presence is one person with an article open in the editor.
type Presence struct {
	UserID int64
	Since  time.Time // opened
	SeenAt time.Time // last heartbeat
}

// Holder is who is editing an article; the others present only watch.
// PreviousID and TakenAt say who held it before a take-over, and when.
type Holder struct {
	UserID     int64
	Since      time.Time
	PreviousID int64
	TakenAt    time.Time
}

// PresenceTimeout is how long an editor stays present without a heartbeat.
const PresenceTimeout = 45 * time.Second
