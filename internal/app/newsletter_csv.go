package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/config"
	"masthead/internal/newsletter"
	"masthead/internal/store"
)

// The subscriber CSV commands (decision record 0026): "masthead newsletter
// export" and "masthead newsletter import", the admin's export and import
// for scripts and for files too large to upload.

const newsletterCSVUsage = `export  write the subscribers as CSV (UTF-8, formula cells neutralised), to
        --out FILE (a new file, readable by its owner only) or standard
        output; --newsletter SLUG and --status confirmed|pending|unsubscribed
        choose whom. Every export is logged.
import  subscribe the addresses of a CSV file (header line with an email
        column, optionally a sector column by name; at most 10 MB and
        200,000 lines):
        --file F --newsletter SLUG[,SLUG...] --source "where they gave
        consent" [--dry-run]. Lines are reported one by one; addresses that
        unsubscribed before or are suppressed are never subscribed, and a
        repeated import adds nobody.`

// newsletterService is the newsletter service of a command that sends no
// mail.
func newsletterService(db *store.DB, logger *slog.Logger) *newsletter.Service {
	return newsletter.NewService(newsletter.Options{Store: db, Mail: noMail{}, Logger: logger, Now: time.Now})
}

// newslettersBySlug resolves a comma-separated list of slugs.
func newslettersBySlug(ctx context.Context, svc *newsletter.Service, list string) ([]int64, error) {
	all, err := svc.Newsletters(ctx)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, slug := range strings.Split(list, ",") {
		slug = strings.TrimSpace(slug)
		if slug == "" {
			continue
		}
		i := slices.IndexFunc(all, func(n newsletter.Newsletter) bool { return n.Slug == slug })
		if i < 0 {
			var slugs []string
			for _, n := range all {
				slugs = append(slugs, n.Slug)
			}
			return nil, fmt.Errorf("no newsletter %q; the newsletters are: %s", slug, strings.Join(slugs, ", "))
		}
		ids = append(ids, all[i].ID)
	}
	return ids, nil
}

func newsletterExportCommand(ctx context.Context, args, env []string, stdio IO) error {
	var slug, status, out string
	cfg, err := config.Load(env, args, stdio.Stderr, "newsletter export", func(fs *flag.FlagSet) {
		fs.StringVar(&slug, "newsletter", "", "only readers with a subscription to this newsletter (its slug)")
		fs.StringVar(&status, "status", "", "only readers with a subscription in this status: confirmed, pending or unsubscribed")
		fs.StringVar(&out, "out", "", "write to this new file instead of standard output")
	})
	if err != nil {
		return err
	}
	f := newsletter.SubscriberFilter{Status: status}
	if status != "" && status != newsletter.StatusConfirmed && status != newsletter.StatusPending && status != newsletter.StatusUnsubscribed {
		return fmt.Errorf("--status %q: say confirmed, pending or unsubscribed", status)
	}
	db, err := openCurrentStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	logger := newLogger(stdio.Stderr, cfg.LogLevel)
	svc := newsletterService(db, logger)
	if slug != "" {
		ids, err := newslettersBySlug(ctx, svc, slug)
		if err != nil {
			return err
		}
		if len(ids) != 1 {
			return errors.New("--newsletter: give one newsletter's slug")
		}
		f.NewsletterID = ids[0]
	}
	w := stdio.Stdout
	var file *os.File
	if out != "" {
		// Personal data: a new file only its owner can read, never one
		// written over.
		if file, err = os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600); err != nil {
			return fmt.Errorf("--out: %w (choose a file that does not exist yet)", err)
		}
		w = file
	}
	n, err := svc.ExportCSV(ctx, w, f, nil)
	if file != nil {
		if cerr := file.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(out) // a partial file would pass for the list
		}
	}
	logger.Info("newsletter: subscribers exported from the command line", "user", os.Getenv("USER"), "newsletter", slug, "status", status,
		"out", out, "rows", n, "complete", err == nil)
	if err != nil {
		return err
	}
	if out != "" {
		abs, _ := filepath.Abs(out)
		fmt.Fprintf(stdio.Stderr, "exported %d subscribers to %s\n", n, abs)
	}
	return nil
}

func newsletterImportCommand(ctx context.Context, args, env []string, stdio IO) error {
	var file, slugs, source string
	var dry bool
	cfg, err := config.Load(env, args, stdio.Stderr, "newsletter import", func(fs *flag.FlagSet) {
		fs.StringVar(&file, "file", "", "the CSV file (required; - for standard input)")
		fs.StringVar(&slugs, "newsletter", "", "the newsletters to subscribe the addresses to, by slug, comma-separated (required)")
		fs.StringVar(&source, "source", "", `where these people gave their consent, kept on each consent record (required), such as "Town hall sign-up sheet, 2026-11-20"`)
		fs.BoolVar(&dry, "dry-run", false, "report what the import would do, line by line, and change nothing")
	})
	if err != nil {
		return err
	}
	if file == "" {
		return errors.New("--file: name the CSV file to import")
	}
	if strings.TrimSpace(slugs) == "" {
		return errors.New("--newsletter: name the newsletters to subscribe the addresses to (slugs, comma-separated)")
	}
	var in io.Reader = stdio.Stdin
	if file != "-" {
		fh, err := os.Open(file)
		if err != nil {
			return fmt.Errorf("--file: %w", err)
		}
		defer fh.Close()
		in = fh
	}
	data, err := io.ReadAll(io.LimitReader(in, newsletter.MaxImportBytes+1))
	if err != nil {
		return fmt.Errorf("--file: %w", err)
	}
	db, err := openCurrentStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	logger := newLogger(stdio.Stderr, cfg.LogLevel)
	svc := newsletterService(db, logger)
	ids, err := newslettersBySlug(ctx, svc, slugs)
	if err != nil {
		return fmt.Errorf("--newsletter: %w", err)
	}
	rep, err := svc.ImportCSV(ctx, data, newsletter.ImportOptions{NewsletterIDs: ids, Source: source, DryRun: dry})
	var bad apperr.Fields
	if errors.As(err, &bad) {
		var msgs []string
		for k, m := range bad {
			flagName := map[string]string{"newsletters": "newsletter"}[k]
			if flagName == "" {
				flagName = k
			}
			msgs = append(msgs, "--"+flagName+": "+m)
		}
		sort.Strings(msgs)
		return errors.New(strings.Join(msgs, "\n") + "\nnothing was imported")
	}
	if err != nil {
		return err
	}
	printImportReport(stdio.Stdout, rep, dry)
	return nil
}

func printImportReport(w io.Writer, r newsletter.ImportReport, dry bool) {
	for _, l := range r.Problems {
		fmt.Fprintf(w, "line %d: %s: %s (%s)\n", l.Line, l.Outcome, l.Detail, l.Email)
	}
	if r.More > 0 {
		fmt.Fprintf(w, "... and %d more lines not added\n", r.More)
	}
	fmt.Fprintf(w, "%d lines: %d to add (%d new readers, %d subscriptions), %d already subscribed, %d unsubscribed before, %d suppressed, %d invalid, %d duplicates, %d unknown sectors\n",
		r.Lines, r.Add, r.NewReaders, r.Subscriptions, r.Already, r.Unsubscribed, r.Suppressed, r.Invalid, r.Duplicate, r.UnknownSector)
	if dry {
		fmt.Fprintln(w, "dry run: nothing was imported")
		return
	}
	fmt.Fprintf(w, "imported: %d new readers, %d subscriptions confirmed\n", r.Done.Readers, r.Done.Subscriptions)
}
