// Package storetest opens fresh, migrated databases for tests: SQLite in a
// temporary directory always, and PostgreSQL whenever MASTHEAD_TEST_POSTGRES
// holds a URL of a server where databases may be created.
package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"sync"
	"testing"

	"masthead/internal/store"
)

// Engine names a database engine under test.
type Engine string

const (
	SQLite   Engine = "sqlite"
	Postgres Engine = "postgres"
)

// Engines returns the engines this run covers.
func Engines() []Engine {
	if os.Getenv("MASTHEAD_TEST_POSTGRES") != "" {
		return []Engine{SQLite, Postgres}
	}
	return []Engine{SQLite}
}

// Each runs fn as a subtest on every engine with a fresh database.
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	for _, e := range Engines() {
		t.Run(string(e), func(t *testing.T) {
			fn(t, Open(t, e))
		})
	}
}

// Open returns a fresh migrated database on engine e, closed at cleanup.
func Open(t testing.TB, e Engine) *store.DB {
	t.Helper()
	ctx := context.Background()
	var dbURL string
	switch e {
	case SQLite:
		dbURL = "sqlite:" + t.TempDir() + "/test.db"
	case Postgres:
		dbURL = freshPostgres(t)
	default:
		t.Fatalf("storetest: unknown engine %q", e)
	}
	db, err := store.Open(ctx, dbURL, "")
	if err != nil {
		t.Fatalf("storetest: open %s: %v", e, err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatalf("storetest: migrate %s: %v", e, err)
	}
	return db
}

// URL returns a database URL for engine e pointing at a fresh, empty
// database (for tests that start the whole application).
func URL(t testing.TB, e Engine) string {
	t.Helper()
	if e == Postgres {
		return freshPostgres(t)
	}
	return "sqlite:" + t.TempDir() + "/test.db"
}

var (
	pgMu sync.Mutex
	pgN  int
)

// freshPostgres creates a new empty database on the test server and drops
// it at cleanup.
func freshPostgres(t testing.TB) string {
	t.Helper()
	admin := os.Getenv("MASTHEAD_TEST_POSTGRES")
	if admin == "" {
		t.Skip("MASTHEAD_TEST_POSTGRES not set")
	}
	pgMu.Lock()
	pgN++
	name := fmt.Sprintf("masthead_test_%d_%d", os.Getpid(), pgN)
	pgMu.Unlock()
	conn, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatalf("storetest: postgres: %v", err)
	}
	defer conn.Close()
	if _, err := conn.Exec(`CREATE DATABASE ` + name); err != nil {
		t.Fatalf("storetest: create database: %v", err)
	}
	t.Cleanup(func() {
		c, err := sql.Open("pgx", admin)
		if err != nil {
			return
		}
		defer c.Close()
		_, _ = c.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`)
	})
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatalf("storetest: MASTHEAD_TEST_POSTGRES: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}
