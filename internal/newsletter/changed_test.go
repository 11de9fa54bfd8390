package newsletter_test

import (
	"context"
	"testing"

	"masthead/internal/newsletter"
	"masthead/internal/store/storetest"
)

// Saving a newsletter or a sector tells Changed, so the site's sign-up
// forms are built again; a refused save does not.
func TestChangedAfterSaves(t *testing.T) {
	ctx := context.Background()
	calls := 0
	svc := newsletter.NewService(newsletter.Options{Store: storetest.Open(t, storetest.SQLite), Changed: func(context.Context) { calls++ }})
	if _, err := svc.SaveNewsletter(ctx, newsletter.Newsletter{Name: ""}); err == nil {
		t.Fatal("a newsletter without a name was saved")
	}
	if calls != 0 {
		t.Fatalf("a refused save called Changed %d times", calls)
	}
	if _, err := svc.SaveNewsletter(ctx, newsletter.Newsletter{Name: "Daily", SenderName: "N", SenderEmail: "n@example.org"}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SaveSector(ctx, newsletter.Sector{Name: "Shipping", Active: true}); err != nil {
		t.Fatal(err)
	}
	if calls != 2 {
		t.Fatalf("Changed called %d times after two saves, want 2", calls)
	}
}
