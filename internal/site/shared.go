package site

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/content"
)

// shared is what every page shows around its content: the settings, the
// section navigation and the logo. It changes rarely, so it is loaded once
// and kept until Purge; with the page cache off this keeps the per-request
// database work down to the page's own content.
type shared struct {
	Settings content.Settings
	Loc      *time.Location
	Sections []content.Section
	Series   []content.Series
	Logo     *content.Image

	// The sign-up forms (signup.go); nil when no newsletter is offered.
	articleForm, listForm *signUpForm
	articleFormHTML       string // articleForm rendered, see articleSignUp

	chrome sync.Map // chrome by section, see chrome.go

	// The search page's filter choices, loaded on its first request.
	searchMu    sync.Mutex
	searchLists *searchLists

	fragments     sync.Map     // slug → *fragment, see article.go
	fragmentCount atomic.Int64 // fragments stored, to bound them

	// embargoEnds is the next end of an embargo on a published article,
	// zero when none: everything loaded before it is dropped then, so the
	// article appears on every page without a purge (decision 0042).
	embargoEnds time.Time
}

type sharedCache struct {
	mu  sync.Mutex // held while loading, so a burst of requests loads once
	cur atomic.Pointer[shared]
}

// drop forgets the loaded value; it waits for a load in progress, which
// might have read the old data, and drops that too.
func (c *sharedCache) drop() {
	c.mu.Lock()
	c.cur.Store(nil)
	c.mu.Unlock()
}

// common returns the shared page data, loading it after a Purge.
func (s *Site) common(ctx context.Context) (*shared, error) {
	if p := s.shared.cur.Load(); p != nil {
		if p.embargoEnds.IsZero() || s.now().Before(p.embargoEnds) {
			return p, nil
		}
		if s.shared.cur.CompareAndSwap(p, nil) {
			s.Purge() // an embargo has ended: readers see the article now
		}
	}
	s.shared.mu.Lock()
	defer s.shared.mu.Unlock()
	if p := s.shared.cur.Load(); p != nil {
		return p, nil
	}
	p, err := s.loadShared(ctx)
	if err != nil {
		return nil, err
	}
	s.shared.cur.Store(p)
	return p, nil
}

func (s *Site) loadShared(ctx context.Context) (*shared, error) {
	st, err := s.store.GetSettings(ctx)
	if err != nil {
		return nil, fmt.Errorf("site: settings: %w", err)
	}
	if st.Name == "" {
		st.Name = "Masthead"
	}
	st.Language = st.Lang() // <html lang>, feeds and the news sitemap

	p := &shared{Settings: st, Loc: st.Location()}
	if p.embargoEnds, err = s.store.NextEmbargo(ctx, s.now()); err != nil {
		return nil, fmt.Errorf("site: next embargo: %w", err)
	}
	if p.Sections, err = s.store.ListSections(ctx); err != nil {
		return nil, fmt.Errorf("site: sections: %w", err)
	}
	if p.Series, err = s.store.ListSeries(ctx); err != nil {
		return nil, fmt.Errorf("site: series: %w", err)
	}
	if st.LogoID != 0 {
		img, err := s.store.GetImage(ctx, st.LogoID)
		switch {
		case err == nil:
			p.Logo = &img
		case apperr.KindOf(err) == apperr.NotFound:
			s.log.WarnContext(ctx, "site: logo image is missing", "id", st.LogoID)
		default:
			return nil, fmt.Errorf("site: logo: %w", err)
		}
	}
	if err := s.loadSignUp(ctx, p); err != nil {
		return nil, err
	}
	return p, nil
}

// fallbackShared lets an error page render when the database is down.
func fallbackShared() *shared {
	return &shared{Settings: content.Settings{Name: "Masthead", Language: "en"}, Loc: time.UTC}
}

// errNotFound is returned for anything a reader cannot see.
var errNotFound = apperr.New(apperr.NotFound, "Page not found")

// asNotFound turns a store's not-found into the site's, keeping other errors.
func asNotFound(err error) error {
	if apperr.KindOf(err) == apperr.NotFound {
		return errNotFound
	}
	return err
}
