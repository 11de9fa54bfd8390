package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"masthead/internal/config"
	"masthead/internal/store"
)

// backupCommand copies the database (SQLite) and the uploaded media into a
// new directory while the publication keeps running. Restoring is copying
// them back into a stopped publication's data directory.
func backupCommand(ctx context.Context, args, env []string, stdio IO) error {
	var to string
	cfg, err := config.Load(env, args, stdio.Stderr, "backup", func(fs *flag.FlagSet) {
		fs.StringVar(&to, "to", "", "a new directory for the backup (required)")
	})
	if err != nil {
		return err
	}
	if to == "" {
		return errors.New("backup: say where with --to DIR (a directory that does not exist yet, or is empty)")
	}
	if path, ok := store.SQLitePath(cfg.DatabaseURL, cfg.DataDir); ok {
		// Opening a missing SQLite file would create an empty one, and back it up.
		if _, err := os.Stat(path); err != nil {
			return fmt.Errorf("backup: no publication database at %s (see --data): %w", path, err)
		}
	}
	db, _, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	version, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	if version == 0 {
		return errors.New("backup: the database holds no publication yet: nothing to back up")
	}
	if err := newEmptyDir(to); err != nil {
		return err
	}
	dbDone := true
	if err := db.BackupTo(ctx, filepath.Join(to, "masthead.db")); errors.Is(err, store.ErrBackupUnsupported) {
		dbDone = false
	} else if err != nil {
		return err
	}
	files, err := copyTree(filepath.Join(cfg.DataDir, "media"), filepath.Join(to, "media"))
	if err != nil {
		return fmt.Errorf("backup: media: %w", err)
	}
	if dbDone {
		fmt.Fprintf(stdio.Stdout, "backed up the database (schema version %d) and %d media files to %s\n", version, files, to)
		return nil
	}
	fmt.Fprintf(stdio.Stdout, "backed up %d media files to %s\nthe database is PostgreSQL: back it up with pg_dump, for example: pg_dump --format=custom --file=%s \"$MASTHEAD_DATABASE_URL\"\n",
		files, to, filepath.Join(to, "masthead.pgdump"))
	return nil
}

// newEmptyDir creates dir, or accepts it when it exists and is empty, so a
// backup never mixes with or overwrites another.
func newEmptyDir(dir string) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return os.MkdirAll(dir, 0o750)
	case err != nil:
		return fmt.Errorf("backup: %w", err)
	case len(entries) > 0:
		return fmt.Errorf("backup: %s is not empty; choose a new directory", dir)
	}
	return nil
}

// copyTree copies the regular files under src to dst and counts them. A
// missing src (no uploads yet) copies nothing.
func copyTree(src, dst string) (int, error) {
	n := 0
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && path == src {
			return filepath.SkipDir
		}
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o750)
		}
		if !d.Type().IsRegular() {
			return nil // uploads are plain files; anything else is not ours
		}
		n++
		return copyFile(path, target)
	})
	return n, err
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
