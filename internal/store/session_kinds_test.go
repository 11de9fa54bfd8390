package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"masthead/internal/auth"
	"masthead/internal/newsletter"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// A session row says whose it is, and each kind's queries find only their
// own: a reader's token is no staff session, and the reverse (decision
// 0017).
func TestSessionsKeepTheirKind(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Now()
		uid, err := db.CreateUser(ctx, auth.User{Email: "ed@example.org", Name: "Ed", Role: auth.RoleEditor, PasswordHash: "h"})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.CreateSession(ctx, "staff-tok", uid, "csrf-s", now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		rid, _, err := db.AddSubscriptions(ctx, newsletter.AddRequest{Address: newsletter.Address{Email: "ann@example.org", Key: "ann@example.org"},
			SubjectHash: "ann-hash", NewUID: "ann-uid", At: now})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.CreateReaderSession(ctx, "reader-tok", rid, "csrf-r", now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if _, err := db.GetSession(ctx, "reader-tok", now); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("a reader's token loaded as a staff session: %v", err)
		}
		if _, _, _, err := db.ReaderSession(ctx, "staff-tok", now); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("a staff token loaded as a reader session: %v", err)
		}
		id, csrf, exp, err := db.ReaderSession(ctx, "reader-tok", now)
		if err != nil || id != rid || csrf != "csrf-r" || !exp.Equal(now.Add(time.Hour).Truncate(time.Microsecond)) {
			t.Fatalf("reader session: %d %q %v %v", id, csrf, exp, err)
		}
		if s, err := db.GetSession(ctx, "staff-tok", now); err != nil || s.User.ID != uid {
			t.Fatalf("staff session: %+v %v", s, err)
		}
		// Signing out of one kind cannot end the other's session.
		if err := db.DeleteSession(ctx, "reader-tok"); err != nil {
			t.Fatal(err)
		}
		if _, _, _, err := db.ReaderSession(ctx, "reader-tok", now); err != nil {
			t.Fatalf("a staff sign-out ended a reader session: %v", err)
		}
		if err := db.DeleteReaderSession(ctx, "staff-tok"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.GetSession(ctx, "staff-tok", now); err != nil {
			t.Fatalf("a reader sign-out ended a staff session: %v", err)
		}
		if err := db.DeleteReaderSession(ctx, "reader-tok"); err != nil {
			t.Fatal(err)
		}
		if _, _, _, err := db.ReaderSession(ctx, "reader-tok", now); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("reader sign-out: %v", err)
		}
		// A row is one kind or the other, never both or neither.
		for _, bad := range []string{
			`INSERT INTO sessions (token_hash, kind, user_id, reader_id, csrf_token, created_at, expires_at) VALUES ('both', 'staff', ?, 7, 'c', 0, 0)`,
			`INSERT INTO sessions (token_hash, kind, user_id, reader_id, csrf_token, created_at, expires_at) VALUES ('none', 'reader', ?, NULL, 'c', 0, 0)`,
			`INSERT INTO sessions (token_hash, kind, user_id, reader_id, csrf_token, created_at, expires_at) VALUES ('other', 'robot', ?, NULL, 'c', 0, 0)`,
		} {
			if err := db.Write(ctx, bad, uid); err == nil {
				t.Errorf("stored a session row that is not one kind: %s", bad)
			}
		}
	})
}

// Upgrading to the schema with session kinds keeps staff signed in.
func TestSessionKindsMigrationKeepsStaffSignedIn(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			ctx := context.Background()
			db, err := store.Open(ctx, storetest.URL(t, e), "")
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if _, err := db.MigrateTo(ctx, 7); err != nil {
				t.Fatal(err)
			}
			now := time.Now()
			uid, err := db.CreateUser(ctx, auth.User{Email: "ed@example.org", Name: "Ed", Role: auth.RoleEditor, PasswordHash: "h"})
			if err != nil {
				t.Fatal(err)
			}
			if err := db.Write(ctx, `INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES ('old', ?, 'c', ?, ?)`,
				uid, now.UnixMicro(), now.Add(time.Hour).UnixMicro()); err != nil {
				t.Fatal(err)
			}
			if _, err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			s, err := db.GetSession(ctx, "old", now)
			if err != nil || s.User.ID != uid || s.CSRFToken != "c" {
				t.Fatalf("session from before the migration: %+v, %v", s, err)
			}
			if _, _, _, err := db.ReaderSession(ctx, "old", now); !errors.Is(err, store.ErrNotFound) {
				t.Fatalf("a staff session became a reader's: %v", err)
			}
		})
	}
}
