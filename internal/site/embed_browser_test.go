package site

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"masthead/internal/browsertest"
	"masthead/internal/content"
	"masthead/internal/store/storetest"
)

// An embed on a reader page makes no request to its provider until the
// reader opens it (no JavaScript: a <details> holding the frame), and
// loads the provider's privacy-friendly frame when they do. The page
// passes axe.
func TestEmbedFrameLoadsOnlyWhenAsked(t *testing.T) {
	b := browsertest.Start(t)
	f := newFixture(t, storetest.Open(t, storetest.SQLite))
	imgs, _, err := f.db.ListImages(context.Background(), "", 1, 10)
	if err != nil || len(imgs) == 0 {
		t.Fatal(err)
	}
	f.update(t, "gallery-reopens", func(a *content.Article) { a.Body = bodyWithBlocks(imgs[0].ID) })
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", appCSP)
		f.h.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)

	ctx := b.NewTab(t)
	requested := browsertest.RecordRequests(t, ctx)
	fromProvider := func() []string { return requested.Elsewhere(srv.URL) }
	if got := browsertest.Navigate(t, ctx, srv.URL+"/articles/gallery-reopens"); got != 200 {
		t.Fatalf("status %d", got)
	}
	// Scroll the embed into view and wait: a lazy frame would load now.
	if _, err := chromedp.Run(ctx, chromedp.ScrollIntoView("details.embed-frame")); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * time.Second)
	if got := fromProvider(); len(got) > 0 {
		t.Fatalf("requests to other sites before the reader asked: %v", got)
	}
	if n := len(requested.All()); n == 0 {
		t.Fatal("no request seen at all: the listener is not working")
	}
	browsertest.AssertNoAxeViolations(t, ctx)

	browsertest.Click(t, ctx, "details.embed-frame summary")
	deadline := time.Now().Add(15 * time.Second)
	for len(fromProvider()) == 0 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	got := fromProvider()
	if len(got) == 0 || !strings.HasPrefix(got[0], "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ") {
		t.Fatalf("after opening the embed, requests to other sites: %v; want the youtube-nocookie frame", got)
	}
}
