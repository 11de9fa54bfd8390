package store

import (
	"context"
	"fmt"
	"strings"

	"masthead/internal/content"
	"masthead/internal/newsletter"
)

// The newsroom's view of subscribers: a filtered, keyset-paginated list of
// readers, newest first, and counts per newsletter.

// ListSubscribers lists readers matching f, newest first, after the cursor
// (the created time and id of the last reader of the previous page).
func (db *DB) ListSubscribers(ctx context.Context, f newsletter.SubscriberFilter, after content.Cursor, limit int) ([]newsletter.Reader, error) {
	where, args := subscriberWhere(f)
	if !after.IsZero() {
		at := after.PublishedAt.UnixMicro()
		where = append(where, `(created_at < ? OR (created_at = ? AND id < ?))`)
		args = append(args, at, at, after.ID)
	}
	query := `SELECT ` + readerCols + ` FROM readers`
	if len(where) > 0 {
		query += ` WHERE ` + strings.Join(where, ` AND `)
	}
	query += ` ORDER BY created_at DESC, id DESC LIMIT ?`
	args = append(args, limit)
	out, err := queryAll(ctx, db.read, scanReader, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list subscribers: %w", err)
	}
	return out, nil
}

// subscriberWhere is the condition on readers of a subscriber filter.
func subscriberWhere(f newsletter.SubscriberFilter) ([]string, []any) {
	var where []string
	var args []any
	if q := strings.ToLower(strings.TrimSpace(f.Search)); q != "" {
		where = append(where, `email_key LIKE ? ESCAPE '\'`)
		args = append(args, "%"+escapeLike(q)+"%")
	}
	if f.SectorID != 0 {
		where = append(where, `sector_id = ?`)
		args = append(args, f.SectorID)
	}
	if f.NewsletterID != 0 || f.Status != "" {
		sub := `EXISTS (SELECT 1 FROM subscriptions s WHERE s.reader_id = readers.id`
		if f.NewsletterID != 0 {
			sub += ` AND s.newsletter_id = ?`
			args = append(args, f.NewsletterID)
		}
		if f.Status != "" {
			sub += ` AND s.status = ?`
			args = append(args, f.Status)
		}
		where = append(where, sub+`)`)
	}
	return where, args
}

// SubscriptionsOf returns the subscriptions of several readers, by reader,
// each in the newsletters' order.
func (db *DB) SubscriptionsOf(ctx context.Context, readerIDs []int64) (map[int64][]newsletter.Subscription, error) {
	out := map[int64][]newsletter.Subscription{}
	if len(readerIDs) == 0 {
		return out, nil
	}
	err := queryEach(ctx, db.read, func(sc scanner) error {
		s, err := scanSubscription(sc)
		if err != nil {
			return err
		}
		out[s.ReaderID] = append(out[s.ReaderID], s)
		return nil
	}, `SELECT `+subscriptionCols+`
		FROM subscriptions s JOIN newsletters n ON n.id = s.newsletter_id
		WHERE s.reader_id IN (`+placeholders(len(readerIDs))+`) ORDER BY n.position, n.name, n.id`, int64Args(readerIDs)...)
	if err != nil {
		return nil, fmt.Errorf("store: subscriptions of readers: %w", err)
	}
	return out, nil
}

// CountSubscribers counts each newsletter's readers by status; newsletters
// without any are left out.
func (db *DB) CountSubscribers(ctx context.Context) ([]newsletter.SubscriberCount, error) {
	byID := map[int64]*newsletter.SubscriberCount{}
	var order []int64
	err := queryEach(ctx, db.read, func(sc scanner) error {
		var id int64
		var status string
		var n int
		if err := sc.Scan(&id, &status, &n); err != nil {
			return err
		}
		c := byID[id]
		if c == nil {
			c = &newsletter.SubscriberCount{NewsletterID: id}
			byID[id] = c
			order = append(order, id)
		}
		switch status {
		case newsletter.StatusPending:
			c.Pending = n
		case newsletter.StatusConfirmed:
			c.Confirmed = n
		case newsletter.StatusUnsubscribed:
			c.Unsubscribed = n
		}
		return nil
	}, `SELECT newsletter_id, status, COUNT(*) FROM subscriptions GROUP BY newsletter_id, status ORDER BY newsletter_id, status`)
	if err != nil {
		return nil, fmt.Errorf("store: count subscribers: %w", err)
	}
	out := make([]newsletter.SubscriberCount, 0, len(order))
	for _, id := range order {
		out = append(out, *byID[id])
	}
	return out, nil
}
