// Package app is Masthead's composition root: it reads the configuration,
// opens the database, builds the services and runs the chosen command.
package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"time"

	"masthead/internal/campaign"
	"masthead/internal/config"
	"masthead/internal/mail"
	"masthead/internal/newsletter"
	"masthead/internal/queue"
	"masthead/internal/store"
)

// IO is where a command reads and writes.
type IO struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// ReadSecret reads a line without echo from a terminal; nil when
	// standard input is not a terminal (then a line is read from Stdin).
	ReadSecret func() (string, error)
}

const usage = `Masthead: a publishing platform for independent news publications.

Usage: masthead <command> [flags]

Commands:
  serve         run the publication (default); --demo loads demo content into an empty database
  migrate       bring the database schema up to date
  demo          load the demo publication into the database (--extra N adds N generated articles)
  user create   create a staff account: --email E --name N --role contributor|author|editor|admin
                (password prompted, or read from standard input)
  backup        copy the database (SQLite) and uploaded media to a new directory (--to DIR) while running
  media strip   remove camera metadata (GPS, serial numbers) from images uploaded before it was stripped
  newsletter send --campaign ID
                send a newsletter campaign now, in the foreground, with a progress bar; resumable
  newsletter status ID
                print a campaign's status and counts (sent, failed, bounced, unconfirmed)
  newsletter export   write the subscribers as CSV (--newsletter SLUG, --status S, --out FILE)
  newsletter import   subscribe the addresses of a CSV file: --file F --newsletter SLUG --source "..." [--dry-run]
  version       print the schema version this binary needs

Run "masthead <command> --help" for the flags of a command.
`

// Run runs the command in args (without the program name) and returns the
// process exit code.
func Run(ctx context.Context, args, env []string, stdio IO) int {
	cmd := "serve"
	if len(args) > 0 && args[0] != "" && (args[0][0] != '-' || isHelp(args[0])) {
		cmd, args = args[0], args[1:]
	}
	var err error
	switch cmd {
	case "serve":
		err = serveCommand(ctx, args, env, stdio)
	case "migrate":
		err = migrateCommand(ctx, args, env, stdio)
	case "demo":
		err = demoCommand(ctx, args, env, stdio)
	case "user":
		err = userCommand(ctx, args, env, stdio)
	case "backup":
		err = backupCommand(ctx, args, env, stdio)
	case "media":
		err = mediaCommand(ctx, args, env, stdio)
	case "newsletter":
		err = newsletterCommand(ctx, args, env, stdio)
	case "version":
		fmt.Fprintf(stdio.Stdout, "masthead schema version %d\n", latestSchema())
	case "help", "-h", "-help", "--help":
		// masthead --help lists the commands; masthead serve --help gives
		// the flags of serve, the default command.
		fmt.Fprint(stdio.Stdout, usage)
	default:
		fmt.Fprintf(stdio.Stderr, "masthead: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stdio.Stderr, "masthead %s: %v\n", cmd, err)
		return 1
	}
	return 0
}

func isHelp(arg string) bool {
	return arg == "-h" || arg == "-help" || arg == "--help"
}

func latestSchema() int {
	ms, _ := store.Migrations(store.SQLite)
	if len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].Version
}

func newLogger(w io.Writer, level slog.Level) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}

// openStore opens the configured database. fresh reports a database with no
// schema yet.
func openStore(ctx context.Context, cfg config.Config) (db *store.DB, fresh bool, err error) {
	db, err = store.Open(ctx, cfg.DatabaseURL, cfg.DataDir)
	if err != nil {
		return nil, false, err
	}
	v, err := db.SchemaVersion(ctx)
	if err != nil {
		db.Close()
		return nil, false, err
	}
	return db, v == 0, nil
}

// openCurrentStore opens the database for a command that writes to it:
// an empty database is migrated, one at another schema version refused.
func openCurrentStore(ctx context.Context, cfg config.Config) (*store.DB, error) {
	db, fresh, err := openStore(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if fresh {
		_, err = db.Migrate(ctx)
	} else {
		err = db.CheckCurrent(ctx)
	}
	if err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// newMailer picks real SMTP when configured, else the development sender.
func newMailer(cfg config.Config, logger *slog.Logger) (mail.Sender, error) {
	if cfg.SMTPURL != "" {
		s, err := mail.NewSMTP(cfg.SMTPURL, cfg.MailFrom, logger)
		if err != nil {
			return nil, err
		}
		if cfg.DKIMKeyFile != "" {
			if s.DKIM, err = mail.LoadDKIM(cfg.DKIMKeyFile, cfg.DKIMDomain, cfg.DKIMSelector); err != nil {
				return nil, err
			}
		}
		return s, nil
	}
	return mail.NewDevSender(filepath.Join(cfg.DataDir, "mail"), logger), nil
}

func migrateCommand(ctx context.Context, args, env []string, stdio IO) error {
	cfg, err := config.Load(env, args, stdio.Stderr, "migrate", nil)
	if err != nil {
		return err
	}
	db, _, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := db.Migrate(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdio.Stdout, "applied %d migration(s); schema is at version %d\n", n, db.LatestVersion())
	return nil
}

func demoCommand(ctx context.Context, args, env []string, stdio IO) error {
	var extra int
	cfg, err := config.Load(env, args, stdio.Stderr, "demo", func(fs *flag.FlagSet) {
		fs.IntVar(&extra, "extra", 0, "also generate this many extra articles (for benchmarks)")
	})
	if err != nil {
		return err
	}
	db, err := openCurrentStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	logger := newLogger(stdio.Stderr, cfg.LogLevel)
	start := time.Now()
	files, err := mediaFiles(ctx, cfg)
	if err != nil {
		return err
	}
	n, err := LoadDemo(ctx, db, files, time.Now)
	if err != nil {
		return err
	}
	// The demo's issue waits in the queue for the first serve to send it;
	// queueing needs no mail sender, sending does.
	news := newsletter.NewService(newsletter.Options{Store: db, Logger: logger})
	camps := campaign.NewService(campaign.Options{Store: db, Newsletters: news, Logger: logger})
	camps.Register(queue.New(db, logger, queue.Options{}))
	if err := queueDemoIssue(ctx, camps, news, db); err != nil {
		return err
	}
	if extra > 0 {
		if err := GenerateArticles(ctx, db, extra, time.Now); err != nil {
			return err
		}
	}
	logger.Info("demo loaded", "articles", n, "extra", extra, "took", time.Since(start).Round(time.Millisecond))
	return nil
}
