package store

import (
	"context"
	"errors"
	"time"

	"masthead/internal/search"
)

// Hooks for the store's external tests.

// HoldWriter begins a write transaction on the writer connection and keeps
// it until the returned function is called: on SQLite nothing else can
// write meanwhile.
func (db *DB) HoldWriter(ctx context.Context) (release func(), err error) {
	tx, err := db.writePool.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	// An IMMEDIATE transaction on SQLite holds the write lock from BEGIN;
	// PostgreSQL takes nothing until a statement runs, so run one.
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS hold_writer (id INTEGER)`); err != nil {
		_ = tx.Rollback()
		return nil, err
	}
	return func() { _ = tx.Rollback() }, nil
}

// MigrateTo migrates the database up to version v and no further.
func (db *DB) MigrateTo(ctx context.Context, v int) (int, error) { return db.migrateTo(ctx, v) }

// Write runs one statement on the writer connection, as store code would:
// with ? placeholders.
func (db *DB) Write(ctx context.Context, query string, args ...any) error {
	_, err := db.write.ExecContext(ctx, query, args...)
	return err
}

// TableNames lists the tables of the database, sorted, read from the
// engine's catalogue.
func (db *DB) TableNames(ctx context.Context) ([]string, error) {
	// The search index is each engine's own by design (decision 0032):
	// an FTS5 table with its shadow tables, or a table of tsvectors.
	// TestSearchIndexHoldsTheSameText compares what the two hold.
	query := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
		AND name <> 'article_search' AND name NOT LIKE 'article\_search\_%' ESCAPE '\' ORDER BY name`
	if db.dialect == Postgres {
		query = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()
			AND table_name <> 'article_search' ORDER BY table_name`
	}
	return queryAll(ctx, db.read, func(sc scanner) (string, error) {
		var name string
		err := sc.Scan(&name)
		return name, err
	}, query)
}

// ReadInt runs a query returning one integer on the read pool, as store
// code would: with ? placeholders.
func (db *DB) ReadInt(ctx context.Context, query string, args ...any) (int64, error) {
	var n int64
	err := db.read.QueryRowContext(ctx, query, args...).Scan(&n)
	return n, err
}

// Rebind exposes the placeholder rewrite.
var Rebind = rebind

// CachedRebind returns the PostgreSQL rewrite with its cache.
func CachedRebind() func(string) string { return (&binder{}).rewrite }

// ErrScanStop is what WriterIDs' scan returns at row failAt.
var ErrScanStop = errors.New("scan stopped")

// WriterIDs reads one integer column through the writer connection (one
// connection on SQLite) with the row helper, failing at row failAt (0:
// never), so a test can see whether a failed scan gives the connection back.
func (db *DB) WriterIDs(ctx context.Context, query string, failAt int) ([]int64, error) {
	n := 0
	return queryAll(ctx, db.write, func(sc scanner) (int64, error) {
		if n++; n == failAt {
			return 0, ErrScanStop
		}
		return scanInt64(sc)
	}, query)
}

// RenderSearch writes a parsed query for both engines, as Search would.
func RenderSearch(q search.Query, facets []string) (fts5, tsquery string) {
	return renderFTS5(q, facets).text, renderTSQuery(q, facets).text
}

// SlowSearches gives searches a time limit of limit and makes each run,
// before its own queries, one that takes far longer: the engine's own
// stop (PostgreSQL's statement_timeout, SQLite's interrupt) ends it.
func (db *DB) SlowSearches(limit time.Duration) {
	db.searchLimit = limit
	db.searchHook = func(ctx context.Context, q conn) error {
		slow := `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000000) SELECT count(*) FROM n`
		if db.dialect == Postgres {
			slow = `SELECT pg_sleep(30)`
		}
		_, err := q.ExecContext(ctx, slow)
		return err
	}
}

// FastSearches undoes SlowSearches.
func (db *DB) FastSearches() { db.searchLimit, db.searchHook = 0, nil }

// SearchShapes are the ways PostgreSQL can read a search's window: "" is
// the one its estimate chooses.
var SearchShapes = []string{"", "walk", "gather"}

// ForceSearchShape makes every search on PostgreSQL read its window in
// shape (one of SearchShapes).
func (db *DB) ForceSearchShape(shape string) {
	db.searchShape = map[string]windowShape{"": shapeByEstimate, "walk": shapeWalk, "gather": shapeGather}[shape]
}
