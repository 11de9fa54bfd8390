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
// their own. New readers, the bulk of a large import, are written with a
// few multi-row statements per batch rather than several statements each.
func (db *DB) ImportBatch(ctx context.Context, adds []newsletter.ImportAdd, meta newsletter.Meta, at time.Time) (newsletter.ImportCounts, error) {
	var c newsletter.ImportCounts
	err := db.tx(ctx, func(tx *Tx) error {
		c = newsletter.ImportCounts{}
		keys, hashes := make([]string, len(adds)), make([]string, len(adds))
		for i, a := range adds {
			keys[i], hashes[i] = a.Address.Key, a.SubjectHash
		}
		sup, err := stringSet(ctx, tx.q, `SELECT subject_hash FROM suppressions WHERE lifted_at IS NULL AND subject_hash IN (`+placeholders(len(hashes))+`)`, hashes)
		if err != nil {
			return err
		}
		existing, err := stringSet(ctx, tx.q, `SELECT email_key FROM readers WHERE email_key IN (`+placeholders(len(keys))+`)`, keys)
		if err != nil {
			return err
		}
		now := at.UnixMicro()
		var fresh []newsletter.ImportAdd
		var rows [][]any
		for _, a := range adds {
			if !sup[a.SubjectHash] && !existing[a.Address.Key] {
				fresh = append(fresh, a)
				rows = append(rows, []any{a.NewUID, a.Address.Email, a.Address.Key, a.SubjectHash, nullID(a.SectorID), now, now})
			}
		}
		// New readers: on PostgreSQL another instance's sign-up may insert
		// one meanwhile; DO NOTHING leaves it to the path of existing readers.
		ids := map[string]int64{}
		err = insertRows(ctx, tx.q, `INSERT INTO readers (uid, email, email_key, subject_hash, sector_id, created_at, updated_at) VALUES `,
			` ON CONFLICT (email_key) DO NOTHING RETURNING id, email_key`, rows, func(sc scanner) error {
				var id int64
				var key string
				if err := sc.Scan(&id, &key); err != nil {
					return err
				}
				ids[key] = id
				return nil
			})
		if err != nil {
			return err
		}
		var subs, recs [][]any
		for _, a := range fresh {
			id, ok := ids[a.Address.Key]
			if !ok {
				continue
			}
			c.Readers++
			for _, nid := range a.NewsletterIDs {
				subs = append(subs, []any{id, nid, now, now, now})
				recs = append(recs, []any{id, a.SubjectHash, nid, newsletter.ActionConfirm, meta.Method, meta.Source, nullID(meta.ConsentVersion), nullID(meta.StaffID), now})
				c.Subscriptions++
			}
		}
		if err := insertRows(ctx, tx.q, `INSERT INTO subscriptions (reader_id, newsletter_id, status, created_at, confirmed_at, updated_at) VALUES `, ``,
			withStatus(subs), nil); err != nil {
			return err
		}
		if err := insertRows(ctx, tx.q, `INSERT INTO consent_records (reader_id, subject_hash, newsletter_id, action, method, source, consent_version, staff_id, at) VALUES `, ``,
			recs, nil); err != nil {
			return err
		}
		// Readers already there, one at a time: their subscriptions decide.
		for _, a := range adds {
			if sup[a.SubjectHash] {
				c.Skipped++
				continue
			}
			if _, ok := ids[a.Address.Key]; ok {
				continue
			}
			_, added, err := addSubscriptions(ctx, tx, newsletter.AddRequest{Address: a.Address, NewsletterIDs: a.NewsletterIDs, Meta: meta, At: at})
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

// withStatus puts the 'confirmed' status after the first two values of
// each subscription row.
func withStatus(rows [][]any) [][]any {
	for i, r := range rows {
		rows[i] = append([]any{r[0], r[1], newsletter.StatusConfirmed}, r[2:]...)
	}
	return rows
}

// maxParams is how many parameters one statement of insertRows takes:
// below SQLite's 32,766 and PostgreSQL's 65,535.
const maxParams = 4000

// insertRows inserts rows (each the same number of values) with as few
// multi-row INSERT statements as maxParams allows: prefix ends with
// VALUES, suffix may hold ON CONFLICT and RETURNING, whose rows scan reads.
func insertRows(ctx context.Context, c conn, prefix, suffix string, rows [][]any, scan func(scanner) error) error {
	if len(rows) == 0 {
		return nil
	}
	width := len(rows[0])
	per := max(1, maxParams/width)
	one := "(" + placeholders(width) + ")"
	for start := 0; start < len(rows); start += per {
		part := rows[start:min(start+per, len(rows))]
		var sb strings.Builder
		sb.WriteString(prefix)
		args := make([]any, 0, len(part)*width)
		for i, r := range part {
			if i > 0 {
				sb.WriteByte(',')
			}
			sb.WriteString(one)
			args = append(args, r...)
		}
		sb.WriteString(suffix)
		if scan != nil {
			if err := queryEach(ctx, c, scan, sb.String(), args...); err != nil {
				return mapErr(err)
			}
			continue
		}
		if _, err := c.ExecContext(ctx, sb.String(), args...); err != nil {
			return mapErr(err)
		}
	}
	return nil
}

// stringSet runs a one-column query with string arguments and returns its
// values as a set.
func stringSet(ctx context.Context, c conn, query string, args []string) (map[string]bool, error) {
	out := map[string]bool{}
	if len(args) == 0 {
		return out, nil
	}
	err := queryEach(ctx, c, func(sc scanner) error {
		var v string
		if err := sc.Scan(&v); err != nil {
			return err
		}
		out[v] = true
		return nil
	}, query, stringArgs(args)...)
	return out, err
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
// may still carry the time it was last confirmed and left). One grouped
// query: what happened before from is counted per newsletter from the
// indexes of migration 0012 alone, and only the period's rows are grouped
// by quarter hour; rows come back per newsletter and quarter hour, never
// per reader, and one key may come in more than one row (the caller adds).
func (db *DB) SubscriberGrowth(ctx context.Context, from time.Time) ([]newsletter.GrowthDelta, error) {
	start := from.UnixMicro()
	width := newsletter.GrowthBucket.Microseconds()
	out, err := queryAll(ctx, db.read, func(sc scanner) (newsletter.GrowthDelta, error) {
		var d newsletter.GrowthDelta
		err := sc.Scan(&d.NewsletterID, &d.Bucket, &d.Delta)
		return d, err
	}, `SELECT newsletter_id, -1, COUNT(*) FROM subscriptions WHERE confirmed_at < ? GROUP BY newsletter_id
		UNION ALL
		SELECT newsletter_id, -1, -COUNT(*) FROM subscriptions
			WHERE unsubscribed_at IS NOT NULL AND unsubscribed_at < ? AND unsubscribed_at >= confirmed_at GROUP BY newsletter_id
		UNION ALL
		SELECT newsletter_id, confirmed_at / ?, COUNT(*) FROM subscriptions WHERE confirmed_at >= ? GROUP BY 1, 2
		UNION ALL
		SELECT newsletter_id, unsubscribed_at / ?, -COUNT(*) FROM subscriptions
			WHERE unsubscribed_at IS NOT NULL AND unsubscribed_at >= ? AND unsubscribed_at >= confirmed_at GROUP BY 1, 2`,
		start, start, width, start, width, start)
	if err != nil {
		return nil, fmt.Errorf("store: subscriber growth: %w", err)
	}
	return out, nil
}

var _ newsletter.CSVStore = (*DB)(nil)
