package store_test

import (
	"context"
	"testing"

	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

func TestRebind(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`SELECT 1`, `SELECT 1`},
		{`a = ? AND b IN (?, ?)`, `a = $1 AND b IN ($2, $3)`},
		{`x = 'why?' AND y = ?`, `x = 'why?' AND y = $1`},
		{`x = 'it''s?' AND y = ?`, `x = 'it''s?' AND y = $1`},
		{`"odd?col" = ?`, `"odd?col" = $1`},
		{"a = ? -- really?\nAND b = ?", "a = $1 -- really?\nAND b = $2"},
		{`a = ? /* maybe? */ AND b = ?`, `a = $1 /* maybe? */ AND b = $2`},
		{`x = 'open?`, `x = 'open?`},
		{`a = ? -- end?`, `a = $1 -- end?`},
	} {
		if got := store.Rebind(c.in); got != c.want {
			t.Errorf("rebind(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// Store code writes ? and nothing else; a query that reaches PostgreSQL
// with ? in it fails there only, so the rewrite happens for every query
// that goes through the store's connections.
func TestPlaceholdersWorkOnBothEngines(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		sec, au := seedTaxonomy(t, db)
		if n, err := db.ReadInt(ctx, `SELECT COUNT(*) FROM sections WHERE id = ? AND slug <> ?`, sec, "other"); err != nil || n != 1 {
			t.Errorf("count = %d, %v; want 1", n, err)
		}
		// A ? inside a string literal is text, not a placeholder.
		if n, err := db.ReadInt(ctx, `SELECT COUNT(*) FROM authors WHERE name <> 'who?' AND id = ?`, au); err != nil || n != 1 {
			t.Errorf("count with a literal question mark = %d, %v; want 1", n, err)
		}
		// The second run of a query comes from the rewrite cache.
		for range 2 {
			if n, err := db.ReadInt(ctx, `SELECT COUNT(*) FROM sections WHERE id = ?`, sec); err != nil || n != 1 {
				t.Errorf("count = %d, %v; want 1", n, err)
			}
		}
	})
}

func BenchmarkRebind(b *testing.B) {
	const q = `SELECT a.id, a.slug FROM articles a JOIN sections s ON s.id = a.section_id WHERE a.slug = ? AND a.status = 'published'`
	b.Run("build", func(b *testing.B) {
		for b.Loop() {
			_ = store.Rebind(q)
		}
	})
	b.Run("cached", func(b *testing.B) {
		rewrite := store.CachedRebind()
		for b.Loop() {
			_ = rewrite(q)
		}
	})
}
