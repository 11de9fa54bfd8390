package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"masthead/internal/content"
)

// Autosave stores a person's working copy of an article as a revision of
// kind autosave. When the article's newest revision is already an autosave
// by the same person, it is updated instead: consecutive autosaves fold
// into one row, so the list shows one per working session. It returns the
// revision's id.
func (db *DB) Autosave(ctx context.Context, articleID, userID int64, snap content.Snapshot, at time.Time) (int64, error) {
	raw, err := json.Marshal(snap)
	if err != nil {
		return 0, err
	}
	var id int64
	err = db.tx(ctx, func(tx *Tx) error {
		var lastID, lastBy int64
		var kind string
		err := tx.q.QueryRowContext(ctx, `SELECT id, COALESCE(created_by, 0), kind FROM revisions WHERE article_id = ? ORDER BY id DESC LIMIT 1`,
			articleID).Scan(&lastID, &lastBy, &kind)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: autosave %d: %w", articleID, err)
		}
		if err == nil && kind == content.RevisionAutosave && lastBy == userID {
			id = lastID
			_, err := tx.q.ExecContext(ctx, `UPDATE revisions SET snapshot = ?, created_at = ?, dismissed = ? WHERE id = ?`,
				string(raw), at.UnixMicro(), false, lastID)
			return err
		}
		id, err = insertID(ctx, tx.q, `INSERT INTO revisions (article_id, snapshot, created_by, created_at, kind) VALUES (?, ?, ?, ?, ?)`,
			articleID, string(raw), nullID(userID), at.UnixMicro(), content.RevisionAutosave)
		return err
	})
	return id, err
}

// LatestAutosave returns the newest autosave of an article by a person,
// or ErrNotFound.
func (db *DB) LatestAutosave(ctx context.Context, articleID, userID int64) (content.Revision, error) {
	return scanRevision(db.read.QueryRowContext(ctx, `SELECT `+revisionCols+` FROM revisions
		WHERE article_id = ? AND created_by = ? AND kind = ? ORDER BY id DESC LIMIT 1`, articleID, userID, content.RevisionAutosave))
}

// DismissAutosave marks a person's autosave as declined: the editor stops
// offering it, and it stays in the revisions.
func (db *DB) DismissAutosave(ctx context.Context, revisionID, userID int64) error {
	return db.execOne(ctx, `UPDATE revisions SET dismissed = ? WHERE id = ? AND created_by = ? AND kind = ?`,
		true, revisionID, userID, content.RevisionAutosave)
}

// Heartbeat records that a person has an article open at now, forgets
// everyone not seen since stale, makes the person the holder when nobody
// present holds it, and returns the holder and everyone present (oldest
// first).
func (db *DB) Heartbeat(ctx context.Context, articleID, userID int64, now, stale time.Time) (content.Holder, []content.Presence, error) {
	err := db.tx(ctx, func(tx *Tx) error {
		if _, err := tx.q.ExecContext(ctx, `DELETE FROM article_presence WHERE seen_at < ?`, stale.UnixMicro()); err != nil {
			return fmt.Errorf("store: forget stale presence: %w", err)
		}
		if _, err := tx.q.ExecContext(ctx, `INSERT INTO article_presence (article_id, user_id, since, seen_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (article_id, user_id) DO UPDATE SET seen_at = excluded.seen_at`,
			articleID, userID, now.UnixMicro(), now.UnixMicro()); err != nil {
			return fmt.Errorf("store: presence %d: %w", articleID, mapErr(err))
		}
		// Claim the article when its holder is no longer present.
		_, err := tx.q.ExecContext(ctx, `INSERT INTO article_holders (article_id, user_id, since) VALUES (?, ?, ?)
			ON CONFLICT (article_id) DO UPDATE SET user_id = excluded.user_id, since = excluded.since, previous_id = NULL, taken_at = NULL
			WHERE article_holders.user_id <> excluded.user_id AND NOT EXISTS (SELECT 1 FROM article_presence p
				WHERE p.article_id = article_holders.article_id AND p.user_id = article_holders.user_id)`,
			articleID, userID, now.UnixMicro())
		if err != nil {
			return fmt.Errorf("store: claim %d: %w", articleID, err)
		}
		return nil
	})
	if err != nil {
		return content.Holder{}, nil, err
	}
	return db.presence(ctx, articleID)
}

// TakeOver makes a person the holder of an article, remembering who held
// it before so that their editor learns of it.
func (db *DB) TakeOver(ctx context.Context, articleID, userID int64, now time.Time) (content.Holder, error) {
	_, err := db.write.ExecContext(ctx, `INSERT INTO article_holders (article_id, user_id, since) VALUES (?, ?, ?)
		ON CONFLICT (article_id) DO UPDATE SET previous_id = article_holders.user_id, taken_at = excluded.since,
			user_id = excluded.user_id, since = excluded.since
		WHERE article_holders.user_id <> excluded.user_id`, articleID, userID, now.UnixMicro())
	if err != nil {
		return content.Holder{}, fmt.Errorf("store: take over %d: %w", articleID, mapErr(err))
	}
	h, _, err := db.presence(ctx, articleID)
	return h, err
}

// LeaveArticle forgets a person's presence (their editor was closed).
func (db *DB) LeaveArticle(ctx context.Context, articleID, userID int64) error {
	_, err := db.write.ExecContext(ctx, `DELETE FROM article_presence WHERE article_id = ? AND user_id = ?`, articleID, userID)
	return err
}

// Presence returns an article's holder (zero when nobody holds it) and
// everyone seen since stale, oldest first.
func (db *DB) Presence(ctx context.Context, articleID int64, stale time.Time) (content.Holder, []content.Presence, error) {
	h, all, err := db.presence(ctx, articleID)
	var out []content.Presence
	for _, p := range all {
		if !p.SeenAt.Before(stale) {
			out = append(out, p)
		}
	}
	return h, out, err
}

func (db *DB) presence(ctx context.Context, articleID int64) (content.Holder, []content.Presence, error) {
	var h content.Holder
	var since, taken Time
	err := db.read.QueryRowContext(ctx, `SELECT user_id, since, COALESCE(previous_id, 0), taken_at FROM article_holders WHERE article_id = ?`,
		articleID).Scan(&h.UserID, &since, &h.PreviousID, &taken)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return h, nil, fmt.Errorf("store: holder %d: %w", articleID, err)
	}
	h.Since, h.TakenAt = since.T, taken.T
	ps, err := queryAll(ctx, db.read, func(sc scanner) (content.Presence, error) {
		var p content.Presence
		var since, seen Time
		err := sc.Scan(&p.UserID, &since, &seen)
		p.Since, p.SeenAt = since.T, seen.T
		return p, err
	}, `SELECT user_id, since, seen_at FROM article_presence WHERE article_id = ? ORDER BY since, user_id`, articleID)
	return h, ps, err
}

// GetPending returns a published article's pending version, or ErrNotFound.
func (db *DB) GetPending(ctx context.Context, articleID int64) (content.Pending, error) {
	p := content.Pending{ArticleID: articleID}
	var snap string
	var by sql.NullInt64
	var updated, publishAt Time
	err := db.read.QueryRowContext(ctx, `SELECT snapshot, updated_by, updated_at, publish_at FROM article_pending WHERE article_id = ?`,
		articleID).Scan(&snap, &by, &updated, &publishAt)
	if err != nil {
		return p, mapErr(err)
	}
	p.By, p.UpdatedAt, p.PublishAt = by.Int64, updated.T, publishAt.T
	if err := json.Unmarshal([]byte(snap), &p.Snapshot); err != nil {
		return p, fmt.Errorf("store: pending version of %d: %w", articleID, err)
	}
	return p, nil
}

// SavePending stores a pending version, and records it as a revision of
// kind pending so that no staged edit is lost when another replaces it.
// prev is the UpdatedAt of the
// pending version the writer started from, zero when there was none: a
// pending version saved in between makes it content.ErrStale, so two
// writers cannot silently overwrite each other's staged edit.
func (tx *Tx) SavePending(ctx context.Context, p content.Pending, prev time.Time) error {
	raw, err := json.Marshal(p.Snapshot)
	if err != nil {
		return err
	}
	var res sql.Result
	if prev.IsZero() {
		res, err = tx.q.ExecContext(ctx, `INSERT INTO article_pending (article_id, snapshot, updated_by, updated_at, publish_at)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT (article_id) DO NOTHING`,
			p.ArticleID, string(raw), nullID(p.By), p.UpdatedAt.UnixMicro(), unixTime(p.PublishAt))
	} else {
		res, err = tx.q.ExecContext(ctx, `UPDATE article_pending SET snapshot = ?, updated_by = ?, updated_at = ?, publish_at = ?
			WHERE article_id = ? AND updated_at = ?`,
			string(raw), nullID(p.By), p.UpdatedAt.UnixMicro(), unixTime(p.PublishAt), p.ArticleID, prev.UnixMicro())
	}
	if err != nil {
		return fmt.Errorf("store: pending version of %d: %w", p.ArticleID, mapErr(err))
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return content.ErrStale
	}
	return insertRevision(ctx, tx, p.ArticleID, string(raw), p.By, p.UpdatedAt, content.RevisionPending)
}

// DeletePending drops an article's pending version, if it has one.
func (tx *Tx) DeletePending(ctx context.Context, articleID int64) error {
	_, err := tx.q.ExecContext(ctx, `DELETE FROM article_pending WHERE article_id = ?`, articleID)
	return err
}
