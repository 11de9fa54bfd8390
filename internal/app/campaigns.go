package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"

	"masthead/internal/apperr"
	"masthead/internal/campaign"
	"masthead/internal/config"
	"masthead/internal/mail"
	"masthead/internal/newsletter"
	"masthead/internal/store"
)

// campaignParts is what the campaign service is built from, in serve and
// in the send command.
type campaignParts struct {
	db     *store.DB
	cfg    config.Config
	news   *newsletter.Service
	sender mail.Sender
	logger *slog.Logger
	site   func(ctx context.Context) (name, baseURL string)
	owner  string // names the process in the campaign's send lease; "" for a default
	// workers and batch tune the sender (0: defaults); the send command's flags.
	workers, batch int
}

// newCampaigns builds the campaign service; its emails are built by
// issuemail.Build.
func newCampaigns(p campaignParts) (*campaign.Service, error) {
	d, ok := p.sender.(mail.Deliverer)
	if !ok {
		return nil, errors.New("campaigns: the mail sender cannot deliver pre-rendered messages")
	}
	return campaign.NewService(campaign.Options{
		Store: p.db, Newsletters: p.news, Mail: d, Build: buildIssue,
		Publication: func(ctx context.Context) (campaign.Publication, error) {
			return publication(ctx, p.db, p.site)
		},
		// A newsletter's tracking box (decision 0025) turns on open and
		// click tracking for the campaigns saved for it.
		Tracking:      func(n newsletter.Newsletter) bool { return n.Track },
		BounceAddress: p.cfg.BounceAddress, Logger: p.logger, Owner: p.owner, Workers: p.workers, BatchSize: p.batch,
	}), nil
}

// publication is what an issue's email says about the publication.
func publication(ctx context.Context, db *store.DB, site func(ctx context.Context) (string, string)) (campaign.Publication, error) {
	name, base := site(ctx)
	base = strings.TrimRight(base, "/")
	p := campaign.Publication{Name: name, BaseURL: base}
	st, err := db.GetSettings(ctx)
	if err != nil {
		return p, fmt.Errorf("publication settings: %w", err)
	}
	p.PostalAddress = st.PostalAddress
	if st.LogoID != 0 {
		img, err := db.GetImage(ctx, st.LogoID)
		if err != nil && apperr.KindOf(err) != apperr.NotFound {
			return p, fmt.Errorf("publication logo: %w", err)
		}
		if err == nil {
			p.LogoURL = base + "/media/" + (&url.URL{Path: img.Path}).EscapedPath()
		}
	}
	return p, nil
}
