package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"masthead/internal/newsletter"
)

// Subscriber CSV export and import, and the growth chart's counts
// (decision record 0026).

// ExportSubscribers lists readers matching f in id order after afterID:
// an export's keyset pages, stable while readers sign up meanwhile.
func (db *DB) ExportSubscribers(ctx context.Context, f newsletter.SubscriberFilter, afterID int64, limit int) ([]newsletter.Reader, error) {
	where, args := subscriberWhere(f)
	where = append(where, `id > ?`)
	args = append(args, afterID, limit)
	out, err := queryAll(ctx, db.read, scanReader, `SELECT `+readerCols+` FROM readers WHERE `+strings.Join(where, ` AND `)+
		` ORDER BY id LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: export subscribers: %w", err)
	}
	return out, nil
}

// ImportState reads the readers with these identity keys, with the status
// of each of their newsletters, and which of these subject hashes are
// suppressed now.
func (db *DB) ImportState(ctx context.Context, keys, hashes []string) (newsletter.ImportState, error) {
	st := newsletter.ImportState{Readers: map[string]newsletter.ImportedReader{}, Suppressed: map[string]bool{}}
	if len(keys) > 0 {
		err := queryEach(ctx, db.read, func(sc scanner) error {
			var id, nl int64
			var key, status string
			if err := sc.Scan(&id, &key, &nl, &status); err != nil {
				return err
			}
			r, ok := st.Readers[key]
			if !ok {
				r = newsletter.ImportedReader{ID: id, Status: map[int64]string{}}
				st.Readers[key] = r
			}
			if nl != 0 {
				r.Status[nl] = status
			}
			return nil
		}, `SELECT r.id, r.email_key, COALESCE(s.newsletter_id, 0), COALESCE(s.status, '')
			FROM readers r LEFT JOIN subscriptions s ON s.reader_id = r.id
			WHERE r.email_key IN (`+placeholders(len(keys))+`)`, stringArgs(keys)...)
		if err != nil {
			return st, fmt.Errorf("store: import state: %w", err)
		}
	}
	if len(hashes) > 0 {
		err := queryEach(ctx, db.read, func(sc scanner) error {
			var h string
			if err := sc.Scan(&h); err != nil {
				return err
			}
			st.Suppressed[h] = true
			return nil
		}, `SELECT subject_hash FROM suppressions WHERE lifted_at IS NULL AND subject_hash IN (`+placeholders(len(hashes))+`)`, stringArgs(hashes)...)
		if err != nil {
			return st, fmt.Errorf("store: import state: %w", err)
		}
	}
	return st, nil
}

func stringArgs(ss []string) []any {
	args := make([]any, len(ss))
	for i, s := range ss {
		args[i] = s
	}
	return args
}

// ImportBatch subscribes a batch of an import in one transaction. Each
// address is checked again inside it: a suppressed one is skipped, a
// newsletter the reader left stays left and a confirmed one is not
// recorded twice (addSubscriptions), so a repeated or resumed import adds
// nobody twice. A new reader gets the line's sector; an existing one keeps
// their own.
func (db *DB) ImportBatch(ctx context.Context, adds []newsletter.ImportAdd, meta newsletter.Meta, at time.Time) (newsletter.ImportCounts, error) {
	var c newsletter.ImportCounts
	err := db.tx(ctx, func(tx *Tx) error {
		c = newsletter.ImportCounts{}
		for _, a := range adds {
			if sup, err := suppressed(ctx, tx.q, a.SubjectHash); err != nil {
				return err
			} else if sup {
				c.Skipped++
				continue
			}
			req := newsletter.AddRequest{Address: a.Address, SubjectHash: a.SubjectHash, NewsletterIDs: a.NewsletterIDs, Meta: meta, At: at}
			var id int64
			switch err := mapErr(tx.q.QueryRowContext(ctx, `SELECT id FROM readers WHERE email_key = ?`, a.Address.Key).Scan(&id)); err {
			case nil:
			case ErrNotFound:
				req.NewUID, req.SectorID = a.NewUID, a.SectorID
				c.Readers++
			default:
				return err
			}
			_, added, err := addSubscriptions(ctx, tx, req)
			if err != nil {
				return err
			}
			c.Subscriptions += len(added)
			if len(added) == 0 {
				c.Skipped++
			}
		}
		return nil
	})
	return c, err
}

// SavePendingImport keeps an uploaded file for its confirmation (or, with
// the id of one kept, records its new digest), and deletes the files whose
// time is up.
func (db *DB) SavePendingImport(ctx context.Context, p newsletter.PendingImport, now time.Time) error {
	ids := make([]string, len(p.NewsletterIDs))
	for i, id := range p.NewsletterIDs {
		ids[i] = strconv.FormatInt(id, 10)
	}
	return db.tx(ctx, func(tx *Tx) error {
		if _, err := tx.q.ExecContext(ctx, `DELETE FROM subscriber_imports WHERE expires_at <= ?`, now.UnixMicro()); err != nil {
			return err
		}
		_, err := tx.q.ExecContext(ctx, `INSERT INTO subscriber_imports (id, staff_id, newsletter_ids, source, file_name, data, digest, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET digest = excluded.digest`,
			p.ID, p.StaffID, strings.Join(ids, ","), p.Source, p.FileName, p.Data, p.Digest, p.CreatedAt.UnixMicro(), p.ExpiresAt.UnixMicro())
		return mapErr(err)
	})
}

// GetPendingImport loads a kept file whose time is not up.
func (db *DB) GetPendingImport(ctx context.Context, id string, now time.Time) (newsletter.PendingImport, error) {
	var p newsletter.PendingImport
	var ids string
	var created, expires Time
	err := db.read.QueryRowContext(ctx, `SELECT id, staff_id, newsletter_ids, source, file_name, data, digest, created_at, expires_at
		FROM subscriber_imports WHERE id = ? AND expires_at > ?`, id, now.UnixMicro()).
		Scan(&p.ID, &p.StaffID, &ids, &p.Source, &p.FileName, &p.Data, &p.Digest, &created, &expires)
	if err != nil {
		return p, mapErr(err)
	}
	p.CreatedAt, p.ExpiresAt = created.T, expires.T
	for _, s := range strings.Split(ids, ",") {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return p, fmt.Errorf("store: pending import %s: newsletter ids %q", id, ids)
		}
		p.NewsletterIDs = append(p.NewsletterIDs, n)
	}
	return p, nil
}

// DeletePendingImport deletes a kept file.
func (db *DB) DeletePendingImport(ctx context.Context, id string) error {
	_, err := db.write.ExecContext(ctx, `DELETE FROM subscriber_imports WHERE id = ?`, id)
	return err
}

// DeleteExpiredImports deletes the kept files whose time is up: they hold
// addresses, and nobody confirmed them.
func (db *DB) DeleteExpiredImports(ctx context.Context, now time.Time) (int64, error) {
	res, err := db.write.ExecContext(ctx, `DELETE FROM subscriber_imports WHERE expires_at <= ?`, now.UnixMicro())
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// SubscriberGrowth sums per newsletter and quarter hour how many
// subscriptions were confirmed (+1) and how many of those ended (-1), all
// before from under bucket -1. A subscription counts from its latest
// confirmation; it ended if it was unsubscribed after that (a pending row
// may still carry the time it was last confirmed and left). One scan of
// subscriptions, grouped in the database: rows come back per newsletter
// and quarter hour, never per reader.
func (db *DB) SubscriberGrowth(ctx context.Context, from time.Time) ([]newsletter.GrowthDelta, error) {
	start := from.UnixMicro()
	width := newsletter.GrowthBucket.Microseconds()
	out, err := queryAll(ctx, db.read, func(sc scanner) (newsletter.GrowthDelta, error) {
		var d newsletter.GrowthDelta
		err := sc.Scan(&d.NewsletterID, &d.Bucket, &d.Delta)
		return d, err
	}, `SELECT newsletter_id, bucket, SUM(delta) FROM (
			SELECT newsletter_id, CASE WHEN confirmed_at < ? THEN -1 ELSE confirmed_at / ? END AS bucket, 1 AS delta
				FROM subscriptions WHERE confirmed_at IS NOT NULL
			UNION ALL
			SELECT newsletter_id, CASE WHEN unsubscribed_at < ? THEN -1 ELSE unsubscribed_at / ? END, -1
				FROM subscriptions WHERE confirmed_at IS NOT NULL AND unsubscribed_at >= confirmed_at
		) d GROUP BY newsletter_id, bucket ORDER BY newsletter_id, bucket`, start, width, start, width)
	if err != nil {
		return nil, fmt.Errorf("store: subscriber growth: %w", err)
	}
	return out, nil
}

var _ newsletter.CSVStore = (*DB)(nil)
