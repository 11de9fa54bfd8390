package store

import (
	"context"
	"time"
)

// Reader sessions share the sessions table with staff sessions, told apart
// by kind (migration 0008, decision 0017); every query of either names its
// kind, so a token of one kind is never found as the other. Passwordless
// reader sign-in, which creates them, comes with a later issue.

// CreateReaderSession stores a reader's session.
func (db *DB) CreateReaderSession(ctx context.Context, tokenHash string, readerID int64, csrf string, expires time.Time) error {
	_, err := db.write.ExecContext(ctx, `INSERT INTO sessions (token_hash, kind, reader_id, csrf_token, created_at, expires_at) VALUES (?, 'reader', ?, ?, ?, ?)`,
		tokenHash, readerID, csrf, db.Now().UnixMicro(), expires.UnixMicro())
	return mapErr(err)
}

// ReaderSession loads an unexpired reader session: whose it is, its form
// token and when it ends.
func (db *DB) ReaderSession(ctx context.Context, tokenHash string, now time.Time) (readerID int64, csrf string, expires time.Time, err error) {
	var exp Time
	err = db.read.QueryRowContext(ctx, `SELECT reader_id, csrf_token, expires_at FROM sessions WHERE token_hash = ? AND kind = 'reader' AND expires_at > ?`,
		tokenHash, now.UnixMicro()).Scan(&readerID, &csrf, &exp)
	return readerID, csrf, exp.T, mapErr(err)
}

// DeleteReaderSession signs one reader's browser out.
func (db *DB) DeleteReaderSession(ctx context.Context, tokenHash string) error {
	_, err := db.write.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ? AND kind = 'reader'`, tokenHash)
	return err
}
