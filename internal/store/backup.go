package store

import (
	"context"
	"errors"
	"fmt"
	"os"
)

// ErrBackupUnsupported: PostgreSQL databases are backed up with pg_dump.
var ErrBackupUnsupported = errors.New("store: PostgreSQL is backed up with pg_dump, not by Masthead")

// BackupTo writes a consistent copy of an SQLite database to path, which
// must not exist yet, while the database stays in use: VACUUM INTO reads
// one snapshot, so writes made meanwhile are either all in it or not.
func (db *DB) BackupTo(ctx context.Context, path string) error {
	if db.dialect != SQLite {
		return ErrBackupUnsupported
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("store: backup: %s already exists", path)
	}
	// The read pool is query-only, which VACUUM INTO counts as writing. It
	// takes only a read lock, so under WAL a server using the same file
	// keeps writing; in this process the writer waits for it.
	if _, err := db.write.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		return fmt.Errorf("store: backup to %s: %w", path, err)
	}
	return nil
}
