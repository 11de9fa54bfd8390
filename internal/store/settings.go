package store

import (
	"context"
	"fmt"
	"strconv"

	"masthead/internal/content"
)

// Settings are kept as key/value rows so a later setting needs no migration.

// GetSettings loads the publication's settings; missing keys stay empty.
func (db *DB) GetSettings(ctx context.Context) (content.Settings, error) {
	var s content.Settings
	err := queryEach(ctx, db.read, func(sc scanner) error {
		var k, v string
		if err := sc.Scan(&k, &v); err != nil {
			return err
		}
		switch k {
		case "name":
			s.Name = v
		case "tagline":
			s.Tagline = v
		case "description":
			s.Description = v
		case "logo_id":
			s.LogoID, _ = strconv.ParseInt(v, 10, 64)
		case "time_zone":
			s.TimeZone = v
		case "support_text":
			s.SupportText = v
		case "support_url":
			s.SupportURL = v
		case "privacy_notice":
			s.PrivacyNotice = v
		case "base_url":
			s.BaseURL = v
		case "postal_address":
			s.PostalAddress = v
		case "language":
			s.Language = v
		case "feed_content":
			s.FeedSummaries = v == "standfirst"
		}
		return nil
	}, `SELECT key, value FROM settings`)
	if err != nil {
		return content.Settings{}, fmt.Errorf("store: settings: %w", err)
	}
	return s, nil
}

// SaveSettings writes every setting in one transaction.
func (db *DB) SaveSettings(ctx context.Context, s content.Settings) error {
	kv := [][2]string{
		{"name", s.Name}, {"tagline", s.Tagline}, {"description", s.Description},
		{"logo_id", strconv.FormatInt(s.LogoID, 10)}, {"time_zone", s.TimeZone},
		{"support_text", s.SupportText}, {"support_url", s.SupportURL},
		{"privacy_notice", s.PrivacyNotice}, {"base_url", s.BaseURL},
		{"postal_address", s.PostalAddress}, {"language", s.Language}, {"feed_content", feedContent(s.FeedSummaries)},
	}
	return db.tx(ctx, func(tx *Tx) error {
		for _, p := range kv {
			if _, err := tx.q.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, p[0], p[1]); err != nil {
				return fmt.Errorf("store: save setting %s: %w", p[0], err)
			}
		}
		return nil
	})
}

// feedContent names what feed items carry; a word rather than a boolean,
// so that another choice (an excerpt) needs no change of format.
func feedContent(summaries bool) string {
	if summaries {
		return "standfirst"
	}
	return "full"
}
