package newsletter

import (
	"context"
	"errors"
	"time"
)

// CSVStore is what subscriber import, export and the growth chart need
// from the database, besides Store (decision record 0026). *store.DB is one.
type CSVStore interface {
	// ExportSubscribers lists readers matching f in id order after afterID:
	// the keyset pages of an export.
	ExportSubscribers(ctx context.Context, f SubscriberFilter, afterID int64, limit int) ([]Reader, error)
	SubscriptionsOf(ctx context.Context, readerIDs []int64) (map[int64][]Subscription, error)
	// ImportState is what the database holds now for the addresses of one
	// batch of an import: readers by identity key with their subscriptions,
	// and which subject hashes are suppressed.
	ImportState(ctx context.Context, keys, hashes []string) (ImportState, error)
	// ImportBatch subscribes one batch in one transaction, checking each
	// address again inside it.
	ImportBatch(ctx context.Context, adds []ImportAdd, meta Meta, at time.Time) (ImportCounts, error)
	SavePendingImport(ctx context.Context, p PendingImport, now time.Time) error
	GetPendingImport(ctx context.Context, id string, now time.Time) (PendingImport, error)
	DeletePendingImport(ctx context.Context, id string) error
	DeleteExpiredImports(ctx context.Context, now time.Time) (int64, error)
	// SubscriberGrowth sums, per newsletter and quarter hour since from,
	// how many subscriptions became and stopped being confirmed; what
	// happened before from is summed under bucket -1.
	SubscriberGrowth(ctx context.Context, from time.Time) ([]GrowthDelta, error)
}

// ImportState is the current state of the addresses of an import batch.
type ImportState struct {
	Readers    map[string]ImportedReader // by email key
	Suppressed map[string]bool           // by subject hash
}

// ImportedReader is a reader an import line names, with the status of
// each of their newsletters.
type ImportedReader struct {
	ID     int64
	Status map[int64]string
}

// ImportAdd is one line of an import to commit.
type ImportAdd struct {
	Address       Address
	SubjectHash   string
	NewUID        string
	SectorID      int64 // given to a reader the import creates, never to an existing one
	NewsletterIDs []int64
}

// ImportCounts is what a committed batch did.
type ImportCounts struct {
	Readers       int // readers created
	Subscriptions int // newsletters confirmed
	Skipped       int // lines found suppressed or already subscribed inside the transaction
}

// PendingImport is an uploaded file between its dry run and its
// confirmation, kept server-side so the confirmation cannot be forged.
type PendingImport struct {
	ID            string
	StaffID       int64
	NewsletterIDs []int64
	Source        string
	FileName      string
	Data          []byte
	Digest        string // of the dry run's outcome, line by line
	CreatedAt     time.Time
	ExpiresAt     time.Time
}

// GrowthDelta is a change of a newsletter's confirmed subscribers within
// one quarter hour (Bucket: Unix time / 900 s; -1 for all time before the
// chart's start).
type GrowthDelta struct {
	NewsletterID int64
	Bucket       int64
	Delta        int
}

// GrowthBucket is the width of a GrowthDelta's bucket: every time zone's
// offset is a multiple of it, so buckets fall into local days exactly.
const GrowthBucket = 15 * time.Minute

var errNoCSVStore = errors.New("newsletter: the store cannot import or export subscribers")

func (s *Service) csvStore() (CSVStore, error) {
	cs, ok := s.store.(CSVStore)
	if !ok {
		return nil, errNoCSVStore
	}
	return cs, nil
}
