package store

import (
	"context"
	"fmt"
	"net/url"

	"masthead/internal/apperr"
	"masthead/internal/newsletter"
)

// Mail events and campaign links (decision record 0025). Campaigns are
// referred to by id only: no foreign key, so feedback does not depend on
// how campaigns are kept.

// noLink is the link column of events that are not about one link: every
// kind but a click's per-link row.
const noLink = -1

// RecordMailEvent records e once per reader, campaign, kind and link, and
// reports whether it was new. A click also records the reader's "clicked
// anything" row (link -1), in the same statement's transaction, so the
// count of clicking readers is a count of rows, as every other kind's is.
func (db *DB) RecordMailEvent(ctx context.Context, e newsletter.MailEvent) (bool, error) {
	if e.ReaderID == 0 || e.CampaignID <= 0 {
		return false, fmt.Errorf("store: mail event needs a reader and a campaign")
	}
	links := []int{noLink}
	if e.Kind == newsletter.EventClick {
		if e.Link < 0 {
			return false, fmt.Errorf("store: a click needs its link")
		}
		links = append(links, e.Link)
	}
	var added bool
	err := db.tx(ctx, func(tx *Tx) error {
		for _, link := range links {
			res, err := tx.q.ExecContext(ctx, `INSERT INTO mail_events (campaign_id, newsletter_id, reader_id, kind, link, detail, at)
				VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (campaign_id, kind, link, reader_id) DO NOTHING`,
				e.CampaignID, nullID(e.NewsletterID), e.ReaderID, e.Kind, link, e.Detail, e.At.UnixMicro())
			if err != nil {
				return mapErr(err)
			}
			if n, _ := res.RowsAffected(); n > 0 && link == links[len(links)-1] {
				added = true
			}
		}
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("store: record %s: %w", e.Kind, err)
	}
	return added, nil
}

// CampaignEventCounts counts a campaign's readers per event kind: every
// kind of newsletter.EventKinds is a key, 0 when none. Readers erased
// since stay counted.
func (db *DB) CampaignEventCounts(ctx context.Context, campaignID int64) (map[string]int, error) {
	out := map[string]int{}
	for _, k := range newsletter.EventKinds {
		out[k] = 0
	}
	err := queryEach(ctx, db.read, func(sc scanner) error {
		var kind string
		var n int
		if err := sc.Scan(&kind, &n); err != nil {
			return err
		}
		out[kind] = n
		return nil
	}, `SELECT kind, COUNT(*) FROM mail_events WHERE campaign_id = ? AND link = ? GROUP BY kind`, campaignID, noLink)
	if err != nil {
		return nil, fmt.Errorf("store: campaign %d event counts: %w", campaignID, err)
	}
	return out, nil
}

// CampaignClickCounts counts the readers who clicked each link of a
// campaign, by link index.
func (db *DB) CampaignClickCounts(ctx context.Context, campaignID int64) (map[int]int, error) {
	out := map[int]int{}
	err := queryEach(ctx, db.read, func(sc scanner) error {
		var link, n int
		if err := sc.Scan(&link, &n); err != nil {
			return err
		}
		out[link] = n
		return nil
	}, `SELECT link, COUNT(*) FROM mail_events WHERE campaign_id = ? AND kind = ? AND link >= 0 GROUP BY link`, campaignID, newsletter.EventClick)
	if err != nil {
		return nil, fmt.Errorf("store: campaign %d click counts: %w", campaignID, err)
	}
	return out, nil
}

// ListMailEvents lists a reader's mail events, oldest first, with each
// click's target; the "clicked anything" rows are left out.
func (db *DB) ListMailEvents(ctx context.Context, readerID int64) ([]newsletter.MailEvent, error) {
	out, err := queryAll(ctx, db.read, func(sc scanner) (newsletter.MailEvent, error) {
		var e newsletter.MailEvent
		var nl, reader *int64
		var url *string
		var at Time
		err := sc.Scan(&e.CampaignID, &nl, &reader, &e.Kind, &e.Link, &url, &e.Detail, &at)
		if nl != nil {
			e.NewsletterID = *nl
		}
		if reader != nil {
			e.ReaderID = *reader
		}
		if url != nil {
			e.URL = *url
		}
		e.At = at.T
		return e, err
	}, `SELECT e.campaign_id, e.newsletter_id, e.reader_id, e.kind, e.link, l.url, e.detail, e.at
		FROM mail_events e LEFT JOIN campaign_links l ON l.campaign_id = e.campaign_id AND l.position = e.link
		WHERE e.reader_id = ? AND NOT (e.kind = ? AND e.link = ?) ORDER BY e.at, e.id`, readerID, newsletter.EventClick, noLink)
	if err != nil {
		return nil, fmt.Errorf("store: reader %d mail events: %w", readerID, err)
	}
	return out, nil
}

// SaveCampaignLinks stores a campaign's click targets in order (index n
// is position n). Saving again, as a resumed send does, keeps the links
// already stored: emails already sent point at them. Only absolute http
// and https addresses are stored, since a click redirects to them.
func (db *DB) SaveCampaignLinks(ctx context.Context, campaignID int64, urls []string) error {
	if len(urls) > MaxCampaignLinks {
		return apperr.New(apperr.Invalid, fmt.Sprintf("An email can track at most %d links.", MaxCampaignLinks))
	}
	for _, u := range urls {
		if !ValidLinkURL(u) {
			return apperr.New(apperr.Invalid, fmt.Sprintf("The link %.80q is not an http or https address.", u))
		}
	}
	return db.tx(ctx, func(tx *Tx) error {
		for i, u := range urls {
			if _, err := tx.q.ExecContext(ctx, `INSERT INTO campaign_links (campaign_id, position, url) VALUES (?, ?, ?)
				ON CONFLICT (campaign_id, position) DO NOTHING`, campaignID, i, u); err != nil {
				return fmt.Errorf("store: save campaign %d links: %w", campaignID, mapErr(err))
			}
		}
		return nil
	})
}

// CampaignLink returns link n of a campaign; ErrNotFound when there is none.
func (db *DB) CampaignLink(ctx context.Context, campaignID int64, n int) (string, error) {
	var u string
	err := db.read.QueryRowContext(ctx, `SELECT url FROM campaign_links WHERE campaign_id = ? AND position = ?`, campaignID, n).Scan(&u)
	return u, mapErr(err)
}

// MaxCampaignLinks and MaxLinkURLBytes bound what a campaign stores.
const (
	MaxCampaignLinks = 1000
	MaxLinkURLBytes  = 2048
)

// ValidLinkURL reports whether u may be a click's target: an absolute
// http or https address with a host, no credentials, no control
// characters or spaces, of at most MaxLinkURLBytes.
func ValidLinkURL(u string) bool {
	if len(u) == 0 || len(u) > MaxLinkURLBytes {
		return false
	}
	for i := 0; i < len(u); i++ {
		if u[i] <= ' ' || u[i] == 0x7f {
			return false
		}
	}
	p, err := url.Parse(u)
	return err == nil && (p.Scheme == "http" || p.Scheme == "https") && p.Host != "" && p.User == nil
}
