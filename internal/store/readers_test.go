package store_test

import (
	"context"
	"slices"
	"sort"
	"testing"

	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// Every table that holds something about a reader must be in a reader's
// export (newsletter.Export), removed by erasure (by the foreign key, or
// kept pseudonymised as consent records are) and considered by
// PruneUnconfirmed. A table added later with a reader_id column fails this
// test until it is added to all three and to this list.
func TestReaderTablesAreExportedAndPruned(t *testing.T) {
	db := storetest.Open(t, storetest.SQLite)
	schema, err := db.Schema(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for table, ts := range schema {
		if slices.ContainsFunc(ts.Columns, func(c store.Column) bool { return c.Name == "reader_id" }) {
			got = append(got, table)
		}
	}
	sort.Strings(got)
	want := []string{"confirmations", "consent_records", "subscriptions"}
	if !slices.Equal(got, want) {
		t.Errorf("tables with a reader_id: %v; the export, erasure and pruning cover %v", got, want)
	}
}
