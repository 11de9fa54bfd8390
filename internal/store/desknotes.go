package store

import (
	"context"
	"fmt"

	"masthead/internal/content"
)

// Editorial notes (decision 0046, migration 0027): desk_notes holds each
// article's private notes for the desk, desk_note_mentions whom each one
// mentioned. Nothing public reads either table.

// AddDeskNote stores a note and its mentions in the caller's transaction,
// so the emails queued beside it go out only if it is stored.
func (tx *Tx) AddDeskNote(ctx context.Context, n content.DeskNote) (int64, error) {
	id, err := insertID(ctx, tx.q, `INSERT INTO desk_notes (article_id, user_id, at, body) VALUES (?, ?, ?, ?)`,
		n.ArticleID, nullID(n.UserID), n.At.UnixMicro(), n.Text)
	if err != nil {
		return 0, fmt.Errorf("store: add desk note to %d: %w", n.ArticleID, err)
	}
	for _, uid := range n.Mentions {
		if _, err := tx.q.ExecContext(ctx, `INSERT INTO desk_note_mentions (note_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING`, id, uid); err != nil {
			return 0, fmt.Errorf("store: mention %d in desk note %d: %w", uid, id, mapErr(err))
		}
	}
	return id, nil
}

const deskNoteCols = `n.id, n.article_id, COALESCE(n.user_id, 0), COALESCE(u.name, ''), n.at, n.body`

func scanDeskNote(sc scanner) (content.DeskNote, error) {
	var n content.DeskNote
	var at Time
	err := sc.Scan(&n.ID, &n.ArticleID, &n.UserID, &n.UserName, &at, &n.Text)
	n.At = at.T
	return n, err
}

// DeskNotes returns an article's editorial notes in the order they were
// written, each with whom it mentioned.
func (db *DB) DeskNotes(ctx context.Context, articleID int64) ([]content.DeskNote, error) {
	notes, err := queryAll(ctx, db.read, scanDeskNote, `SELECT `+deskNoteCols+` FROM desk_notes n LEFT JOIN users u ON u.id = n.user_id
		WHERE n.article_id = ? ORDER BY n.at, n.id`, articleID)
	if err != nil {
		return nil, fmt.Errorf("store: desk notes of %d: %w", articleID, err)
	}
	pos := map[int64]int{}
	for i, n := range notes {
		pos[n.ID] = i
	}
	err = queryEach(ctx, db.read, func(sc scanner) error {
		var noteID, userID int64
		if err := sc.Scan(&noteID, &userID); err != nil {
			return err
		}
		i := pos[noteID]
		notes[i].Mentions = append(notes[i].Mentions, userID)
		return nil
	}, `SELECT m.note_id, m.user_id FROM desk_note_mentions m JOIN desk_notes n ON n.id = m.note_id
		WHERE n.article_id = ? ORDER BY m.note_id, m.user_id`, articleID)
	if err != nil {
		return nil, fmt.Errorf("store: desk note mentions of %d: %w", articleID, err)
	}
	return notes, nil
}

// GetDeskNote loads one editorial note with whom it mentioned.
func (db *DB) GetDeskNote(ctx context.Context, id int64) (content.DeskNote, error) {
	n, err := scanDeskNote(db.read.QueryRowContext(ctx, `SELECT `+deskNoteCols+` FROM desk_notes n LEFT JOIN users u ON u.id = n.user_id
		WHERE n.id = ?`, id))
	if err != nil {
		return n, mapErr(err)
	}
	err = queryEach(ctx, db.read, func(sc scanner) error {
		var uid int64
		err := sc.Scan(&uid)
		n.Mentions = append(n.Mentions, uid)
		return err
	}, `SELECT user_id FROM desk_note_mentions WHERE note_id = ? ORDER BY user_id`, id)
	if err != nil {
		return n, fmt.Errorf("store: mentions of desk note %d: %w", id, err)
	}
	return n, nil
}

// DeleteDeskNote removes an editorial note and its mentions (the emails
// already queued or sent are not undone); store.ErrNotFound when there is
// no such note.
func (db *DB) DeleteDeskNote(ctx context.Context, id int64) error {
	return db.tx(ctx, func(t *Tx) error {
		if _, err := t.q.ExecContext(ctx, `DELETE FROM desk_note_mentions WHERE note_id = ?`, id); err != nil {
			return fmt.Errorf("store: delete mentions of desk note %d: %w", id, err)
		}
		res, err := t.q.ExecContext(ctx, `DELETE FROM desk_notes WHERE id = ?`, id)
		if err != nil {
			return fmt.Errorf("store: delete desk note %d: %w", id, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("store: delete desk note %d: %w", id, err)
		} else if n == 0 {
			return ErrNotFound
		}
		return nil
	})
}
