package admin

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/content"
)

// revisionsPerPage is one page of the revisions list: each row costs
// its snapshot and its base's, a body comparison without word diff.
const revisionsPerPage = 50

type revisionRow struct {
	ID       int64
	At       time.Time
	By       string
	Headline string
	Kind     string // "save", "autosave", "pending changes", "restore" ...
	Current  bool
	// Changes are the parts that differ from Base, the revision it is
	// compared with (0 for the first revision of the article).
	Changes []content.Change
	Summary string
	Base    int64
	// Restored says what a restore brought back.
	Restored   *content.RestoreNote
	RestoredBy string
	// From and To preselect the list's Compare choice.
	From, To bool
}

type revisionsView struct {
	Article content.Article
	Rows    []revisionRow
	Older   int64 // the before= of the next page, 0 when this is the last
	Newer   bool  // this is not the first page
}

// revisionList shows an article's revisions, newest first, a page at a
// time: who, when to the second, what kind and what changed compared
// with the revision before (the newest one stored for good: an autosave
// in between is a working copy). Whoever may open the article may read
// them; only editors restore.
func (a *Admin) revisionList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	art, err := a.viewable(r)
	if err != nil {
		return err
	}
	var before int64
	if s := r.URL.Query().Get("before"); s != "" {
		if before, err = strconv.ParseInt(s, 10, 64); err != nil || before <= 0 {
			return apperr.New(apperr.Invalid, "The page of revisions asked for does not exist: before must be a revision number.")
		}
	}
	// One more than a page: the next page's first row is the base of
	// this page's last save, and says there is a next page.
	revs, err := a.store.RevisionsPage(ctx, art.ID, before, revisionsPerPage+1)
	if err != nil {
		return err
	}
	names, err := a.userNames(ctx)
	if err != nil {
		return err
	}
	v := revisionsView{Article: art, Newer: before != 0}
	shown := revs
	if len(revs) > revisionsPerPage {
		shown = revs[:revisionsPerPage]
		v.Older = shown[len(shown)-1].ID
	}
	current := before != 0 // only the first page holds the current revision
	for i, rev := range shown {
		row := revisionRow{ID: rev.ID, At: rev.CreatedAt, By: names[rev.CreatedBy], Headline: rev.Snapshot.Headline,
			Kind: kindLabel(rev), Restored: rev.Snapshot.Restored}
		if rev.Kind == content.RevisionSave && !current {
			row.Current, current = true, true // the newest save is what the article is now
		}
		if n := row.Restored; n != nil {
			row.RestoredBy = names[n.By]
		}
		base, ok, err := a.baseOf(ctx, art.ID, revs, i)
		if err != nil {
			return err
		}
		if ok {
			row.Base = base.ID
			row.Changes = content.Changes(base.Snapshot, rev.Snapshot)
			row.Summary = content.Summary(row.Changes)
		} else {
			row.Summary = "First version"
		}
		v.Rows = append(v.Rows, row)
	}
	// Compare preselects the newest revision and the one it is compared with.
	if len(v.Rows) > 0 && before == 0 {
		v.Rows[0].To = true
		for i := range v.Rows {
			if v.Rows[i].ID == v.Rows[0].Base {
				v.Rows[i].From = true
			}
		}
	}
	return a.ok(w, r, "revisions", &page{Title: "Revisions: " + art.Headline, Nav: "articles", Data: v})
}

// baseOf is the revision revs[i] is compared with: the newest older one
// that is not an autosave, from revs when it is there, else the store.
func (a *Admin) baseOf(ctx context.Context, articleID int64, revs []content.Revision, i int) (content.Revision, bool, error) {
	for _, r := range revs[i+1:] {
		if r.Kind != content.RevisionAutosave {
			return r, true, nil
		}
	}
	base, err := a.store.StoredRevisionBefore(ctx, articleID, revs[i].ID)
	if apperr.KindOf(err) == apperr.NotFound {
		return base, false, nil
	}
	return base, err == nil, err
}

// kindLabel says what kind of revision rev is, in words.
func kindLabel(rev content.Revision) string {
	switch {
	case rev.Kind == content.RevisionAutosave:
		return "autosave"
	case rev.Kind == content.RevisionPending && rev.Snapshot.Restored != nil:
		return "restore, pending changes"
	case rev.Kind == content.RevisionPending:
		return "pending changes"
	case rev.Snapshot.Restored != nil:
		return "restore"
	}
	return "save"
}

// TimeSec is a time to the second, in the publication's time zone: the
// revisions of one busy minute are told apart by it.
func (p *page) TimeSec(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(p.location()).Format("2 Jan 2006, 15:04:05")
}

// userNames maps user ids to names, for "who saved this".
func (a *Admin) userNames(ctx context.Context) (map[int64]string, error) {
	users, err := a.auth.ListUsers(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]string, len(users))
	for _, u := range users {
		out[u.ID] = u.Name
	}
	return out, nil
}
