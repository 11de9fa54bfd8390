package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// The readiness probe reads the schema version every few seconds; it must
// change nothing, even on a database nobody has migrated yet.
func TestSchemaVersionOfAnEmptyDatabaseWritesNothing(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			ctx := context.Background()
			db, err := store.Open(ctx, storetest.URL(t, e), "")
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if v, err := db.SchemaVersion(ctx); err != nil || v != 0 {
				t.Fatalf("empty database: version %d, %v; want 0", v, err)
			}
			if err := db.CheckCurrent(ctx); err == nil {
				t.Fatal("an empty database passed as current")
			}
			if tables, err := db.TableNames(ctx); err != nil || len(tables) != 0 {
				t.Fatalf("reading the version created tables %v (%v)", tables, err)
			}
			if _, err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			if tables, _ := db.TableNames(ctx); !slices.Contains(tables, "schema_migrations") {
				t.Fatalf("after migrating, tables %v", tables)
			}
			if v, err := db.SchemaVersion(ctx); err != nil || v != db.LatestVersion() {
				t.Fatalf("migrated database: version %d, %v; want %d", v, err, db.LatestVersion())
			}
		})
	}
}

// A long write (a big import, a backup) holds SQLite's one writer
// connection; readiness must still answer rather than queue behind it.
func TestReadinessDoesNotWaitForTheWriter(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		release, err := db.HoldWriter(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer release()
		probe, cancel := context.WithTimeout(ctx, 3*time.Second)
		defer cancel()
		if err := db.Ping(probe); err != nil {
			t.Fatalf("ping while a write is open: %v", err)
		}
		if err := db.CheckCurrent(probe); err != nil {
			t.Fatalf("schema check while a write is open: %v", err)
		}
	})
}
