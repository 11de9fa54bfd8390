package campaign_test

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"testing"
	"time"

	"masthead/internal/campaign"
	"masthead/internal/mail/mailtest"
	"masthead/internal/queue"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// Cancel and Pause delete the send's job, and Resume replaces it, while
// the send may still be running; the queue then ends the handler's ctx
// with ErrLeaseLost at its next renewal. The send must stop as it does for
// a pause, finishing and recording its open batches: stopped mid-batch,
// copies the relay accepted were left unrecorded, so a cancelled
// campaign's counts fell short of what went out (and after a resume they
// went again).
func TestCancelledSendWhoseJobIsGoneRecordsWhatWentOut(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		// Each worker's batch (3 readers) is held at its second reader: the
		// first batch is not finished when the second has copies out.
		reached, release := make(chan struct{}), make(chan struct{})
		var mu sync.Mutex
		held := 0
		snk := mailtest.StartSMTPSink(t, &mailtest.SMTPSink{Gate: func(m mailtest.SMTPMail) {
			to := m.To[0]
			if to != reader(1) && to != reader(4) {
				return
			}
			mu.Lock()
			if held++; held == 2 {
				close(reached)
			}
			mu.Unlock()
			<-release
		}})
		f := newFixture(t, db, snk, fixtureOptions{workers: 2, batch: 3})
		// The queue runs on real time so that it renews its lease; the
		// job is due at the fixture's time.
		f.clock.Set(time.Now().Add(-time.Minute))
		ctx := context.Background()
		const n = 20
		f.subscribe(t, 0, n)
		id := f.save(t)
		q := queue.New(db, slog.New(slog.DiscardHandler), queue.Options{Lease: 150 * time.Millisecond, PollInterval: 10 * time.Millisecond})
		campaign.UseJobs(f.svc, q)
		kind := f.svc.JobKinds()[0]
		send := kind.Handler
		lost, returned := make(chan struct{}), make(chan struct{})
		var once sync.Once
		kind.Handler = func(ctx context.Context, j queue.Job) error {
			go func() {
				<-ctx.Done()
				if errors.Is(context.Cause(ctx), queue.ErrLeaseLost) {
					once.Do(func() { close(lost) })
				}
			}()
			defer close(returned)
			return send(ctx, j)
		}
		q.Register(kind)
		if err := f.svc.SendNow(ctx, id); err != nil {
			t.Fatal(err)
		}
		runCtx, stop := context.WithCancel(ctx)
		ran := make(chan struct{})
		go func() { q.Run(runCtx); close(ran) }()
		defer func() { stop(); <-ran }()
		<-reached
		if err := f.svc.Cancel(ctx, id); err != nil {
			t.Fatal(err)
		}
		select {
		case <-lost:
		case <-time.After(time.Minute):
			t.Fatal("the queue did not notice the job was gone: the test proves nothing")
		}
		close(release)
		<-returned
		c := f.get(t, id)
		if got := len(snk.Received()); c.Status != campaign.StatusCancelled || c.Done() != got || got >= n {
			t.Fatalf("cancelled: %s %+v, but the sink received %d", c.Status, c.Counts, got)
		}
	})
}
