package browsertest

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// Requests are the addresses a tab asked for, as RecordRequests saw them.
type Requests struct {
	mu   sync.Mutex
	urls []string
}

// RecordRequests records the address of every request the tab ctx makes
// from now on (pages, images, styles, frames, anything).
func RecordRequests(t testing.TB, ctx context.Context) *Requests {
	t.Helper()
	r := &Requests{}
	if err := chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok {
			r.mu.Lock()
			r.urls = append(r.urls, e.Request.URL)
			r.mu.Unlock()
		}
	}); err != nil {
		t.Fatal(err)
	}
	return r
}

// All lists every address recorded so far, in order.
func (r *Requests) All() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.urls...)
}

// Elsewhere lists the addresses recorded so far that are not under origin
// (such as "http://127.0.0.1:41234") nor data: addresses: the requests to
// other sites.
func (r *Requests) Elsewhere(origin string) []string {
	var out []string
	for _, u := range r.All() {
		if !strings.HasPrefix(u, origin+"/") && u != origin && !strings.HasPrefix(u, "data:") {
			out = append(out, u)
		}
	}
	return out
}
