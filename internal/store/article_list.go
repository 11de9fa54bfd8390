package store

import (
	"context"
	"fmt"
	"strings"

	"masthead/internal/content"
)

// The newsroom's article list: filters, orders and keyset pages
// (migration 0023 holds an index for each order).

// listCols are the articles' columns a list shows: no body.
const listCols = `a.id, a.slug, a.headline, a.standfirst, '', '', a.section_id, COALESCE(a.series_id, 0), a.status,
	COALESCE(a.lead_image_id, 0), a.lead_alt, a.lead_caption, a.lead_credit, '', a.allow_repeats, COALESCE(a.created_by, 0),
	a.published_at, a.scheduled_at, a.modified_at, a.created_at, a.updated_at, a.embargo_until`

// ListArticlesBy is one page of the newsroom's list: the articles passing
// q's filters in q's order, after q.After, at most q.Limit. Headlines
// sort by their lower case (SQLite lowers ASCII letters only) and then
// by id; articles never published come last in both publication orders,
// newest (or oldest) id first, and articles not scheduled last in the
// scheduled order (soonest first), oldest id first.
func (db *DB) ListArticlesBy(ctx context.Context, q content.ArticleQuery) ([]content.Article, error) {
	if q.Limit <= 0 || (q.Only && len(q.IDs) == 0) {
		return nil, nil
	}
	where, args := articleListFilters(q)
	sort := q.Sort
	if !sort.Valid() {
		sort = content.SortChanged
	}
	key, asc := listKey(sort)
	var afterKey any
	if !q.After.IsZero() {
		afterKey = q.After.Time.UnixMicro()
		if key == "lower(a.headline)" {
			afterKey = q.After.Headline
		}
	}
	if key != "a.published_at" && key != "a.scheduled_at" {
		out, err := db.listPage(ctx, where, args, key, asc, afterKey, q.After, q.Limit)
		if err != nil {
			return nil, fmt.Errorf("store: list articles: %w", err)
		}
		return out, nil
	}
	// The publication and scheduled orders: the dated part, then the
	// undated by id.
	var out []content.Article
	var err error
	if !q.After.Undated {
		out, err = db.listPage(ctx, where+` AND `+key+` IS NOT NULL`, args, key, asc, afterKey, q.After, q.Limit)
		q.After = content.ListCursor{}
	}
	if err == nil && len(out) < q.Limit {
		var more []content.Article
		more, err = db.listPage(ctx, where+` AND `+key+` IS NULL`, args, "", asc, nil, q.After, q.Limit-len(out))
		out = append(out, more...)
	}
	if err != nil {
		return nil, fmt.Errorf("store: list articles: %w", err)
	}
	return out, nil
}

// listPage reads one page in the order of key (then id; "" for id alone),
// after the row whose key is afterKey and id after.ID.
func (db *DB) listPage(ctx context.Context, where string, args []any, key string, asc bool, afterKey any, after content.ListCursor, limit int) ([]content.Article, error) {
	query, args := listSQL(where, args, key, asc, afterKey, after, limit)
	return queryAll(ctx, db.read, scanArticle, query, args...)
}

// listSQL is listPage's query.
func listSQL(where string, args []any, key string, asc bool, afterKey any, after content.ListCursor, limit int) (string, []any) {
	cmp, dir := "<", "DESC"
	if asc {
		cmp, dir = ">", "ASC"
	}
	args = append([]any(nil), args...)
	if !after.IsZero() {
		if key == "" {
			where += ` AND a.id ` + cmp + ` ?`
			args = append(args, after.ID)
		} else {
			val := "?"
			if strings.HasPrefix(key, "lower(") {
				val = "lower(CAST(? AS TEXT))"
			}
			where += ` AND (` + key + ` ` + cmp + ` ` + val + ` OR (` + key + ` = ` + val + ` AND a.id ` + cmp + ` ?))`
			args = append(args, afterKey, afterKey, after.ID)
		}
	}
	order := `a.id ` + dir
	if key != "" {
		order = key + ` ` + dir + `, ` + order
	}
	return `SELECT ` + listCols + ` FROM articles a WHERE ` + where + ` ORDER BY ` + order + ` LIMIT ?`, append(args, limit)
}

// listKey is the sort key of an order and whether it ascends.
func listKey(s content.ArticleSort) (string, bool) {
	switch s {
	case content.SortChangedAsc:
		return "a.updated_at", true
	case content.SortHeadline:
		return "lower(a.headline)", true
	case content.SortHeadlineDesc:
		return "lower(a.headline)", false
	case content.SortPublished:
		return "a.published_at", false
	case content.SortPublishedAsc:
		return "a.published_at", true
	case content.SortScheduled:
		return "a.scheduled_at", true
	}
	return "a.updated_at", false
}

// articleListFilters writes q's filters as a condition on articles a.
func articleListFilters(q content.ArticleQuery) (string, []any) {
	var b strings.Builder
	var args []any
	b.WriteString(`1 = 1`)
	add := func(cond string, arg any) {
		b.WriteString(` AND ` + cond)
		args = append(args, arg)
	}
	if q.Status != "" {
		add(`a.status = ?`, string(q.Status))
	} else if q.Open {
		b.WriteString(` AND a.status IN (` + placeholders(len(content.OpenStatuses)) + `)`)
		for _, st := range content.OpenStatuses {
			args = append(args, string(st))
		}
	}
	if q.SectionID != 0 {
		add(`a.section_id = ?`, q.SectionID)
	}
	if q.SeriesID != 0 {
		add(`a.series_id = ?`, q.SeriesID)
	}
	if q.TopicID != 0 {
		add(`EXISTS (SELECT 1 FROM article_topics t WHERE t.article_id = a.id AND t.topic_id = ?)`, q.TopicID)
	}
	if q.AuthorID != 0 {
		add(`EXISTS (SELECT 1 FROM article_authors au WHERE au.article_id = a.id AND au.author_id = ?)`, q.AuthorID)
	}
	if !q.CreatedFrom.IsZero() {
		add(`a.created_at >= ?`, q.CreatedFrom.UnixMicro())
	}
	if !q.CreatedTo.IsZero() {
		add(`a.created_at < ?`, q.CreatedTo.UnixMicro())
	}
	if !q.PublishedFrom.IsZero() {
		add(`a.published_at >= ?`, q.PublishedFrom.UnixMicro())
	}
	if !q.PublishedTo.IsZero() {
		add(`a.published_at < ?`, q.PublishedTo.UnixMicro())
	}
	if q.AssigneeID != 0 {
		add(`a.assignee_id = ?`, q.AssigneeID)
	} else if q.Unassigned {
		b.WriteString(` AND a.assignee_id IS NULL`)
	}
	if q.Only {
		b.WriteString(` AND a.id IN (` + placeholders(len(q.IDs)) + `)`)
		args = append(args, int64Args(q.IDs)...)
	}
	return b.String(), args
}

// LastEdits says who saved each of the articles of ids last, and when:
// their newest revision's author and time. An article with no revision
// is absent.
func (db *DB) LastEdits(ctx context.Context, ids []int64) (map[int64]content.Edit, error) {
	out := make(map[int64]content.Edit, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	err := queryEach(ctx, db.read, func(sc scanner) error {
		var id int64
		var e content.Edit
		var at Time
		if err := sc.Scan(&id, &e.UserID, &e.Name, &at); err != nil {
			return err
		}
		e.At = at.T
		out[id] = e
		return nil
	}, `SELECT r.article_id, COALESCE(r.created_by, 0), COALESCE(u.name, ''), r.created_at
		FROM revisions r LEFT JOIN users u ON u.id = r.created_by
		WHERE r.id IN (SELECT MAX(r2.id) FROM revisions r2 WHERE r2.article_id IN (`+placeholders(len(ids))+`) GROUP BY r2.article_id)`,
		int64Args(ids)...)
	if err != nil {
		return nil, fmt.Errorf("store: last edits: %w", err)
	}
	return out, nil
}
