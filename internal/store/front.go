package store

import (
	"context"
	"fmt"
	"time"

	"masthead/internal/content"
)

// Front-page layouts (decision 0040): front_slots holds each page's live
// slots and, while the desk works on it, its draft slots; front_pages says
// whether a page has a draft, and who changed and published it.

// FrontLayout returns the live layout of the home page (sectionID 0) or
// of a section's page, or with draft the draft (the live layout when the
// page has no draft). A page never curated has an empty layout.
func (db *DB) FrontLayout(ctx context.Context, sectionID int64, draft bool) (content.FrontLayout, error) {
	l := content.FrontLayout{SectionID: sectionID}
	var draftAt, publishedAt Time
	err := db.read.QueryRowContext(ctx, `SELECT COALESCE(draft_by, 0), draft_at, COALESCE(published_by, 0), published_at
		FROM front_pages WHERE section_id = ?`, sectionID).Scan(&l.DraftBy, &draftAt, &l.PublishedBy, &publishedAt)
	if err = mapErr(err); err != nil && err != ErrNotFound {
		return l, fmt.Errorf("store: front page %d: %w", sectionID, err)
	}
	l.DraftAt, l.PublishedAt = draftAt.T, publishedAt.T
	state := "live"
	if draft && !l.DraftAt.IsZero() {
		state = "draft"
	}
	l.Slots, err = queryAll(ctx, db.read, func(sc scanner) (content.FrontSlot, error) {
		var s content.FrontSlot
		err := sc.Scan(&s.Slot, &s.ArticleID, &s.Headline, &s.ImageID, &s.ImageAlt)
		return s, err
	}, `SELECT slot, article_id, headline, COALESCE(image_id, 0), image_alt FROM front_slots
		WHERE section_id = ? AND state = ? ORDER BY slot`, sectionID, state)
	if err != nil {
		return l, fmt.Errorf("store: front page %d slots: %w", sectionID, err)
	}
	return l, nil
}

// SaveFrontDraft replaces the draft slots of l's page with l.Slots.
func (db *DB) SaveFrontDraft(ctx context.Context, l content.FrontLayout, by int64, at time.Time) error {
	return db.tx(ctx, func(tx *Tx) error {
		if _, err := tx.q.ExecContext(ctx, `DELETE FROM front_slots WHERE section_id = ? AND state = 'draft'`, l.SectionID); err != nil {
			return fmt.Errorf("store: save front draft %d: %w", l.SectionID, err)
		}
		for _, s := range l.Slots {
			if _, err := tx.q.ExecContext(ctx, `INSERT INTO front_slots (section_id, state, slot, article_id, headline, image_id, image_alt)
				VALUES (?, 'draft', ?, ?, ?, ?, ?)`, l.SectionID, s.Slot, s.ArticleID, s.Headline, nullID(s.ImageID), s.ImageAlt); err != nil {
				return fmt.Errorf("store: save front draft %d slot %d: %w", l.SectionID, s.Slot, mapErr(err))
			}
		}
		_, err := tx.q.ExecContext(ctx, `INSERT INTO front_pages (section_id, draft_by, draft_at) VALUES (?, ?, ?)
			ON CONFLICT (section_id) DO UPDATE SET draft_by = excluded.draft_by, draft_at = excluded.draft_at`,
			l.SectionID, nullID(by), at.UnixMicro())
		return err
	})
}

// PublishFront makes a page's draft its live layout, in one transaction;
// a page without a draft keeps its live layout.
func (db *DB) PublishFront(ctx context.Context, sectionID, by int64, at time.Time) error {
	return db.tx(ctx, func(tx *Tx) error {
		var drafted int
		if err := tx.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM front_pages WHERE section_id = ? AND draft_at IS NOT NULL`, sectionID).Scan(&drafted); err != nil {
			return err
		}
		if drafted > 0 {
			for _, q := range []string{
				`DELETE FROM front_slots WHERE section_id = ? AND state = 'live'`,
				`UPDATE front_slots SET state = 'live' WHERE section_id = ? AND state = 'draft'`,
			} {
				if _, err := tx.q.ExecContext(ctx, q, sectionID); err != nil {
					return fmt.Errorf("store: publish front page %d: %w", sectionID, err)
				}
			}
		}
		_, err := tx.q.ExecContext(ctx, `INSERT INTO front_pages (section_id, published_by, published_at) VALUES (?, ?, ?)
			ON CONFLICT (section_id) DO UPDATE SET draft_by = NULL, draft_at = NULL,
			published_by = excluded.published_by, published_at = excluded.published_at`, sectionID, nullID(by), at.UnixMicro())
		return err
	})
}

// DiscardFrontDraft deletes a page's draft.
func (db *DB) DiscardFrontDraft(ctx context.Context, sectionID int64) error {
	return db.tx(ctx, func(tx *Tx) error {
		if _, err := tx.q.ExecContext(ctx, `DELETE FROM front_slots WHERE section_id = ? AND state = 'draft'`, sectionID); err != nil {
			return err
		}
		_, err := tx.q.ExecContext(ctx, `UPDATE front_pages SET draft_by = NULL, draft_at = NULL WHERE section_id = ?`, sectionID)
		return err
	})
}

// deleteFront forgets the layouts of a deleted section's page.
func (tx *Tx) deleteFront(ctx context.Context, sectionID int64) error {
	for _, q := range []string{`DELETE FROM front_slots WHERE section_id = ?`, `DELETE FROM front_pages WHERE section_id = ?`} {
		if _, err := tx.q.ExecContext(ctx, q, sectionID); err != nil {
			return fmt.Errorf("store: delete front page %d: %w", sectionID, err)
		}
	}
	return nil
}

// RecentImages lists the newest uploaded images, for pickers.
func (db *DB) RecentImages(ctx context.Context, limit int) ([]content.Image, error) {
	out, err := queryAll(ctx, db.read, scanImage, `SELECT `+imageCols+` FROM media ORDER BY created_at DESC, id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("store: recent images: %w", err)
	}
	return out, nil
}
