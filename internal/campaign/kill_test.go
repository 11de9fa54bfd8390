package campaign_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"masthead/internal/campaign"
	"masthead/internal/mail"
	"masthead/internal/mail/mailtest"
	"masthead/internal/newsletter"
	"masthead/internal/queue"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

func TestMain(m *testing.M) {
	if url := os.Getenv("CAMPAIGN_TEST_CHILD_DB"); url != "" {
		os.Exit(runChild(url, os.Getenv("CAMPAIGN_TEST_SINK")))
	}
	os.Exit(m.Run())
}

// Tunables of the kill test's sender: the duplicate bound is their product.
const childWorkers, childBatch = 4, 10

// sender builds a queue and a campaign service on db that deliver to the
// SMTP server at addr, as a server process would.
func sender(db *store.DB, addr, worker string, queueLease time.Duration) (*queue.Queue, *campaign.Service, *mail.SMTPSender, error) {
	smtp, err := mail.NewSMTP("smtp://"+addr+"?pool=4", "", nil)
	if err != nil {
		return nil, nil, nil, err
	}
	news := newsletter.NewService(newsletter.Options{Store: db})
	q := queue.New(db, slog.New(slog.DiscardHandler), queue.Options{Worker: worker, PollInterval: 20 * time.Millisecond, Lease: queueLease})
	news.UseQueue(q)
	svc := campaign.NewService(campaign.Options{Store: db, Newsletters: news, Mail: smtp, Owner: worker, Publication: publication,
		Workers: childWorkers, BatchSize: childBatch, Lease: 2 * time.Second})
	svc.Register(q)
	return q, svc, smtp, nil
}

// runChild is the process the kill test kills: a server's queue running
// campaign jobs until it is killed.
func runChild(url, addr string) int {
	ctx := context.Background()
	db, err := store.Open(ctx, url, "")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	q, _, _, err := sender(db, addr, "pid-"+strconv.Itoa(os.Getpid()), 4*time.Second)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	q.Run(ctx) // until killed
	return 0
}

func startChild(t *testing.T, url, addr string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "CAMPAIGN_TEST_CHILD_DB="+url, "CAMPAIGN_TEST_SINK="+addr)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd
}

// A sending process killed with SIGKILL mid-send: a second one resumes
// from the checkpoint. Nobody is skipped, duplicates are at most the
// uncommitted window (workers × batch), and the campaign's counts equal
// the distinct recipients the sink received.
func TestSendResumesAfterKill(t *testing.T) {
	for _, engine := range storetest.Engines() {
		t.Run(string(engine), func(t *testing.T) {
			url := storetest.URL(t, engine)
			ctx := context.Background()
			db, err := store.Open(ctx, url, "")
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if _, err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			// Slow delivery until the kill, so the child is mid-send.
			var slow atomic.Bool
			slow.Store(true)
			snk := mailtest.StartSMTPSink(t, &mailtest.SMTPSink{Gate: func(mailtest.SMTPMail) {
				if slow.Load() {
					time.Sleep(5 * time.Millisecond)
				}
			}})
			f := newFixture(t, db, snk, fixtureOptions{})
			f.clock.Set(time.Now().Add(-time.Minute)) // the children use the real clock
			const n = 400
			f.subscribe(t, 0, n)
			id := f.save(t)
			f.clock.Set(time.Now())
			if err := f.svc.SendNow(ctx, id); err != nil {
				t.Fatal(err)
			}
			first := startChild(t, url, snk.Addr)
			waitFor(t, "the first sender to be mid-send", func() bool { return snk.Count() >= 60 })
			if err := first.Process.Kill(); err != nil {
				t.Fatal(err)
			}
			_ = first.Wait()
			slow.Store(false)
			atKill := f.get(t, id)
			if got := snk.Count(); got >= n || atKill.Status != campaign.StatusSending {
				t.Fatalf("the first sender finished (%d received, status %s) before it was killed; the test proves nothing", got, atKill.Status)
			}
			second := startChild(t, url, snk.Addr)
			defer func() { _ = second.Process.Kill(); _ = second.Wait() }()
			waitFor(t, "the resumed send to finish", func() bool { return f.get(t, id).Status == campaign.StatusSent })
			by := snk.ByRecipient()
			dups := 0
			for i := range n {
				if by[reader(i)] == 0 {
					t.Fatalf("%s was skipped", reader(i))
				}
				dups += by[reader(i)] - 1
			}
			c := f.get(t, id)
			t.Logf("%s: killed after %d messages (checkpoint %d); %d duplicates, bound %d", engine, atKill.Done(), atKill.Checkpoint, dups, childWorkers*childBatch)
			if dups > childWorkers*childBatch {
				t.Fatalf("%d duplicates, more than the window of %d", dups, childWorkers*childBatch)
			}
			if len(by) != n || c.Sent != len(by) || c.Total != n || c.Done() != n {
				t.Fatalf("counts %+v, sink received %d distinct of %d", c.Counts, len(by), n)
			}
		})
	}
}

// Two servers' queues on one PostgreSQL database, both running while a
// campaign sends: every reader gets it exactly once.
func TestTwoInstancesSendOneCampaignOnce(t *testing.T) {
	if os.Getenv("MASTHEAD_TEST_POSTGRES") == "" {
		t.Skip("needs MASTHEAD_TEST_POSTGRES")
	}
	url := storetest.URL(t, storetest.Postgres)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	open := func() *store.DB {
		db, err := store.Open(ctx, url, "")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	db := open()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	snk := mailtest.StartSMTPSink(t, &mailtest.SMTPSink{})
	f := newFixture(t, db, snk, fixtureOptions{})
	f.clock.Set(time.Now().Add(-time.Minute))
	const n = 300
	f.subscribe(t, 0, n)
	id := f.save(t)
	var wg sync.WaitGroup
	var svcs []*campaign.Service
	for i := range 2 {
		q, svc, smtp, err := sender(open(), snk.Addr, fmt.Sprintf("instance-%d", i), time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		defer smtp.Close()
		svcs = append(svcs, svc)
		wg.Go(func() { q.Run(ctx) })
	}
	f.clock.Set(time.Now())
	if err := svcs[0].SendNow(ctx, id); err != nil {
		t.Fatal(err)
	}
	// Meanwhile a third process tries to run it directly (the send
	// command, under its own name): it is refused while an instance holds
	// it, or finds nothing left to do.
	_, direct, directSMTP, err := sender(open(), snk.Addr, "send-command", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	defer directSMTP.Close()
	err = direct.Run(ctx, id, nil)
	if err != nil && !errors.Is(err, campaign.ErrBusy) {
		t.Fatalf("a second sender at the same time: %v", err)
	}
	waitFor(t, "the send to finish", func() bool { return f.get(t, id).Status == campaign.StatusSent })
	cancel()
	wg.Wait()
	by := snk.ByRecipient()
	for i := range n {
		if by[reader(i)] != 1 {
			t.Fatalf("%s received %d copies, want exactly 1", reader(i), by[reader(i)])
		}
	}
	if c := f.get(t, id); c.Sent != n {
		t.Fatalf("counts %+v", c.Counts)
	}
}
