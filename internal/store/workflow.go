package store

import (
	"context"
	"fmt"
	"time"

	"masthead/internal/content"
)

// The review workflow (decision 0045, migration 0026): an article's
// assignee and its log of status and assignment changes. The content
// service writes both inside the transaction of the change.

// MoveArticle changes an article's status if it is still in m.From (and
// at m.Expect, when set); otherwise content.ErrStale, and nothing changes.
func (tx *Tx) MoveArticle(ctx context.Context, m content.StatusMove) error {
	query := `UPDATE articles SET status = ?, updated_at = ? WHERE id = ? AND status = ?`
	args := []any{string(m.To), m.At.UnixMicro(), m.ID, string(m.From)}
	if !m.Expect.IsZero() {
		query += ` AND updated_at = ?`
		args = append(args, m.Expect.UnixMicro())
	}
	res, err := tx.q.ExecContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("store: move article %d to %s: %w", m.ID, m.To, mapErr(err))
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return content.ErrStale
	}
	return nil
}

// AssignArticle sets an article's assignee (0: nobody). Its version
// (updated_at) stays: assigning does not make anyone's open edit stale.
func (tx *Tx) AssignArticle(ctx context.Context, articleID, assigneeID int64) error {
	res, err := tx.q.ExecContext(ctx, `UPDATE articles SET assignee_id = ? WHERE id = ?`, nullID(assigneeID), articleID)
	if err != nil {
		return fmt.Errorf("store: assign article %d: %w", articleID, mapErr(err))
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return ErrNotFound
	}
	return nil
}

// AddArticleEvent records one change of an article's workflow.
func (tx *Tx) AddArticleEvent(ctx context.Context, e content.ArticleEvent) (int64, error) {
	id, err := insertID(ctx, tx.q, `INSERT INTO article_events (article_id, at, user_id, kind, from_status, to_status, assignee_id, note)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		e.ArticleID, e.At.UnixMicro(), nullID(e.UserID), string(e.Kind), string(e.From), string(e.To), nullID(e.AssigneeID), e.Note)
	if err != nil {
		return 0, fmt.Errorf("store: article %d event: %w", e.ArticleID, err)
	}
	return id, nil
}

// ListArticleEvents returns an article's workflow log, oldest first, with
// the names of who made each change and of the assignee.
func (db *DB) ListArticleEvents(ctx context.Context, articleID int64) ([]content.ArticleEvent, error) {
	out, err := queryAll(ctx, db.read, func(sc scanner) (content.ArticleEvent, error) {
		var e content.ArticleEvent
		var kind, from, to string
		var at Time
		err := sc.Scan(&e.ID, &e.ArticleID, &at, &e.UserID, &e.UserName, &kind, &from, &to, &e.AssigneeID, &e.AssigneeName, &e.Note)
		e.At, e.Kind, e.From, e.To = at.T, content.EventKind(kind), content.Status(from), content.Status(to)
		return e, err
	}, `SELECT e.id, e.article_id, e.at, COALESCE(e.user_id, 0), COALESCE(u.name, ''), e.kind, e.from_status, e.to_status,
		COALESCE(e.assignee_id, 0), COALESCE(s.name, ''), e.note
		FROM article_events e LEFT JOIN users u ON u.id = e.user_id LEFT JOIN users s ON s.id = e.assignee_id
		WHERE e.article_id = ? ORDER BY e.at, e.id`, articleID)
	if err != nil {
		return nil, fmt.Errorf("store: events of %d: %w", articleID, err)
	}
	return out, nil
}

// assigneeOf is an article's assignee, 0 for nobody.
func (db *DB) assigneeOf(ctx context.Context, articleID int64) (int64, error) {
	var id int64
	err := db.read.QueryRowContext(ctx, `SELECT COALESCE(assignee_id, 0) FROM articles WHERE id = ?`, articleID).Scan(&id)
	return id, mapErr(err)
}

// Assignees returns the assignee of each of the articles of ids that has
// one: the user's id and name.
func (db *DB) Assignees(ctx context.Context, ids []int64) (map[int64]content.Assignee, error) {
	out := make(map[int64]content.Assignee, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	err := queryEach(ctx, db.read, func(sc scanner) error {
		var id int64
		var a content.Assignee
		if err := sc.Scan(&id, &a.UserID, &a.Name); err != nil {
			return err
		}
		out[id] = a
		return nil
	}, `SELECT a.id, u.id, u.name FROM articles a JOIN users u ON u.id = a.assignee_id
		WHERE a.id IN (`+placeholders(len(ids))+`)`, int64Args(ids)...)
	if err != nil {
		return nil, fmt.Errorf("store: assignees: %w", err)
	}
	return out, nil
}

// ArticleHeadline is an article's headline, for the desk's emails.
func (db *DB) ArticleHeadline(ctx context.Context, id int64) (string, error) {
	var h string
	err := db.read.QueryRowContext(ctx, `SELECT headline FROM articles WHERE id = ?`, id).Scan(&h)
	return h, mapErr(err)
}

// logScheduledPublication records in the workflow log that the schedule
// (no one in person) published the article.
func (tx *Tx) logScheduledPublication(ctx context.Context, id int64, at time.Time) error {
	_, err := tx.AddArticleEvent(ctx, content.ArticleEvent{ArticleID: id, At: at, Kind: content.EventStatus,
		From: content.StatusScheduled, To: content.StatusPublished})
	return err
}
