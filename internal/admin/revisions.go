package admin

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"masthead/internal/content"
)

type revisionRow struct {
	ID       int64
	At       time.Time
	By       string
	Headline string
	Current  bool
	Kind     string // "", or "autosave" / "pending changes" (decision 0039)
}

type revisionsView struct {
	Article content.Article
	Rows    []revisionRow
}

// revisionList shows every saved state of an article, newest first.
func (a *Admin) revisionList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	art, err := a.editable(r)
	if err != nil {
		return err
	}
	revs, err := a.store.ListRevisions(ctx, art.ID)
	if err != nil {
		return err
	}
	names, err := a.userNames(ctx)
	if err != nil {
		return err
	}
	v := revisionsView{Article: art}
	current := false
	for _, rev := range revs {
		row := revisionRow{ID: rev.ID, At: rev.CreatedAt, By: names[rev.CreatedBy], Headline: rev.Snapshot.Headline}
		switch rev.Kind {
		case content.RevisionAutosave:
			row.Kind = "autosave"
		case content.RevisionPending:
			row.Kind = "pending changes"
		default:
			// The newest save is what the article is now.
			row.Current, current = !current, true
		}
		v.Rows = append(v.Rows, row)
	}
	return a.ok(w, r, "revisions", &page{Title: "Revisions: " + art.Headline, Nav: "articles", Data: v})
}

type revisionView struct {
	Article  content.Article
	Revision content.Revision
	By       string
	Section  string
	Series   string
	Authors  []string
}

func (a *Admin) revisionPage(w http.ResponseWriter, r *http.Request) error {
	v, err := a.revision(r)
	if err != nil {
		return err
	}
	return a.ok(w, r, "revision", &page{Title: "Revision: " + v.Revision.Snapshot.Headline, Nav: "articles", Data: v})
}

// restoreRevision saves the article back to a revision. Editors only (the
// route and the content service both say so).
func (a *Admin) restoreRevision(w http.ResponseWriter, r *http.Request) error {
	v, err := a.revision(r)
	if err != nil {
		return err
	}
	res, err := a.content.RestoreRevision(r.Context(), actor(sessionFrom(r.Context())), v.Revision.ID)
	var checks *content.ChecksError
	if errors.As(err, &checks) {
		p := &page{Title: "Revision: " + v.Revision.Snapshot.Headline, Nav: "articles", Data: v, Problems: res.Problems}
		return refuse("revision", p, "Not restored: the published article would fail the checks listed below. Unpublish it first, or restore another revision.")
	}
	if err != nil {
		return err
	}
	done := "restored"
	if res.Pending != nil {
		done = "restored-pending"
	}
	return seeOther(w, r, fmt.Sprintf("/admin/articles/%d?done=%s", v.Article.ID, done))
}

// revision loads the revision of the path, which must belong to the article
// of the path, with the names it refers to.
func (a *Admin) revision(r *http.Request) (*revisionView, error) {
	ctx := r.Context()
	art, err := a.editable(r)
	if err != nil {
		return nil, err
	}
	id, err := pathID(r, "rev")
	if err != nil {
		return nil, err
	}
	rev, err := a.store.GetRevision(ctx, id)
	if err != nil {
		return nil, err
	}
	if rev.ArticleID != art.ID {
		return nil, errNotFound
	}
	names, err := a.userNames(ctx)
	if err != nil {
		return nil, err
	}
	v := &revisionView{Article: art, Revision: rev, By: names[rev.CreatedBy]}
	if sec, err := a.store.GetSection(ctx, rev.Snapshot.SectionID); err == nil {
		v.Section = sec.Name
	}
	if rev.Snapshot.SeriesID != 0 {
		if ser, err := a.store.GetSeries(ctx, rev.Snapshot.SeriesID); err == nil {
			v.Series = ser.Name
		}
	}
	for _, id := range rev.Snapshot.AuthorIDs {
		if au, err := a.store.GetAuthor(ctx, id); err == nil {
			v.Authors = append(v.Authors, au.Name)
		}
	}
	return v, nil
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
