// Package store is the one SQL layer of Masthead. It speaks the portable
// subset of SQL to SQLite (the embedded default) and PostgreSQL (scale-out);
// dialect-specific code lives in files named after the dialect.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"masthead/internal/apperr"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// Errors the domain packages can test for with errors.Is.
// They carry apperr kinds so domain packages and the HTTP layer can tell
// them apart without importing the store.
var (
	ErrNotFound = apperr.New(apperr.NotFound, "not found")
	ErrConflict = apperr.New(apperr.Conflict, "conflict")
)

// Dialect names the SQL engine behind a DB.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is a handle on the database. SQLite gets one writer connection (SQLite
// allows one writer at a time; queueing in Go beats SQLITE_BUSY) and a pool
// of readers; PostgreSQL uses one pool for both.
//
// Every query goes through write or read (or a Tx), which rewrite the
// portable ? placeholders for PostgreSQL, so no query can forget to.
type DB struct {
	dialect   Dialect
	writePool *sql.DB
	readPool  *sql.DB
	write     conn
	read      conn
	// Now is the clock; tests replace it.
	Now func() time.Time
	// searchLimit replaces searchTimeLimit when set, and searchHook runs
	// first in a search's connection: tests make a search run past a tiny
	// limit with them.
	searchLimit time.Duration
	searchHook  func(ctx context.Context, q conn) error
	// searchShape, when set, is the shape of every search's window on
	// PostgreSQL instead of the one the estimate chooses: tests run the
	// same searches in each.
	searchShape windowShape
}

// newDB wraps the pools of an engine.
func newDB(d Dialect, write, read *sql.DB) *DB {
	var b *binder
	if d == Postgres {
		b = &binder{}
	}
	return &DB{dialect: d, writePool: write, readPool: read,
		write: conn{write, b}, read: conn{read, b}, Now: time.Now}
}

// Open connects to databaseURL, or to SQLite at dataDir/masthead.db when the
// URL is empty. It does not migrate.
func Open(ctx context.Context, databaseURL, dataDir string) (*DB, error) {
	if path, ok := SQLitePath(databaseURL, dataDir); ok {
		if path == filepath.Join(dataDir, "masthead.db") {
			if err := os.MkdirAll(dataDir, 0o750); err != nil {
				return nil, fmt.Errorf("store: create data directory: %w", err)
			}
		}
		return openSQLite(ctx, path)
	}
	if strings.HasPrefix(databaseURL, "postgres://") || strings.HasPrefix(databaseURL, "postgresql://") {
		return openPostgres(ctx, databaseURL)
	}
	return nil, fmt.Errorf("store: database URL must start with postgres:// or sqlite: (got scheme %q)", scheme(databaseURL))
}

// SQLitePath is the database file a configuration names, and whether it
// names SQLite at all: an empty URL means dataDir/masthead.db, and
// "sqlite:PATH" a file of its own (empty PATH: the default again).
func SQLitePath(databaseURL, dataDir string) (string, bool) {
	if databaseURL != "" && !strings.HasPrefix(databaseURL, "sqlite:") {
		return "", false
	}
	if path := strings.TrimPrefix(databaseURL, "sqlite:"); path != "" {
		return path, true
	}
	return filepath.Join(dataDir, "masthead.db"), true
}

func scheme(u string) string {
	if i := strings.Index(u, ":"); i > 0 {
		return u[:i]
	}
	return ""
}

func openSQLite(ctx context.Context, path string) (*DB, error) {
	dsn := "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)" +
		"&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_time_format=sqlite"
	write, err := sql.Open("sqlite", dsn+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("store: open sqlite: %w", err)
	}
	write.SetMaxOpenConns(1)
	write.SetConnMaxIdleTime(0)
	// Readers map the file (up to 1 GiB) instead of copying each page
	// they read into their own cache with a system call: a search reads
	// many pages of the full-text index, and a common word's search takes
	// a quarter to a third less CPU time mapped (decision 0032).
	read, err := sql.Open("sqlite", dsn+"&_pragma=query_only(1)&_pragma=mmap_size(1073741824)")
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("store: open sqlite: %w", err)
	}
	read.SetMaxOpenConns(8)
	read.SetMaxIdleConns(8)
	db := newDB(SQLite, write, read)
	if err := db.pingBoth(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func openPostgres(ctx context.Context, url string) (*DB, error) {
	pool, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("store: open postgres: %w", err)
	}
	pool.SetMaxOpenConns(20)
	pool.SetMaxIdleConns(10)
	pool.SetConnMaxIdleTime(5 * time.Minute)
	db := newDB(Postgres, pool, pool)
	if err := db.pingBoth(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// Dialect reports which engine this is.
func (db *DB) Dialect() Dialect { return db.dialect }

// Ping checks that the database answers readers. It uses the read pool,
// so a readiness probe never waits for SQLite's single writer connection.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.readPool.PingContext(ctx); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	return nil
}

// pingBoth checks both pools when the database is opened: the writer
// creates a missing SQLite file before readers look at it.
func (db *DB) pingBoth(ctx context.Context) error {
	if err := db.writePool.PingContext(ctx); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	return db.Ping(ctx)
}

// Close closes the connection pools.
func (db *DB) Close() error {
	err := db.writePool.Close()
	if db.readPool != db.writePool {
		if rerr := db.readPool.Close(); err == nil {
			err = rerr
		}
	}
	return err
}

// placeholders returns "?,?,?" for n arguments, for IN lists.
func placeholders(n int) string {
	if n <= 0 {
		return "NULL"
	}
	return strings.Repeat("?,", n-1) + "?"
}

// int64Args turns ids into query arguments.
func int64Args(ids []int64) []any {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return args
}

// tx runs fn inside a write transaction, committing on nil error, and
// after a commit runs what fn passed to tx.AfterCommit. On SQLite the
// transaction holds the one writer connection: fn must write through tx
// only, since a write on db would wait for tx to end.
func (db *DB) tx(ctx context.Context, fn func(tx *Tx) error) error {
	raw, err := db.writePool.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	// A panic in fn must not leave the transaction open: on SQLite it
	// would hold the one writer connection for good.
	defer func() {
		if p := recover(); p != nil {
			_ = raw.Rollback()
			panic(p)
		}
	}()
	tx := &Tx{db: db, q: conn{raw, db.write.bind}}
	if err := fn(tx); err != nil {
		_ = raw.Rollback()
		return err
	}
	if err := raw.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	for _, f := range tx.after {
		f()
	}
	return nil
}

// insertID runs an INSERT ... RETURNING id and returns the new id.
func insertID(ctx context.Context, x conn, query string, args ...any) (int64, error) {
	var id int64
	if err := x.QueryRowContext(ctx, query+" RETURNING id", args...).Scan(&id); err != nil {
		return 0, mapErr(err)
	}
	return id, nil
}

// mapErr turns driver errors into the store's error kinds.
func mapErr(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	msg := err.Error()
	if strings.Contains(msg, "UNIQUE constraint failed") || strings.Contains(msg, "SQLSTATE 23505") {
		return fmt.Errorf("%w: %v", ErrConflict, err)
	}
	return err
}
