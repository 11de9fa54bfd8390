package admin

import (
	"context"
	"strconv"

	"masthead/internal/auth"
	"masthead/internal/content"
)

// The article list's assignee filter and column (decision 0045): the
// address's assignee= is "me", "nobody" or an editor's user id, kept in
// the address like the other filters (decision 0044).

// assigneeChoice is one option of the list's assignee filter.
type assigneeChoice struct {
	Value, Label string
}

// readAssignee reads the assignee filter of the address for the signed-in
// user; one not understood is left out and said so, like the others. The
// search's best-match order cannot filter by assignee, so with one the
// matches come in the order of the last change.
func (v *articleListView) readAssignee(s string, me int64, users []auth.User) {
	v.AssigneeChoices = []assigneeChoice{{"me", "Me"}, {"nobody", "Nobody"}}
	known := map[string]bool{"me": true, "nobody": true}
	for _, u := range users {
		if u.Role.AtLeast(auth.RoleEditor) {
			id := strconv.FormatInt(u.ID, 10)
			v.AssigneeChoices = append(v.AssigneeChoices, assigneeChoice{id, u.Name})
			known[id] = true
		}
	}
	if s == "" {
		return
	}
	if !known[s] {
		v.ignore("There is no assignee %q; the list is not filtered by assignee.", s)
		return
	}
	switch s {
	case "me":
		v.f.q.AssigneeID = me
	case "nobody":
		v.f.q.Unassigned = true
	default:
		v.f.q.AssigneeID, _ = strconv.ParseInt(s, 10, 64)
	}
	v.Assignee = s
	v.f.values.Set("assignee", s)
	v.Filtered = true
	if v.f.sort == sortRelevance {
		v.f.sort, v.f.q.Sort, v.Sort = string(content.SortChanged), content.SortChanged, string(content.SortChanged)
		v.f.values.Set("sort", string(content.SortChanged))
		v.Sorts = v.Sorts[1:] // the best-match order is first
	}
}

// assignees fills in the list rows' assignees.
func (a *Admin) assignees(ctx context.Context, rows []articleRow) error {
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	as, err := a.store.Assignees(ctx, ids)
	if err != nil {
		return err
	}
	for i := range rows {
		rows[i].Assignee = as[rows[i].ID].Name
	}
	return nil
}
