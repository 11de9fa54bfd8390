package store_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
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
	// sessions: a reader's sign-in sessions hold a hashed token and times;
	// erasure and pruning delete them by the foreign key, and the export
	// lists them once reader sign-in exists.
	// mail_events: cleared by the foreign key (counts stay, naming nobody)
	// and listed in the export (0025).
	want := []string{"confirmations", "consent_records", "mail_events", "sessions", "subscriptions"}
	if !slices.Equal(got, want) {
		t.Errorf("tables with a reader_id: %v; the export, erasure and pruning cover %v", got, want)
	}
}

// The consent log is append-only: no statement in the store may update or
// delete its rows (erasure clears reader_id through the foreign key).
func TestConsentRecordsAreOnlyInserted(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil || len(files) < 10 {
		t.Fatalf("store sources not found: %v %v", files, err)
	}
	bad := regexp.MustCompile(`(?i)(UPDATE\s+consent_records|DELETE\s+FROM\s+consent_records)`)
	checked := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		if loc := bad.FindIndex(b); loc != nil {
			t.Errorf("%s: %q rewrites the consent log", f, b[loc[0]:loc[1]])
		}
	}
	if checked < 10 {
		t.Fatalf("checked only %d files", checked)
	}
}
