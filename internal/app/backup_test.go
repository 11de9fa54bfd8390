package app_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"masthead/internal/app"
	"masthead/internal/config"
	"masthead/internal/content"
	"masthead/internal/store/storetest"
)

// TestBackupWhileServingRestores takes a backup of a running publication,
// then serves the backup as a data directory, as a restore would.
func TestBackupWhileServingRestores(t *testing.T) {
	srv, ts := newServer(t, storetest.SQLite, true)
	ctx := context.Background()
	latest, err := srv.DB.ListPublished(ctx, content.Filter{}, content.Cursor{}, 1)
	if err != nil || len(latest) == 0 {
		t.Fatalf("demo: %v", err)
	}
	if res, _ := get(t, ts.URL+"/articles/"+latest[0].Slug); res.StatusCode != http.StatusOK {
		t.Fatalf("the publication is not serving: %d", res.StatusCode)
	}
	want, _ := srv.DB.CountArticles(ctx)
	mediaFiles := countFiles(t, filepath.Join(srv.Config.DataDir, "media"))

	dir := filepath.Join(t.TempDir(), "backup-1")
	var out, errOut bytes.Buffer
	code := app.Run(ctx, []string{"backup", "--data", srv.Config.DataDir, "--database-url", srv.Config.DatabaseURL, "--to", dir}, nil,
		app.IO{Stdout: &out, Stderr: &errOut})
	if code != 0 {
		t.Fatalf("backup exited %d: %s", code, errOut.String())
	}
	if !strings.Contains(out.String(), "backed up the database") {
		t.Errorf("backup said %q", out.String())
	}
	if got := countFiles(t, filepath.Join(dir, "media")); got != mediaFiles || got == 0 {
		t.Errorf("backup holds %d media files, want the %d uploaded", got, mediaFiles)
	}

	// The backup directory is a complete data directory.
	restored, rts := serveDataDir(t, dir)
	if n, _ := restored.DB.CountArticles(ctx); n != want {
		t.Errorf("restored database has %d articles, want %d", n, want)
	}
	res, body := get(t, rts.URL+"/articles/"+latest[0].Slug)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, latest[0].Headline) {
		t.Fatalf("restored article page: %d", res.StatusCode)
	}
	if img := latest[0].LeadImageID; img != 0 {
		im, err := restored.DB.GetImage(ctx, img)
		if err != nil {
			t.Fatal(err)
		}
		if res, _ := get(t, rts.URL+"/media/"+im.Path); res.StatusCode != http.StatusOK {
			t.Errorf("restored lead image: %d", res.StatusCode)
		}
	}

	// A data directory without a publication is refused, and nothing is created there.
	empty := t.TempDir()
	errOut.Reset()
	if code := app.Run(ctx, []string{"backup", "--data", empty, "--to", filepath.Join(t.TempDir(), "b")}, nil,
		app.IO{Stdout: &out, Stderr: &errOut}); code == 0 || !strings.Contains(errOut.String(), "no publication database") {
		t.Errorf("backup of an empty data directory: exit %d, %q", code, errOut.String())
	}
	if _, err := os.Stat(filepath.Join(empty, "masthead.db")); !os.IsNotExist(err) {
		t.Errorf("backing up an empty data directory created a database: %v", err)
	}

	// A backup never lands on top of another.
	errOut.Reset()
	if code := app.Run(ctx, []string{"backup", "--data", srv.Config.DataDir, "--database-url", srv.Config.DatabaseURL, "--to", dir}, nil,
		app.IO{Stdout: &out, Stderr: &errOut}); code == 0 || !strings.Contains(errOut.String(), "not empty") {
		t.Errorf("backup into a used directory: exit %d, %q", code, errOut.String())
	}
}

func serveDataDir(t *testing.T, dir string) (*app.Server, *httptest.Server) {
	t.Helper()
	return serveConfig(t, config.Config{Addr: ":0", DataDir: dir, MailFrom: "test@example.org"}, false)
}

func countFiles(t *testing.T, dir string) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			n++
		}
		return err
	})
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return n
}

// TestBackupOnPostgresCopiesMediaAndPointsToPgDump: Masthead does not dump
// PostgreSQL itself, and says so instead of leaving the database out quietly.
func TestBackupOnPostgresCopiesMediaAndPointsToPgDump(t *testing.T) {
	for _, e := range storetest.Engines() {
		if e != storetest.Postgres {
			continue
		}
		srv, _ := newServer(t, e, true)
		dir := filepath.Join(t.TempDir(), "backup")
		var out, errOut bytes.Buffer
		code := app.Run(context.Background(), []string{"backup", "--data", srv.Config.DataDir, "--database-url", srv.Config.DatabaseURL, "--to", dir}, nil,
			app.IO{Stdout: &out, Stderr: &errOut})
		if code != 0 || !strings.Contains(out.String(), "pg_dump") {
			t.Fatalf("backup on PostgreSQL: exit %d, said %q %q", code, out.String(), errOut.String())
		}
		if got := countFiles(t, filepath.Join(dir, "media")); got == 0 || got != countFiles(t, filepath.Join(srv.Config.DataDir, "media")) {
			t.Errorf("backup holds %d media files", got)
		}
		if _, err := os.Stat(filepath.Join(dir, "masthead.db")); !os.IsNotExist(err) {
			t.Errorf("a PostgreSQL backup wrote an SQLite file: %v", err)
		}
	}
}
