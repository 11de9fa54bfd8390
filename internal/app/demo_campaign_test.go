package app_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"masthead/internal/app"
	"masthead/internal/campaign"
	"masthead/internal/config"
	"masthead/internal/demo"
	"masthead/internal/store/storetest"
)

// serve --demo leaves a newcomer a sent issue: the demo's campaign is
// queued with the demo, the workers send it through the development
// sender (data/mail/*.eml), and its counts are the demo's confirmed
// subscribers of that newsletter.
func TestDemoIssueIsSent(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			srv, _ := newServer(t, e, true)
			checkDemoIssueSent(t, srv)
		})
	}
}

// masthead demo queues the issue too; the first serve sends it.
func TestDemoCommandQueuesTheIssue(t *testing.T) {
	ctx := context.Background()
	for _, e := range storetest.Engines() {
		t.Run(string(e), func(t *testing.T) {
			cfg := config.Config{Addr: ":0", DataDir: t.TempDir(), DatabaseURL: storetest.URL(t, e), MailFrom: "test@example.org"}
			var out, errOut bytes.Buffer
			if code := app.Run(ctx, []string{"demo", "--data", cfg.DataDir, "--database-url", cfg.DatabaseURL}, nil, app.IO{Stdout: &out, Stderr: &errOut}); code != 0 {
				t.Fatalf("demo exited %d: %s", code, errOut.String())
			}
			srv, _ := serveConfig(t, cfg, false)
			checkDemoIssueSent(t, srv)
		})
	}
}

func checkDemoIssueSent(t *testing.T, srv *app.Server) {
	t.Helper()
	ctx := context.Background()
	is := demo.SentIssue()
	var want []string
	for _, sub := range demo.Subscribers() {
		if slices.Contains(sub.Newsletters, is.Newsletter) {
			want = append(want, sub.Email)
		}
	}
	list, err := srv.Campaigns.List(ctx, 0, 0, 10)
	if err != nil || len(list) != 1 || list[0].Subject != is.Subject || list[0].Status != campaign.StatusSending {
		t.Fatalf("after loading the demo: %+v (%v)", list, err)
	}
	if err := srv.Queue.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	c, err := srv.Campaigns.Get(ctx, list[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != campaign.StatusSent || c.Total != len(want) || c.Sent != len(want) || c.Done() != len(want) || len(c.ArticleIDs) != len(is.Articles) {
		t.Fatalf("the demo issue: %s, %+v, want %d sent", c.Status, c.Counts, len(want))
	}
	files, err := filepath.Glob(filepath.Join(srv.Config.DataDir, "mail", "*.eml"))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), "The week in Northbridge") {
			continue
		}
		for _, addr := range want {
			if strings.Contains(string(b), "To: <"+addr+">") || strings.Contains(string(b), "To: "+addr) {
				got[addr] = true
			}
		}
	}
	if len(got) != len(want) {
		t.Errorf("the issue's .eml files reach %v, want %v", got, want)
	}
}
