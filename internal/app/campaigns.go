package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"masthead/internal/apperr"
	"masthead/internal/campaign"
	"masthead/internal/config"
	"masthead/internal/content"
	"masthead/internal/issuemail"
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

// newCampaigns builds the campaign service.
func newCampaigns(p campaignParts) (*campaign.Service, error) {
	d, ok := p.sender.(mail.Deliverer)
	if !ok {
		return nil, errors.New("campaigns: the mail sender cannot deliver pre-rendered messages")
	}
	return campaign.NewService(campaign.Options{
		Store: p.db, Newsletters: p.news, Mail: d,
		Publication: func(ctx context.Context) (issuemail.Publication, error) {
			return publication(ctx, p.db, p.site)
		},
		BounceAddress: p.cfg.BounceAddress, Logger: p.logger, Owner: p.owner, Workers: p.workers, BatchSize: p.batch,
	}), nil
}

// publication is what an issue's email says about the publication: the
// settings, with the base URL emailed links use.
func publication(ctx context.Context, db *store.DB, site func(ctx context.Context) (string, string)) (issuemail.Publication, error) {
	_, base := site(ctx)
	st, err := db.GetSettings(ctx)
	if err != nil {
		return issuemail.Publication{}, fmt.Errorf("publication settings: %w", err)
	}
	var logo *content.Image
	if st.LogoID != 0 {
		img, err := db.GetImage(ctx, st.LogoID)
		if err != nil && apperr.KindOf(err) != apperr.NotFound {
			return issuemail.Publication{}, fmt.Errorf("publication logo: %w", err)
		}
		if err == nil {
			logo = &img
		}
	}
	p := issuemail.FromSettings(st, base, logo)
	if p.Name == "" {
		p.Name, _ = site(ctx)
	}
	return p, nil
}
