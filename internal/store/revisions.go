package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"masthead/internal/content"
)

// insertRevision records a revision of an article, unless it would repeat
// the article's newest revision other than an autosave: same kind, same
// snapshot. A save that changed nothing leaves no row (decision 0047),
// so six saves of one text are one revision, not six identical ones. An
// autosave in between does not count: the save is compared with the
// revision before it that was stored for good.
func insertRevision(ctx context.Context, tx *Tx, articleID int64, snapshot string, by int64, at time.Time, kind string) error {
	var lastKind, lastSnap string
	err := tx.q.QueryRowContext(ctx, `SELECT kind, snapshot FROM revisions WHERE article_id = ? AND kind <> ? ORDER BY id DESC LIMIT 1`,
		articleID, content.RevisionAutosave).Scan(&lastKind, &lastSnap)
	if err == nil && lastKind == kind && lastSnap == snapshot {
		return nil
	} else if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("store: newest revision of %d: %w", articleID, err)
	}
	if _, err := tx.q.ExecContext(ctx, `INSERT INTO revisions (article_id, snapshot, created_by, created_at, kind) VALUES (?, ?, ?, ?, ?)`,
		articleID, snapshot, nullID(by), unixTime(at), kind); err != nil {
		return fmt.Errorf("store: revision of %d: %w", articleID, err)
	}
	return nil
}

// RevisionsPage returns up to limit revisions of an article, newest
// first, older than the revision before (0: from the newest): one page of
// the revisions list, which for a long-lived article has hundreds.
func (db *DB) RevisionsPage(ctx context.Context, articleID, before int64, limit int) ([]content.Revision, error) {
	if before <= 0 {
		before = 1<<63 - 1
	}
	out, err := queryAll(ctx, db.read, scanRevision, `SELECT `+revisionCols+` FROM revisions
		WHERE article_id = ? AND id < ? ORDER BY id DESC LIMIT ?`, articleID, before, limit)
	if err != nil {
		return nil, fmt.Errorf("store: revisions of %d: %w", articleID, err)
	}
	return out, nil
}

// StoredRevisionBefore returns an article's newest revision older than
// the revision id that is not an autosave, the one a revision is compared
// with; ErrNotFound when there is none.
func (db *DB) StoredRevisionBefore(ctx context.Context, articleID, id int64) (content.Revision, error) {
	return scanRevision(db.read.QueryRowContext(ctx, `SELECT `+revisionCols+` FROM revisions
		WHERE article_id = ? AND id < ? AND kind <> ? ORDER BY id DESC LIMIT 1`, articleID, id, content.RevisionAutosave))
}
