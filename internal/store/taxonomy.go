package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"masthead/internal/content"
)

// Sections, series, topics and authors: the small lists articles hang on.

func (db *DB) ListSections(ctx context.Context) ([]content.Section, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, slug, name, description, position FROM sections ORDER BY position, name`)
	if err != nil {
		return nil, fmt.Errorf("store: list sections: %w", err)
	}
	defer rows.Close()
	var out []content.Section
	for rows.Next() {
		var s content.Section
		if err := rows.Scan(&s.ID, &s.Slug, &s.Name, &s.Description, &s.Position); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func (db *DB) GetSection(ctx context.Context, id int64) (content.Section, error) {
	return db.getSection(ctx, `id = ?`, id)
}

func (db *DB) GetSectionBySlug(ctx context.Context, slug string) (content.Section, error) {
	return db.getSection(ctx, `slug = ?`, slug)
}

func (db *DB) getSection(ctx context.Context, where string, arg any) (content.Section, error) {
	var s content.Section
	err := db.read.QueryRowContext(ctx, db.q(`SELECT id, slug, name, description, position FROM sections WHERE `+where), arg).
		Scan(&s.ID, &s.Slug, &s.Name, &s.Description, &s.Position)
	return s, mapErr(err)
}

// SaveSection inserts (ID 0) or updates a section and returns its id.
func (db *DB) SaveSection(ctx context.Context, s content.Section) (int64, error) {
	if s.ID == 0 {
		return db.insertID(ctx, db.write, `INSERT INTO sections (slug, name, description, position) VALUES (?, ?, ?, ?)`,
			s.Slug, s.Name, s.Description, s.Position)
	}
	return s.ID, db.execOne(ctx, `UPDATE sections SET slug = ?, name = ?, description = ?, position = ? WHERE id = ?`,
		s.Slug, s.Name, s.Description, s.Position, s.ID)
}

func (db *DB) ListSeries(ctx context.Context) ([]content.Series, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, slug, name, description FROM series ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("store: list series: %w", err)
	}
	defer rows.Close()
	var out []content.Series
	for rows.Next() {
		var s content.Series
		if err := rows.Scan(&s.ID, &s.Slug, &s.Name, &s.Description); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func (db *DB) GetSeries(ctx context.Context, id int64) (content.Series, error) {
	return db.getSeries(ctx, `id = ?`, id)
}

func (db *DB) GetSeriesBySlug(ctx context.Context, slug string) (content.Series, error) {
	return db.getSeries(ctx, `slug = ?`, slug)
}

func (db *DB) getSeries(ctx context.Context, where string, arg any) (content.Series, error) {
	var s content.Series
	err := db.read.QueryRowContext(ctx, db.q(`SELECT id, slug, name, description FROM series WHERE `+where), arg).
		Scan(&s.ID, &s.Slug, &s.Name, &s.Description)
	return s, mapErr(err)
}

// SaveSeries inserts (ID 0) or updates a series and returns its id.
func (db *DB) SaveSeries(ctx context.Context, s content.Series) (int64, error) {
	if s.ID == 0 {
		return db.insertID(ctx, db.write, `INSERT INTO series (slug, name, description) VALUES (?, ?, ?)`, s.Slug, s.Name, s.Description)
	}
	return s.ID, db.execOne(ctx, `UPDATE series SET slug = ?, name = ?, description = ? WHERE id = ?`, s.Slug, s.Name, s.Description, s.ID)
}

// ListTopics returns topics with at least one article first by name.
func (db *DB) ListTopics(ctx context.Context) ([]content.Topic, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, slug, name FROM topics ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("store: list topics: %w", err)
	}
	defer rows.Close()
	var out []content.Topic
	for rows.Next() {
		var t content.Topic
		if err := rows.Scan(&t.ID, &t.Slug, &t.Name); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

func (db *DB) GetTopicBySlug(ctx context.Context, slug string) (content.Topic, error) {
	var t content.Topic
	err := db.read.QueryRowContext(ctx, db.q(`SELECT id, slug, name FROM topics WHERE slug = ?`), slug).Scan(&t.ID, &t.Slug, &t.Name)
	return t, mapErr(err)
}

// SaveTopic renames a topic.
func (db *DB) SaveTopic(ctx context.Context, t content.Topic) error {
	return db.execOne(ctx, `UPDATE topics SET slug = ?, name = ? WHERE id = ?`, t.Slug, t.Name, t.ID)
}

// ensureTopics returns the ids of the named topics, creating missing ones.
func (db *DB) ensureTopics(ctx context.Context, tx *sql.Tx, topics []content.Topic) ([]int64, error) {
	ids := make([]int64, 0, len(topics))
	for _, t := range topics {
		if _, err := tx.ExecContext(ctx, db.q(`INSERT INTO topics (slug, name) VALUES (?, ?) ON CONFLICT (slug) DO NOTHING`), t.Slug, t.Name); err != nil {
			return nil, fmt.Errorf("store: create topic %q: %w", t.Name, err)
		}
		var id int64
		if err := tx.QueryRowContext(ctx, db.q(`SELECT id FROM topics WHERE slug = ?`), t.Slug).Scan(&id); err != nil {
			return nil, fmt.Errorf("store: find topic %q: %w", t.Name, err)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

const authorCols = `id, slug, name, bio, COALESCE(photo_id, 0), links`

func scanAuthor(sc interface{ Scan(...any) error }) (content.Author, error) {
	var a content.Author
	var links string
	if err := sc.Scan(&a.ID, &a.Slug, &a.Name, &a.Bio, &a.PhotoID, &links); err != nil {
		return a, mapErr(err)
	}
	for _, l := range strings.Split(links, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			a.Links = append(a.Links, l)
		}
	}
	return a, nil
}

func (db *DB) ListAuthors(ctx context.Context) ([]content.Author, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+authorCols+` FROM authors ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("store: list authors: %w", err)
	}
	defer rows.Close()
	var out []content.Author
	for rows.Next() {
		a, err := scanAuthor(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

func (db *DB) GetAuthor(ctx context.Context, id int64) (content.Author, error) {
	return scanAuthor(db.read.QueryRowContext(ctx, db.q(`SELECT `+authorCols+` FROM authors WHERE id = ?`), id))
}

func (db *DB) GetAuthorBySlug(ctx context.Context, slug string) (content.Author, error) {
	return scanAuthor(db.read.QueryRowContext(ctx, db.q(`SELECT `+authorCols+` FROM authors WHERE slug = ?`), slug))
}

// SaveAuthor inserts (ID 0) or updates an author and returns its id.
func (db *DB) SaveAuthor(ctx context.Context, a content.Author) (int64, error) {
	links := strings.Join(a.Links, "\n")
	photo := nullID(a.PhotoID)
	if a.ID == 0 {
		return db.insertID(ctx, db.write, `INSERT INTO authors (slug, name, bio, photo_id, links) VALUES (?, ?, ?, ?, ?)`,
			a.Slug, a.Name, a.Bio, photo, links)
	}
	return a.ID, db.execOne(ctx, `UPDATE authors SET slug = ?, name = ?, bio = ?, photo_id = ?, links = ? WHERE id = ?`,
		a.Slug, a.Name, a.Bio, photo, links, a.ID)
}

// nullID stores 0 as NULL for optional references.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// execOne runs a write that must touch exactly one row.
func (db *DB) execOne(ctx context.Context, query string, args ...any) error {
	res, err := db.write.ExecContext(ctx, db.q(query), args...)
	if err != nil {
		return mapErr(err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}
