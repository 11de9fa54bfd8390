package store

import (
	"context"
	"fmt"

	"masthead/internal/content"
)

// Corrections and updates (decision 0043, migration 0025): article_notes
// holds each article's dated notes; adding one moves the article's
// modified_at, which the dateline's "Updated", dateModified, the feeds and
// the sitemaps already follow.

// AddNote stores a note and moves its article's modified time to the
// note's when that is later, in one transaction. The article's updated_at,
// the version an open editor saves against, is left alone: adding a note
// does not make anyone's open edit stale.
func (db *DB) AddNote(ctx context.Context, n content.Note) (int64, error) {
	var id int64
	err := db.tx(ctx, func(tx *Tx) error {
		var err error
		id, err = insertID(ctx, tx.q, `INSERT INTO article_notes (article_id, kind, body, made_at, made_by) VALUES (?, ?, ?, ?, ?)`,
			n.ArticleID, string(n.Kind), n.Text, n.At.UnixMicro(), nullID(n.By))
		if err != nil {
			return err
		}
		_, err = tx.q.ExecContext(ctx, `UPDATE articles SET modified_at = ? WHERE id = ? AND (modified_at IS NULL OR modified_at < ?)`,
			n.At.UnixMicro(), n.ArticleID, n.At.UnixMicro())
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store: add note to %d: %w", n.ArticleID, mapErr(err))
	}
	return id, nil
}

const noteCols = `n.id, n.article_id, n.kind, n.body, n.made_at, COALESCE(n.made_by, 0), COALESCE(u.name, '')`

func scanNote(sc scanner) (content.Note, error) {
	var n content.Note
	var kind string
	var at Time
	err := sc.Scan(&n.ID, &n.ArticleID, &kind, &n.Text, &at, &n.By, &n.ByName)
	n.Kind, n.At = content.NoteKind(kind), at.T
	return n, err
}

// ArticleNotes returns an article's notes in the order they were made.
func (db *DB) ArticleNotes(ctx context.Context, articleID int64) ([]content.Note, error) {
	out, err := queryAll(ctx, db.read, scanNote, `SELECT `+noteCols+` FROM article_notes n LEFT JOIN users u ON u.id = n.made_by
		WHERE n.article_id = ? ORDER BY n.made_at, n.id`, articleID)
	if err != nil {
		return nil, fmt.Errorf("store: notes of %d: %w", articleID, err)
	}
	return out, nil
}

// NotesOf returns the notes of the given articles, each article's in the
// order they were made (a feed's items).
func (db *DB) NotesOf(ctx context.Context, ids []int64) (map[int64][]content.Note, error) {
	out := make(map[int64][]content.Note, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	notes, err := queryAll(ctx, db.read, scanNote, `SELECT `+noteCols+` FROM article_notes n LEFT JOIN users u ON u.id = n.made_by
		WHERE n.article_id IN (`+placeholders(len(ids))+`) ORDER BY n.article_id, n.made_at, n.id`, int64Args(ids)...)
	if err != nil {
		return nil, fmt.Errorf("store: notes of articles: %w", err)
	}
	for _, n := range notes {
		out[n.ArticleID] = append(out[n.ArticleID], n)
	}
	return out, nil
}

// PublicCorrections returns up to limit corrections of published articles,
// newest first, made before the cursor when it is not zero (the cursor's
// time is the note's).
func (db *DB) PublicCorrections(ctx context.Context, after content.Cursor, limit int) ([]content.CorrectionEntry, error) {
	where := `n.kind = 'correction' AND ` + publicArticle
	args := []any{db.now()} // publicArticle's time
	if !after.IsZero() {
		where += ` AND (n.made_at < ? OR (n.made_at = ? AND n.id < ?))`
		p := after.PublishedAt.UnixMicro()
		args = append(args, p, p, after.ID)
	}
	args = append(args, limit)
	out, err := queryAll(ctx, db.read, func(sc scanner) (content.CorrectionEntry, error) {
		var e content.CorrectionEntry
		var kind string
		var at Time
		err := sc.Scan(&e.ID, &e.ArticleID, &kind, &e.Text, &at, &e.Slug, &e.Headline)
		e.Kind, e.At = content.NoteKind(kind), at.T
		return e, err
	}, `SELECT n.id, n.article_id, n.kind, n.body, n.made_at, a.slug, a.headline
		FROM article_notes n JOIN articles a ON a.id = n.article_id
		WHERE `+where+` ORDER BY n.made_at DESC, n.id DESC LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: corrections: %w", err)
	}
	return out, nil
}
