// Package browsertest drives a real Chromium from Go tests with chromedp, and
// checks pages for accessibility problems with axe-core.
//
// A test starts one browser with Start, works in the tab of Browser.Ctx (or in
// more tabs from Browser.NewTab), and uses the step helpers of this package,
// which fail the test with a clear message when a step does not work:
//
//	b := browsertest.Start(t)
//	ctx := b.Ctx()
//	browsertest.Navigate(t, ctx, srv.URL+"/subscribe")
//	browsertest.SendKeys(t, ctx, "#email", "reader@example.com")
//	browsertest.ClickAndWait(t, ctx, "button[type=submit]")
//	browsertest.AssertNoAxeViolations(t, ctx)
//
// Selectors in this package are CSS selectors. Use chromedp directly with the
// context of a tab for anything the helpers do not cover.
//
// When Chromium or axe-core is missing, the test is skipped, unless the
// environment sets MASTHEAD_REQUIRE_BROWSER=1, as CI does; then it fails.
package browsertest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

const (
	// EnvRequire, set to "1", turns a missing Chromium or axe-core into a
	// test failure instead of a skip.
	EnvRequire = "MASTHEAD_REQUIRE_BROWSER"
	// EnvChromium names the Chromium binary to use instead of /usr/bin/chromium.
	EnvChromium = "MASTHEAD_CHROMIUM"

	defaultChromium = "/usr/bin/chromium"

	// startTimeout bounds the start of the browser and the opening of a tab.
	// A first start on a cold, busy machine takes a few seconds.
	startTimeout = 60 * time.Second
	// tabTimeout bounds everything a test does in one tab.
	tabTimeout = 60 * time.Second
	// closeTimeout bounds the graceful close of the browser at cleanup.
	closeTimeout = 10 * time.Second
)

// Browser is one headless Chromium process owned by a test.
type Browser struct {
	root context.Context // chromedp context of the browser and its first tab
	ctx  context.Context // root with the tab timeout and this Browser attached

	axe axeScript
}

// browserKey is the context key under which the contexts of Ctx and NewTab
// carry their Browser, so that AssertNoAxeViolations can reuse its axe-core.
type browserKey struct{}

// Start starts a headless Chromium for the test and stops it when the test
// and its subtests end. It skips the test when Chromium is not installed,
// unless MASTHEAD_REQUIRE_BROWSER=1.
//
// Chromium is $MASTHEAD_CHROMIUM, else /usr/bin/chromium, else chromium on
// $PATH. Every Browser gets a fresh profile in t.TempDir.
func Start(t testing.TB) *Browser {
	t.Helper()
	path, err := findChromium()
	if err != nil {
		unavailable(t, "browsertest: %v (install it with `apt-get install chromium` or set %s)", err, EnvChromium)
	}
	// TempDir before the browser's own cleanup: cleanups run last-in
	// first-out, so the browser has exited when the directory is removed.
	profile := t.TempDir()

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.UserDataDir(profile),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.WindowSize(1280, 800),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	root, cancelRoot := chromedp.NewContext(allocCtx)

	// The first Do starts the browser and binds its life to root, so root
	// must not carry a deadline; a timer bounds the start instead.
	timer := time.AfterFunc(startTimeout, cancelRoot)
	err = chromedp.Do(root)
	stopped := !timer.Stop()
	if err != nil {
		cancelRoot()
		cancelAlloc()
		if stopped {
			t.Fatalf("browsertest: chromium %s did not start within %v", path, startTimeout)
		}
		t.Fatalf("browsertest: start chromium %s: %v", path, err)
	}

	ctx, cancelCtx := context.WithTimeout(root, tabTimeout)
	b := &Browser{root: root}
	b.ctx = context.WithValue(ctx, browserKey{}, b)

	t.Cleanup(func() {
		cancelCtx()
		closeCtx, cancelClose := context.WithTimeout(root, closeTimeout)
		defer cancelClose()
		if err := chromedp.Cancel(closeCtx); err != nil && !errors.Is(err, context.Canceled) {
			t.Logf("browsertest: close chromium: %v", err)
		}
		cancelRoot()
		cancelAlloc() // waits for the process to exit
	})
	return b
}

// Ctx returns the context of the browser's first tab. Everything done with it
// must finish within 60 seconds of Start, after which it is canceled.
func (b *Browser) Ctx() context.Context {
	return b.ctx
}

// NewTab opens another tab in the same browser and returns its context, which
// is canceled after 60 seconds and closed when t ends. Tabs share cookies with
// each other; start another Browser for a separate session.
func (b *Browser) NewTab(t testing.TB) context.Context {
	t.Helper()
	tab, cancelTab := chromedp.NewContext(b.root)
	timer := time.AfterFunc(startTimeout, cancelTab)
	err := chromedp.Do(tab)
	stopped := !timer.Stop()
	if err != nil {
		cancelTab()
		if stopped {
			t.Fatalf("browsertest: new tab did not open within %v", startTimeout)
		}
		t.Fatalf("browsertest: open tab: %v", err)
	}
	ctx, cancelCtx := context.WithTimeout(tab, tabTimeout)
	t.Cleanup(func() {
		cancelCtx()
		cancelTab()
	})
	return context.WithValue(ctx, browserKey{}, b)
}

// findChromium returns the path of the Chromium binary to run.
func findChromium() (string, error) {
	if p := os.Getenv(EnvChromium); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("chromium from $%s: %w", EnvChromium, err)
		}
		return p, nil
	}
	if _, err := os.Stat(defaultChromium); err == nil {
		return defaultChromium, nil
	}
	p, err := exec.LookPath("chromium")
	if err != nil {
		return "", fmt.Errorf("chromium not found at %s or on $PATH", defaultChromium)
	}
	return p, nil
}

// unavailable skips the test because a tool it needs is missing, or fails it
// when MASTHEAD_REQUIRE_BROWSER=1.
func unavailable(t testing.TB, format string, args ...any) {
	t.Helper()
	if os.Getenv(EnvRequire) == "1" {
		t.Fatalf(format, args...)
	}
	t.Skipf(format, args...)
}
