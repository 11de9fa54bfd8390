package browsertest

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
)

// EnvAxeJS names axe-core's axe.min.js to use instead of the one under
// tools/axe/node_modules.
const EnvAxeJS = "MASTHEAD_AXE_JS"

// axeRelPath is where `npm ci` in tools/axe puts axe-core, relative to the
// root of the module.
const axeRelPath = "tools/axe/node_modules/axe-core/axe.min.js"

// Violation is one axe-core rule that a page breaks, with the elements that
// break it.
type Violation struct {
	ID          string          `json:"id"`     // rule id, such as "image-alt"
	Impact      string          `json:"impact"` // "minor", "moderate", "serious" or "critical"
	Description string          `json:"description"`
	Help        string          `json:"help"`
	HelpURL     string          `json:"helpUrl"`
	Nodes       []ViolationNode `json:"nodes"`
}

// ViolationNode is one element that breaks a rule.
type ViolationNode struct {
	// Target holds CSS selectors for the element. It has more than one entry
	// only when the element is inside iframes or shadow roots; an entry then
	// joins the selectors of one level with " >>> ".
	Target         []string `json:"target"`
	HTML           string   `json:"html"`           // the element's opening tag, shortened by axe-core
	FailureSummary string   `json:"failureSummary"` // what to fix, one check per line
}

// String describes the violation over several lines, for test output.
func (v Violation) String() string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "%s (%s): %s\n  %s\n", v.ID, v.Impact, v.Help, v.HelpURL)
	for _, n := range v.Nodes {
		fmt.Fprintf(&sb, "  - %s  %s\n", strings.Join(n.Target, " "), n.HTML)
		for line := range strings.Lines(n.FailureSummary) {
			fmt.Fprintf(&sb, "      %s", line)
		}
		if n.FailureSummary != "" && !strings.HasSuffix(n.FailureSummary, "\n") {
			sb.WriteByte('\n')
		}
	}
	return sb.String()
}

// axeRunJS runs axe-core on the whole document and reduces its results to the
// fields of Violation. resultTypes limits the detail axe-core collects for
// passes and incomplete checks; violations keep all their nodes.
const axeRunJS = `axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map(v => ({
	id: v.id,
	impact: v.impact || '',
	description: v.description,
	help: v.help,
	helpUrl: v.helpUrl,
	nodes: v.nodes.map(n => ({
		target: n.target.map(s => Array.isArray(s) ? s.join(' >>> ') : String(s)),
		html: n.html,
		failureSummary: n.failureSummary || '',
	})),
})))`

// Axe runs axe-core on the page loaded in the tab of ctx and returns the
// violations it finds, or none. It injects axe-core with the DevTools protocol,
// which a page's Content-Security-Policy does not restrict.
//
// axe-core is $MASTHEAD_AXE_JS, else tools/axe/node_modules/axe-core/axe.min.js
// in the first directory at or above the working directory that has it (run
// `npm ci` in tools/axe). When it is missing the test is skipped, unless
// MASTHEAD_REQUIRE_BROWSER=1.
func (b *Browser) Axe(t testing.TB, ctx context.Context) []Violation {
	t.Helper()
	src, err := b.axe.load()
	if err != nil {
		unavailable(t, "browsertest: %v", err)
	}
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof window.axe === 'object' && typeof window.axe.run === 'function'`))
	if err != nil {
		t.Fatalf("browsertest: axe: look for axe-core in page: %v", err)
	}
	if !loaded {
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](src)); err != nil {
			t.Fatalf("browsertest: axe: inject axe-core: %v", err)
		}
	}
	vs, err := chromedp.Run(ctx, chromedp.Evaluate[[]Violation](axeRunJS, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("browsertest: axe: run: %v", err)
	}
	return vs
}

// AssertNoAxeViolations fails the test, listing each violation, when axe-core
// finds accessibility violations on the page loaded in the tab of ctx. The
// test goes on after a failure. ctx comes from Browser.Ctx or Browser.NewTab.
func AssertNoAxeViolations(t testing.TB, ctx context.Context) {
	t.Helper()
	b, _ := ctx.Value(browserKey{}).(*Browser)
	if b == nil {
		// A context derived from chromedp directly: read axe-core afresh.
		b = &Browser{}
	}
	vs := b.Axe(t, ctx)
	if len(vs) == 0 {
		return
	}
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		loc = "the page"
	}
	var sb strings.Builder
	for _, v := range vs {
		sb.WriteString(v.String())
	}
	t.Errorf("axe-core: %d accessibility violations on %s:\n%s", len(vs), loc, sb.String())
}

// axeScript loads axe-core's source once per Browser.
type axeScript struct {
	once sync.Once
	src  string
	err  error
}

func (a *axeScript) load() (string, error) {
	a.once.Do(func() {
		path, err := findAxe()
		if err != nil {
			a.err = err
			return
		}
		data, err := os.ReadFile(path)
		if err != nil {
			a.err = fmt.Errorf("read axe-core: %w", err)
			return
		}
		a.src = string(data)
	})
	return a.src, a.err
}

// findAxe returns the path of axe.min.js: $MASTHEAD_AXE_JS, or the first
// tools/axe/node_modules/axe-core/axe.min.js at or above the working directory.
// Tests run in their package's directory, so walking up reaches the module root.
func findAxe() (string, error) {
	if p := os.Getenv(EnvAxeJS); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("axe-core from $%s: %w", EnvAxeJS, err)
		}
		return p, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("find axe-core: %w", err)
	}
	for dir := wd; ; {
		p := filepath.Join(dir, filepath.FromSlash(axeRelPath))
		_, err := os.Stat(p)
		if err == nil {
			return p, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("find axe-core: %w", err)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	return "", fmt.Errorf("axe-core not found: no %s at or above %s (run `npm ci` in tools/axe, or set $%s)", axeRelPath, wd, EnvAxeJS)
}
