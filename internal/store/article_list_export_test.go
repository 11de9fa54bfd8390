package store

import (
	"context"
	"strings"

	"masthead/internal/content"
)

// ArticleListPlan is the engine's plan of the first page of q's list (the
// dated part of a publication order), one line per step. On PostgreSQL
// sequential scans and sorts are priced out, so the plan shows whether an
// index can give the order: a test's few rows would otherwise be read
// whole and sorted, which is cheaper for them.
func (db *DB) ArticleListPlan(ctx context.Context, q content.ArticleQuery) (string, error) {
	where, args := articleListFilters(q)
	key, asc := listKey(q.Sort)
	if key == "a.published_at" {
		where += ` AND a.published_at IS NOT NULL`
	}
	query, args := listSQL(where, args, key, asc, nil, content.ListCursor{}, 25)
	if db.dialect != Postgres {
		lines, err := queryAll(ctx, db.read, func(sc scanner) (string, error) {
			var id, parent, unused int
			var detail string
			err := sc.Scan(&id, &parent, &unused, &detail)
			return detail, err
		}, `EXPLAIN QUERY PLAN `+query, args...)
		return strings.Join(lines, "\n"), err
	}
	tx, err := db.readPool.BeginTx(ctx, nil)
	if err != nil {
		return "", err
	}
	defer tx.Rollback() //nolint:errcheck // read only
	c := conn{tx, db.read.bind}
	if _, err := c.ExecContext(ctx, `SET LOCAL enable_seqscan = off`); err != nil {
		return "", err
	}
	if _, err := c.ExecContext(ctx, `SET LOCAL enable_sort = off`); err != nil {
		return "", err
	}
	lines, err := queryAll(ctx, c, func(sc scanner) (string, error) {
		var line string
		err := sc.Scan(&line)
		return line, err
	}, `EXPLAIN `+query, args...)
	return strings.Join(lines, "\n"), err
}
