package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"masthead/internal/campaign"
	"masthead/internal/content"
	"masthead/internal/issuemail"
	"masthead/internal/mail"
	"masthead/internal/newsletter"
	"masthead/internal/queue"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// The send command's foreground run: it starts a draft, sends everyone,
// prints a progress line (not a terminal) and the summary.
func TestSendInForegroundPrintsProgress(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		news := newsletter.NewService(newsletter.Options{Store: db})
		outbox := filepath.Join(t.TempDir(), "mail")
		svc := campaign.NewService(campaign.Options{Store: db, Newsletters: news, Mail: mail.NewDevSender(outbox, nil),
			Publication: func(context.Context) (issuemail.Publication, error) {
				return issuemail.Publication{Name: "Weekly", BaseURL: "https://news.example.org", PostalAddress: "1 Harbour Street"}, nil
			},
			Workers: 2, BatchSize: 4})
		svc.Register(queue.New(db, nil, queue.Options{}))
		nl, err := news.SaveNewsletter(ctx, newsletter.Newsletter{Name: "Weekly", SenderName: "W", SenderEmail: "news@example.org"})
		if err != nil {
			t.Fatal(err)
		}
		sec, err := db.SaveSection(ctx, content.Section{Slug: "news", Name: "News"})
		if err != nil {
			t.Fatal(err)
		}
		at := time.Now().Add(-time.Hour)
		art, err := db.CreateArticle(ctx, content.ArticleWrite{Article: content.Article{Slug: "s", Headline: "Story", SectionID: sec,
			Status: content.StatusPublished, PublishedAt: at, CreatedAt: at, UpdatedAt: at}})
		if err != nil {
			t.Fatal(err)
		}
		const n = 10
		for i := range n {
			if _, err := news.Import(ctx, fmt.Sprintf("r%d@example.org", i), []int64{nl}, 0, newsletter.Meta{Method: newsletter.MethodImport, Source: "t"}); err != nil {
				t.Fatal(err)
			}
		}
		id, err := svc.Save(ctx, campaign.Draft{NewsletterID: nl, Subject: "Hello", ArticleIDs: []int64{art}})
		if err != nil {
			t.Fatal(err)
		}
		var out strings.Builder
		if err := sendInForeground(ctx, svc, id, &out, false, 0, time.Millisecond); err != nil {
			t.Fatal(err)
		}
		files, err := os.ReadDir(outbox)
		if err != nil || len(files) != n {
			t.Fatalf("outbox holds %d messages (%v), want %d; output:\n%s", len(files), err, n, out.String())
		}
		want := fmt.Sprintf("campaign %d: 100%% 10/10  sent 10", id)
		if !strings.Contains(out.String(), want) || !strings.Contains(out.String(), fmt.Sprintf("campaign %d: sent, 10 of 10 recipients: 10 sent, 0 failed", id)) {
			t.Fatalf("output:\n%s\nwant a line with %q and the summary", out.String(), want)
		}
		// Sent: a second run has nothing to do and says so.
		if err := sendInForeground(ctx, svc, id, &out, false, 0, time.Millisecond); err == nil || !strings.Contains(err.Error(), "nothing to send") {
			t.Fatalf("second run: %v", err)
		}
		// A failed campaign whose cause was fixed resumes from the command.
		failed, err := svc.Save(ctx, campaign.Draft{NewsletterID: nl, Subject: "Failed once", ArticleIDs: []int64{art}})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.TransitionCampaign(ctx, campaign.Transition{ID: failed, From: []campaign.Status{campaign.StatusDraft}, To: campaign.StatusFailed,
			Now: time.Now()}, nil); err != nil {
			t.Fatal(err)
		}
		out.Reset()
		if err := sendInForeground(ctx, svc, failed, &out, false, 0, time.Millisecond); err != nil {
			t.Fatalf("resuming a failed campaign: %v\n%s", err, out.String())
		}
		if !strings.Contains(out.String(), fmt.Sprintf("campaign %d: sent, 10 of 10 recipients", failed)) {
			t.Fatalf("resumed failed campaign output:\n%s", out.String())
		}
		// A campaign a server is sending: the command follows its progress.
		other, err := svc.Save(ctx, campaign.Draft{NewsletterID: nl, Subject: "Second", ArticleIDs: []int64{art}})
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.SendNow(ctx, other); err != nil {
			t.Fatal(err)
		}
		if err := db.AcquireCampaign(ctx, other, "a server", time.Now(), time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		var followed strings.Builder
		done := make(chan error, 1)
		go func() { done <- sendInForeground(ctx, svc, other, &followed, false, 0, time.Millisecond) }()
		time.Sleep(20 * time.Millisecond)
		select {
		case err := <-done:
			t.Fatalf("the command returned (%v) while the server was still sending:\n%s", err, followed.String())
		default:
		}
		if err := db.TransitionCampaign(ctx, campaign.Transition{ID: other, From: []campaign.Status{campaign.StatusSending}, To: campaign.StatusSent,
			Finish: true, Now: time.Now()}, nil); err != nil {
			t.Fatal(err)
		}
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if got := followed.String(); !strings.Contains(got, "following its progress") || !strings.Contains(got, fmt.Sprintf("campaign %d: sent", other)) {
			t.Fatalf("following output:\n%s", got)
		}
		// A send command killed mid-send leaves its lease behind: a second
		// one follows until the lease runs out, then sends the rest itself.
		third, err := svc.Save(ctx, campaign.Draft{NewsletterID: nl, Subject: "Third", ArticleIDs: []int64{art}})
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.SendNow(ctx, third); err != nil {
			t.Fatal(err)
		}
		if err := db.AcquireCampaign(ctx, third, "a killed command", time.Now(), time.Now().Add(300*time.Millisecond)); err != nil {
			t.Fatal(err)
		}
		var tookOver strings.Builder
		if err := sendInForeground(ctx, svc, third, &tookOver, false, 0, 20*time.Millisecond); err != nil {
			t.Fatal(err)
		}
		if files, _ := os.ReadDir(outbox); len(files) != 3*n {
			t.Fatalf("after taking over, the outbox holds %d messages, want %d:\n%s", len(files), 3*n, tookOver.String())
		}
		if got := tookOver.String(); !strings.Contains(got, "taking over") || !strings.Contains(got, fmt.Sprintf("campaign %d: sent, 10 of 10 recipients", third)) {
			t.Fatalf("take-over output:\n%s", got)
		}
		// The bar on a terminal redraws one line in place.
		var bar strings.Builder
		p := &progressLine{w: &bar, tty: true}
		p.show(campaign.Progress{ID: id, Total: 4, Done: 2, Sent: 2})
		p.end()
		if got := bar.String(); !strings.HasPrefix(got, "\r[###############---------------]  50% 2/4") || !strings.HasSuffix(got, "\n") {
			t.Fatalf("terminal bar %q", got)
		}
	})
}

func TestNewsletterCommands(t *testing.T) {
	dir := t.TempDir()
	env := []string{"MASTHEAD_DATA=" + dir}
	run := func(args ...string) (int, string, string) {
		var stdout, stderr strings.Builder
		code := Run(context.Background(), args, env, IO{Stdout: &stdout, Stderr: &stderr})
		return code, stdout.String(), stderr.String()
	}
	if code, out, _ := run("newsletter", "--help"); code != 0 || !strings.Contains(out, "newsletter send --campaign ID") {
		t.Fatalf("newsletter --help: %d %q", code, out)
	}
	if code, _, errOut := run("newsletter", "send", "--help"); code != 0 || !strings.Contains(errOut, "-campaign") || !strings.Contains(errOut, "-workers") {
		t.Fatalf("newsletter send --help: %d %q", code, errOut)
	}
	if code, _, errOut := run("newsletter", "status", "--help"); code != 0 || !strings.Contains(errOut, "-campaign") {
		t.Fatalf("newsletter status --help: %d %q", code, errOut)
	}
	if code, _, errOut := run("newsletter", "send"); code != 1 || !strings.Contains(errOut, "--campaign ID") {
		t.Fatalf("send without a campaign: %d %q", code, errOut)
	}
	if code, _, errOut := run("newsletter", "status", "abc"); code != 1 || !strings.Contains(errOut, "not a campaign id") {
		t.Fatalf("status abc: %d %q", code, errOut)
	}
	if code, _, errOut := run("newsletter", "status", "7"); code != 1 || !strings.Contains(errOut, "no such campaign") {
		t.Fatalf("status of a missing campaign: %d %q", code, errOut)
	}
	// The commands used the test's data directory, not ./data.
	if _, err := os.Stat(filepath.Join(dir, "masthead.db")); err != nil {
		t.Fatalf("the status command did not open the configured data directory: %v", err)
	}
	if code, out, _ := run("--help"); code != 0 || !strings.Contains(out, "newsletter send") || !strings.Contains(out, "newsletter status") {
		t.Fatalf("masthead --help does not list the newsletter commands: %q", out)
	}
}
