package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"masthead/internal/content"
)

// Sections, series, topics and authors: the small lists articles hang on.

func (db *DB) ListSections(ctx context.Context) ([]content.Section, error) {
	out, err := queryAll(ctx, db.read, scanSection, `SELECT `+sectionCols+` FROM sections ORDER BY position, name`)
	if err != nil {
		return nil, fmt.Errorf("store: list sections: %w", err)
	}
	return out, nil
}

// sectionCols are the columns of sections that scanSection reads.
const sectionCols = `id, slug, name, description, position`

func scanSection(sc scanner) (content.Section, error) {
	var s content.Section
	err := sc.Scan(&s.ID, &s.Slug, &s.Name, &s.Description, &s.Position)
	return s, mapErr(err)
}

func (db *DB) GetSection(ctx context.Context, id int64) (content.Section, error) {
	return db.getSection(ctx, `id = ?`, id)
}

func (db *DB) GetSectionBySlug(ctx context.Context, slug string) (content.Section, error) {
	return db.getSection(ctx, `slug = ?`, slug)
}

func (db *DB) getSection(ctx context.Context, where string, arg any) (content.Section, error) {
	return scanSection(db.read.QueryRowContext(ctx, `SELECT `+sectionCols+` FROM sections WHERE `+where, arg))
}

// SaveSection inserts (ID 0) or updates a section and returns its id.
func (db *DB) SaveSection(ctx context.Context, s content.Section) (int64, error) {
	if s.ID == 0 {
		return insertID(ctx, db.write, `INSERT INTO sections (slug, name, description, position) VALUES (?, ?, ?, ?)`,
			s.Slug, s.Name, s.Description, s.Position)
	}
	return s.ID, db.updateKeepingSlug(ctx, listSection, s.ID, s.Slug, `UPDATE sections SET slug = ?, name = ?, description = ?, position = ? WHERE id = ?`,
		s.Slug, s.Name, s.Description, s.Position, s.ID)
}

func (db *DB) ListSeries(ctx context.Context) ([]content.Series, error) {
	out, err := queryAll(ctx, db.read, scanSeries, `SELECT `+seriesCols+` FROM series ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("store: list series: %w", err)
	}
	return out, nil
}

// seriesCols are the columns of series that scanSeries reads.
const seriesCols = `id, slug, name, description`

func scanSeries(sc scanner) (content.Series, error) {
	var s content.Series
	err := sc.Scan(&s.ID, &s.Slug, &s.Name, &s.Description)
	return s, mapErr(err)
}

func (db *DB) GetSeries(ctx context.Context, id int64) (content.Series, error) {
	return db.getSeries(ctx, `id = ?`, id)
}

func (db *DB) GetSeriesBySlug(ctx context.Context, slug string) (content.Series, error) {
	return db.getSeries(ctx, `slug = ?`, slug)
}

func (db *DB) getSeries(ctx context.Context, where string, arg any) (content.Series, error) {
	return scanSeries(db.read.QueryRowContext(ctx, `SELECT `+seriesCols+` FROM series WHERE `+where, arg))
}

// SaveSeries inserts (ID 0) or updates a series and returns its id.
func (db *DB) SaveSeries(ctx context.Context, s content.Series) (int64, error) {
	if s.ID == 0 {
		return insertID(ctx, db.write, `INSERT INTO series (slug, name, description) VALUES (?, ?, ?)`, s.Slug, s.Name, s.Description)
	}
	return s.ID, db.updateKeepingSlug(ctx, listSeries, s.ID, s.Slug, `UPDATE series SET slug = ?, name = ?, description = ? WHERE id = ?`,
		s.Slug, s.Name, s.Description, s.ID)
}

// ListTopics returns every topic by name, with how many articles use it.
func (db *DB) ListTopics(ctx context.Context) ([]content.Topic, error) {
	out, err := queryAll(ctx, db.read, func(sc scanner) (content.Topic, error) {
		var t content.Topic
		err := sc.Scan(&t.ID, &t.Slug, &t.Name, &t.Articles)
		return t, err
	}, `SELECT t.id, t.slug, t.name, COUNT(at.article_id) FROM topics t
		LEFT JOIN article_topics at ON at.topic_id = t.id GROUP BY t.id, t.slug, t.name ORDER BY t.name`)
	if err != nil {
		return nil, fmt.Errorf("store: list topics: %w", err)
	}
	return out, nil
}

func (db *DB) GetTopicBySlug(ctx context.Context, slug string) (content.Topic, error) {
	var t content.Topic
	err := db.read.QueryRowContext(ctx, `SELECT id, slug, name FROM topics WHERE slug = ?`, slug).Scan(&t.ID, &t.Slug, &t.Name)
	return t, mapErr(err)
}

// SaveTopic renames a topic; a changed slug keeps redirecting to it, and
// its articles are found by the new name.
func (db *DB) SaveTopic(ctx context.Context, t content.Topic) error {
	return db.tx(ctx, func(tx *Tx) error {
		renamed, err := tx.nameChanges(ctx, "topics", t.ID, t.Name)
		if err != nil {
			return err
		}
		if err := tx.updateKeepingSlug(ctx, listTopic, t.ID, t.Slug, `UPDATE topics SET slug = ?, name = ? WHERE id = ?`, t.Slug, t.Name, t.ID); err != nil {
			return err
		}
		if !renamed {
			return nil
		}
		return tx.reindexWhere(ctx, `SELECT article_id FROM article_topics WHERE topic_id = ?`, t.ID)
	})
}

// nameChanges reports whether the list entry id of table is named other
// than name: the articles the search index holds under its name need
// reindexing.
func (tx *Tx) nameChanges(ctx context.Context, table string, id int64, name string) (bool, error) {
	var old string
	if err := tx.q.QueryRowContext(ctx, `SELECT name FROM `+table+` WHERE id = ?`, id).Scan(&old); err != nil {
		return false, mapErr(err)
	}
	return old != name, nil
}

// MergeTopic moves every article of topic from to topic into (keeping each
// article's topic order), deletes from, and redirects its address, and the
// addresses that redirected to it, to into.
func (db *DB) MergeTopic(ctx context.Context, from, into int64) error {
	return db.tx(ctx, func(tx *Tx) error {
		var fromSlug, intoSlug string
		if err := tx.q.QueryRowContext(ctx, `SELECT slug FROM topics WHERE id = ?`, from).Scan(&fromSlug); err != nil {
			return mapErr(err)
		}
		if err := tx.q.QueryRowContext(ctx, `SELECT slug FROM topics WHERE id = ?`, into).Scan(&intoSlug); err != nil {
			return mapErr(err)
		}
		for _, q := range []string{
			`INSERT INTO article_topics (article_id, topic_id, position)
				SELECT article_id, ?, position FROM article_topics WHERE topic_id = ? ON CONFLICT DO NOTHING`,
			`UPDATE list_redirects SET target_id = ? WHERE kind = 'topic' AND target_id = ?`,
		} {
			if _, err := tx.q.ExecContext(ctx, q, into, from); err != nil {
				return fmt.Errorf("store: merge topic %d into %d: %w", from, into, err)
			}
		}
		if _, err := tx.q.ExecContext(ctx, `DELETE FROM topics WHERE id = ?`, from); err != nil {
			return err
		}
		if err := keepRedirect(ctx, tx, listTopic, fromSlug, intoSlug, into); err != nil {
			return err
		}
		// The moved articles are found by the topic they are in now.
		return tx.reindexWhere(ctx, `SELECT article_id FROM article_topics WHERE topic_id = ?`, into)
	})
}

// DeleteTopic deletes a topic, and the addresses that led to it; the
// articles that had it keep their others.
func (db *DB) DeleteTopic(ctx context.Context, id int64) error {
	return db.tx(ctx, func(tx *Tx) error {
		// Its articles are no longer found by its name.
		tagged, err := queryAll(ctx, tx.q, scanInt64, `SELECT article_id FROM article_topics WHERE topic_id = ?`, id)
		if err != nil {
			return err
		}
		res, err := tx.q.ExecContext(ctx, `DELETE FROM topics WHERE id = ?`, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		if _, err = tx.q.ExecContext(ctx, `DELETE FROM list_redirects WHERE kind = 'topic' AND target_id = ?`, id); err != nil {
			return err
		}
		for _, aid := range tagged {
			if err := tx.indexArticle(ctx, aid); err != nil {
				return err
			}
		}
		return nil
	})
}

// listKind names a kind of list page with its own addresses.
type listKind string

const (
	listSection listKind = "section"
	listSeries  listKind = "series"
	listTopic   listKind = "topic"
	listAuthor  listKind = "author"
)

// listTables are the tables of the list kinds (never user input).
var listTables = map[listKind]string{listSection: "sections", listSeries: "series", listTopic: "topics", listAuthor: "authors"}

// ListRedirect returns the current slug of the section, series, topic or
// author (kind "section", "series", "topic", "author") that a former slug
// now leads to.
func (db *DB) ListRedirect(ctx context.Context, kind, slug string) (string, error) {
	table, ok := listTables[listKind(kind)]
	if !ok {
		return "", ErrNotFound
	}
	var current string
	err := db.read.QueryRowContext(ctx, `SELECT t.slug FROM list_redirects r JOIN `+table+` t ON t.id = r.target_id
		WHERE r.kind = ? AND r.old_slug = ?`, kind, slug).Scan(&current)
	return current, mapErr(err)
}

// updateKeepingSlug runs query, an UPDATE of the list entry id that sets
// its slug to slug, and keeps the former slug redirecting to it.
func (db *DB) updateKeepingSlug(ctx context.Context, kind listKind, id int64, slug, query string, args ...any) error {
	return db.tx(ctx, func(tx *Tx) error { return tx.updateKeepingSlug(ctx, kind, id, slug, query, args...) })
}

// updateKeepingSlug is DB.updateKeepingSlug inside the transaction.
func (tx *Tx) updateKeepingSlug(ctx context.Context, kind listKind, id int64, slug, query string, args ...any) error {
	var old string
	if err := tx.q.QueryRowContext(ctx, `SELECT slug FROM `+listTables[kind]+` WHERE id = ?`, id).Scan(&old); err != nil {
		return mapErr(err)
	}
	if _, err := tx.q.ExecContext(ctx, query, args...); err != nil {
		return mapErr(err)
	}
	if old == slug {
		return nil
	}
	return keepRedirect(ctx, tx, kind, old, slug, id)
}

// keepRedirect points oldSlug of kind at entry id, and stops redirecting
// its current slug elsewhere.
func keepRedirect(ctx context.Context, tx *Tx, kind listKind, oldSlug, currentSlug string, id int64) error {
	if _, err := tx.q.ExecContext(ctx, `DELETE FROM list_redirects WHERE kind = ? AND old_slug = ?`, string(kind), currentSlug); err != nil {
		return err
	}
	_, err := tx.q.ExecContext(ctx, `INSERT INTO list_redirects (kind, old_slug, target_id) VALUES (?, ?, ?)
		ON CONFLICT (kind, old_slug) DO UPDATE SET target_id = excluded.target_id`, string(kind), oldSlug, id)
	return err
}

// ensureTopics returns the ids of the named topics, creating missing ones.
func ensureTopics(ctx context.Context, tx *Tx, topics []content.Topic) ([]int64, error) {
	ids := make([]int64, 0, len(topics))
	for _, t := range topics {
		// A merged or renamed topic's old name picks the topic it became.
		var moved int64
		err := tx.q.QueryRowContext(ctx, `SELECT r.target_id FROM list_redirects r WHERE r.kind = 'topic' AND r.old_slug = ?
			AND NOT EXISTS (SELECT 1 FROM topics WHERE slug = r.old_slug)`, t.Slug).Scan(&moved)
		if err == nil {
			ids = append(ids, moved)
			continue
		} else if !errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("store: find topic %q: %w", t.Name, err)
		}
		if _, err := tx.q.ExecContext(ctx, `INSERT INTO topics (slug, name) VALUES (?, ?) ON CONFLICT (slug) DO NOTHING`, t.Slug, t.Name); err != nil {
			return nil, fmt.Errorf("store: create topic %q: %w", t.Name, err)
		}
		var id int64
		if err := tx.q.QueryRowContext(ctx, `SELECT id FROM topics WHERE slug = ?`, t.Slug).Scan(&id); err != nil {
			return nil, fmt.Errorf("store: find topic %q: %w", t.Name, err)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

const authorCols = `id, slug, name, bio, COALESCE(photo_id, 0), links`

func scanAuthor(sc scanner) (content.Author, error) {
	var a content.Author
	var links string
	if err := sc.Scan(&a.ID, &a.Slug, &a.Name, &a.Bio, &a.PhotoID, &links); err != nil {
		return a, mapErr(err)
	}
	a.Links = splitLinks(links)
	return a, nil
}

// splitLinks reads an author's links, stored one a line.
func splitLinks(links string) []string {
	var out []string
	for _, l := range strings.Split(links, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func (db *DB) ListAuthors(ctx context.Context) ([]content.Author, error) {
	out, err := queryAll(ctx, db.read, scanAuthor, `SELECT `+authorCols+` FROM authors ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("store: list authors: %w", err)
	}
	return out, nil
}

func (db *DB) GetAuthor(ctx context.Context, id int64) (content.Author, error) {
	return scanAuthor(db.read.QueryRowContext(ctx, `SELECT `+authorCols+` FROM authors WHERE id = ?`, id))
}

func (db *DB) GetAuthorBySlug(ctx context.Context, slug string) (content.Author, error) {
	return scanAuthor(db.read.QueryRowContext(ctx, `SELECT `+authorCols+` FROM authors WHERE slug = ?`, slug))
}

// SaveAuthor inserts (ID 0) or updates an author and returns its id.
func (db *DB) SaveAuthor(ctx context.Context, a content.Author) (int64, error) {
	links := strings.Join(a.Links, "\n")
	photo := nullID(a.PhotoID)
	if a.ID == 0 {
		return insertID(ctx, db.write, `INSERT INTO authors (slug, name, bio, photo_id, links) VALUES (?, ?, ?, ?, ?)`,
			a.Slug, a.Name, a.Bio, photo, links)
	}
	return a.ID, db.tx(ctx, func(tx *Tx) error {
		renamed, err := tx.nameChanges(ctx, "authors", a.ID, a.Name)
		if err != nil {
			return err
		}
		if err := tx.updateKeepingSlug(ctx, listAuthor, a.ID, a.Slug, `UPDATE authors SET slug = ?, name = ?, bio = ?, photo_id = ?, links = ? WHERE id = ?`,
			a.Slug, a.Name, a.Bio, photo, links, a.ID); err != nil {
			return err
		}
		if !renamed {
			return nil
		}
		// Bylines are searched by name.
		return tx.reindexWhere(ctx, `SELECT article_id FROM article_authors WHERE author_id = ?`, a.ID)
	})
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
	res, err := db.write.ExecContext(ctx, query, args...)
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
