package admin

import (
	"context"
	"net/url"
	"strconv"

	"masthead/internal/auth"
	"masthead/internal/content"
)

// The dashboard's desk (decision 0045): short lists of the work that
// waits for the signed-in person, each with a link to the article list
// filtered the same way (decision 0044's addresses).

// deskSize is how many articles each of the dashboard's lists shows.
const deskSize = 10

// deskSection is one of the dashboard's lists.
type deskSection struct {
	ID, Title string
	Rows      []articleRow
	All       string // the article list with the same filters
	Empty     string // what an empty list says
}

// deskSections are the dashboard's lists for the signed-in person: my
// drafts, waiting for review and ready to publish (every such article for
// editors, one's own for writers), assigned to me (editors; open work only), scheduled
// (soonest first) and recently published.
func (a *Admin) deskSections(ctx context.Context, sess *auth.Session) ([]deskSection, error) {
	me := sess.User
	editor := me.Role.AtLeast(auth.RoleEditor)
	mine := strconv.FormatInt(me.AuthorID, 10)
	type spec struct {
		id, title, empty string
		q                content.ArticleQuery
		link             url.Values
	}
	var specs []spec
	if me.AuthorID != 0 {
		specs = append(specs, spec{"my-drafts", "My drafts", "No drafts with your byline.",
			content.ArticleQuery{Status: content.StatusDraft, AuthorID: me.AuthorID},
			url.Values{"status": {"draft"}, "author": {mine}}})
	}
	review := spec{"waiting", "Waiting for review", "Nothing is waiting for review.",
		content.ArticleQuery{Status: content.StatusReview}, url.Values{"status": {"review"}}}
	if !editor {
		review.title, review.empty = "My articles in review", "None of your articles is in review."
		review.q.AuthorID, review.link["author"] = me.AuthorID, []string{mine}
	}
	ready := spec{"ready", "Ready to publish", "Nothing approved is waiting to be published.",
		content.ArticleQuery{Status: content.StatusReady}, url.Values{"status": {"ready"}}}
	if !editor {
		ready.title, ready.empty = "My approved articles", "None of your articles is approved and waiting."
		ready.q.AuthorID, ready.link["author"] = me.AuthorID, []string{mine}
	}
	if editor || me.AuthorID != 0 {
		specs = append(specs, review, ready)
	}
	if editor {
		specs = append(specs, spec{"assigned", "Assigned to me", "Nothing open is assigned to you.",
			content.ArticleQuery{AssigneeID: me.ID, Open: true}, url.Values{"assignee": {"me"}, "status": {statusOpen}}})
	}
	specs = append(specs,
		spec{"scheduled", "Scheduled", "Nothing is scheduled.",
			content.ArticleQuery{Status: content.StatusScheduled, Sort: content.SortScheduled},
			url.Values{"status": {"scheduled"}, "sort": {string(content.SortScheduled)}}},
		spec{"published", "Recently published", "Nothing is published yet.",
			content.ArticleQuery{Status: content.StatusPublished, Sort: content.SortPublished},
			url.Values{"status": {"published"}, "sort": {string(content.SortPublished)}}})
	out := make([]deskSection, 0, len(specs))
	for _, s := range specs {
		s.q.Limit = deskSize
		arts, err := a.store.ListArticlesBy(ctx, s.q)
		if err != nil {
			return nil, err
		}
		rows, err := a.rows(ctx, sess, arts)
		if err != nil {
			return nil, err
		}
		if err := a.assignees(ctx, rows); err != nil {
			return nil, err
		}
		out = append(out, deskSection{ID: s.id, Title: s.title, Rows: rows, All: "/admin/articles?" + s.link.Encode(), Empty: s.empty})
	}
	return out, nil
}
