package content

import (
	"slices"

	"masthead/internal/apperr"
	"masthead/internal/auth"
)

// Byline rules (decision 0046). Editors and admins may set any byline. A
// contributor or author may credit others only beside themselves: their
// own author stays on the byline of what they save, in any place, and
// they may add or remove co-authors. A byline they leave as it is stored
// is always accepted, so an editor's choice (a byline without them) does
// not stop them saving their text. Someone whose account has no author
// profile cannot put themselves on a byline, so they may save a byline
// only as it is stored: a new article of theirs is refused until an admin
// links a profile to their account.

// checkByline notes on bad when actor may not save byline on old.
func checkByline(actor Actor, old Article, byline []int64, bad apperr.Fields) {
	if actor.Role.AtLeast(auth.RoleEditor) || len(byline) == 0 {
		return // no byline at all is refused on its own
	}
	if old.ID != 0 && sameAuthors(byline, old.AuthorIDs) {
		return
	}
	switch {
	case actor.AuthorID == 0:
		bad.Add("authors", "Your account has no author profile, so you cannot set a byline. Ask an admin to link an author profile to your account.")
	case !slices.Contains(byline, actor.AuthorID):
		bad.Add("authors", "Keep yourself on the byline: you can add co-authors, but only an editor can credit your article to others alone.")
	}
}

// sameAuthors reports whether a and b hold the same authors, in any order.
func sameAuthors(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for _, id := range a {
		if !slices.Contains(b, id) {
			return false
		}
	}
	return true
}
