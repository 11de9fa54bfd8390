package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"masthead/internal/campaign"
	"masthead/internal/issuemail"
	"masthead/internal/mail"
	"masthead/internal/newsletter"
	"masthead/internal/queue"
	"masthead/internal/store"
)

// publication is what the settings would give issuemail (FromSettings):
// a postal address is required in every issue.
var publication = issuemail.Publication{Name: "The Northbridge Weekly", BaseURL: "https://news.example.org",
	PostalAddress: "1 Example Street, Northbridge NB1 1AA"}

// senderConfig is what the sender child process is started with.
type senderConfig struct {
	dir        string
	campaignID int64
	sinkAddr   string
	pool       int
	workers    int
	batch      int
	lease      time.Duration
	dkimKey    string // PEM file; "" for none
	cpuProfile string
}

// runSender is the sending process: it opens the database as the server
// would and calls campaign.Service.Run, the call behind the queue's
// campaign:send job, until every reader has an outcome. A campaign whose
// lease is still held by a killed sender is retried until the lease runs
// out, as the queue would. It prints one line: "done <seconds running>
// <seconds waiting for the lease> <VmHWM in kB> <HTML bytes> <text bytes>".
func runSender(c senderConfig) error {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400) // as serve does
	}
	if c.cpuProfile != "" {
		f, err := os.Create(c.cpuProfile)
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	db, err := store.Open(ctx, dbURL(c.dir), "")
	if err != nil {
		return err
	}
	defer db.Close()
	smtp, err := mail.NewSMTP(fmt.Sprintf("smtp://%s?pool=%d", c.sinkAddr, c.pool), "", nil)
	if err != nil {
		return err
	}
	defer smtp.Close()
	if c.dkimKey != "" {
		if smtp.DKIM, err = mail.LoadDKIM(c.dkimKey, "news.example.org", "bench"); err != nil {
			return err
		}
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	news := newsletter.NewService(newsletter.Options{Store: db, Logger: logger})
	q := queue.New(db, logger, queue.Options{})
	news.UseQueue(q)
	// The email is built by issuemail.Build, the service's default, as
	// in serve and the send command.
	svc := campaign.NewService(campaign.Options{Store: db, Newsletters: news, Mail: smtp, Logger: logger,
		Publication:   func(context.Context) (issuemail.Publication, error) { return publication, nil },
		BounceAddress: "bounce@news.example.org", Workers: c.workers, BatchSize: c.batch, Lease: c.lease})
	svc.Register(q) // never run: Run is called directly, as the send command does

	begin := time.Now()
	var waited time.Duration
	for {
		err = svc.Run(ctx, c.campaignID, nil)
		if !errors.Is(err, campaign.ErrBusy) {
			break
		}
		// A killed sender's lease: wait it out.
		time.Sleep(100 * time.Millisecond)
		waited = time.Since(begin)
	}
	elapsed := time.Since(begin) - waited
	if err != nil {
		return err
	}
	got, err := svc.Get(ctx, c.campaignID)
	if err != nil {
		return err
	}
	if got.Status != campaign.StatusSent {
		return fmt.Errorf("campaign %d ended %s (%s)", c.campaignID, got.Status, got.LastError)
	}
	fmt.Printf("done %.3f %.3f %s %d %d\n", elapsed.Seconds(), waited.Seconds(), strings.TrimSuffix(procStatus("self", "VmHWM"), " kB"),
		len(got.Frozen.Message.HTML), len(got.Frozen.Message.Text))
	return nil
}

// procStatus returns a field of /proc/<pid>/status, such as "VmHWM", or
// "" once the process is gone.
func procStatus(pid, field string) string {
	b, err := os.ReadFile("/proc/" + pid + "/status")
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
