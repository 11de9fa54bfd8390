// Package auth owns staff accounts: users and roles, passwords, sessions,
// password resets, invitations and login rate limiting.
package auth

import "time"

// Role is what a staff member may do. Each role can do everything the one
// before it can.
type Role string

const (
	RoleContributor Role = "contributor" // writes drafts, cannot publish
	RoleAuthor      Role = "author"      // publishes own work
	RoleEditor      Role = "editor"      // all content
	RoleAdmin       Role = "admin"       // also staff and settings
)

// Roles lists the roles from least to most powerful.
var Roles = []Role{RoleContributor, RoleAuthor, RoleEditor, RoleAdmin}

func (r Role) rank() int {
	for i, x := range Roles {
		if x == r {
			return i
		}
	}
	return -1
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r.rank() >= 0 }

// AtLeast reports whether r includes the powers of min.
func (r Role) AtLeast(min Role) bool { return r.Valid() && r.rank() >= min.rank() }

// User is a staff account.
type User struct {
	ID           int64
	Email        string
	Name         string
	Role         Role
	PasswordHash string
	AuthorID     int64 // the byline this user writes as, 0 when none
	CreatedAt    time.Time
	DisabledAt   time.Time // when an admin removed their access; zero while they have it
}

// Active reports whether the user may sign in.
func (u User) Active() bool { return u.DisabledAt.IsZero() }

// Session is a signed-in browser.
type Session struct {
	TokenHash string
	User      User
	CSRFToken string
	ExpiresAt time.Time
	Renewed   bool   // ExpiresAt was just moved on
	Device    string // after sign-in: the raw device token the browser keeps
}

// Token is a single-use emailed link: a password reset or an invitation.
type Token struct {
	TokenHash string
	Purpose   string // "reset" or "invite"
	UserID    int64
	Email     string
	Role      Role
	CreatedBy int64
	ExpiresAt time.Time
}

// Invitation is a staff invitation not yet accepted: the newest link sent
// to an address that has no account.
type Invitation struct {
	Email       string
	Role        Role
	InvitedBy   string // the name of who sent it; "" when they are gone
	InvitedByID int64
	CreatedAt   time.Time
	ExpiresAt   time.Time
}

// Expired reports whether the invitation's link no longer works at now.
func (i Invitation) Expired(now time.Time) bool { return !now.Before(i.ExpiresAt) }
