package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/campaign"
	"masthead/internal/config"
	"masthead/internal/newsletter"
	"masthead/internal/queue"
)

const newsletterUsage = `usage: masthead newsletter send --campaign ID [--workers N] [--batch N] [flags]
       masthead newsletter status ID [flags]
       masthead newsletter export [--newsletter SLUG] [--status S] [--out FILE] [flags]
       masthead newsletter import --file F --newsletter SLUG --source "..." [--dry-run] [flags]

send    send a campaign now, in the foreground, with a progress bar on a
        terminal (a progress line every few seconds otherwise). It holds the
        campaign while it runs, so a server does not send it at the same
        time (when a server is already sending it, it follows its progress);
        a draft or scheduled campaign starts now, a paused one resumes.
        Interrupted (Ctrl-C, or killed), the send keeps its checkpoint and a
        server's queue, or this command run again, carries on from there:
        nobody is skipped, and at most workers x batch messages go twice.
status  print a campaign's status and counts.
` + newsletterCSVUsage

// newsletterCommand runs "masthead newsletter send", "status", "export"
// and "import".
func newsletterCommand(ctx context.Context, args, env []string, stdio IO) error {
	if len(args) == 0 || isHelp(args[0]) || args[0] == "help" {
		fmt.Fprintln(stdio.Stdout, newsletterUsage)
		if len(args) == 0 {
			return errors.New("say what to do: masthead newsletter send, status, export or import")
		}
		return flag.ErrHelp
	}
	switch args[0] {
	case "send":
		return newsletterSend(ctx, args[1:], env, stdio)
	case "status":
		return newsletterStatus(ctx, args[1:], env, stdio)
	case "export":
		return newsletterExportCommand(ctx, args[1:], env, stdio)
	case "import":
		return newsletterImportCommand(ctx, args[1:], env, stdio)
	}
	return fmt.Errorf("unknown newsletter command %q\n%s", args[0], newsletterUsage)
}

// campaignCLI is the campaign service of a one-shot command.
func campaignCLI(ctx context.Context, cfg config.Config, stdio IO, workers, batch int) (*campaign.Service, func(), error) {
	db, err := openCurrentStore(ctx, cfg)
	if err != nil {
		return nil, nil, err
	}
	logger := newLogger(stdio.Stderr, cfg.LogLevel)
	sender, err := newMailer(cfg, logger)
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	closeAll := func() {
		if c, ok := sender.(io.Closer); ok {
			_ = c.Close()
		}
		db.Close()
	}
	news := newsletter.NewService(newsletter.Options{Store: db, Mail: sender, Logger: logger})
	srv := &Server{Config: cfg, DB: db}
	host, _ := os.Hostname()
	svc, err := newCampaigns(campaignParts{db: db, cfg: cfg, news: news, sender: sender, logger: logger, site: srv.siteIdentity,
		owner: fmt.Sprintf("send-command-%s-%d", host, os.Getpid()), workers: workers, batch: batch})
	if err != nil {
		closeAll()
		return nil, nil, err
	}
	// Registered so that starting or resuming queues the job a server
	// takes over with if this command stops; this process runs no queue.
	svc.Register(queue.New(db, logger, queue.Options{}))
	return svc, closeAll, nil
}

func newsletterSend(ctx context.Context, args, env []string, stdio IO) error {
	var id int64
	var workers, batch int
	cfg, err := config.Load(env, args, stdio.Stderr, "newsletter send", func(fs *flag.FlagSet) {
		fs.Int64Var(&id, "campaign", 0, "the campaign to send (required)")
		fs.IntVar(&workers, "workers", 0, "messages rendered and delivered at once (default 8)")
		fs.IntVar(&batch, "batch", 0, "recipients recorded per transaction (default 100)")
	})
	if err != nil {
		return err
	}
	if id <= 0 {
		return errors.New("say which campaign: --campaign ID (see masthead newsletter status)")
	}
	if workers < 0 || workers > 256 || batch < 0 || batch > 10_000 {
		return errors.New("--workers must be 1 to 256 and --batch 1 to 10000")
	}
	svc, closeAll, err := campaignCLI(ctx, cfg, stdio, workers, batch)
	if err != nil {
		return err
	}
	defer closeAll()
	return sendInForeground(ctx, svc, id, stdio.Stdout, isTerminal(stdio.Stdout), 5*time.Second, time.Second)
}

// sendInForeground starts (or resumes) campaign id and runs its send in
// this process, drawing progress on out.
func sendInForeground(ctx context.Context, svc *campaign.Service, id int64, out io.Writer, tty bool, every, poll time.Duration) error {
	c, err := svc.Get(ctx, id)
	if err != nil {
		return userError(err)
	}
	switch c.Status {
	case campaign.StatusDraft, campaign.StatusScheduled:
		err = svc.SendNow(ctx, id)
	case campaign.StatusPaused, campaign.StatusFailed:
		// A failed one whose cause was fixed (say, the postal address
		// set in Settings) resumes, as the admin's Resume does.
		err = svc.Resume(ctx, id)
	case campaign.StatusSending:
	default:
		return fmt.Errorf("campaign %d is %s: there is nothing to send", id, c.Status)
	}
	if err != nil {
		return userError(err)
	}
	p := &progressLine{w: out, tty: tty, every: every}
	err = svc.Run(ctx, id, p.show)
	if errors.Is(err, campaign.ErrBusy) {
		// Another process holds it (a server's queue, or a send command
		// that was killed and whose lease has not run out): show its
		// progress, and take over if it stops renewing.
		fmt.Fprintf(out, "campaign %d is being sent by another process; following its progress, and taking over if that process stops\n", id)
		err = follow(ctx, svc, id, p, poll)
	}
	p.end()
	if ctx.Err() != nil {
		fmt.Fprintf(out, "interrupted: what went out is recorded; run this again (or let a server's queue) carry on from the checkpoint\n")
		return ctx.Err()
	}
	if err != nil {
		return err
	}
	pr, err := svc.Progress(context.WithoutCancel(ctx), id)
	if err != nil {
		return err
	}
	fmt.Fprintln(out, summary(pr))
	return nil
}

// follow shows the progress of a send another process runs until it
// stops sending. When that process dies (its lease runs out without
// renewal), Run takes the send over here and carries on from its
// checkpoint.
func follow(ctx context.Context, svc *campaign.Service, id int64, p *progressLine, poll time.Duration) error {
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		pr, err := svc.Progress(ctx, id)
		if err != nil {
			return err
		}
		p.show(pr)
		if pr.Status != campaign.StatusSending {
			return nil
		}
		select {
		case <-ctx.Done():
			return nil // the other process carries on
		case <-t.C:
		}
		if err := svc.Run(ctx, id, p.show); !errors.Is(err, campaign.ErrBusy) {
			return err
		}
	}
}

func newsletterStatus(ctx context.Context, args, env []string, stdio IO) error {
	var id int64
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		n, err := strconv.ParseInt(args[0], 10, 64)
		if err != nil || n <= 0 {
			return fmt.Errorf("%q is not a campaign id", args[0])
		}
		id, args = n, args[1:]
	}
	cfg, err := config.Load(env, args, stdio.Stderr, "newsletter status", func(fs *flag.FlagSet) {
		fs.Int64Var(&id, "campaign", id, "the campaign (or give its id after status)")
	})
	if err != nil {
		return err
	}
	if id <= 0 {
		return errors.New("say which campaign: masthead newsletter status ID")
	}
	svc, closeAll, err := campaignCLI(ctx, cfg, stdio, 0, 0)
	if err != nil {
		return err
	}
	defer closeAll()
	pr, err := svc.Progress(ctx, id)
	if err != nil {
		return userError(err)
	}
	fmt.Fprintln(stdio.Stdout, summary(pr))
	return nil
}

// userError turns a service error into its safe message for the terminal.
func userError(err error) error {
	if msg := apperr.Message(err); msg != "" {
		return errors.New(msg)
	}
	return err
}

func summary(p campaign.Progress) string {
	var b strings.Builder
	fmt.Fprintf(&b, "campaign %d: %s, %s of %s recipients: %s sent, %s failed, %s bounced, %s unconfirmed",
		p.ID, p.Status, apperr.Thousands(p.Done), apperr.Thousands(p.Total), apperr.Thousands(p.Sent), apperr.Thousands(p.Failed),
		apperr.Thousands(p.Bounced), apperr.Thousands(p.Unconfirmed))
	if !p.StartedAt.IsZero() {
		fmt.Fprintf(&b, "; started %s", p.StartedAt.Local().Format("2006-01-02 15:04:05"))
	}
	if !p.FinishedAt.IsZero() {
		fmt.Fprintf(&b, ", finished %s", p.FinishedAt.Local().Format("2006-01-02 15:04:05"))
	}
	if p.Rate > 0 {
		fmt.Fprintf(&b, ", %s a second", apperr.Thousands(int(p.Rate+0.5)))
	}
	if p.LastError != "" {
		fmt.Fprintf(&b, "\nlast error: %s", p.LastError)
	}
	return b.String()
}

// progressLine draws a send's progress: a bar redrawn in place on a
// terminal, else a plain line every few seconds (logs, CI).
type progressLine struct {
	w     io.Writer
	tty   bool
	every time.Duration
	last  time.Time
	drawn bool
}

func (p *progressLine) show(pr campaign.Progress) {
	now := time.Now()
	gap := p.every
	if p.tty {
		gap = 100 * time.Millisecond
	}
	if p.drawn && now.Sub(p.last) < gap && pr.Done < pr.Total {
		return
	}
	p.last, p.drawn = now, true
	pct := 100
	if pr.Total > 0 {
		pct = min(100, pr.Done*100/pr.Total)
	}
	counts := fmt.Sprintf("%3d%% %s/%s  sent %s  failed %s  bounced %s  unconfirmed %s  %s/s", pct,
		apperr.Thousands(pr.Done), apperr.Thousands(pr.Total), apperr.Thousands(pr.Sent), apperr.Thousands(pr.Failed),
		apperr.Thousands(pr.Bounced), apperr.Thousands(pr.Unconfirmed), apperr.Thousands(int(pr.Rate+0.5)))
	if !p.tty {
		fmt.Fprintf(p.w, "campaign %d: %s\n", pr.ID, counts)
		return
	}
	const width = 30
	fill := pct * width / 100
	fmt.Fprintf(p.w, "\r[%s%s] %s\x1b[K", strings.Repeat("#", fill), strings.Repeat("-", width-fill), counts)
}

// end finishes the bar's line.
func (p *progressLine) end() {
	if p.tty && p.drawn {
		fmt.Fprintln(p.w)
	}
}

// isTerminal reports whether w is a terminal (a character device).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
