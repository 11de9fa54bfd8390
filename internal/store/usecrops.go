package store

import (
	"context"
	"fmt"
	"strconv"

	"masthead/internal/content"
)

// Per-use crops (decision 0048, migration 0028): the files of a crop are
// recorded in media_crop_variants all at once, after all are stored.

// setVariants sorts what variants loaded into m: responsive variants and
// the files of per-use crops.
func setVariants(m *content.Image, vs []content.ImageVariant) {
	m.Variants, m.UseCrops = nil, nil
	for _, v := range vs {
		if v.Crop == "" {
			m.Variants = append(m.Variants, v)
		} else {
			m.UseCrops = append(m.UseCrops, v)
		}
	}
}

// AddImageCrop records the stored files of one per-use crop of image id,
// made from its file at source, in one transaction. It records nothing and
// reports false when the image is gone or its file was replaced meanwhile;
// a crop already recorded is kept as it is (and reported true).
func (db *DB) AddImageCrop(ctx context.Context, id int64, source, crop string, files []content.ImageVariant, sizes []int64) (bool, error) {
	ok := false
	err := db.tx(ctx, func(tx *Tx) error {
		for i, v := range files {
			res, err := tx.q.ExecContext(ctx, `INSERT INTO media_crop_variants (media_id, source, crop, path, mime, width, height, size)
				SELECT id, path, ?, ?, ?, ?, ?, ? FROM media WHERE id = ? AND path = ?
				ON CONFLICT DO NOTHING`, crop, v.Path, v.Mime, v.Width, v.Height, sizes[i], id, source)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n > 0 {
				ok = true
			}
		}
		if !ok { // nothing new: recorded before, or the file is gone
			return tx.q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM media WHERE id = ? AND path = ?)`, id, source).Scan(&ok)
		}
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("store: add crop %s of image %d: %w", crop, id, err)
	}
	return ok, nil
}

// ArticlesWithCrops lists, after id after and at most limit, the articles
// whose lead image or body asks for a crop, with the fields
// content.CropUses reads; serve makes the missing ones when it starts.
// imageID, when not 0, keeps only the articles that use that image (as
// their lead image or in their body), so a change to one image reads
// its own uses, not every article's.
func (db *DB) ArticlesWithCrops(ctx context.Context, imageID, after int64, limit int) ([]content.Article, error) {
	q := `SELECT id, COALESCE(lead_image_id, 0), lead_crop, lead_focus, body FROM articles
		WHERE id > ? AND (lead_crop <> '' OR lead_focus <> '' OR body LIKE '%data-crop=%')`
	args := []any{after}
	if imageID != 0 {
		q += ` AND (lead_image_id = ? OR body LIKE ?)`
		args = append(args, imageID, `%data-media-id="`+strconv.FormatInt(imageID, 10)+`"%`)
	}
	out, err := queryAll(ctx, db.read, func(sc scanner) (content.Article, error) {
		var a content.Article
		return a, sc.Scan(&a.ID, &a.LeadImageID, &a.LeadCrop, &a.LeadFocus, &a.Body)
	}, q+` ORDER BY id LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("store: articles with crops: %w", err)
	}
	return out, nil
}

// leadCrops loads the lead image crops of the articles ids that have one,
// for lists (whose queries read articleCols only).
func (db *DB) leadCrops(ctx context.Context, ids []int64) (map[int64][2]string, error) {
	out := map[int64][2]string{}
	err := queryEach(ctx, db.read, func(sc scanner) error {
		var id int64
		var crop, focus string
		if err := sc.Scan(&id, &crop, &focus); err != nil {
			return err
		}
		out[id] = [2]string{crop, focus}
		return nil
	}, `SELECT id, lead_crop, lead_focus FROM articles WHERE lead_crop <> '' AND id IN (`+placeholders(len(ids))+`)`, int64Args(ids)...)
	if err != nil {
		return nil, fmt.Errorf("store: lead crops: %w", err)
	}
	return out, nil
}
