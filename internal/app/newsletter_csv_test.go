package app_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"masthead/internal/app"
	"masthead/internal/newsletter"
	"masthead/internal/store/storetest"
)

// masthead newsletter import and export, on both engines: the dry run
// reports and changes nothing, the import adds once, the export writes a
// new private file.
func TestNewsletterCSVCommands(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			srv, _ := newServer(t, e, false)
			ctx := context.Background()
			weekly, err := srv.Newsletters.SaveNewsletter(ctx, newsletter.Newsletter{Name: "Weekly Guide", SenderName: "W", SenderEmail: "w@example.org", Public: true})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := srv.Newsletters.Import(ctx, "left@example.org", []int64{weekly}, 0, newsletter.Meta{Method: newsletter.MethodImport, Source: "old"}); err != nil {
				t.Fatal(err)
			}
			left, _ := srv.Newsletters.ReaderByEmail(ctx, "left@example.org")
			if err := srv.Newsletters.Unsubscribe(ctx, left.ID, weekly, newsletter.Meta{Method: newsletter.MethodOneClick, Source: "email"}); err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			file := filepath.Join(dir, "list.csv")
			if err := os.WriteFile(file, []byte("email,sector\nann@example.org,Marketing\nleft@example.org,\nbad address,\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			run := func(args ...string) (int, string, string) {
				var out, errOut bytes.Buffer
				args = append(args, "--data", srv.Config.DataDir, "--database-url", srv.Config.DatabaseURL)
				code := app.Run(ctx, args, nil, app.IO{Stdout: &out, Stderr: &errOut})
				return code, out.String(), errOut.String()
			}
			readers := func() int {
				n, err := srv.DB.CountReaders(ctx)
				if err != nil {
					t.Fatal(err)
				}
				return n
			}

			code, _, errOut := run("newsletter", "import", "--file", file, "--newsletter", "weekly-guide")
			if code != 1 || !strings.Contains(errOut, "--source: Say where") || readers() != 1 {
				t.Errorf("without a source: exit %d, %q, %d readers", code, errOut, readers())
			}
			code, _, errOut = run("newsletter", "import", "--file", file, "--newsletter", "nope", "--source", "fair")
			if code != 1 || !strings.Contains(errOut, `no newsletter "nope"; the newsletters are: weekly-guide`) {
				t.Errorf("unknown newsletter: exit %d, %q", code, errOut)
			}
			code, out, errOut := run("newsletter", "import", "--file", file, "--newsletter", "weekly-guide", "--source", "Town hall sheet", "--dry-run")
			if code != 0 || !strings.Contains(out, "line 3: unsubscribed before: Left Weekly Guide before") || !strings.Contains(out, "line 4: invalid address: It holds a space.") ||
				!strings.Contains(out, "3 lines: 1 to add (1 new readers, 1 subscriptions)") || !strings.Contains(out, "dry run: nothing was imported") {
				t.Errorf("dry run: exit %d\n%s%s", code, out, errOut)
			}
			if readers() != 1 {
				t.Fatal("the dry run imported")
			}
			code, out, errOut = run("newsletter", "import", "--file", file, "--newsletter", "weekly-guide", "--source", "Town hall sheet")
			if code != 0 || !strings.Contains(out, "imported: 1 new readers, 1 subscriptions confirmed") || readers() != 2 {
				t.Errorf("import: exit %d\n%s%s", code, out, errOut)
			}
			ann, err := srv.Newsletters.ReaderByEmail(ctx, "ann@example.org")
			if err != nil {
				t.Fatal(err)
			}
			if recs, _ := srv.Newsletters.ConsentHistory(ctx, ann.ID); len(recs) != 1 || recs[0].Source != "Town hall sheet" || recs[0].Method != newsletter.MethodImport {
				t.Errorf("ann's consent: %+v", recs)
			}
			code, out, _ = run("newsletter", "import", "--file", file, "--newsletter", "weekly-guide", "--source", "Town hall sheet")
			if code != 0 || !strings.Contains(out, "imported: 0 new readers, 0 subscriptions confirmed") || readers() != 2 {
				t.Errorf("second import: exit %d\n%s", code, out)
			}
			// A bad file changes nothing.
			binary := filepath.Join(dir, "photo.csv")
			os.WriteFile(binary, []byte("email\nzed@example.org\n\x00\x01"), 0o600)
			code, _, errOut = run("newsletter", "import", "--file", binary, "--newsletter", "weekly-guide", "--source", "x")
			if code != 1 || !strings.Contains(errOut, "--file: Line 3 holds a NUL byte") || !strings.Contains(errOut, "nothing was imported") || readers() != 2 {
				t.Errorf("binary file: exit %d %q", code, errOut)
			}

			csvOut := filepath.Join(dir, "out.csv")
			code, _, errOut = run("newsletter", "export", "--newsletter", "weekly-guide", "--status", "confirmed", "--out", csvOut)
			if code != 0 || !strings.Contains(errOut, "exported 1 subscribers to ") || !strings.Contains(errOut, `rows=1 complete=true`) {
				t.Fatalf("export: exit %d %q", code, errOut)
			}
			body, err := os.ReadFile(csvOut)
			if err != nil || !strings.HasPrefix(string(body), "\uFEFFemail,sector,signed up (UTC),Weekly Guide status") || !strings.Contains(string(body), "\r\nann@example.org,Marketing,") ||
				strings.Contains(string(body), "left@") {
				t.Errorf("export file: %v\n%s", err, body)
			}
			if st, _ := os.Stat(csvOut); st.Mode().Perm() != 0o600 {
				t.Errorf("the export is readable by others: %v", st.Mode())
			}
			code, _, errOut = run("newsletter", "export", "--out", csvOut)
			if code != 1 || !strings.Contains(errOut, "does not exist yet") {
				t.Errorf("export over a file: exit %d %q", code, errOut)
			}
			code, out, _ = run("newsletter", "export")
			if code != 0 || strings.Count(out, "\r\n") != 3 {
				t.Errorf("export to standard output: exit %d\n%s", code, out)
			}
		})
	}
}

func TestNewsletterCSVCommandHelp(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := app.Run(context.Background(), []string{"newsletter", "--help"}, nil, app.IO{Stdout: &out, Stderr: &errOut}); code != 0 ||
		!strings.Contains(out.String(), "masthead newsletter export [--newsletter SLUG]") || !strings.Contains(out.String(), "masthead newsletter import --file F") {
		t.Errorf("newsletter --help: exit %d, %q", code, out.String())
	}
	out.Reset()
	if code := app.Run(context.Background(), []string{"newsletter", "import", "--help"}, nil, app.IO{Stdout: &out, Stderr: &errOut}); code != 0 ||
		!strings.Contains(errOut.String(), "-dry-run") {
		t.Errorf("newsletter import --help: exit %d, %q", code, errOut.String())
	}
}
