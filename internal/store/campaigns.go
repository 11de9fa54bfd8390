package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"masthead/internal/campaign"
	"masthead/internal/mail"
	"masthead/internal/queue"
)

// Campaigns: drafts, their transitions and the sending checkpoint
// (decision record 0023).

var _ campaign.Store = (*DB)(nil)

const campaignCols = `id, newsletter_id, subject, preheader, intro, track, status, scheduled_at, started_at, finished_at,
	COALESCE(created_by, 0), created_at, updated_at, version, total_recipients, checkpoint, sent_count, failed_count,
	bounced_count, unconfirmed_count, last_error`

func scanCampaign(sc scanner, extra ...any) (campaign.Campaign, error) {
	var c campaign.Campaign
	var status string
	var sched, started, finished, created, updated Time
	dest := []any{&c.ID, &c.NewsletterID, &c.Subject, &c.Preheader, &c.Intro, &c.Track, &status, &sched, &started, &finished,
		&c.CreatedBy, &created, &updated, &c.Version, &c.Total, &c.Checkpoint, &c.Sent, &c.Failed, &c.Bounced, &c.Unconfirmed, &c.LastError}
	err := sc.Scan(append(dest, extra...)...)
	c.Status = campaign.Status(status)
	c.ScheduledAt, c.StartedAt, c.FinishedAt, c.CreatedAt, c.UpdatedAt = sched.T, started.T, finished.T, created.T, updated.T
	return c, mapErr(err)
}

// CreateCampaign inserts a draft with its articles.
func (db *DB) CreateCampaign(ctx context.Context, c campaign.Campaign) (int64, error) {
	var id int64
	err := db.tx(ctx, func(tx *Tx) error {
		var err error
		id, err = insertID(ctx, tx.q, `INSERT INTO campaigns (newsletter_id, subject, preheader, intro, track, status, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, c.NewsletterID, c.Subject, c.Preheader, c.Intro, c.Track, string(campaign.StatusDraft),
			nullID(c.CreatedBy), c.CreatedAt.UnixMicro(), c.CreatedAt.UnixMicro())
		if err != nil {
			return err
		}
		return writeCampaignArticles(ctx, tx.q, id, c.ArticleIDs)
	})
	if err != nil {
		return 0, fmt.Errorf("store: create campaign: %w", err)
	}
	return id, nil
}

// UpdateCampaign saves a campaign's content if it is still at version
// expect and its send has not started; otherwise ErrConflict.
func (db *DB) UpdateCampaign(ctx context.Context, c campaign.Campaign, expect int64) error {
	return db.tx(ctx, func(tx *Tx) error {
		res, err := tx.q.ExecContext(ctx, `UPDATE campaigns SET newsletter_id = ?, subject = ?, preheader = ?, intro = ?, track = ?,
			updated_at = ?, version = version + 1 WHERE id = ? AND version = ? AND started_at IS NULL AND status IN ('draft', 'scheduled', 'paused', 'failed')`,
			c.NewsletterID, c.Subject, c.Preheader, c.Intro, c.Track, c.UpdatedAt.UnixMicro(), c.ID, expect)
		if err != nil {
			return mapErr(err)
		}
		if err := oneRowOrMissing(ctx, tx.q, res, `SELECT COUNT(*) FROM campaigns WHERE id = ?`, c.ID); err != nil {
			return err
		}
		if _, err := tx.q.ExecContext(ctx, `DELETE FROM campaign_articles WHERE campaign_id = ?`, c.ID); err != nil {
			return err
		}
		return writeCampaignArticles(ctx, tx.q, c.ID, c.ArticleIDs)
	})
}

// oneRowOrMissing turns an UPDATE that changed nothing into ErrNotFound
// when the row is missing (count query) and ErrConflict when it is there.
func oneRowOrMissing(ctx context.Context, c conn, res sql.Result, count string, args ...any) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	var found int
	if err := c.QueryRowContext(ctx, count, args...).Scan(&found); err != nil {
		return err
	}
	if found == 0 {
		return ErrNotFound
	}
	return ErrConflict
}

func writeCampaignArticles(ctx context.Context, c conn, id int64, articles []int64) error {
	for i, a := range articles {
		if _, err := c.ExecContext(ctx, `INSERT INTO campaign_articles (campaign_id, position, article_id) VALUES (?, ?, ?)`, id, i, a); err != nil {
			return mapErr(err)
		}
	}
	return nil
}

// GetCampaign loads a campaign with its articles and frozen email.
func (db *DB) GetCampaign(ctx context.Context, id int64) (campaign.Campaign, error) {
	var from, subject, html, text, headers string
	c, err := scanCampaign(db.read.QueryRowContext(ctx, `SELECT `+campaignCols+`, frozen_from, frozen_subject, frozen_html, frozen_text,
		frozen_headers FROM campaigns WHERE id = ?`, id), &from, &subject, &html, &text, &headers)
	if err != nil {
		return c, err
	}
	c.Frozen.Message = mail.Message{From: from, Subject: subject, HTML: html, Text: text}
	if headers != "" {
		if err := json.Unmarshal([]byte(headers), &c.Frozen.Message.Headers); err != nil {
			return c, fmt.Errorf("store: campaign %d frozen headers: %w", id, err)
		}
	}
	c.ArticleIDs, err = db.ids(ctx, `SELECT article_id FROM campaign_articles WHERE campaign_id = ? ORDER BY position`, id)
	return c, err
}

// ListCampaigns lists campaigns newest first (of one newsletter when
// newsletterID is set), with ids below before (0: from the newest),
// without their frozen email.
func (db *DB) ListCampaigns(ctx context.Context, newsletterID, before int64, limit int) ([]campaign.Campaign, error) {
	where := []string{`1 = 1`}
	var args []any
	if newsletterID != 0 {
		where = append(where, `newsletter_id = ?`)
		args = append(args, newsletterID)
	}
	if before != 0 {
		where = append(where, `id < ?`)
		args = append(args, before)
	}
	args = append(args, limit)
	out, err := queryAll(ctx, db.read, func(sc scanner) (campaign.Campaign, error) { return scanCampaign(sc) },
		`SELECT `+campaignCols+` FROM campaigns WHERE `+strings.Join(where, ` AND `)+` ORDER BY id DESC LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list campaigns: %w", err)
	}
	if len(out) == 0 {
		return out, nil
	}
	ids := make([]int64, len(out))
	at := map[int64]int{}
	for i, c := range out {
		ids[i], at[c.ID] = c.ID, i
	}
	err = queryEach(ctx, db.read, func(sc scanner) error {
		var cid, aid int64
		if err := sc.Scan(&cid, &aid); err != nil {
			return err
		}
		out[at[cid]].ArticleIDs = append(out[at[cid]].ArticleIDs, aid)
		return nil
	}, `SELECT campaign_id, article_id FROM campaign_articles WHERE campaign_id IN (`+placeholders(len(ids))+`) ORDER BY campaign_id, position`, int64Args(ids)...)
	if err != nil {
		return nil, fmt.Errorf("store: list campaign articles: %w", err)
	}
	return out, nil
}

// TransitionCampaign moves a campaign to t.To if its status is one of
// t.From, and runs jobs in the same transaction (to enqueue or cancel its
// send job). ErrConflict when the status is another, ErrNotFound when
// there is no such campaign.
func (db *DB) TransitionCampaign(ctx context.Context, t campaign.Transition, jobs func(w queue.JobWriter) error) error {
	if len(t.From) == 0 {
		return fmt.Errorf("store: campaign transition without a from status")
	}
	from := make([]any, len(t.From))
	for i, s := range t.From {
		from[i] = string(s)
	}
	set := `status = ?, updated_at = ?, version = version + 1`
	args := []any{string(t.To), t.Now.UnixMicro()}
	if t.SetScheduledAt {
		set += `, scheduled_at = ?`
		args = append(args, unixTime(t.ScheduledAt))
	}
	if t.Finish {
		set += `, finished_at = ?`
		args = append(args, t.Now.UnixMicro())
	}
	if t.ClearError {
		set += `, last_error = ''`
	}
	where := `id = ? AND status IN (` + placeholders(len(from)) + `)`
	args = append(append(args, t.ID), from...)
	if t.Version != 0 {
		where += ` AND version = ?`
		args = append(args, t.Version)
	}
	return db.tx(ctx, func(tx *Tx) error {
		res, err := tx.q.ExecContext(ctx, `UPDATE campaigns SET `+set+` WHERE `+where, args...)
		if err != nil {
			return err
		}
		if err := oneRowOrMissing(ctx, tx.q, res, `SELECT COUNT(*) FROM campaigns WHERE id = ?`, t.ID); err != nil {
			return err
		}
		if jobs != nil {
			return jobs(tx)
		}
		return nil
	})
}

// AcquireCampaign gives owner the campaign's send lease until until, if
// nobody else holds an unexpired one; ErrConflict otherwise.
func (db *DB) AcquireCampaign(ctx context.Context, id int64, owner string, now, until time.Time) error {
	res, err := db.write.ExecContext(ctx, `UPDATE campaigns SET lease_owner = ?, lease_until = ?
		WHERE id = ? AND (lease_owner IS NULL OR lease_owner = ? OR lease_until < ?)`, owner, until.UnixMicro(), id, owner, now.UnixMicro())
	if err != nil {
		return mapErr(err)
	}
	return oneRowOrMissing(ctx, db.write, res, `SELECT COUNT(*) FROM campaigns WHERE id = ?`, id)
}

// RenewCampaign extends owner's lease and returns the campaign's status;
// ErrConflict when owner no longer holds it.
func (db *DB) RenewCampaign(ctx context.Context, id int64, owner string, until time.Time) (campaign.Status, error) {
	var s string
	err := db.write.QueryRowContext(ctx, `UPDATE campaigns SET lease_until = ? WHERE id = ? AND lease_owner = ? RETURNING status`,
		until.UnixMicro(), id, owner).Scan(&s)
	if err == sql.ErrNoRows {
		return "", ErrConflict
	}
	return campaign.Status(s), mapErr(err)
}

// ReleaseCampaign gives up owner's lease, recording msg as the last error
// (empty clears it).
func (db *DB) ReleaseCampaign(ctx context.Context, id int64, owner, msg string) error {
	_, err := db.write.ExecContext(ctx, `UPDATE campaigns SET lease_owner = NULL, lease_until = NULL, last_error = ? WHERE id = ? AND lease_owner = ?`,
		truncate(msg, 2000), id, owner)
	return err
}

// StartCampaign freezes the email (built from the campaign at version) and
// the recipient count of a campaign whose send has not started, as owner
// (who must hold the lease), and
// sets it sending; ErrConflict if it started meanwhile, or staff saved,
// paused, cancelled or moved it later while its job built the email.
func (db *DB) StartCampaign(ctx context.Context, id int64, owner string, version int64, f campaign.Frozen, total int, now time.Time) error {
	headers, err := json.Marshal(f.Message.Headers)
	if err != nil {
		return err
	}
	res, err := db.write.ExecContext(ctx, `UPDATE campaigns SET status = 'sending', started_at = ?, updated_at = ?, version = version + 1,
		frozen_from = ?, frozen_subject = ?, frozen_html = ?, frozen_text = ?, frozen_headers = ?, total_recipients = ?, last_error = ''
		WHERE id = ? AND lease_owner = ? AND version = ? AND started_at IS NULL AND (status = 'sending' OR (status = 'scheduled' AND scheduled_at <= ?))`,
		now.UnixMicro(), now.UnixMicro(), f.Message.From, f.Message.Subject, f.Message.HTML, f.Message.Text, string(headers), total, id, owner, version, now.UnixMicro())
	if err != nil {
		return mapErr(err)
	}
	return oneRowOrMissing(ctx, db.write, res, `SELECT COUNT(*) FROM campaigns WHERE id = ?`, id)
}

// CountRecipients counts the readers a send started at cutoff goes to.
func (db *DB) CountRecipients(ctx context.Context, newsletterID int64, cutoff time.Time) (int, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) `+recipientsFrom, newsletterID, cutoff.UnixMicro(), 0).Scan(&n)
	return n, err
}

// recipientsFrom selects the confirmed subscribers of a newsletter
// (argument 1) who confirmed by the send's start (2), are not suppressed,
// and come after a reader id (3).
const recipientsFrom = `FROM subscriptions s JOIN readers r ON r.id = s.reader_id
	WHERE s.newsletter_id = ? AND s.status = 'confirmed' AND s.confirmed_at <= ? AND s.reader_id > ?
	AND NOT EXISTS (SELECT 1 FROM suppressions x WHERE x.subject_hash = r.subject_hash AND x.lifted_at IS NULL)`

// Recipients returns the next page of a send's recipients after reader
// id after, in reader-id order (keyset: memory does not grow with the list).
func (db *DB) Recipients(ctx context.Context, newsletterID int64, cutoff time.Time, after int64, limit int) ([]campaign.Recipient, error) {
	out, err := queryAll(ctx, db.read, func(sc scanner) (campaign.Recipient, error) {
		var r campaign.Recipient
		err := sc.Scan(&r.ReaderID, &r.UID, &r.Email, &r.SubjectHash)
		return r, err
	}, `SELECT r.id, r.uid, r.email, r.subject_hash `+recipientsFrom+` ORDER BY s.reader_id LIMIT ?`, newsletterID, cutoff.UnixMicro(), after, limit)
	if err != nil {
		return nil, fmt.Errorf("store: campaign recipients: %w", err)
	}
	return out, nil
}

// CommitBatch records a batch's outcomes, suppresses its bounced readers
// and moves the checkpoint from b.From to b.To, in one transaction, and
// returns the campaign's status. The move is a compare-and-set on the
// checkpoint and the lease: a sender that lost either gets ErrConflict and
// records nothing, so two senders can never both advance it.
func (db *DB) CommitBatch(ctx context.Context, b campaign.Batch) (campaign.Status, error) {
	var status string
	err := db.tx(ctx, func(tx *Tx) error {
		err := tx.q.QueryRowContext(ctx, `UPDATE campaigns SET checkpoint = ?, sent_count = sent_count + ?, failed_count = failed_count + ?,
			bounced_count = bounced_count + ?, unconfirmed_count = unconfirmed_count + ?, lease_until = ?, updated_at = ?
			WHERE id = ? AND checkpoint = ? AND lease_owner = ? RETURNING status`,
			b.To, b.Sent, b.Failed, b.Bounced, b.Unconfirmed, b.LeaseUntil.UnixMicro(), b.Now.UnixMicro(), b.CampaignID, b.From, b.Owner).Scan(&status)
		if err == sql.ErrNoRows {
			return ErrConflict
		}
		if err != nil {
			return err
		}
		for _, s := range b.Suppress {
			if err := suppress(ctx, tx.q, s.SubjectHash, truncate(s.Reason, 300), b.Now.UnixMicro()); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("store: commit campaign batch: %w", err)
	}
	return campaign.Status(status), nil
}

// FinishCampaign marks a send that owner completed as sent, if it is
// still sending (staff may have paused or cancelled it at the last batch),
// and releases the lease either way.
func (db *DB) FinishCampaign(ctx context.Context, id int64, owner string, now time.Time) error {
	_, err := db.write.ExecContext(ctx, `UPDATE campaigns SET
		finished_at = CASE WHEN status = 'sending' THEN ? ELSE finished_at END,
		last_error = CASE WHEN status = 'sending' THEN '' ELSE last_error END,
		status = CASE WHEN status = 'sending' THEN 'sent' ELSE status END,
		updated_at = ?, lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?`, now.UnixMicro(), now.UnixMicro(), id, owner)
	return err
}

// FailCampaign marks a campaign failed with msg (its email could not be
// built at the start), releasing owner's lease; staff may fix and resume it.
func (db *DB) FailCampaign(ctx context.Context, id int64, owner, msg string, now time.Time) error {
	_, err := db.write.ExecContext(ctx, `UPDATE campaigns SET status = 'failed', updated_at = ?, version = version + 1, last_error = ?,
		lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?`, now.UnixMicro(), truncate(msg, 2000), id, owner)
	return err
}

// truncate cuts s to at most n bytes at a character boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// StaffEmail reports whether an active staff account has this address
// (test sends go to staff only).
func (db *DB) StaffEmail(ctx context.Context, email string) (bool, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE LOWER(email) = LOWER(?) AND disabled_at IS NULL`, email).Scan(&n)
	return n > 0, err
}
