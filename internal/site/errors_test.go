package site

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"masthead/internal/content"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// brokenStore is the real database with one query failing, as when the
// connection drops in the middle of a request.
type brokenStore struct {
	*store.DB
	settingsDown bool
}

var errInternal = errors.New("dial tcp 10.0.0.7:5432: connection refused (password=hunter2)")

func (b *brokenStore) PublishedArticle(ctx context.Context, slug string) (content.ArticleView, error) {
	return content.ArticleView{}, errInternal
}

func (b *brokenStore) GetSettings(ctx context.Context) (content.Settings, error) {
	if b.settingsDown {
		return content.Settings{}, errInternal
	}
	return b.DB.GetSettings(ctx)
}

func TestInternalErrorPage(t *testing.T) {
	for _, down := range []bool{false, true} {
		db := storetest.Open(t, storetest.SQLite)
		bs := &brokenStore{DB: db, settingsDown: down}
		f := newFixture(t, db, func(o *Options) { o.Store = bs })
		w := f.get(t, "/articles/council-budget")
		b := body(t, w)
		if w.Code != 500 {
			t.Fatalf("settings down %v: status %d, want 500", down, w.Code)
		}
		if strings.Contains(b, "hunter2") || strings.Contains(b, "connection refused") {
			t.Errorf("the 500 page shows internal text:\n%s", b)
		}
		contains(t, "500 page", b, "<h1>Something went wrong</h1>", `<link rel="stylesheet" href="/assets/site.`, `<footer class="site-footer">`)
		if !down {
			contains(t, "500 page", b, "The Northbridge Weekly") // styled with the real settings
		}
		if cc := w.Header().Get("Cache-Control"); cc != "no-store" {
			t.Errorf("500 Cache-Control = %q", cc)
		}
		if !strings.Contains(f.logs.String(), "hunter2") || !strings.Contains(f.logs.String(), "/articles/council-budget") {
			t.Errorf("the cause was not logged: %s", f.logs.String())
		}
		// The failure is not cached: once the database is back, the page shows.
		f.site.store = db
		f.site.Purge()
		if w := f.get(t, "/articles/council-budget"); w.Code != 200 {
			t.Errorf("after recovery: %d", w.Code)
		}
	}
}

func TestThemeOverrides(t *testing.T) {
	theme := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(theme, "templates"), 0o755))
	must(os.MkdirAll(filepath.Join(theme, "assets"), 0o755))
	must(os.WriteFile(filepath.Join(theme, "assets", "site.css"), []byte("body { color: rebeccapurple; }\n"), 0o644))
	must(os.WriteFile(filepath.Join(theme, "templates", "error.html"),
		[]byte(`{{define "main"}}<h1>Lost at sea ({{.Error.Status}})</h1>{{end}}`), 0o644))
	f := newFixture(t, storetest.Open(t, storetest.SQLite), func(o *Options) { o.ThemeDir = theme })

	b := body(t, f.get(t, "/nope"))
	contains(t, "themed 404", b, "<h1>Lost at sea (404)</h1>", "The Northbridge Weekly")
	css := stylesheetRE.FindStringSubmatch(b)
	if css == nil {
		t.Fatal("no stylesheet link")
	}
	if got := body(t, f.get(t, css[1])); got != "body { color: rebeccapurple; }\n" {
		t.Errorf("theme stylesheet = %q", got)
	}
	// Pages the theme leaves alone keep the embedded templates.
	contains(t, "article", body(t, f.get(t, "/articles/council-budget")), `<h1 class="headline">`)

	// A theme that does not parse is refused at start, not on a request.
	must(os.WriteFile(filepath.Join(theme, "templates", "article.html"), []byte(`{{define "main"}}{{if}}{{end}}`), 0o644))
	if _, err := New(Options{Store: f.db, ThemeDir: theme}); err == nil {
		t.Error("New accepted a broken theme template")
	}
}
