package media

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"time"

	"masthead/internal/queue"
)

// JobCrops makes the crops of one stored image; its payload is the
// image's path under the media directory (not personal data).
const JobCrops = "media:crops"

// Jobs is the queue crops are made through.
type Jobs interface {
	Enqueue(ctx context.Context, j queue.NewJob) (int64, error)
	queue.Registry
}

// UseQueue makes every stored image queue the making of its crops, and
// registers the kind of job that makes them. changed is called after a
// job wrote crops, so that pages built before show them (it may be nil).
func (l *Library) UseQueue(q Jobs, log *slog.Logger, changed func(context.Context)) {
	l.jobs, l.log, l.changed = q, log, changed
	q.Register(queue.Kind{Name: JobCrops, Handler: l.cropJob, MaxAttempts: 3, Timeout: 2 * time.Minute,
		Summary: func(p string) string { return "image " + p }})
	l.registerVariants(q)
	l.registerUseCrops(q)
}

// queueCrops asks for the crops of a newly stored image. A failure is
// logged, not returned: the image is stored, and serve makes missing crops
// when it starts.
func (l *Library) queueCrops(ctx context.Context, path string) {
	if l.jobs == nil {
		return
	}
	if _, err := l.jobs.Enqueue(ctx, queue.NewJob{Kind: JobCrops, Payload: path, UniqueKey: JobCrops + ":" + path}); err != nil {
		l.log.ErrorContext(ctx, "media: queue crops (serve makes them when it next starts)", "path", path, "err", err)
	}
}

func (l *Library) cropJob(ctx context.Context, j queue.Job) error {
	n, err := l.MakeCrops(ctx, j.Payload)
	switch {
	case errors.Is(err, ErrNoImage):
		return nil // deleted since: nothing to crop
	case errors.Is(err, errDamaged):
		// Trying again will not mend it; the page shows the original.
		l.log.WarnContext(ctx, "media: no crops for an image that cannot be decoded", "path", j.Payload, "err", err)
		return nil
	case err != nil:
		return err
	}
	if n > 0 && l.changed != nil {
		l.changed(ctx)
	}
	return nil
}

// CropResult counts what CropStored did.
type CropResult struct {
	Checked int // image records looked at
	Made    int // images whose missing crops were written
	Missing int // records whose file is not there
	Damaged int // files that could not be decoded within the limits
}

// CropStored makes the missing crops of every stored image: images stored
// before crops existed, and any whose job was lost. An image with all its
// crops costs a few stats, so a run after the first is quick. Several
// instances may run it at once: each crop is renamed into place whole, so
// the worst case is the same crop made twice.
func (l *Library) CropStored(ctx context.Context, st StoredImages, log *slog.Logger) (CropResult, error) {
	var res CropResult
	var after int64
	for {
		batch, err := st.ImagesToStrip(ctx, after, 100, true)
		if err != nil {
			return res, err
		}
		if len(batch) == 0 {
			return res, nil
		}
		for _, img := range batch {
			after = img.ID
			res.Checked++
			n, err := l.MakeCrops(ctx, img.Path)
			switch {
			case errors.Is(err, ErrNoImage), errors.Is(err, fs.ErrNotExist):
				res.Missing++
			case errors.Is(err, errDamaged):
				res.Damaged++
				log.Warn("media: no crops for an image that cannot be decoded; pages show the original", "id", img.ID, "err", err)
			case err != nil:
				return res, fmt.Errorf("media: crops of image %d: %w", img.ID, err)
			case n > 0:
				res.Made++
			}
		}
	}
}
