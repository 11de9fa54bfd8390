package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

//go:embed migrations
var migrationFiles embed.FS

// Migration is one numbered schema change of one dialect.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Migrations lists the dialect's migrations in version order.
func Migrations(d Dialect) ([]Migration, error) {
	dir := path.Join("migrations", string(d))
	entries, err := fs.ReadDir(migrationFiles, dir)
	if err != nil {
		return nil, fmt.Errorf("store: read migrations: %w", err)
	}
	var out []Migration
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".sql") {
			continue
		}
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("store: migration %s: name must start with a number and an underscore", name)
		}
		body, err := fs.ReadFile(migrationFiles, path.Join(dir, name))
		if err != nil {
			return nil, err
		}
		out = append(out, Migration{Version: v, Name: name, SQL: string(body)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	return out, nil
}

// LatestVersion is the schema version this binary knows.
func (db *DB) LatestVersion() int {
	ms, err := Migrations(db.dialect)
	if err != nil || len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].Version
}

// SchemaVersion returns the version the database is at (0 when empty).
// It only reads, on the read pool: readiness probes call it every few
// seconds, and on SQLite the single writer connection may be busy with a
// long write (or a backup) that a probe must not queue behind.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var exists bool
	probe := `SELECT COUNT(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`
	if db.dialect == Postgres {
		probe = `SELECT to_regclass('schema_migrations') IS NOT NULL`
	}
	if err := db.read.QueryRowContext(ctx, probe).Scan(&exists); err != nil {
		return 0, fmt.Errorf("store: schema version: %w", err)
	}
	if !exists {
		return 0, nil
	}
	var v sql.NullInt64
	if err := db.read.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&v); err != nil {
		return 0, fmt.Errorf("store: schema version: %w", err)
	}
	return int(v.Int64), nil
}

// ensureMigrationsTable creates the table of applied versions; only
// Migrate and ForceSchemaVersion, which write anyway, call it.
func (db *DB) ensureMigrationsTable(ctx context.Context) error {
	if _, err := db.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)`); err != nil {
		return fmt.Errorf("store: schema_migrations: %w", err)
	}
	return nil
}

// Migrate applies every migration newer than the database, each in its own
// transaction. It refuses a database newer than the binary.
// Articles written before the search index (0013) are indexed after it,
// in batches, each committed: an interrupted run carries on next time.
func (db *DB) Migrate(ctx context.Context) (applied int, err error) {
	if applied, err = db.migrateTo(ctx, db.LatestVersion()); err != nil {
		return applied, err
	}
	if _, err := db.IndexMissing(ctx); err != nil {
		return applied, err
	}
	return applied, nil
}

// migrateTo applies the migrations newer than the database up to version
// target (tests start from an older schema with it).
func (db *DB) migrateTo(ctx context.Context, target int) (applied int, err error) {
	if err := db.ensureMigrationsTable(ctx); err != nil {
		return 0, err
	}
	current, err := db.SchemaVersion(ctx)
	if err != nil {
		return 0, err
	}
	ms, err := Migrations(db.dialect)
	if err != nil {
		return 0, err
	}
	if latest := db.LatestVersion(); current > latest {
		return 0, &TooNewError{Database: current, Binary: latest}
	}
	for _, m := range ms {
		if m.Version <= current || m.Version > target {
			continue
		}
		err := db.tx(ctx, func(tx *Tx) error {
			if db.dialect == Postgres {
				// Serialise concurrent migrators on several instances.
				if _, err := tx.q.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7261001)`); err != nil {
					return err
				}
				var done bool
				if err := tx.q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = ?)`, m.Version).Scan(&done); err != nil {
					return err
				}
				if done {
					return nil
				}
			}
			if _, err := tx.q.ExecContext(ctx, m.SQL); err != nil {
				return fmt.Errorf("store: migration %s: %w", m.Name, err)
			}
			_, err := tx.q.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`, m.Version, db.Now().UnixMicro())
			return err
		})
		if err != nil {
			return applied, err
		}
		applied++
	}
	return applied, nil
}

// CheckCurrent returns nil when the schema is exactly the binary's version,
// a *TooNewError when the database is newer and a *TooOldError when older.
func (db *DB) CheckCurrent(ctx context.Context) error {
	current, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	latest := db.LatestVersion()
	switch {
	case current > latest:
		return &TooNewError{Database: current, Binary: latest}
	case current < latest:
		return &TooOldError{Database: current, Binary: latest}
	}
	return nil
}

// TooNewError says the database was migrated by a newer Masthead.
type TooNewError struct{ Database, Binary int }

func (e *TooNewError) Error() string {
	return fmt.Sprintf("database schema is version %d but this binary knows only up to %d: run the newer Masthead release (downgrades are not supported; restore a backup to go back)", e.Database, e.Binary)
}

// TooOldError says the database needs migrating.
type TooOldError struct{ Database, Binary int }

func (e *TooOldError) Error() string {
	return fmt.Sprintf("database schema is version %d, this binary needs %d: back up the database, then run `masthead migrate`", e.Database, e.Binary)
}

// ForceSchemaVersion records a schema version without running anything;
// tests use it to simulate a database migrated by another release.
func (db *DB) ForceSchemaVersion(ctx context.Context, v int) error {
	if err := db.ensureMigrationsTable(ctx); err != nil {
		return err
	}
	_, err := db.write.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`, v, db.Now().UnixMicro())
	return err
}
