package store_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"masthead/internal/content"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// The row helper returns a scan's error and releases the connection: on
// SQLite the writer is one connection, and rows left open would hold it
// until the process ends.
func TestRowHelperReturnsScanErrorsAndReleasesTheConnection(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var want []int64
		for _, slug := range []string{"a", "b", "c"} {
			id, err := db.SaveSection(ctx, content.Section{Slug: slug, Name: slug})
			if err != nil {
				t.Fatal(err)
			}
			want = append(want, id)
		}
		const q = `SELECT id FROM sections ORDER BY id`
		if ids, err := db.WriterIDs(ctx, q, 2); !errors.Is(err, store.ErrScanStop) || ids != nil {
			t.Fatalf("scan failing at row 2: %v, %v; want the scan's error and no rows", ids, err)
		}
		next, cancel := context.WithTimeout(ctx, 3*time.Second)
		defer cancel()
		if ids, err := db.WriterIDs(next, q, 0); err != nil || !reflect.DeepEqual(ids, want) {
			t.Fatalf("next query on the same connection: %v, %v; want %v", ids, err, want)
		}
	})
}
