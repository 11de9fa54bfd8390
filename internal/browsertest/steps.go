package browsertest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// stepTimeout bounds one step, so that a selector that matches nothing fails
// the test in seconds, not when the whole tab times out. chromedp queries wait
// for a matching element until their context ends.
const stepTimeout = 20 * time.Second

// Navigate loads url in the tab of ctx, waits for the page to load, and
// returns the HTTP status of the document. An HTTP error status is not a
// failure; a page that does not load at all is.
func Navigate(t testing.TB, ctx context.Context, url string) int {
	t.Helper()
	resp, err := runStep(ctx, chromedp.NavigateResponse(url))
	if err != nil {
		t.Fatalf("browsertest: navigate to %s: %v", url, err)
	}
	return status(resp)
}

// Click clicks the first element that matches the CSS selector, after waiting
// for it to appear. It does not wait for a navigation that the click starts;
// use ClickAndWait for links and submit buttons.
func Click(t testing.TB, ctx context.Context, selector string) {
	t.Helper()
	if _, err := runStep(ctx, chromedp.Click(chromedp.CSS(selector))); err != nil {
		t.Fatalf("browsertest: click %q: %v", selector, err)
	}
}

// ClickAndWait clicks the first element that matches the CSS selector, waits
// for the page that the click loads, such as the response to a submitted
// form, and returns its HTTP status. The click must start a navigation.
func ClickAndWait(t testing.TB, ctx context.Context, selector string) int {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(sctx, chromedp.Click(chromedp.CSS(selector)))
	if err != nil {
		t.Fatalf("browsertest: click %q and wait for the next page: %v", selector, explain(err))
	}
	if code := status(resp); code != 0 {
		return code
	}
	// chromedp matches the document's response by request, and misses it
	// when the page sent another request as it was left (the editor's
	// autosave on leaving does); the loaded page still knows its status.
	return Eval[int](t, ctx, `performance.getEntriesByType("navigation")[0]?.responseStatus || 0`)
}

// SendKeys types keys into the first element that matches the CSS selector,
// as a user would, firing key and input events. "\n" presses Enter.
func SendKeys(t testing.TB, ctx context.Context, selector, keys string) {
	t.Helper()
	if _, err := runStep(ctx, chromedp.SendKeys(chromedp.CSS(selector), keys)); err != nil {
		t.Fatalf("browsertest: type into %q: %v", selector, err)
	}
}

// SetValue sets the value of the first form control that matches the CSS
// selector, replacing what it held. It fires no events; use SendKeys where
// the page reacts to typing.
func SetValue(t testing.TB, ctx context.Context, selector, value string) {
	t.Helper()
	if _, err := runStep(ctx, chromedp.SetValue(chromedp.CSS(selector), value)); err != nil {
		t.Fatalf("browsertest: set value of %q: %v", selector, err)
	}
}

// Text returns the visible text of the first element that matches the CSS
// selector, as the user sees it (innerText), after waiting for it to appear.
func Text(t testing.TB, ctx context.Context, selector string) string {
	t.Helper()
	s, err := runStep(ctx, chromedp.Text(chromedp.CSS(selector)))
	if err != nil {
		t.Fatalf("browsertest: text of %q: %v", selector, err)
	}
	return s
}

// Location returns the URL of the page in the tab of ctx.
func Location(t testing.TB, ctx context.Context) string {
	t.Helper()
	s, err := runStep(ctx, chromedp.Location())
	if err != nil {
		t.Fatalf("browsertest: location: %v", err)
	}
	return s
}

// Eval evaluates a JavaScript expression in the page of the tab of ctx and
// returns its value, decoded from JSON into T.
func Eval[T any](t testing.TB, ctx context.Context, expr string) T {
	t.Helper()
	v, err := runStep(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("browsertest: evaluate %q: %v", expr, err)
	}
	return v
}

// Screenshot writes a PNG of the whole page in the tab of ctx, beyond the
// viewport, to path, making its directory if needed.
func Screenshot(ctx context.Context, path string) error {
	png, err := runStep(ctx, chromedp.FullScreenshot(100)) // quality 100 means PNG
	if err != nil {
		return fmt.Errorf("browsertest: screenshot: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("browsertest: screenshot: %w", err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		return fmt.Errorf("browsertest: screenshot: %w", err)
	}
	return nil
}

// runStep runs one action with the step timeout.
func runStep[T any](ctx context.Context, a chromedp.Action[T]) (T, error) {
	sctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(sctx, a)
	return v, explain(err)
}

// explain adds a hint to a timeout, which for a query usually means that no
// element matched.
func explain(err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%w (nothing matched, or the page did not respond, within %v)", err, stepTimeout)
	}
	return err
}

// status returns the HTTP status of a document response, or 0 when there was
// none, as for about:blank.
func status(resp *network.Response) int {
	if resp == nil {
		return 0
	}
	return int(resp.Status)
}
