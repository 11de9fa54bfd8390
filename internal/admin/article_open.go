package admin

import "masthead/internal/content"

// The list's "open" status (decision 0045): the work still on the desk,
// any of content.OpenStatuses, so that "Assigned to me" leaves out what
// was published long ago.

// statusOpen is the status filter's value for open work.
const statusOpen = "open"

// openSearchSort is the order of a search over open work: the ranked
// search filters by one status only, so the matches are listed by last
// change instead, as with the assignee filter (workflow_list.go).
func openSearchSort(f *listFilters) string {
	f.values.Set("sort", string(content.SortChanged))
	return string(content.SortChanged)
}
