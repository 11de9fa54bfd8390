package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"masthead/internal/content"
)

// Views loads what pages show with each article: section, series, byline,
// topics and lead image, in a few batched queries whatever the list length.
func (db *DB) Views(ctx context.Context, arts []content.Article) ([]content.ArticleView, error) {
	out := make([]content.ArticleView, len(arts))
	if len(arts) == 0 {
		return out, nil
	}
	ids := make([]int64, len(arts))
	var imageIDs []int64
	for i, a := range arts {
		ids[i] = a.ID
		if a.LeadImageID != 0 {
			imageIDs = append(imageIDs, a.LeadImageID)
		}
	}
	sections, err := db.ListSections(ctx)
	if err != nil {
		return nil, err
	}
	series, err := db.ListSeries(ctx)
	if err != nil {
		return nil, err
	}
	authors, err := db.bylines(ctx, ids)
	if err != nil {
		return nil, err
	}
	topics, err := db.articleTopics(ctx, ids)
	if err != nil {
		return nil, err
	}
	images, err := db.images(ctx, imageIDs)
	if err != nil {
		return nil, err
	}
	crops, err := db.leadCrops(ctx, ids)
	if err != nil {
		return nil, err
	}
	for i, a := range arts {
		v := content.ArticleView{Article: a, Authors: authors[a.ID], Topics: topics[a.ID]}
		for _, s := range sections {
			if s.ID == a.SectionID {
				v.Section = s
			}
		}
		for j := range series {
			if series[j].ID == a.SeriesID {
				s := series[j]
				v.Series = &s
			}
		}
		if img, ok := images[a.LeadImageID]; ok {
			v.LeadImage = &img
		}
		if c, ok := crops[a.ID]; ok {
			v.LeadCrop, v.LeadFocus = c[0], c[1]
		}
		out[i] = v
	}
	return out, nil
}

func (db *DB) bylines(ctx context.Context, ids []int64) (map[int64][]content.Author, error) {
	out := map[int64][]content.Author{}
	err := queryEach(ctx, db.read, func(sc scanner) error {
		var articleID int64
		a, err := scanAuthor(extraScanner{sc, []any{&articleID}})
		if err != nil {
			return err
		}
		out[articleID] = append(out[articleID], a)
		return nil
	}, `SELECT a.id, a.slug, a.name, a.bio, COALESCE(a.photo_id, 0), a.links, aa.article_id
		FROM article_authors aa JOIN authors a ON a.id = aa.author_id
		WHERE aa.article_id IN (`+placeholders(len(ids))+`) ORDER BY aa.article_id, aa.position`, int64Args(ids)...)
	if err != nil {
		return nil, fmt.Errorf("store: bylines: %w", err)
	}
	return out, nil
}

func (db *DB) articleTopics(ctx context.Context, ids []int64) (map[int64][]content.Topic, error) {
	out := map[int64][]content.Topic{}
	err := queryEach(ctx, db.read, func(sc scanner) error {
		var articleID int64
		var t content.Topic
		if err := sc.Scan(&articleID, &t.ID, &t.Slug, &t.Name); err != nil {
			return err
		}
		out[articleID] = append(out[articleID], t)
		return nil
	}, `SELECT at.article_id, t.id, t.slug, t.name
		FROM article_topics at JOIN topics t ON t.id = at.topic_id
		WHERE at.article_id IN (`+placeholders(len(ids))+`) ORDER BY at.article_id, at.position`, int64Args(ids)...)
	if err != nil {
		return nil, fmt.Errorf("store: article topics: %w", err)
	}
	return out, nil
}

func (db *DB) images(ctx context.Context, ids []int64) (map[int64]content.Image, error) {
	out := map[int64]content.Image{}
	if len(ids) == 0 {
		return out, nil
	}
	list, err := queryAll(ctx, db.read, scanImage, `SELECT `+imageCols+` FROM media WHERE id IN (`+placeholders(len(ids))+`)`, int64Args(ids)...)
	if err != nil {
		return nil, fmt.Errorf("store: images: %w", err)
	}
	vs, err := db.variants(ctx, list)
	if err != nil {
		return nil, err
	}
	for _, m := range list {
		setVariants(&m, vs[m.ID])
		out[m.ID] = m
	}
	return out, nil
}

// imageCols are the columns of media that scanImage reads.
const imageCols = `id, path, mime, width, height, size, name, alt, caption, credit, focus_x, focus_y`

func scanImage(sc scanner) (content.Image, error) {
	var m content.Image
	err := sc.Scan(&m.ID, &m.Path, &m.Mime, &m.Width, &m.Height, &m.Size, &m.Name, &m.Alt, &m.Caption, &m.Credit, &m.FocusX, &m.FocusY)
	return m, mapErr(err)
}

// GetImage loads one image's record and its variants.
func (db *DB) GetImage(ctx context.Context, id int64) (content.Image, error) {
	m, err := scanImage(db.read.QueryRowContext(ctx, `SELECT `+imageCols+` FROM media WHERE id = ?`, id))
	if err != nil {
		return m, err
	}
	vs, err := db.variants(ctx, []content.Image{m})
	if err != nil {
		return m, err
	}
	setVariants(&m, vs[m.ID])
	return m, nil
}

// CreateImage records an uploaded image file, already stripped of metadata.
// A zero focal point is the centre.
func (db *DB) CreateImage(ctx context.Context, m content.Image, by int64) (int64, error) {
	fx, fy := focusOr(m.FocusX, m.FocusY)
	now := db.Now().UnixMicro()
	return insertID(ctx, db.write, `INSERT INTO media (path, mime, width, height, size, created_by, created_at, metadata_stripped, name, alt, caption, credit, focus_x, focus_y, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		m.Path, m.Mime, m.Width, m.Height, m.Size, nullID(by), now, true, m.Name, m.Alt, m.Caption, m.Credit, fx, fy, now)
}

// focusOr is the focal point, the centre when both are zero.
func focusOr(x, y float64) (float64, float64) {
	if x == 0 && y == 0 {
		return 0.5, 0.5
	}
	return x, y
}

// DeleteUnusedImage deletes an image's record unless an article (lead
// image or a body image block), an author or the settings use it, and
// returns its file's path when it did. Its variants' records stay until
// their files are removed (StaleImageVariants).
func (db *DB) DeleteUnusedImage(ctx context.Context, id int64) (path string, deleted bool, err error) {
	err = db.write.QueryRowContext(ctx, `DELETE FROM media WHERE id = ?
		AND NOT EXISTS (SELECT 1 FROM articles WHERE lead_image_id = ?)
		AND NOT EXISTS (SELECT 1 FROM articles WHERE body LIKE ?)
		AND NOT EXISTS (SELECT 1 FROM authors WHERE photo_id = ?)
		AND NOT EXISTS (SELECT 1 FROM settings WHERE key = 'logo_id' AND value = ?)
		RETURNING path`, id, id, bodyUse(id), id, strconv.FormatInt(id, 10)).Scan(&path)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("store: delete image %d: %w", id, err)
	}
	return path, true, nil
}

// bodyUse is the LIKE pattern of a body holding an image block of media
// id (the canonical body's data-media-id="N"; digits need no escaping).
func bodyUse(id int64) string {
	return `%data-media-id="` + strconv.FormatInt(id, 10) + `"%`
}

// ImagesToStrip lists, by id, up to limit images after afterID whose files
// have not been stripped of metadata yet (every image when all is set).
func (db *DB) ImagesToStrip(ctx context.Context, afterID int64, limit int, all bool) ([]content.Image, error) {
	where, args := `id > ? AND metadata_stripped = ?`, []any{afterID, false}
	if all {
		where, args = `id > ?`, []any{afterID}
	}
	out, err := queryAll(ctx, db.read, scanImage, `SELECT `+imageCols+` FROM media WHERE `+where+` ORDER BY id LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("store: images to strip: %w", err)
	}
	return out, nil
}

// SetImageStripped records an image file's size and whether its metadata
// has been stripped.
func (db *DB) SetImageStripped(ctx context.Context, id, size int64, stripped bool) error {
	res, err := db.write.ExecContext(ctx, `UPDATE media SET size = ?, metadata_stripped = ? WHERE id = ?`, size, stripped, id)
	if err != nil {
		return fmt.Errorf("store: image %d stripped: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}
