package app_test

import (
	"context"
	"testing"

	"masthead/internal/demo"
	"masthead/internal/newsletter"
	"masthead/internal/store/storetest"
)

// A newcomer sees the newsletter system at work: the model page's four
// kinds of newsletter, and confirmed subscribers with sectors and the
// consent records that prove each subscription.
func TestDemoHasNewslettersWithConfirmedSubscribers(t *testing.T) {
	ctx := context.Background()
	for _, e := range storetest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			srv, _ := newServer(t, e, true)
			svc := newsletter.NewService(newsletter.Options{Store: srv.DB})
			nls, err := svc.Newsletters(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(nls) != 4 || nls[0].Cadence != "every Saturday" || !nls[0].Public || !nls[0].OnArticles {
				t.Fatalf("demo newsletters: %+v", nls)
			}
			withSector := 0
			for _, sub := range demo.Subscribers() {
				r, err := svc.ReaderByEmail(ctx, sub.Email)
				if err != nil {
					t.Fatalf("%s: %v", sub.Email, err)
				}
				if r.SectorID != 0 {
					withSector++
				}
				subs, _ := svc.Subscriptions(ctx, r.ID)
				recs, _ := svc.ConsentHistory(ctx, r.ID)
				if len(subs) != len(sub.Newsletters) || len(recs) != 2*len(sub.Newsletters) {
					t.Errorf("%s: %d subscriptions and %d consent records for %d newsletters", sub.Email, len(subs), len(recs), len(sub.Newsletters))
				}
				for _, s := range subs {
					if s.Status != newsletter.StatusConfirmed {
						t.Errorf("%s: subscription %+v not confirmed", sub.Email, s)
					}
				}
				for _, rec := range recs {
					if rec.ConsentVersion == 0 || rec.Source == "" {
						t.Errorf("%s: record without wording or source: %+v", sub.Email, rec)
					}
				}
			}
			if withSector < 8 {
				t.Errorf("only %d demo subscribers have a sector", withSector)
			}
		})
	}
}
