package store_test

import (
	"context"
	"testing"
	"time"

	"masthead/internal/content"
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

// A panic inside a transaction (recovered further up, as the HTTP layer
// does) rolls it back and frees the writer for the next write.
func TestPanicInTransactionRollsBack(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		sec, au := seedTaxonomy(t, db)
		func() {
			defer func() { _ = recover() }()
			_ = db.InTx(ctx, func(tx content.Tx) error {
				if _, err := tx.CreateArticle(ctx, newArticle("half-done", sec, au, time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))); err != nil {
					t.Error(err)
				}
				panic("handler bug")
			})
		}()
		next, cancel := context.WithTimeout(ctx, 3*time.Second)
		defer cancel()
		if _, err := db.SaveSection(next, content.Section{Slug: "after", Name: "After"}); err != nil {
			t.Fatalf("write after the panic: %v", err)
		}
		if _, err := db.GetArticleBySlug(ctx, "half-done"); err == nil {
			t.Error("the article written before the panic was kept")
		}
	})
}
