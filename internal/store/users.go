package store

import (
	"context"
	"fmt"
	"time"

	"masthead/internal/auth"
)

const userCols = `u.id, u.email, u.name, u.role, u.password_hash, COALESCE(u.author_id, 0), u.created_at, u.disabled_at`

func scanUser(sc scanner) (auth.User, error) {
	var u auth.User
	var role string
	var created, disabled Time
	if err := sc.Scan(&u.ID, &u.Email, &u.Name, &role, &u.PasswordHash, &u.AuthorID, &created, &disabled); err != nil {
		return u, mapErr(err)
	}
	u.Role, u.CreatedAt, u.DisabledAt = auth.Role(role), created.T, disabled.T
	return u, nil
}

// CreateUser inserts a staff account; a taken email is ErrConflict.
func (db *DB) CreateUser(ctx context.Context, u auth.User) (int64, error) {
	now := db.Now().UnixMicro()
	return insertID(ctx, db.write, `INSERT INTO users (email, name, role, password_hash, author_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		u.Email, u.Name, string(u.Role), u.PasswordHash, nullID(u.AuthorID), now, now)
}

// CreateFirstUser inserts u only while no user exists, atomically, so two
// racing set-up forms cannot both create an administrator.
func (db *DB) CreateFirstUser(ctx context.Context, u auth.User) (int64, error) {
	var id int64
	err := db.tx(ctx, func(tx *Tx) error {
		if db.dialect == Postgres {
			if _, err := tx.q.ExecContext(ctx, `LOCK TABLE users IN EXCLUSIVE MODE`); err != nil {
				return err
			}
		}
		var n int
		if err := tx.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return ErrConflict
		}
		var err error
		now := db.Now().UnixMicro()
		id, err = insertID(ctx, tx.q, `INSERT INTO users (email, name, role, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
			u.Email, u.Name, string(u.Role), u.PasswordHash, now, now)
		return err
	})
	return id, err
}

func (db *DB) GetUser(ctx context.Context, id int64) (auth.User, error) {
	return scanUser(db.read.QueryRowContext(ctx, `SELECT `+userCols+` FROM users u WHERE u.id = ?`, id))
}

func (db *DB) GetUserByEmail(ctx context.Context, email string) (auth.User, error) {
	return scanUser(db.read.QueryRowContext(ctx, `SELECT `+userCols+` FROM users u WHERE LOWER(u.email) = LOWER(?)`, email))
}

func (db *DB) ListUsers(ctx context.Context) ([]auth.User, error) {
	out, err := queryAll(ctx, db.read, scanUser, `SELECT `+userCols+` FROM users u ORDER BY u.name`)
	if err != nil {
		return nil, fmt.Errorf("store: list users: %w", err)
	}
	return out, nil
}

func (db *DB) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n)
	return n, err
}

// UpdateUser saves name, role and byline.
func (db *DB) UpdateUser(ctx context.Context, u auth.User) error {
	return db.execOne(ctx, `UPDATE users SET name = ?, role = ?, author_id = ?, updated_at = ? WHERE id = ?`,
		u.Name, string(u.Role), nullID(u.AuthorID), db.Now().UnixMicro(), u.ID)
}

// SetAccess removes a staff member's access (at a non-zero disabled time),
// signing them out everywhere and voiding their reset links, or restores it
// (at the zero time).
func (db *DB) SetAccess(ctx context.Context, userID int64, disabled time.Time) error {
	return db.tx(ctx, func(tx *Tx) error {
		res, err := tx.q.ExecContext(ctx, `UPDATE users SET disabled_at = ?, updated_at = ? WHERE id = ?`, unixTime(disabled), db.Now().UnixMicro(), userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		if disabled.IsZero() {
			return nil
		}
		if _, err := tx.q.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID); err != nil {
			return err
		}
		_, err = tx.q.ExecContext(ctx, `DELETE FROM tokens WHERE user_id = ? AND purpose = 'reset'`, userID)
		return err
	})
}

// SetPassword replaces a password hash and signs the user out everywhere.
func (db *DB) SetPassword(ctx context.Context, userID int64, hash string) error {
	return db.tx(ctx, func(tx *Tx) error {
		res, err := tx.q.ExecContext(ctx, `UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?`, hash, db.Now().UnixMicro(), userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		_, err = tx.q.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID)
		return err
	})
}

// CreateSession stores a new staff session (kind staff, decision 0017).
func (db *DB) CreateSession(ctx context.Context, tokenHash string, userID int64, csrf string, expires time.Time) error {
	_, err := db.write.ExecContext(ctx, `INSERT INTO sessions (token_hash, kind, user_id, csrf_token, created_at, expires_at) VALUES (?, 'staff', ?, ?, ?, ?)`,
		tokenHash, userID, csrf, db.Now().UnixMicro(), expires.UnixMicro())
	return mapErr(err)
}

// GetSession loads an unexpired staff session and its user; a reader's
// session with the same token is not found.
func (db *DB) GetSession(ctx context.Context, tokenHash string, now time.Time) (auth.Session, error) {
	var s auth.Session
	var exp Time
	u, err := scanUser(extraScanner{db.read.QueryRowContext(ctx, `SELECT `+userCols+`, s.csrf_token, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.token_hash = ? AND s.kind = 'staff' AND s.expires_at > ? AND u.disabled_at IS NULL`, tokenHash, now.UnixMicro()), []any{&s.CSRFToken, &exp}})
	if err != nil {
		return s, err
	}
	s.TokenHash, s.User, s.ExpiresAt = tokenHash, u, exp.T
	return s, nil
}

// ExtendSession moves an unexpired session's end to expires.
func (db *DB) ExtendSession(ctx context.Context, tokenHash string, expires time.Time) error {
	_, err := db.write.ExecContext(ctx, `UPDATE sessions SET expires_at = ? WHERE token_hash = ? AND kind = 'staff'`, expires.UnixMicro(), tokenHash)
	return err
}

// PruneSignIns deletes sessions that ended before now, emailed links a day
// after they ended, limit counters whose window began over a day ago, and
// remembered browsers whose time ran out.
func (db *DB) PruneSignIns(ctx context.Context, now time.Time) error {
	day := now.Add(-24 * time.Hour).UnixMicro()
	return db.tx(ctx, func(tx *Tx) error {
		for _, q := range []struct {
			sql string
			at  int64
		}{
			{`DELETE FROM sessions WHERE expires_at <= ?`, now.UnixMicro()},
			{`DELETE FROM tokens WHERE expires_at < ?`, day},
			{`DELETE FROM rate_limits WHERE window_start < ?`, day},
			{`DELETE FROM login_devices WHERE expires_at <= ?`, now.UnixMicro()},
		} {
			if _, err := tx.q.ExecContext(ctx, q.sql, q.at); err != nil {
				return err
			}
		}
		return nil
	})
}

// DeleteSession signs one browser out.
func (db *DB) DeleteSession(ctx context.Context, tokenHash string) error {
	_, err := db.write.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ? AND kind = 'staff'`, tokenHash)
	return err
}

// CreateToken stores a single-use token.
func (db *DB) CreateToken(ctx context.Context, t auth.Token) error {
	_, err := db.write.ExecContext(ctx, `INSERT INTO tokens (token_hash, purpose, user_id, email, role, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		t.TokenHash, t.Purpose, nullID(t.UserID), t.Email, string(t.Role), nullID(t.CreatedBy), db.Now().UnixMicro(), t.ExpiresAt.UnixMicro())
	return mapErr(err)
}

// PeekToken loads an unused, unexpired token without using it.
func (db *DB) PeekToken(ctx context.Context, tokenHash, purpose string, now time.Time) (auth.Token, error) {
	var t auth.Token
	var role string
	var exp Time
	err := db.read.QueryRowContext(ctx, `SELECT token_hash, purpose, COALESCE(user_id, 0), email, role, COALESCE(created_by, 0), expires_at FROM tokens
		WHERE token_hash = ? AND purpose = ? AND used_at IS NULL AND expires_at > ?`, tokenHash, purpose, now.UnixMicro()).
		Scan(&t.TokenHash, &t.Purpose, &t.UserID, &t.Email, &role, &t.CreatedBy, &exp)
	t.Role, t.ExpiresAt = auth.Role(role), exp.T
	return t, mapErr(err)
}

// UseToken marks a token used, and runs fn in the same transaction; a token
// already used or expired gives ErrNotFound, so a link works once.
func (db *DB) UseToken(ctx context.Context, tokenHash, purpose string, now time.Time, fn func(tx *Tx) error) error {
	return db.tx(ctx, func(tx *Tx) error {
		res, err := tx.q.ExecContext(ctx, `UPDATE tokens SET used_at = ? WHERE token_hash = ? AND purpose = ? AND used_at IS NULL AND expires_at > ?`,
			now.UnixMicro(), tokenHash, purpose, now.UnixMicro())
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return ErrNotFound
		}
		return fn(tx)
	})
}

// ResetPassword uses a reset token and sets the new password hash at once.
func (db *DB) ResetPassword(ctx context.Context, tokenHash string, userID int64, hash string, now time.Time) error {
	return db.UseToken(ctx, tokenHash, "reset", now, func(tx *Tx) error {
		if _, err := tx.q.ExecContext(ctx, `UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?`, hash, now.UnixMicro(), userID); err != nil {
			return err
		}
		_, err := tx.q.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID)
		return err
	})
}

// AcceptInvite uses an invitation token and creates the invited user.
func (db *DB) AcceptInvite(ctx context.Context, tokenHash string, u auth.User, now time.Time) (int64, error) {
	var id int64
	err := db.UseToken(ctx, tokenHash, "invite", now, func(tx *Tx) error {
		var err error
		id, err = insertID(ctx, tx.q, `INSERT INTO users (email, name, role, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
			u.Email, u.Name, string(u.Role), u.PasswordHash, now.UnixMicro(), now.UnixMicro())
		return err
	})
	return id, err
}

// ListInvitations lists the newest unused invitation of each address that
// has no account, newest first; expired ones are included.
func (db *DB) ListInvitations(ctx context.Context) ([]auth.Invitation, error) {
	all, err := queryAll(ctx, db.read, func(sc scanner) (auth.Invitation, error) {
		var inv auth.Invitation
		var role string
		var created, expires Time
		err := sc.Scan(&inv.Email, &role, &inv.InvitedByID, &inv.InvitedBy, &created, &expires)
		inv.Role, inv.CreatedAt, inv.ExpiresAt = auth.Role(role), created.T, expires.T
		return inv, err
	}, `SELECT t.email, t.role, COALESCE(t.created_by, 0), COALESCE(u.name, ''), t.created_at, t.expires_at
		FROM tokens t LEFT JOIN users u ON u.id = t.created_by
		WHERE t.purpose = 'invite' AND t.used_at IS NULL
		AND NOT EXISTS (SELECT 1 FROM users m WHERE m.email = t.email)
		ORDER BY t.created_at DESC, t.token_hash`)
	if err != nil {
		return nil, fmt.Errorf("store: list invitations: %w", err)
	}
	seen := map[string]bool{}
	var out []auth.Invitation
	for _, inv := range all {
		if !seen[inv.Email] {
			seen[inv.Email] = true
			out = append(out, inv)
		}
	}
	return out, nil
}

// WithdrawInvitations marks every unused invitation of email used, so its
// links stop working, and returns how many there were.
func (db *DB) WithdrawInvitations(ctx context.Context, email string, now time.Time) (int, error) {
	res, err := db.write.ExecContext(ctx, `UPDATE tokens SET used_at = ? WHERE purpose = 'invite' AND email = ? AND used_at IS NULL`, now.UnixMicro(), email)
	if err != nil {
		return 0, fmt.Errorf("store: withdraw invitations: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}
