package store

import (
	"context"
	"fmt"

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
		out[i] = v
	}
	return out, nil
}

func (db *DB) bylines(ctx context.Context, ids []int64) (map[int64][]content.Author, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT aa.article_id, a.id, a.slug, a.name, a.bio, COALESCE(a.photo_id, 0), a.links
		FROM article_authors aa JOIN authors a ON a.id = aa.author_id
		WHERE aa.article_id IN (`+placeholders(len(ids))+`) ORDER BY aa.article_id, aa.position`, int64Args(ids)...)
	if err != nil {
		return nil, fmt.Errorf("store: bylines: %w", err)
	}
	defer rows.Close()
	out := map[int64][]content.Author{}
	for rows.Next() {
		var articleID int64
		var links string
		var a content.Author
		if err := rows.Scan(&articleID, &a.ID, &a.Slug, &a.Name, &a.Bio, &a.PhotoID, &links); err != nil {
			return nil, err
		}
		a.Links = splitLinks(links)
		out[articleID] = append(out[articleID], a)
	}
	return out, rows.Err()
}

func (db *DB) articleTopics(ctx context.Context, ids []int64) (map[int64][]content.Topic, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT at.article_id, t.id, t.slug, t.name
		FROM article_topics at JOIN topics t ON t.id = at.topic_id
		WHERE at.article_id IN (`+placeholders(len(ids))+`) ORDER BY at.article_id, at.position`, int64Args(ids)...)
	if err != nil {
		return nil, fmt.Errorf("store: article topics: %w", err)
	}
	defer rows.Close()
	out := map[int64][]content.Topic{}
	for rows.Next() {
		var articleID int64
		var t content.Topic
		if err := rows.Scan(&articleID, &t.ID, &t.Slug, &t.Name); err != nil {
			return nil, err
		}
		out[articleID] = append(out[articleID], t)
	}
	return out, rows.Err()
}

func (db *DB) images(ctx context.Context, ids []int64) (map[int64]content.Image, error) {
	out := map[int64]content.Image{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := db.read.QueryContext(ctx, `SELECT id, path, mime, width, height, size FROM media WHERE id IN (`+placeholders(len(ids))+`)`, int64Args(ids)...)
	if err != nil {
		return nil, fmt.Errorf("store: images: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var m content.Image
		if err := rows.Scan(&m.ID, &m.Path, &m.Mime, &m.Width, &m.Height, &m.Size); err != nil {
			return nil, err
		}
		out[m.ID] = m
	}
	return out, rows.Err()
}

// GetImage loads one image's record.
func (db *DB) GetImage(ctx context.Context, id int64) (content.Image, error) {
	var m content.Image
	err := db.read.QueryRowContext(ctx, `SELECT id, path, mime, width, height, size FROM media WHERE id = ?`, id).
		Scan(&m.ID, &m.Path, &m.Mime, &m.Width, &m.Height, &m.Size)
	return m, mapErr(err)
}

// CreateImage records an uploaded image file.
func (db *DB) CreateImage(ctx context.Context, m content.Image, by int64) (int64, error) {
	return db.insertID(ctx, db.write, `INSERT INTO media (path, mime, width, height, size, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		m.Path, m.Mime, m.Width, m.Height, m.Size, nullID(by), db.Now().UnixMicro())
}
