package store

import (
	"context"
	"fmt"
	"time"

	"masthead/internal/newsletter"
	"masthead/internal/queue"
)

// Readers, their subscriptions, the consent log, confirmation links and
// the suppression list. The consent log is only ever inserted into.

const readerCols = `id, uid, email, email_key, subject_hash, COALESCE(sector_id, 0), created_at, updated_at`

func scanReader(sc scanner) (newsletter.Reader, error) {
	var r newsletter.Reader
	var created, updated Time
	err := sc.Scan(&r.ID, &r.UID, &r.Email, &r.EmailKey, &r.SubjectHash, &r.SectorID, &created, &updated)
	r.CreatedAt, r.UpdatedAt = created.T, updated.T
	return r, mapErr(err)
}

// GetReader loads a reader by id.
func (db *DB) GetReader(ctx context.Context, id int64) (newsletter.Reader, error) {
	return scanReader(db.read.QueryRowContext(ctx, `SELECT `+readerCols+` FROM readers WHERE id = ?`, id))
}

// GetReaderByUID loads the reader a signed link names.
func (db *DB) GetReaderByUID(ctx context.Context, uid string) (newsletter.Reader, error) {
	return scanReader(db.read.QueryRowContext(ctx, `SELECT `+readerCols+` FROM readers WHERE uid = ?`, uid))
}

// GetReaderByEmail loads a reader by identity key.
func (db *DB) GetReaderByEmail(ctx context.Context, emailKey string) (newsletter.Reader, error) {
	return scanReader(db.read.QueryRowContext(ctx, `SELECT `+readerCols+` FROM readers WHERE email_key = ?`, emailKey))
}

// upsertReader returns the id of the reader of an address, adding the
// reader when new. One statement, so parallel sign-ups of one address make
// one reader on both engines.
func upsertReader(ctx context.Context, c conn, a newsletter.Address, subjectHash, uid string, now int64) (int64, error) {
	var id int64
	err := c.QueryRowContext(ctx, `INSERT INTO readers (uid, email, email_key, subject_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (email_key) DO UPDATE SET email_key = excluded.email_key RETURNING id`,
		uid, a.Email, a.Key, subjectHash, now, now).Scan(&id)
	return id, mapErr(err)
}

// consent appends one record to the consent log, copying the reader's
// subject hash.
func consent(ctx context.Context, c conn, readerID, newsletterID int64, action string, m newsletter.Meta, at int64) error {
	_, err := c.ExecContext(ctx, `INSERT INTO consent_records (reader_id, subject_hash, newsletter_id, action, method, source, consent_version, staff_id, at)
		SELECT id, subject_hash, ?, ?, ?, ?, ?, ?, ? FROM readers WHERE id = ?`,
		nullID(newsletterID), action, m.Method, m.Source, nullID(m.ConsentVersion), nullID(m.StaffID), at, readerID)
	return err
}

// setSector sets a reader's job sector (0: none).
func setSector(ctx context.Context, c conn, readerID, sectorID, at int64) error {
	_, err := c.ExecContext(ctx, `UPDATE readers SET sector_id = ?, updated_at = ? WHERE id = ?`, nullID(sectorID), at, readerID)
	return err
}

func suppressed(ctx context.Context, c conn, subjectHash string) (bool, error) {
	var n int
	err := c.QueryRowContext(ctx, `SELECT COUNT(*) FROM suppressions WHERE subject_hash = ? AND lifted_at IS NULL`, subjectHash).Scan(&n)
	return n > 0, err
}

// RequestSubscriptions records a sign-up in one transaction: the reader,
// the newsletters not yet confirmed set pending, a consent record for each,
// and a confirmation whose email job enqueue adds through the transaction.
// A suppressed address records nothing.
func (db *DB) RequestSubscriptions(ctx context.Context, r newsletter.SubscribeRequest, enqueue func(w queue.JobWriter, confirmationID int64) error) (newsletter.SubscribeResult, error) {
	var res newsletter.SubscribeResult
	err := db.tx(ctx, func(tx *Tx) error {
		res = newsletter.SubscribeResult{}
		if sup, err := suppressed(ctx, tx.q, r.SubjectHash); err != nil || sup {
			res.Suppressed = sup
			return err
		}
		now := r.At.UnixMicro()
		id, err := upsertReader(ctx, tx.q, r.Address, r.SubjectHash, r.NewUID, now)
		if err != nil {
			return err
		}
		res.ReaderID = id
		var pending []int64
		for _, nid := range r.NewsletterIDs {
			var got int64
			err := tx.q.QueryRowContext(ctx, `INSERT INTO subscriptions (reader_id, newsletter_id, status, created_at, updated_at) VALUES (?, ?, 'pending', ?, ?)
				ON CONFLICT (reader_id, newsletter_id) DO UPDATE SET status = 'pending', updated_at = excluded.updated_at
				WHERE subscriptions.status <> 'confirmed' RETURNING newsletter_id`, id, nid, now, now).Scan(&got)
			if err = mapErr(err); err == ErrNotFound {
				continue // confirmed already
			} else if err != nil {
				return err
			}
			pending = append(pending, nid)
			if err := consent(ctx, tx.q, id, nid, newsletter.ActionSubscribe,
				newsletter.Meta{Method: newsletter.MethodForm, Source: r.Source, ConsentVersion: r.ConsentVersion}, now); err != nil {
				return err
			}
		}
		if len(pending) == 0 {
			return nil
		}
		cid, err := insertID(ctx, tx.q, `INSERT INTO confirmations (reader_id, source, consent_version, sector_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)`,
			id, r.Source, nullID(r.ConsentVersion), nullID(r.SectorID), now, r.ExpiresAt.UnixMicro())
		if err != nil {
			return err
		}
		for _, nid := range pending {
			if _, err := tx.q.ExecContext(ctx, `INSERT INTO confirmation_newsletters (confirmation_id, newsletter_id) VALUES (?, ?)`, cid, nid); err != nil {
				return err
			}
		}
		res.ConfirmationID = cid
		return enqueue(tx, cid)
	})
	if err != nil {
		return newsletter.SubscribeResult{}, err
	}
	return res, nil
}

const confirmationCols = `id, reader_id, source, COALESCE(consent_version, 0), COALESCE(sector_id, 0), created_at, expires_at, sent_at, used_at`

func scanConfirmation(sc scanner) (newsletter.Confirmation, error) {
	var c newsletter.Confirmation
	var created, expires, sent, used Time
	err := sc.Scan(&c.ID, &c.ReaderID, &c.Source, &c.ConsentVersion, &c.SectorID, &created, &expires, &sent, &used)
	c.CreatedAt, c.ExpiresAt, c.SentAt, c.UsedAt = created.T, expires.T, sent.T, used.T
	return c, mapErr(err)
}

func confirmationNewsletters(ctx context.Context, c conn, id int64) ([]int64, error) {
	return queryAll(ctx, c, scanInt64, `SELECT newsletter_id FROM confirmation_newsletters WHERE confirmation_id = ? ORDER BY newsletter_id`, id)
}

// GetConfirmation loads a sign-up waiting for confirmation.
func (db *DB) GetConfirmation(ctx context.Context, id int64) (newsletter.Confirmation, error) {
	c, err := scanConfirmation(db.read.QueryRowContext(ctx, `SELECT `+confirmationCols+` FROM confirmations WHERE id = ?`, id))
	if err != nil {
		return c, err
	}
	c.NewsletterIDs, err = confirmationNewsletters(ctx, db.read, id)
	return c, err
}

// ListConfirmations lists a reader's sign-up requests, oldest first.
func (db *DB) ListConfirmations(ctx context.Context, readerID int64) ([]newsletter.Confirmation, error) {
	out, err := queryAll(ctx, db.read, scanConfirmation, `SELECT `+confirmationCols+` FROM confirmations WHERE reader_id = ? ORDER BY created_at, id`, readerID)
	if err != nil {
		return nil, fmt.Errorf("store: list confirmations: %w", err)
	}
	for i := range out {
		if out[i].NewsletterIDs, err = confirmationNewsletters(ctx, db.read, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// SetConfirmationToken stores the hash of the link just made for a
// confirmation, replacing any earlier one.
func (db *DB) SetConfirmationToken(ctx context.Context, id int64, tokenHash string, now time.Time) error {
	return db.execOne(ctx, `UPDATE confirmations SET token_hash = ?, sent_at = ? WHERE id = ? AND used_at IS NULL`, tokenHash, now.UnixMicro(), id)
}

// UseConfirmation uses an unused, unexpired confirmation link once: the
// newsletters it asked for that are still pending become confirmed, each
// with a consent record, and the sector given with it is saved. It returns
// the confirmation and the newsletters it confirmed.
func (db *DB) UseConfirmation(ctx context.Context, tokenHash string, now time.Time) (newsletter.Confirmation, []int64, error) {
	var c newsletter.Confirmation
	var confirmed []int64
	err := db.tx(ctx, func(tx *Tx) error {
		confirmed = nil
		var err error
		c, err = scanConfirmation(tx.q.QueryRowContext(ctx, `UPDATE confirmations SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?
			RETURNING `+confirmationCols, now.UnixMicro(), tokenHash, now.UnixMicro()))
		if err != nil {
			return err
		}
		if c.NewsletterIDs, err = confirmationNewsletters(ctx, tx.q, c.ID); err != nil {
			return err
		}
		at := now.UnixMicro()
		meta := newsletter.Meta{Method: newsletter.MethodDoubleOptIn, Source: c.Source, ConsentVersion: c.ConsentVersion}
		for _, nid := range c.NewsletterIDs {
			res, err := tx.q.ExecContext(ctx, `UPDATE subscriptions SET status = 'confirmed', confirmed_at = ?, updated_at = ?
				WHERE reader_id = ? AND newsletter_id = ? AND status = 'pending'`, at, at, c.ReaderID, nid)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				continue // withdrawn meanwhile, or confirmed by another link
			}
			confirmed = append(confirmed, nid)
			if err := consent(ctx, tx.q, c.ReaderID, nid, newsletter.ActionConfirm, meta, at); err != nil {
				return err
			}
		}
		if c.SectorID != 0 {
			err = setSector(ctx, tx.q, c.ReaderID, c.SectorID, at)
		}
		return err
	})
	return c, confirmed, err
}

// AddSubscriptions confirms newsletters for an address whose consent was
// proven otherwise (import, staff, the reader's signed link), with a
// consent record each. Unsubscribed ones are left alone unless
// r.Resubscribe. It returns the reader and the newsletters it confirmed.
func (db *DB) AddSubscriptions(ctx context.Context, r newsletter.AddRequest) (int64, []int64, error) {
	var id int64
	var added []int64
	err := db.tx(ctx, func(tx *Tx) error {
		var err error
		id, added, err = addSubscriptions(ctx, tx, r)
		return err
	})
	return id, added, err
}

func addSubscriptions(ctx context.Context, tx *Tx, r newsletter.AddRequest) (id int64, added []int64, err error) {
	now := r.At.UnixMicro()
	if r.NewUID == "" {
		if err = tx.q.QueryRowContext(ctx, `SELECT id FROM readers WHERE email_key = ?`, r.Address.Key).Scan(&id); err != nil {
			return 0, nil, mapErr(err)
		}
	} else if id, err = upsertReader(ctx, tx.q, r.Address, r.SubjectHash, r.NewUID, now); err != nil {
		return 0, nil, err
	}
	unless := `subscriptions.status = 'pending'`
	if r.Resubscribe {
		unless = `subscriptions.status <> 'confirmed'`
	}
	for _, nid := range r.NewsletterIDs {
		var got int64
		err := tx.q.QueryRowContext(ctx, `INSERT INTO subscriptions (reader_id, newsletter_id, status, created_at, confirmed_at, updated_at) VALUES (?, ?, 'confirmed', ?, ?, ?)
			ON CONFLICT (reader_id, newsletter_id) DO UPDATE SET status = 'confirmed', confirmed_at = excluded.confirmed_at, unsubscribed_at = NULL, updated_at = excluded.updated_at
			WHERE `+unless+` RETURNING newsletter_id`, id, nid, now, now, now).Scan(&got)
		if err = mapErr(err); err == ErrNotFound {
			continue
		} else if err != nil {
			return 0, nil, err
		}
		added = append(added, nid)
		if r.Meta.ConsentVersion != 0 {
			if err := consent(ctx, tx.q, id, nid, newsletter.ActionSubscribe, r.Meta, now); err != nil {
				return 0, nil, err
			}
		}
		if err := consent(ctx, tx.q, id, nid, newsletter.ActionConfirm, r.Meta, now); err != nil {
			return 0, nil, err
		}
	}
	if r.SectorID != 0 {
		err = setSector(ctx, tx.q, id, r.SectorID, now)
	}
	return id, added, err
}

// EndSubscriptions unsubscribes a reader from newsletterIDs (nil: from
// all), writing "unsubscribe" for confirmed ones and "withdraw" for
// pending ones. Ones already unsubscribed change and record nothing. It
// returns the newsletters it ended.
func (db *DB) EndSubscriptions(ctx context.Context, readerID int64, newsletterIDs []int64, meta newsletter.Meta, now time.Time) ([]int64, error) {
	var ended []int64
	err := db.tx(ctx, func(tx *Tx) error {
		var err error
		ended, err = endSubscriptions(ctx, tx, readerID, newsletterIDs, meta, now)
		return err
	})
	return ended, err
}

func endSubscriptions(ctx context.Context, tx *Tx, readerID int64, newsletterIDs []int64, meta newsletter.Meta, now time.Time) ([]int64, error) {
	var ended []int64
	q := `SELECT newsletter_id, status FROM subscriptions WHERE reader_id = ? AND status <> 'unsubscribed'`
	args := []any{readerID}
	if newsletterIDs != nil {
		q += ` AND newsletter_id IN (` + placeholders(len(newsletterIDs)) + `)`
		args = append(args, int64Args(newsletterIDs)...)
	}
	type sub struct {
		id     int64
		status string
	}
	subs, err := queryAll(ctx, tx.q, func(sc scanner) (sub, error) {
		var s sub
		err := sc.Scan(&s.id, &s.status)
		return s, err
	}, q+` ORDER BY newsletter_id`, args...)
	if err != nil {
		return nil, err
	}
	at := now.UnixMicro()
	for _, s := range subs {
		if _, err := tx.q.ExecContext(ctx, `UPDATE subscriptions SET status = 'unsubscribed', unsubscribed_at = ?, updated_at = ? WHERE reader_id = ? AND newsletter_id = ?`,
			at, at, readerID, s.id); err != nil {
			return nil, err
		}
		action := newsletter.ActionUnsubscribe
		if s.status == newsletter.StatusPending {
			action = newsletter.ActionWithdraw
		}
		if err := consent(ctx, tx.q, readerID, s.id, action, meta, at); err != nil {
			return nil, err
		}
		ended = append(ended, s.id)
	}
	return ended, nil
}

// subscriptionCols are the columns scanSubscription reads, from
// subscriptions aliased s.
const subscriptionCols = `s.reader_id, s.newsletter_id, s.status, s.created_at, s.confirmed_at, s.unsubscribed_at, s.updated_at`

func scanSubscription(sc scanner) (newsletter.Subscription, error) {
	var s newsletter.Subscription
	var created, confirmed, unsub, updated Time
	err := sc.Scan(&s.ReaderID, &s.NewsletterID, &s.Status, &created, &confirmed, &unsub, &updated)
	s.CreatedAt, s.ConfirmedAt, s.UnsubscribedAt, s.UpdatedAt = created.T, confirmed.T, unsub.T, updated.T
	return s, err
}

// ListSubscriptions lists a reader's subscriptions in every status.
func (db *DB) ListSubscriptions(ctx context.Context, readerID int64) ([]newsletter.Subscription, error) {
	out, err := queryAll(ctx, db.read, scanSubscription, `SELECT `+subscriptionCols+`
		FROM subscriptions s JOIN newsletters n ON n.id = s.newsletter_id WHERE s.reader_id = ? ORDER BY n.position, n.name, n.id`, readerID)
	if err != nil {
		return nil, fmt.Errorf("store: list subscriptions: %w", err)
	}
	return out, nil
}

// ListConsentRecords lists a reader's consent log, oldest first.
func (db *DB) ListConsentRecords(ctx context.Context, readerID int64) ([]newsletter.ConsentRecord, error) {
	return queryAll(ctx, db.read, scanConsent, `SELECT `+consentCols+` FROM consent_records WHERE reader_id = ? ORDER BY at, id`, readerID)
}

// ConsentRecordsBySubject lists the consent log of an address by its
// keyed hash, including what remains of an erased reader.
func (db *DB) ConsentRecordsBySubject(ctx context.Context, subjectHash string) ([]newsletter.ConsentRecord, error) {
	return queryAll(ctx, db.read, scanConsent, `SELECT `+consentCols+` FROM consent_records WHERE subject_hash = ? ORDER BY at, id`, subjectHash)
}

const consentCols = `id, COALESCE(reader_id, 0), subject_hash, COALESCE(newsletter_id, 0), action, method, source, COALESCE(consent_version, 0), COALESCE(staff_id, 0), at`

func scanConsent(sc scanner) (newsletter.ConsentRecord, error) {
	var r newsletter.ConsentRecord
	var at Time
	err := sc.Scan(&r.ID, &r.ReaderID, &r.SubjectHash, &r.NewsletterID, &r.Action, &r.Method, &r.Source, &r.ConsentVersion, &r.StaffID, &at)
	r.At = at.T
	return r, err
}

// EraseReader deletes a reader with their subscriptions and confirmation
// links, suppresses the address's hash and appends an "erase" record; the
// consent log keeps its records under the hash alone.
func (db *DB) EraseReader(ctx context.Context, readerID int64, meta newsletter.Meta, now time.Time) error {
	return db.tx(ctx, func(tx *Tx) error {
		var hash string
		if err := tx.q.QueryRowContext(ctx, `SELECT subject_hash FROM readers WHERE id = ?`, readerID).Scan(&hash); err != nil {
			return mapErr(err)
		}
		at := now.UnixMicro()
		if err := suppress(ctx, tx.q, hash, newsletter.ReasonErased, at); err != nil {
			return err
		}
		if err := consent(ctx, tx.q, readerID, 0, newsletter.ActionErase, meta, at); err != nil {
			return err
		}
		// The foreign keys delete subscriptions and confirmations and clear
		// reader_id on the consent records (ON DELETE CASCADE / SET NULL).
		_, err := tx.q.ExecContext(ctx, `DELETE FROM readers WHERE id = ?`, readerID)
		return err
	})
}

func suppress(ctx context.Context, c conn, hash, reason string, at int64) error {
	_, err := c.ExecContext(ctx, `INSERT INTO suppressions (subject_hash, reason, created_at) VALUES (?, ?, ?)
		ON CONFLICT (subject_hash) DO UPDATE SET reason = excluded.reason, created_at = excluded.created_at, lifted_at = NULL, lifted_by = NULL`,
		hash, reason, at)
	return err
}

// Suppress adds a hashed address to the suppression list (again, if it
// was lifted).
func (db *DB) Suppress(ctx context.Context, subjectHash, reason string, now time.Time) error {
	return suppress(ctx, db.write, subjectHash, reason, now.UnixMicro())
}

// LiftSuppression lets a hashed address be signed up again.
func (db *DB) LiftSuppression(ctx context.Context, subjectHash string, staffID int64, now time.Time) error {
	return db.execOne(ctx, `UPDATE suppressions SET lifted_at = ?, lifted_by = ? WHERE subject_hash = ? AND lifted_at IS NULL`,
		now.UnixMicro(), nullID(staffID), subjectHash)
}

// GetSuppression loads the suppression entry of a hashed address.
func (db *DB) GetSuppression(ctx context.Context, subjectHash string) (newsletter.Suppression, error) {
	var s newsletter.Suppression
	var created, lifted Time
	err := db.read.QueryRowContext(ctx, `SELECT subject_hash, reason, created_at, lifted_at FROM suppressions WHERE subject_hash = ?`, subjectHash).
		Scan(&s.SubjectHash, &s.Reason, &created, &lifted)
	s.CreatedAt, s.LiftedAt = created.T, lifted.T
	return s, mapErr(err)
}

var _ newsletter.Store = (*DB)(nil)

// CountReaders counts readers.
func (db *DB) CountReaders(ctx context.Context) (int, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM readers`).Scan(&n)
	return n, err
}

// SavePreferences applies a preference-centre change in one transaction:
// the newsletters left, the ones added, the sector.
func (db *DB) SavePreferences(ctx context.Context, c newsletter.PreferencesChange) error {
	return db.tx(ctx, func(tx *Tx) error {
		if len(c.Remove) > 0 {
			if _, err := endSubscriptions(ctx, tx, c.ReaderID, c.Remove, c.Add.Meta, c.Add.At); err != nil {
				return err
			}
		}
		if len(c.Add.NewsletterIDs) > 0 {
			if _, _, err := addSubscriptions(ctx, tx, c.Add); err != nil {
				return err
			}
		}
		return setSector(ctx, tx.q, c.ReaderID, c.SectorID, c.Add.At.UnixMicro())
	})
}

// PruneUnconfirmed deletes readers who never had a confirmed subscription
// and hold no unexpired confirmation link.
// A table that gives a reader something more to keep (an account, a
// payment, a job alert) must be added to this rule and to Export: the
// test TestReaderTablesAreExportedAndPruned holds the list.
func (db *DB) PruneUnconfirmed(ctx context.Context, now time.Time) (int64, error) {
	res, err := db.write.ExecContext(ctx, `DELETE FROM readers WHERE
		NOT EXISTS (SELECT 1 FROM subscriptions s WHERE s.reader_id = readers.id AND s.confirmed_at IS NOT NULL)
		AND NOT EXISTS (SELECT 1 FROM confirmations c WHERE c.reader_id = readers.id AND c.expires_at > ?)
		AND created_at < ?`, now.UnixMicro(), now.UnixMicro())
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
