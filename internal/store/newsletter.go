package store

import (
	"context"
	"fmt"

	"masthead/internal/newsletter"
)

// Newsletters, job sectors, consent wordings and server secrets.

const newsletterCols = `id, slug, name, description, cadence, sender_name, sender_email, reply_to, list_id, public, on_articles, track, position, created_at, updated_at`

func scanNewsletter(sc scanner) (newsletter.Newsletter, error) {
	var n newsletter.Newsletter
	var created, updated Time
	err := sc.Scan(&n.ID, &n.Slug, &n.Name, &n.Description, &n.Cadence, &n.SenderName, &n.SenderEmail, &n.ReplyTo, &n.ListID,
		&n.Public, &n.OnArticles, &n.Track, &n.Position, &created, &updated)
	n.CreatedAt, n.UpdatedAt = created.T, updated.T
	return n, mapErr(err)
}

// ListNewsletters lists every newsletter in the publisher's order.
func (db *DB) ListNewsletters(ctx context.Context) ([]newsletter.Newsletter, error) {
	out, err := queryAll(ctx, db.read, scanNewsletter, `SELECT `+newsletterCols+` FROM newsletters ORDER BY position, name, id`)
	if err != nil {
		return nil, fmt.Errorf("store: list newsletters: %w", err)
	}
	return out, nil
}

// GetNewsletter loads one newsletter.
func (db *DB) GetNewsletter(ctx context.Context, id int64) (newsletter.Newsletter, error) {
	return scanNewsletter(db.read.QueryRowContext(ctx, `SELECT `+newsletterCols+` FROM newsletters WHERE id = ?`, id))
}

// CreateNewsletter inserts a newsletter; a taken slug or List-Id is ErrConflict.
func (db *DB) CreateNewsletter(ctx context.Context, n newsletter.Newsletter) (int64, error) {
	now := db.Now().UnixMicro()
	return insertID(ctx, db.write, `INSERT INTO newsletters (slug, name, description, cadence, sender_name, sender_email, reply_to, list_id, public, on_articles, track, position, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		n.Slug, n.Name, n.Description, n.Cadence, n.SenderName, n.SenderEmail, n.ReplyTo, n.ListID, n.Public, n.OnArticles, n.Track, n.Position, now, now)
}

// UpdateNewsletter saves every field of a newsletter.
func (db *DB) UpdateNewsletter(ctx context.Context, n newsletter.Newsletter) error {
	return db.execOne(ctx, `UPDATE newsletters SET slug = ?, name = ?, description = ?, cadence = ?, sender_name = ?, sender_email = ?, reply_to = ?,
		list_id = ?, public = ?, on_articles = ?, track = ?, position = ?, updated_at = ? WHERE id = ?`,
		n.Slug, n.Name, n.Description, n.Cadence, n.SenderName, n.SenderEmail, n.ReplyTo, n.ListID, n.Public, n.OnArticles, n.Track, n.Position,
		db.Now().UnixMicro(), n.ID)
}

// ListSectors lists the job sectors, active or not, in order.
func (db *DB) ListSectors(ctx context.Context) ([]newsletter.Sector, error) {
	out, err := queryAll(ctx, db.read, func(sc scanner) (newsletter.Sector, error) {
		var s newsletter.Sector
		err := sc.Scan(&s.ID, &s.Name, &s.Position, &s.Active)
		return s, err
	}, `SELECT id, name, position, active FROM job_sectors ORDER BY position, name`)
	if err != nil {
		return nil, fmt.Errorf("store: list sectors: %w", err)
	}
	return out, nil
}

// CreateSector adds a job sector; a taken name is ErrConflict.
func (db *DB) CreateSector(ctx context.Context, s newsletter.Sector) (int64, error) {
	now := db.Now().UnixMicro()
	return insertID(ctx, db.write, `INSERT INTO job_sectors (name, position, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
		s.Name, s.Position, s.Active, now, now)
}

// UpdateSector renames, moves or (de)activates a job sector.
func (db *DB) UpdateSector(ctx context.Context, s newsletter.Sector) error {
	return db.execOne(ctx, `UPDATE job_sectors SET name = ?, position = ?, active = ?, updated_at = ? WHERE id = ?`,
		s.Name, s.Position, s.Active, db.Now().UnixMicro(), s.ID)
}

// ConsentVersion returns the version of a consent wording, adding it the
// first time; parallel callers with the same wording get the same version.
func (db *DB) ConsentVersion(ctx context.Context, textHash, text string) (int64, error) {
	if _, err := db.write.ExecContext(ctx, `INSERT INTO consent_texts (text_hash, text, created_at) VALUES (?, ?, ?) ON CONFLICT (text_hash) DO NOTHING`,
		textHash, text, db.Now().UnixMicro()); err != nil {
		return 0, mapErr(err)
	}
	var v int64
	err := db.write.QueryRowContext(ctx, `SELECT version FROM consent_texts WHERE text_hash = ?`, textHash).Scan(&v)
	return v, mapErr(err)
}

// ConsentText returns the wording of a version.
func (db *DB) ConsentText(ctx context.Context, version int64) (string, error) {
	var text string
	err := db.read.QueryRowContext(ctx, `SELECT text FROM consent_texts WHERE version = ?`, version).Scan(&text)
	return text, mapErr(err)
}

// EnsureSecret stores candidate under name unless a value is there, and
// returns the stored value: the first instance to ask makes the secret.
func (db *DB) EnsureSecret(ctx context.Context, name, candidate string) (string, error) {
	if _, err := db.write.ExecContext(ctx, `INSERT INTO secrets (name, value, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING`,
		name, candidate, db.Now().UnixMicro()); err != nil {
		return "", mapErr(err)
	}
	var v string
	err := db.write.QueryRowContext(ctx, `SELECT value FROM secrets WHERE name = ?`, name).Scan(&v)
	return v, mapErr(err)
}
