package store

import (
	"context"
	"fmt"
	"time"
)

// TakeAttempt counts one attempt under key and returns how many the key's
// current window holds, this one included. A window starts with the first
// attempt after the previous one ended and lasts window. It is one
// statement, so parallel callers each see a different count on both
// engines: PostgreSQL locks the conflicting row, SQLite has one writer.
func (db *DB) TakeAttempt(ctx context.Context, key string, now time.Time, window time.Duration) (int, error) {
	ended := now.Add(-window).UnixMicro()
	var n int
	err := db.write.QueryRowContext(ctx, `INSERT INTO rate_limits (key, hits, window_start) VALUES (?, 1, ?)
		ON CONFLICT (key) DO UPDATE SET
			hits = CASE WHEN rate_limits.window_start <= ? THEN 1 ELSE rate_limits.hits + 1 END,
			window_start = CASE WHEN rate_limits.window_start <= ? THEN excluded.window_start ELSE rate_limits.window_start END
		RETURNING hits`, key, now.UnixMicro(), ended, ended).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: take attempt: %w", err)
	}
	return n, nil
}

// ReturnAttempt gives back one attempt taken under key (it turned out not
// to be a failure).
func (db *DB) ReturnAttempt(ctx context.Context, key string) error {
	_, err := db.write.ExecContext(ctx, `UPDATE rate_limits SET hits = hits - 1 WHERE key = ? AND hits > 0`, key)
	return err
}

// ClearAttempts forgets key's attempts after a good sign-in.
func (db *DB) ClearAttempts(ctx context.Context, key string) error {
	_, err := db.write.ExecContext(ctx, `DELETE FROM rate_limits WHERE key = ?`, key)
	return err
}

// SaveDevice remembers a browser that signed in to userID, until expires.
func (db *DB) SaveDevice(ctx context.Context, tokenHash string, userID int64, expires time.Time) error {
	_, err := db.write.ExecContext(ctx, `INSERT INTO login_devices (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (token_hash) DO UPDATE SET expires_at = excluded.expires_at`,
		tokenHash, userID, db.Now().UnixMicro(), expires.UnixMicro())
	return mapErr(err)
}

// DeviceUser returns the account an unexpired device token belongs to.
func (db *DB) DeviceUser(ctx context.Context, tokenHash string, now time.Time) (int64, error) {
	var id int64
	err := db.read.QueryRowContext(ctx, `SELECT user_id FROM login_devices WHERE token_hash = ? AND expires_at > ?`,
		tokenHash, now.UnixMicro()).Scan(&id)
	return id, mapErr(err)
}
