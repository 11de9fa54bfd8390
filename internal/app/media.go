package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	"masthead/internal/config"
	"masthead/internal/media"
)

const mediaUsage = `usage: masthead media strip [--all] [flags]

strip   remove camera metadata (GPS position, camera and serial number, XMP,
        IPTC, comments) from images uploaded before Masthead stripped it,
        keeping orientation and colour profile. Files are rewritten in place
        (temporary file, then rename); the run can be interrupted and
        started again, and reports how many files it changed. serve does the
        same in the background when it starts.`

// mediaCommand runs "masthead media strip".
func mediaCommand(ctx context.Context, args, env []string, stdio IO) error {
	if len(args) == 0 || isHelp(args[0]) || args[0] == "help" {
		fmt.Fprintln(stdio.Stdout, mediaUsage)
		if len(args) == 0 {
			return errors.New("say what to do: masthead media strip")
		}
		return flag.ErrHelp
	}
	if args[0] != "strip" {
		return fmt.Errorf("unknown media command %q\n%s", args[0], mediaUsage)
	}
	var all bool
	cfg, err := config.Load(env, args[1:], stdio.Stderr, "media strip", func(fs *flag.FlagSet) {
		fs.BoolVar(&all, "all", false, "check every stored image again, not only those not yet stripped (after restoring old files)")
	})
	if err != nil {
		return err
	}
	db, err := openCurrentStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	logger := newLogger(stdio.Stderr, slog.LevelInfo)
	res, err := media.StripStored(ctx, filepath.Join(cfg.DataDir, "media"), db, all, logger)
	fmt.Fprintf(stdio.Stdout, "checked %d images: %d rewritten without metadata, %d already clean, %d missing, %d damaged (left as they were)\n",
		res.Checked, res.Changed, res.Checked-res.Changed-res.Missing-res.Damaged, res.Missing, res.Damaged)
	return err
}

// stripStoredMedia strips images uploaded before stripping existed; once
// they are all done it only asks the database for none.
func (s *Server) stripStoredMedia(ctx context.Context) {
	res, err := media.StripStored(ctx, filepath.Join(s.Config.DataDir, "media"), s.DB, false, s.log)
	if err != nil && ctx.Err() == nil {
		s.log.Error("media: strip metadata from stored images (run masthead media strip)", "err", err)
	}
	if res.Checked > 0 {
		s.log.Info("media: stripped metadata from stored images", "checked", res.Checked, "changed", res.Changed,
			"missing", res.Missing, "damaged", res.Damaged)
	}
}

// cropStoredMedia makes the crops that images stored before crops existed
// (or whose job was lost) lack; pages are purged once, at the end, if any
// were made.
func (s *Server) cropStoredMedia(ctx context.Context) {
	res, err := s.Media.CropStored(ctx, s.DB, s.log)
	if err != nil && ctx.Err() == nil {
		s.log.Error("media: make crops of stored images", "err", err)
	}
	if res.Made > 0 {
		s.log.Info("media: made crops of stored images", "checked", res.Checked, "made", res.Made,
			"missing", res.Missing, "damaged", res.Damaged)
		s.purge(ctx)
	}
}

// queueMissingVariants queues the making of responsive variants for images
// stored before variants existed (or whose job was lost), and of the
// per-use crops articles ask for that are missing (decision 0048).
func (s *Server) queueMissingVariants(ctx context.Context) {
	n, err := s.Media.QueueMissingVariants(ctx, s.DB, s.log)
	if err != nil && ctx.Err() == nil {
		s.log.Error("media: queue variants of stored images", "err", err)
	}
	if n > 0 {
		s.log.Info("media: queued variants of stored images", "images", n)
	}
	s.Media.QueueMissingUseCropsLogged(ctx, s.DB, s.log)
}

// mediaFiles is where media files are kept: the S3-compatible bucket when
// one is configured (checked now, so a wrong setting stops the start with
// a clear error), else data/media.
func mediaFiles(ctx context.Context, cfg config.Config) (media.Blobs, error) {
	if cfg.S3.Endpoint == "" {
		return media.NewLocal(filepath.Join(cfg.DataDir, "media")), nil
	}
	s3, err := media.NewS3(media.S3Config{Endpoint: cfg.S3.Endpoint, Bucket: cfg.S3.Bucket, Region: cfg.S3.Region,
		AccessKey: cfg.S3.AccessKey, SecretKey: cfg.S3.SecretKey, Insecure: cfg.S3.Insecure, PathStyle: cfg.S3.PathStyle})
	if err != nil {
		return nil, err
	}
	check, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if err := s3.Check(check); err != nil {
		return nil, fmt.Errorf("media store: %w", err)
	}
	return s3, nil
}
