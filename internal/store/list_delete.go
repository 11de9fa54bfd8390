package store

import (
	"context"
	"fmt"

	"masthead/internal/apperr"
)

// Deleting a section or a series: its articles, if any, move to another
// one in the same transaction, and its address (with those that led to it)
// then redirects there, as a renamed list's does.

// ErrListNotEmpty refuses to delete a list that still has articles and no
// list to move them to (articles were added since the page was shown).
var ErrListNotEmpty = apperr.New(apperr.Conflict, "Articles were added to it in the meantime: choose where to move them.")

// ErrLastSection refuses to delete the only section: every article needs one.
var ErrLastSection = apperr.New(apperr.Conflict, "This is the only section, and every article needs one: add another section first.")

// ErrMoveTargetGone refuses to move articles to a list deleted meanwhile.
var ErrMoveTargetGone = apperr.New(apperr.Conflict, "The list to move the articles to no longer exists: choose another.")

// CountListArticles counts the articles of every status in the section
// (kind "section") or series (kind "series") id.
func (db *DB) CountListArticles(ctx context.Context, kind string, id int64) (int, error) {
	col, ok := map[string]string{"section": "section_id", "series": "series_id"}[kind]
	if !ok {
		return 0, fmt.Errorf("store: count articles of a %q", kind)
	}
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM articles WHERE `+col+` = ?`, id).Scan(&n)
	return n, err
}

// DeleteSection deletes section id after moving its articles to section
// moveTo; with moveTo 0 the section must have none. The last section is
// never deleted.
func (db *DB) DeleteSection(ctx context.Context, id, moveTo int64) error {
	return db.tx(ctx, func(tx *Tx) error {
		var n int
		if err := tx.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM sections`).Scan(&n); err != nil {
			return err
		}
		if n <= 1 {
			return ErrLastSection
		}
		var moved []int64
		if moveTo != 0 {
			if err := tx.listExists(ctx, listSection, moveTo); err != nil {
				return err
			}
			var err error
			if moved, err = queryAll(ctx, tx.q, scanInt64, `SELECT id FROM articles WHERE section_id = ?`, id); err != nil {
				return err
			}
			if _, err := tx.q.ExecContext(ctx, `UPDATE articles SET section_id = ? WHERE section_id = ?`, moveTo, id); err != nil {
				return fmt.Errorf("store: move the articles of section %d: %w", id, err)
			}
		}
		if err := tx.deleteList(ctx, listSection, id, moveTo); err != nil {
			return err
		}
		if err := tx.deleteFront(ctx, id); err != nil {
			return err
		}
		// Articles are found by their section in search.
		for len(moved) > 0 {
			k := min(len(moved), indexBatch)
			if err := tx.indexArticles(ctx, moved[:k]); err != nil {
				return err
			}
			moved = moved[k:]
		}
		return nil
	})
}

// DeleteSeries deletes series id after moving its articles to series
// moveTo, or out of any series with moveTo 0.
func (db *DB) DeleteSeries(ctx context.Context, id, moveTo int64) error {
	return db.tx(ctx, func(tx *Tx) error {
		if moveTo != 0 {
			if err := tx.listExists(ctx, listSeries, moveTo); err != nil {
				return err
			}
		}
		if _, err := tx.q.ExecContext(ctx, `UPDATE articles SET series_id = ? WHERE series_id = ?`, nullID(moveTo), id); err != nil {
			return fmt.Errorf("store: move the articles of series %d: %w", id, err)
		}
		return tx.deleteList(ctx, listSeries, id, moveTo)
	})
}

// deleteList deletes the entry id of a list kind, which must have no
// articles left. With moveTo, the entry's address and those that led to
// it redirect to moveTo; without, they are forgotten.
func (tx *Tx) deleteList(ctx context.Context, kind listKind, id, moveTo int64) error {
	table := listTables[kind]
	var slug, targetSlug string
	if err := tx.q.QueryRowContext(ctx, `SELECT slug FROM `+table+` WHERE id = ?`, id).Scan(&slug); err != nil {
		return mapErr(err)
	}
	if moveTo != 0 {
		if err := tx.q.QueryRowContext(ctx, `SELECT slug FROM `+table+` WHERE id = ?`, moveTo).Scan(&targetSlug); err != nil {
			return ErrMoveTargetGone
		}
	}
	var left int
	if err := tx.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM articles WHERE `+string(kind)+`_id = ?`, id).Scan(&left); err != nil {
		return err
	}
	if left > 0 {
		return ErrListNotEmpty
	}
	if moveTo != 0 {
		if _, err := tx.q.ExecContext(ctx, `UPDATE list_redirects SET target_id = ? WHERE kind = ? AND target_id = ?`, moveTo, string(kind), id); err != nil {
			return err
		}
	} else if _, err := tx.q.ExecContext(ctx, `DELETE FROM list_redirects WHERE kind = ? AND target_id = ?`, string(kind), id); err != nil {
		return err
	}
	if _, err := tx.q.ExecContext(ctx, `DELETE FROM `+table+` WHERE id = ?`, id); err != nil {
		return fmt.Errorf("store: delete %s %d: %w", kind, id, err)
	}
	if moveTo != 0 {
		return keepRedirect(ctx, tx, kind, slug, targetSlug, moveTo)
	}
	return nil
}

// listExists checks, inside the transaction, that the entry id of a list
// kind is there to move articles to.
func (tx *Tx) listExists(ctx context.Context, kind listKind, id int64) error {
	var n int
	if err := tx.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+listTables[kind]+` WHERE id = ?`, id).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return ErrMoveTargetGone
	}
	return nil
}
