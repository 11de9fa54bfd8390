package store_test

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"testing"

	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// The same migrations must give the same schema on both engines: the same
// tables, columns with the same type (in a vocabulary common to both),
// the same nullability, and the same indexes, as each engine's catalogue
// reports them after migrating.
func TestSchemasMatchAcrossEngines(t *testing.T) {
	ctx := context.Background()
	lite, err := storetest.Open(t, storetest.SQLite).Schema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	pg, err := storetest.Open(t, storetest.Postgres).Schema(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(lite) < 10 {
		t.Fatalf("SQLite has only %d tables: the catalogue was not read", len(lite))
	}
	for _, d := range schemaDifferences(lite, pg) {
		t.Error(d)
	}
}

// schemaDifferences lists how two schemas differ. SQLite has no boolean
// type, so a PostgreSQL boolean matches an SQLite integer.
func schemaDifferences(lite, pg map[string]store.TableSchema) []string {
	var out []string
	for _, name := range union(keys(lite), keys(pg)) {
		l, inLite := lite[name]
		p, inPG := pg[name]
		if !inLite || !inPG {
			out = append(out, fmt.Sprintf("table %s: only on %s", name, map[bool]string{true: "sqlite", false: "postgres"}[inLite]))
			continue
		}
		lc, pc := map[string]store.Column{}, map[string]store.Column{}
		for _, c := range l.Columns {
			lc[c.Name] = c
		}
		for _, c := range p.Columns {
			pc[c.Name] = c
		}
		for _, col := range union(keys(lc), keys(pc)) {
			a, okA := lc[col]
			b, okB := pc[col]
			switch {
			case !okA || !okB:
				out = append(out, fmt.Sprintf("%s.%s: only on %s", name, col, map[bool]string{true: "sqlite", false: "postgres"}[okA]))
			case a.Type != b.Type && !(a.Type == "int" && b.Type == "bool"):
				out = append(out, fmt.Sprintf("%s.%s: type %s on sqlite, %s on postgres", name, col, a.Type, b.Type))
			case a.NotNull != b.NotNull:
				out = append(out, fmt.Sprintf("%s.%s: NOT NULL %v on sqlite, %v on postgres", name, col, a.NotNull, b.NotNull))
			}
		}
		li, pi := indexKeys(l.Indexes), indexKeys(p.Indexes)
		for _, k := range union(keys(li), keys(pi)) {
			if _, ok := li[k]; !ok {
				out = append(out, fmt.Sprintf("%s: index %s only on postgres", name, k))
			} else if _, ok := pi[k]; !ok {
				out = append(out, fmt.Sprintf("%s: index %s only on sqlite", name, k))
			}
		}
	}
	return out
}

// indexKeys names each index by what matters: its columns, uniqueness
// and, for indexes a migration named, the name.
func indexKeys(ix []store.Index) map[string]bool {
	out := map[string]bool{}
	for _, i := range ix {
		k := "(" + i.Columns + ")"
		if i.Unique {
			k = "UNIQUE " + k
		}
		if i.Named {
			k = i.Name + " " + k
		}
		out[k] = true
	}
	return out
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func union(a, b []string) []string {
	out := slices.Clone(a)
	for _, s := range b {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}
