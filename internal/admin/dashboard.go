package admin

import (
	"context"
	"net/http"
	"strings"
	"time"

	"masthead/internal/auth"
	"masthead/internal/content"
)

// statuses in the order the newsroom thinks about them.
var statuses = []content.Status{content.StatusDraft, content.StatusReview, content.StatusReady, content.StatusScheduled, content.StatusPublished, content.StatusUnpublished}

type statusCount struct {
	Status content.Status
	N      int
}

type dashboardView struct {
	Counts         []statusCount
	Total          int
	Desk           []deskSection // the work waiting (dashboard_desk.go)
	NoSections     bool
	NoAuthors      bool
	NoByline       bool
	GettingStarted bool
}

// articleRow is one article in a list.
type articleRow struct {
	ID         int64
	Headline   string
	Status     content.Status
	Section    string
	Byline     string
	UpdatedAt  time.Time
	ScheduleAt time.Time
	CanEdit    bool
	// The article list's columns: who saved it last and when, and when
	// it was first published.
	EditedBy    string
	EditedAt    time.Time
	PublishedAt time.Time
	// EmbargoUntil is the embargo while it holds, zero otherwise (decision 0042).
	EmbargoUntil time.Time
	// Assignee is the name of the editor it is assigned to, "" for nobody.
	Assignee string
}

func (a *Admin) dashboard(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	sess := sessionFrom(ctx)
	counts, err := a.store.CountArticlesByStatus(ctx)
	if err != nil {
		return err
	}
	var v dashboardView
	for _, s := range statuses {
		v.Counts = append(v.Counts, statusCount{Status: s, N: counts[s]})
		v.Total += counts[s]
	}
	if v.Desk, err = a.deskSections(ctx, sess); err != nil {
		return err
	}
	if sess.User.Role.AtLeast(auth.RoleEditor) {
		secs, err := a.store.ListSections(ctx)
		if err != nil {
			return err
		}
		auths, err := a.store.ListAuthors(ctx)
		if err != nil {
			return err
		}
		v.NoSections, v.NoAuthors = len(secs) == 0, len(auths) == 0
	}
	v.NoByline = sess.User.AuthorID == 0
	v.GettingStarted = v.NoSections || v.NoAuthors
	p := &page{Title: "Newsroom", Nav: "dashboard", Data: v}
	switch r.URL.Query().Get("done") {
	case "setup":
		p.Notice = "Your newsroom is ready and you are signed in as its administrator."
	case "joined":
		p.Notice = "Welcome: your account is ready."
	}
	return a.ok(w, r, "dashboard", p)
}

// rows turns articles into list rows with their section and byline.
func (a *Admin) rows(ctx context.Context, sess *auth.Session, arts []content.Article) ([]articleRow, error) {
	views, err := a.store.Views(ctx, arts)
	if err != nil {
		return nil, err
	}
	out := make([]articleRow, len(views))
	for i, v := range views {
		names := make([]string, len(v.Authors))
		v.AuthorIDs = v.AuthorIDs[:0]
		for j, au := range v.Authors {
			names[j] = au.Name
			v.AuthorIDs = append(v.AuthorIDs, au.ID)
		}
		out[i] = articleRow{ID: v.ID, Headline: v.Headline, Status: v.Status, Section: v.Section.Name,
			Byline: strings.Join(names, ", "), UpdatedAt: v.UpdatedAt, ScheduleAt: v.ScheduledAt,
			CanEdit: content.CanEdit(actor(sess), v.Article) || content.HeldByDesk(actor(sess), v.Article)}
		if content.Embargoed(v.EmbargoUntil, a.now()) {
			out[i].EmbargoUntil = v.EmbargoUntil
		}
	}
	return out, nil
}
