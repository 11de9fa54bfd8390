package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// keyedRow is a row of one of the tables whose text primary key 0001 left
// nullable on SQLite; nil stands for NULL.
type keyedRow struct {
	table string
	cols  []string
	vals  []any
}

func (r keyedRow) insert() string {
	return fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", r.table, strings.Join(r.cols, ", "), strings.TrimSuffix(strings.Repeat("?, ", len(r.cols)), ", "))
}

// match counts the rows equal to r in every column.
func (r keyedRow) match() (string, []any) {
	var where []string
	var args []any
	for i, c := range r.cols {
		if r.vals[i] == nil {
			where = append(where, c+" IS NULL")
			continue
		}
		where = append(where, c+" = ?")
		args = append(args, r.vals[i])
	}
	return "SELECT COUNT(*) FROM " + r.table + " WHERE " + strings.Join(where, " AND "), args
}

// Migration 0006 rebuilds sessions, tokens, settings and slug_redirects on
// SQLite to make their keys NOT NULL: a database at 0005 keeps every row,
// index and foreign key, and a NULL key is refused afterwards. On
// PostgreSQL 0006 changes nothing, and the same rows must come through.
func TestTextKeysBecomeNotNullKeepingRows(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			ctx := context.Background()
			db, err := store.Open(ctx, storetest.URL(t, e), "")
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if _, err := db.MigrateTo(ctx, 5); err != nil {
				t.Fatal(err)
			}
			exec := func(q string, args ...any) {
				t.Helper()
				if err := db.Write(ctx, q, args...); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			exec(`INSERT INTO users (id, email, name, role, password_hash, created_at, updated_at) VALUES (7, 'ed@example.com', 'Ed', 'editor', 'x', 1, 1)`)
			exec(`INSERT INTO users (id, email, name, role, password_hash, created_at, updated_at) VALUES (8, 'al@example.com', 'Al', 'writer', 'x', 1, 1)`)
			exec(`INSERT INTO sections (id, slug, name) VALUES (3, 'news', 'News')`)
			exec(`INSERT INTO articles (id, slug, headline, section_id, status, created_at, updated_at) VALUES (11, 'now', 'Now', 3, 'published', 1, 1)`)
			exec(`INSERT INTO articles (id, slug, headline, section_id, status, created_at, updated_at) VALUES (12, 'then', 'Then', 3, 'draft', 1, 1)`)
			rows := []keyedRow{
				{"sessions", []string{"token_hash", "user_id", "csrf_token", "created_at", "expires_at"}, []any{"s1", 7, "c1", 100, 200}},
				{"sessions", []string{"token_hash", "user_id", "csrf_token", "created_at", "expires_at"}, []any{"s2", 8, "c2", 101, 201}},
				{"tokens", []string{"token_hash", "purpose", "user_id", "email", "role", "created_by", "created_at", "expires_at", "used_at"}, []any{"t1", "invite", nil, "new@example.com", "writer", 7, 300, 400, nil}},
				{"tokens", []string{"token_hash", "purpose", "user_id", "email", "role", "created_by", "created_at", "expires_at", "used_at"}, []any{"t2", "reset", 8, "al@example.com", "", nil, 301, 401, 350}},
				{"settings", []string{"key", "value"}, []any{"site_name", "The Weekly"}},
				{"settings", []string{"key", "value"}, []any{"empty", ""}},
				{"slug_redirects", []string{"old_slug", "article_id"}, []any{"old-now", 11}},
				{"slug_redirects", []string{"old_slug", "article_id"}, []any{"old-then", 12}},
			}
			for _, r := range rows {
				exec(r.insert(), r.vals...)
			}
			nullKey := map[string]string{
				"sessions":       `INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES (NULL, 7, 'c', 1, 2)`,
				"tokens":         `INSERT INTO tokens (token_hash, purpose, email, created_at, expires_at) VALUES (NULL, 'reset', 'x@example.com', 1, 2)`,
				"settings":       `INSERT INTO settings (key, value) VALUES (NULL, 'v')`,
				"slug_redirects": `INSERT INTO slug_redirects (old_slug, article_id) VALUES (NULL, 11)`,
			}
			if e == storetest.SQLite {
				// What the quirk allowed: rows nothing can look up.
				for _, q := range nullKey {
					exec(q)
				}
			}

			later := 0 // migrations after 5 (numbers may have gaps while parallel work merges)
			ms, err := store.Migrations(db.Dialect())
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range ms {
				if m.Version > 5 {
					later++
				}
			}
			if n, err := db.Migrate(ctx); err != nil || n != later {
				t.Fatalf("migrating from 5: %d applied, %v; want %d", n, err, later)
			}
			for _, r := range rows {
				q, args := r.match()
				if n, err := db.ReadInt(ctx, q, args...); err != nil || n != 1 {
					t.Errorf("%s row %v: %d found (%v), want 1", r.table, r.vals, n, err)
				}
			}
			for table := range nullKey {
				if n, err := db.ReadInt(ctx, `SELECT COUNT(*) FROM `+table); err != nil || n != 2 {
					t.Errorf("%s holds %d rows (%v), want the 2 with a key", table, n, err)
				}
			}
			// Sessions name their kind since 0008.
			nullKey["sessions"] = `INSERT INTO sessions (token_hash, kind, user_id, csrf_token, created_at, expires_at) VALUES (NULL, 'staff', 7, 'c', 1, 2)`
			for table, q := range nullKey {
				if err := db.Write(ctx, q); err == nil {
					t.Errorf("%s accepted a NULL key after 0006", table)
				}
			}

			// Defaults, indexes and foreign keys came through the rebuild.
			if err := db.Write(ctx, `INSERT INTO tokens (token_hash, purpose, email, created_at, expires_at) VALUES ('t3', 'reset', 'ed@example.com', 1, 2)`); err != nil {
				t.Errorf("tokens.role lost its default: %v", err)
			} else if n, err := db.ReadInt(ctx, `SELECT COUNT(*) FROM tokens WHERE token_hash = 't3' AND role = ''`); err != nil || n != 1 {
				t.Errorf("tokens.role lost its default: %d, %v", n, err)
			}
			schema, err := db.Schema(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if ix := schema["sessions"].Indexes; !hasIndex(ix, "sessions_user", "user_id") {
				t.Errorf("sessions indexes after 0006: %+v, want sessions_user on user_id", ix)
			}
			if err := db.Write(ctx, `INSERT INTO sessions (token_hash, kind, user_id, csrf_token, created_at, expires_at) VALUES ('s9', 'staff', 999, 'c', 1, 2)`); err == nil {
				t.Error("a session for a user that does not exist was accepted")
			}
			if err := db.Write(ctx, `INSERT INTO slug_redirects (old_slug, article_id) VALUES ('gone', 999)`); err == nil {
				t.Error("a redirect to an article that does not exist was accepted")
			}
			exec(`DELETE FROM users WHERE id = 8`)
			exec(`DELETE FROM articles WHERE id = 12`)
			for q, want := range map[string]int64{
				`SELECT COUNT(*) FROM sessions`:       1,
				`SELECT COUNT(*) FROM slug_redirects`: 1,
			} {
				if n, err := db.ReadInt(ctx, q); err != nil || n != want {
					t.Errorf("%s after deleting a user and an article: %d (%v), want %d (ON DELETE CASCADE)", q, n, err, want)
				}
			}
			if e == storetest.SQLite {
				for _, q := range []string{
					`SELECT COUNT(*) FROM pragma_foreign_key_check`,
					`SELECT COUNT(*) FROM pragma_integrity_check WHERE integrity_check <> 'ok'`,
				} {
					if n, err := db.ReadInt(ctx, q); err != nil || n != 0 {
						t.Errorf("%s: %d (%v), want 0", q, n, err)
					}
				}
			}
		})
	}
}

func hasIndex(ix []store.Index, name, cols string) bool {
	for _, i := range ix {
		if i.Name == name && i.Columns == cols {
			return true
		}
	}
	return false
}
