package campaign_test

import (
	"context"
	"log/slog"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/campaign"
	"masthead/internal/content"
	"masthead/internal/mail/mailtest"
	"masthead/internal/queue"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// holdAfter makes the sink hold every message after the first n until
// release is closed; reached is closed when the n+1st arrives.
func holdAfter(n int64) (gate func(), reached, release chan struct{}) {
	reached, release = make(chan struct{}), make(chan struct{})
	var once sync.Once
	var mu sync.Mutex
	var seen int64
	return func() {
		mu.Lock()
		seen++
		k := seen
		mu.Unlock()
		if k > n {
			once.Do(func() { close(reached) })
			<-release
		}
	}, reached, release
}

func TestPauseThenResumeSendsEachReaderExactlyOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		gate, reached, release := holdAfter(7)
		snk := mailtest.StartSMTPSink(t, &mailtest.SMTPSink{Gate: func(mailtest.SMTPMail) { gate() }})
		f := newFixture(t, db, snk, fixtureOptions{workers: 2, batch: 3})
		ctx := context.Background()
		const n = 30
		f.subscribe(t, 0, n)
		id := f.save(t)
		if err := f.svc.SendNow(ctx, id); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- f.q.Drain(ctx) }()
		<-reached
		if err := f.svc.Pause(ctx, id); err != nil {
			t.Fatal(err)
		}
		close(release)
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		c := f.get(t, id)
		got := len(snk.Received())
		if c.Status != campaign.StatusPaused || c.Sent != got || got >= n || got < 8 {
			t.Fatalf("paused: status %s counts %+v, sink received %d of %d", c.Status, c.Counts, got, n)
		}
		if _, total, err := f.q.Depth(ctx); err != nil || total != 0 {
			t.Fatalf("a paused campaign left %d jobs (%v)", total, err)
		}
		if err := f.svc.Pause(ctx, id); apperr.KindOf(err) != apperr.Conflict {
			t.Fatalf("pausing twice: %v", err)
		}
		if err := f.svc.Resume(ctx, id); err != nil {
			t.Fatal(err)
		}
		if err := f.q.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		by := snk.ByRecipient()
		for i := range n {
			if by[reader(i)] != 1 {
				t.Fatalf("%s received %d copies, want exactly 1", reader(i), by[reader(i)])
			}
		}
		if c := f.get(t, id); c.Status != campaign.StatusSent || c.Sent != n || c.Total != n {
			t.Fatalf("after resume: %s %+v", c.Status, c.Counts)
		}
	})
}

func TestCancelStopsASendAndKeepsWhatWentOut(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		gate, reached, release := holdAfter(4)
		snk := mailtest.StartSMTPSink(t, &mailtest.SMTPSink{Gate: func(mailtest.SMTPMail) { gate() }})
		f := newFixture(t, db, snk, fixtureOptions{workers: 2, batch: 2})
		ctx := context.Background()
		f.subscribe(t, 0, 20)
		id := f.save(t)
		if err := f.svc.SendNow(ctx, id); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- f.q.Drain(ctx) }()
		<-reached
		if err := f.svc.Cancel(ctx, id); err != nil {
			t.Fatal(err)
		}
		close(release)
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		c := f.get(t, id)
		if c.Status != campaign.StatusCancelled || c.Sent != len(snk.Received()) || c.Sent >= 20 || c.FinishedAt.IsZero() {
			t.Fatalf("cancelled: %s %+v, sink %d", c.Status, c.Counts, len(snk.Received()))
		}
		if err := f.svc.Resume(ctx, id); apperr.KindOf(err) != apperr.Conflict {
			t.Fatalf("resuming a cancelled campaign: %v", err)
		}
	})
}

func TestScheduledCampaignIsNotSentBeforeItsTime(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		snk := mailtest.StartSMTPSink(t, &mailtest.SMTPSink{})
		f := newFixture(t, db, snk, fixtureOptions{})
		ctx := context.Background()
		f.subscribe(t, 0, 3)
		id := f.save(t)
		if err := f.svc.Schedule(ctx, id, f.clock.Now().Add(-time.Minute)); apperr.KindOf(err) != apperr.Invalid {
			t.Fatalf("scheduling in the past: %v", err)
		}
		at := f.clock.Now().Add(2 * time.Hour)
		if err := f.svc.Schedule(ctx, id, at); err != nil {
			t.Fatal(err)
		}
		f.clock.Add(time.Hour + 59*time.Minute)
		if err := f.q.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		if c := f.get(t, id); len(snk.Received()) != 0 || c.Status != campaign.StatusScheduled || !c.ScheduledAt.Equal(at) {
			t.Fatalf("before its time: %d sent, status %s at %v", len(snk.Received()), c.Status, c.ScheduledAt)
		}
		// A scheduled campaign can still be edited.
		if _, err := f.svc.Save(ctx, campaign.Draft{ID: id, NewsletterID: f.weekly, Subject: "Rescheduled issue", ArticleIDs: f.articles[:1], Version: f.get(t, id).Version}); err != nil {
			t.Fatal(err)
		}
		f.clock.Add(time.Minute)
		if err := f.q.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		c := f.get(t, id)
		if len(snk.Received()) != 3 || c.Status != campaign.StatusSent || !c.StartedAt.Equal(at) || c.Frozen.Message.Subject != "Rescheduled issue" {
			t.Fatalf("at its time: %d sent, status %s, started %v (want %v), subject %q", len(snk.Received()), c.Status, c.StartedAt, at, c.Frozen.Message.Subject)
		}
		// Sent: no more edits.
		if _, err := f.svc.Save(ctx, campaign.Draft{ID: id, NewsletterID: f.weekly, Subject: "Too late", ArticleIDs: f.articles[:1], Version: c.Version}); apperr.KindOf(err) != apperr.Conflict {
			t.Fatalf("editing a sent campaign: %v", err)
		}
	})
}

// A relay that refuses connections must not mark everyone failed: the
// send stops with nothing recorded, shows the error, and its job waits for
// a retry that resumes it once the relay is back.
func TestRelayDownKeepsTheCheckpointAndRetries(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		// A port that refuses connections now and later has the sink.
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close()
		f := newFixture(t, db, &mailtest.SMTPSink{Addr: addr}, fixtureOptions{workers: 2, batch: 2, smtpURL: "smtp://" + addr + "?pool=2&retries=0"})
		ctx := context.Background()
		f.subscribe(t, 0, 6)
		id := f.save(t)
		if err := f.svc.SendNow(ctx, id); err != nil {
			t.Fatal(err)
		}
		if err := f.q.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		c := f.get(t, id)
		if c.Status != campaign.StatusSending || c.Done() != 0 || c.Checkpoint != 0 || !strings.Contains(c.LastError, "relay") {
			t.Fatalf("relay down: status %s counts %+v error %q", c.Status, c.Counts, c.LastError)
		}
		ready, total, err := f.q.Depth(ctx)
		if err != nil || ready != 0 || total != 1 {
			t.Fatalf("job after the failure: ready %d total %d (%v), want one waiting for its retry", ready, total, err)
		}
		// The relay comes back on the same address; the retry sends all.
		snk := &mailtest.SMTPSink{}
		mailtest.StartSMTPSinkAt(t, snk, addr)
		f.clock.Add(time.Minute)
		if err := f.q.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		c = f.get(t, id)
		if c.Status != campaign.StatusSent || c.Sent != 6 || c.Failed != 0 || len(snk.Received()) != 6 || c.LastError != "" {
			t.Fatalf("after the relay came back: %s %+v %q, sink %d", c.Status, c.Counts, c.LastError, len(snk.Received()))
		}
	})
}

// A send that lasts many times the queue's lease runs in one claim: the
// queue renews the lease while it runs, so no second claim starts it
// again and nobody gets it twice.
func TestSendLongerThanTheQueueLeaseRunsOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		snk := mailtest.StartSMTPSink(t, &mailtest.SMTPSink{Gate: func(mailtest.SMTPMail) { time.Sleep(10 * time.Millisecond) }})
		f := newFixture(t, db, snk, fixtureOptions{workers: 2, batch: 5})
		// The queues below run on real time, so that leases really run
		// out; the job is due at the fixture's time.
		f.clock.Set(time.Now().Add(-time.Minute))
		ctx := context.Background()
		const n = 120
		f.subscribe(t, 0, n)
		id := f.save(t)
		lease := 150 * time.Millisecond
		q := queue.New(db, slog.New(slog.DiscardHandler), queue.Options{Lease: lease, PollInterval: 10 * time.Millisecond})
		campaign.UseJobs(f.svc, q)
		var runs atomic.Int32
		kind := f.svc.JobKinds()[0]
		send := kind.Handler
		kind.Handler = func(ctx context.Context, j queue.Job) error { runs.Add(1); return send(ctx, j) }
		q.Register(kind)
		// A second worker on the same database polls for the job all along.
		other := queue.New(db, slog.New(slog.DiscardHandler), queue.Options{Lease: lease, PollInterval: 10 * time.Millisecond})
		campaign.UseJobs(f.svc, other)
		other.Register(kind)
		campaign.UseJobs(f.svc, q)
		if err := f.svc.SendNow(ctx, id); err != nil {
			t.Fatal(err)
		}
		runCtx, stop := context.WithCancel(ctx)
		done := make(chan struct{}, 2)
		go func() { q.Run(runCtx); done <- struct{}{} }()
		go func() { other.Run(runCtx); done <- struct{}{} }()
		started := time.Now()
		for f.get(t, id).Status != campaign.StatusSent {
			if time.Since(started) > time.Minute {
				stop()
				t.Fatalf("not sent after a minute: %+v", f.get(t, id).Counts)
			}
			time.Sleep(20 * time.Millisecond)
		}
		stop()
		<-done
		<-done
		elapsed := time.Since(started)
		by := snk.ByRecipient()
		for i := range n {
			if by[reader(i)] != 1 {
				t.Fatalf("%s received %d copies", reader(i), by[reader(i)])
			}
		}
		c := f.get(t, id)
		if c.Sent+c.Unconfirmed != n || c.Failed+c.Bounced != 0 || runs.Load() != 1 {
			t.Fatalf("counts %+v over %d claims", c.Counts, runs.Load())
		}
		if elapsed < 2*lease {
			t.Fatalf("the send took %s, within two leases of %s: the test proves nothing", elapsed, lease)
		}
	})
}

// A campaign whose articles were all unpublished before its send started
// cannot be built: it fails, says why, sends nothing and leaves no job
// retrying; once staff fix it, Resume sends it.
func TestCampaignWithoutPublishedArticlesFails(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		snk := mailtest.StartSMTPSink(t, &mailtest.SMTPSink{})
		f := newFixture(t, db, snk, fixtureOptions{})
		ctx := context.Background()
		f.subscribe(t, 0, 2)
		id := f.save(t, f.articles[0])
		if err := db.SetStatus(ctx, f.articles[0], content.StatusUnpublished, f.clock.Now(), content.StatusPublished); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.SendNow(ctx, id); err != nil {
			t.Fatal(err)
		}
		if err := f.q.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		c := f.get(t, id)
		if c.Status != campaign.StatusFailed || !strings.Contains(c.LastError, "None of the campaign's articles") || len(snk.Received()) != 0 {
			t.Fatalf("status %s, error %q, %d sent", c.Status, c.LastError, len(snk.Received()))
		}
		if _, total, err := f.q.Depth(ctx); err != nil || total != 0 {
			t.Fatalf("%d jobs left (%v)", total, err)
		}
		if _, err := f.svc.Save(ctx, campaign.Draft{ID: id, NewsletterID: f.weekly, Subject: "Fixed", ArticleIDs: f.articles[1:2], Version: c.Version}); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.Resume(ctx, id); err != nil {
			t.Fatal(err)
		}
		if err := f.q.Drain(ctx); err != nil {
			t.Fatal(err)
		}
		if c := f.get(t, id); c.Status != campaign.StatusSent || c.Sent != 2 || c.LastError != "" {
			t.Fatalf("after the fix: %s %+v %q", c.Status, c.Counts, c.LastError)
		}
	})
}
