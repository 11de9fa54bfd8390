package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"masthead/internal/content"
)

// variants loads the responsive variants of images and the files of
// their per-use crops (Crop set), by image id; setVariants sorts them
// into the image. Only
// variants made from an image's current file are listed: those of a file
// since replaced are left for the job that removes them.
func (db *DB) variants(ctx context.Context, imgs []content.Image) (map[int64][]content.ImageVariant, error) {
	out := map[int64][]content.ImageVariant{}
	if len(imgs) == 0 {
		return out, nil
	}
	ids := make([]int64, len(imgs))
	for i, m := range imgs {
		ids[i] = m.ID
	}
	err := queryEach(ctx, db.read, func(sc scanner) error {
		var id int64
		var v content.ImageVariant
		if err := sc.Scan(&id, &v.Path, &v.Mime, &v.Width, &v.Height, &v.Crop); err != nil {
			return err
		}
		out[id] = append(out[id], v)
		return nil
	}, `SELECT v.media_id, v.path, v.mime, v.width, v.height, '' FROM media_variants v JOIN media m ON m.id = v.media_id AND m.path = v.source
		WHERE v.media_id IN (`+placeholders(len(ids))+`)
		UNION ALL
		SELECT c.media_id, c.path, c.mime, c.width, c.height, c.crop FROM media_crop_variants c JOIN media m ON m.id = c.media_id AND m.path = c.source
		WHERE c.media_id IN (`+placeholders(len(ids))+`)
		ORDER BY 1, 6, 3, 4`, append(int64Args(ids), int64Args(ids)...)...)
	if err != nil {
		return nil, fmt.Errorf("store: image variants: %w", err)
	}
	return out, nil
}

// AddImageVariant records a variant file of the image id made from its file
// at source, once the file is stored. It records nothing and reports false
// when the image is gone or its file was replaced meanwhile.
func (db *DB) AddImageVariant(ctx context.Context, id int64, source string, v content.ImageVariant, size int64) (bool, error) {
	res, err := db.write.ExecContext(ctx, `INSERT INTO media_variants (media_id, source, path, mime, width, height, size)
		SELECT id, path, ?, ?, ?, ?, ? FROM media WHERE id = ? AND path = ?
		ON CONFLICT DO NOTHING`, v.Path, v.Mime, v.Width, v.Height, size, id, source)
	if err != nil {
		return false, fmt.Errorf("store: add variant of image %d: %w", id, err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// StaleImageVariants lists up to limit variant files whose original was
// replaced or deleted, for the job that removes them.
func (db *DB) StaleImageVariants(ctx context.Context, limit int) ([]string, error) {
	out, err := queryAll(ctx, db.read, func(sc scanner) (string, error) {
		var p string
		return p, sc.Scan(&p)
	}, `SELECT v.path FROM media_variants v WHERE NOT EXISTS (SELECT 1 FROM media m WHERE m.id = v.media_id AND m.path = v.source)
		UNION ALL
		SELECT c.path FROM media_crop_variants c WHERE NOT EXISTS (SELECT 1 FROM media m WHERE m.id = c.media_id AND m.path = c.source)
		ORDER BY 1 LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("store: stale variants: %w", err)
	}
	return out, nil
}

// ForgetImageVariant deletes the record of a variant file (after the file).
func (db *DB) ForgetImageVariant(ctx context.Context, path string) error {
	for _, q := range []string{`DELETE FROM media_variants WHERE path = ?`, `DELETE FROM media_crop_variants WHERE path = ?`} {
		if _, err := db.write.ExecContext(ctx, q, path); err != nil {
			return fmt.Errorf("store: forget variant %s: %w", path, err)
		}
	}
	return nil
}

// ImageByPath loads the image whose current file is at path.
func (db *DB) ImageByPath(ctx context.Context, path string) (content.Image, error) {
	return scanImage(db.read.QueryRowContext(ctx, `SELECT `+imageCols+` FROM media WHERE path = ?`, path))
}

// ListImages lists the media library newest first, perPage a page, with
// only images whose name, caption or credit holds q (any case) when q is
// not empty; more says whether a next page exists. Variants are loaded.
func (db *DB) ListImages(ctx context.Context, q string, page, perPage int) (imgs []content.Image, more bool, err error) {
	page = max(page, 1)
	where, args := "", []any{}
	if q = strings.TrimSpace(q); q != "" {
		pat := "%" + likeEscape(strings.ToLower(q)) + "%"
		where = `WHERE LOWER(name) LIKE ? ESCAPE '\' OR LOWER(caption) LIKE ? ESCAPE '\' OR LOWER(credit) LIKE ? ESCAPE '\'`
		args = append(args, pat, pat, pat)
	}
	args = append(args, perPage+1, (page-1)*perPage)
	imgs, err = queryAll(ctx, db.read, scanImage, `SELECT `+imageCols+` FROM media `+where+` ORDER BY id DESC LIMIT ? OFFSET ?`, args...)
	if err != nil {
		return nil, false, fmt.Errorf("store: list images: %w", err)
	}
	if len(imgs) > perPage {
		imgs, more = imgs[:perPage], true
	}
	vs, err := db.variants(ctx, imgs)
	if err != nil {
		return nil, false, err
	}
	for i := range imgs {
		setVariants(&imgs[i], vs[imgs[i].ID])
	}
	return imgs, more, nil
}

// likeEscape escapes LIKE's wildcards (and the escape character) in s.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// UpdateImageDetails saves an image's name, default alt text, caption,
// credit and focal point.
func (db *DB) UpdateImageDetails(ctx context.Context, m content.Image) error {
	res, err := db.write.ExecContext(ctx, `UPDATE media SET name = ?, alt = ?, caption = ?, credit = ?, focus_x = ?, focus_y = ?, updated_at = ? WHERE id = ?`,
		m.Name, m.Alt, m.Caption, m.Credit, m.FocusX, m.FocusY, db.Now().UnixMicro(), m.ID)
	if err != nil {
		return fmt.Errorf("store: update image %d: %w", m.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// ReplaceImageFile points image m.ID at a new file (m's path, type, size
// and dimensions) and returns the path of the file it had.
func (db *DB) ReplaceImageFile(ctx context.Context, m content.Image) (old string, err error) {
	err = db.tx(ctx, func(tx *Tx) error {
		if err := tx.q.QueryRowContext(ctx, `SELECT path FROM media WHERE id = ?`, m.ID).Scan(&old); err != nil {
			return mapErr(err)
		}
		_, err := tx.q.ExecContext(ctx, `UPDATE media SET path = ?, mime = ?, width = ?, height = ?, size = ?, metadata_stripped = ?, updated_at = ? WHERE id = ?`,
			m.Path, m.Mime, m.Width, m.Height, m.Size, true, db.Now().UnixMicro(), m.ID)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("store: replace image %d: %w", m.ID, err)
	}
	return old, nil
}

// ImageUses lists what uses image id: articles that lead with it or hold
// it in an image block, authors whose photo it is, and the site's logo.
func (db *DB) ImageUses(ctx context.Context, id int64) ([]content.ImageUse, error) {
	var out []content.ImageUse
	err := queryEach(ctx, db.read, func(sc scanner) error {
		var u content.ImageUse
		var lead bool
		if err := sc.Scan(&u.ID, &u.Title, &lead); err != nil {
			return err
		}
		u.Kind = content.UseBody
		if lead {
			u.Kind = content.UseLead
		}
		out = append(out, u)
		return nil
	}, `SELECT id, headline, lead_image_id IS NOT NULL AND lead_image_id = ? FROM articles
		WHERE lead_image_id = ? OR body LIKE ? ORDER BY id`, id, id, bodyUse(id))
	if err != nil {
		return nil, fmt.Errorf("store: uses of image %d: %w", id, err)
	}
	err = queryEach(ctx, db.read, func(sc scanner) error {
		u := content.ImageUse{Kind: content.UseAuthor}
		if err := sc.Scan(&u.ID, &u.Title); err != nil {
			return err
		}
		out = append(out, u)
		return nil
	}, `SELECT id, name FROM authors WHERE photo_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, fmt.Errorf("store: uses of image %d: %w", id, err)
	}
	var one int
	err = db.read.QueryRowContext(ctx, `SELECT 1 FROM settings WHERE key = 'logo_id' AND value = ?`, strconv.FormatInt(id, 10)).Scan(&one)
	switch {
	case err == nil:
		out = append(out, content.ImageUse{Kind: content.UseLogo, Title: "The publication's logo"})
	case !errors.Is(err, sql.ErrNoRows):
		return nil, fmt.Errorf("store: uses of image %d: %w", id, err)
	}
	return out, nil
}
