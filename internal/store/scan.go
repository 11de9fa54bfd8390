package store

import (
	"context"
	"database/sql"
)

// scanner is one row being read: a *sql.Row or the current row of *sql.Rows.
type scanner interface {
	Scan(dest ...any) error
}

// queryAll runs a query on c and reads every row with scan.
func queryAll[T any](ctx context.Context, c conn, scan func(scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := c.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return collect(rows, scan)
}

// queryEach runs a query on c and calls fn with each row, for results
// that are not a list (maps, groups).
func queryEach(ctx context.Context, c conn, fn func(scanner) error, query string, args ...any) error {
	rows, err := c.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	return each(rows, fn)
}

// collect reads every row of rows with scan and closes rows.
func collect[T any](rows *sql.Rows, scan func(scanner) (T, error)) ([]T, error) {
	var out []T
	err := each(rows, func(sc scanner) error {
		v, err := scan(sc)
		if err != nil {
			return err
		}
		out = append(out, v)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// each calls fn with every row of rows, stopping at the first error, and
// closes rows; an error of the iteration itself is returned too.
func each(rows *sql.Rows, fn func(scanner) error) error {
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// scanInt64 reads a one-column integer row.
func scanInt64(sc scanner) (int64, error) {
	var n int64
	err := sc.Scan(&n)
	return n, err
}
