package auth_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"masthead/internal/auth"
	"masthead/internal/mail"
	"masthead/internal/mail/mailtest"
	"masthead/internal/queue"
	"masthead/internal/store"
	"masthead/internal/store/storetest"

	"golang.org/x/crypto/bcrypt"
)

func newService(t *testing.T, db *store.DB, now func() time.Time) (*auth.Service, *mailtest.Recorder) {
	t.Helper()
	outbox := &mailtest.Recorder{}
	svc := auth.NewService(db, outbox, slog.New(slog.NewTextHandler(io.Discard, nil)), now,
		func(context.Context) (string, string) { return "The Weekly", "https://news.example.org" })
	svc.SetHashCost(4)
	return svc, outbox
}

// countChecks makes svc count the passwords it checks.
func countChecks(svc *auth.Service) *atomic.Int64 {
	var n atomic.Int64
	svc.SetPasswordCheck(func(hash, pw []byte) error {
		n.Add(1)
		return bcrypt.CompareHashAndPassword(hash, pw)
	})
	return &n
}

// TestParallelGuessesStopAtTheLimit: 60 wrong passwords for one account sent
// at once reach the password check at most MaxFailures times; the others
// are refused as too many attempts. Reserving an attempt is one atomic step.
func TestParallelGuessesStopAtTheLimit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 10, 9, 0, 0, 0, time.UTC)
		var logs bytes.Buffer // slog's handler serialises writes
		svc := auth.NewService(db, &mailtest.Recorder{}, slog.New(slog.NewTextHandler(&logs, nil)), func() time.Time { return now },
			func(context.Context) (string, string) { return "The Weekly", "https://news.example.org" })
		svc.SetHashCost(4)
		if _, err := svc.CreateUser(ctx, "ed@example.org", "Ed", "a long enough password", auth.RoleEditor); err != nil {
			t.Fatal(err)
		}
		checks := countChecks(svc)
		const parallel = 60
		var bad, limited, other atomic.Int64
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range parallel {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, _, err := svc.Login(ctx, "ed@example.org", "wrong guess", auth.Client{IP: "203.0.113.9"})
				switch {
				case errors.Is(err, auth.ErrBadLogin):
					bad.Add(1)
				case errors.Is(err, auth.ErrTooManyAttempts):
					limited.Add(1)
				default:
					other.Add(1)
					t.Errorf("guess %d: %v", i, err)
				}
			}()
		}
		close(start)
		wg.Wait()
		t.Logf("%s: %d password checks for %d parallel guesses", db.Dialect(), checks.Load(), parallel)
		if checks.Load() > auth.MaxFailures {
			t.Errorf("%d password checks for %d parallel wrong guesses, want at most %d", checks.Load(), parallel, auth.MaxFailures)
		}
		if bad.Load() != checks.Load() || limited.Load() != parallel-checks.Load() || other.Load() != 0 {
			t.Errorf("answers: %d wrong password, %d too many attempts, %d other, for %d checks", bad.Load(), limited.Load(), other.Load(), checks.Load())
		}
		if n := strings.Count(logs.String(), "sign-in locked"); n != 1 {
			t.Errorf("the lock was logged %d times, want once:\n%s", n, logs.String())
		}
	})
}

// failingSender refuses every email with err.
type failingSender struct{ err error }

func (f failingSender) Send(context.Context, mail.Message) error { return f.err }

// TestFailedEmailIsLoggedWithItsCause: a reset email the mail server
// refuses is logged at error level with the server's answer and retried;
// one that can never be composed is logged and not retried.
func TestFailedEmailIsLoggedWithItsCause(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 10, 9, 0, 0, 0, time.UTC)
		for _, c := range []struct {
			err     error
			pending int
		}{
			{errors.New("smtp: 451 4.3.0 mailbox busy, try later"), 1},
			{fmt.Errorf("mail: %w: from: not an address", mail.ErrInvalid), 0},
		} {
			var logs bytes.Buffer
			svc := auth.NewService(db, failingSender{c.err}, slog.New(slog.NewTextHandler(&logs, nil)), func() time.Time { return now },
				func(context.Context) (string, string) { return "The Weekly", "https://news.example.org" })
			svc.SetHashCost(4)
			q := queue.New(db, slog.New(slog.DiscardHandler), queue.Options{Now: func() time.Time { return now }})
			svc.UseQueue(q)
			if _, err := svc.CreateUser(ctx, "ed@example.org", "Ed", "a long enough password", auth.RoleEditor); err != nil && !strings.Contains(err.Error(), "already exists") {
				t.Fatal(err)
			}
			if err := svc.RequestReset(ctx, "ed@example.org", auth.Client{IP: "192.0.2.1"}); err != nil {
				t.Fatal(err)
			}
			if err := q.Drain(ctx); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(logs.String(), "level=ERROR") || !strings.Contains(logs.String(), c.err.Error()) {
				t.Errorf("%v: log does not show the failure with its cause:\n%s", c.err, logs.String())
			}
			if _, total, _ := q.Depth(ctx); total != c.pending {
				t.Errorf("%v: %d jobs left to retry, want %d", c.err, total, c.pending)
			}
			_ = q.Cancel(ctx, auth.JobResetMail+":ed@example.org")
			now = now.Add(2 * time.Hour)
		}
	})
}

// TestIPv6AddressesCountByNetwork: the address limit counts an IPv6 client
// by its /64, which one subscriber holds whole, so walking through it does
// not dodge the limit; another /64 is not affected.
func TestIPv6AddressesCountByNetwork(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 10, 9, 0, 0, 0, time.UTC)
		svc, _ := newService(t, db, func() time.Time { return now })
		if _, err := svc.CreateUser(ctx, "ed@example.org", "Ed", "a long enough password", auth.RoleEditor); err != nil {
			t.Fatal(err)
		}
		for i := range 4 * auth.MaxFailures {
			ip := fmt.Sprintf("2001:db8:1:2::%x", i+1)
			if _, _, err := svc.Login(ctx, fmt.Sprintf("p%d@example.org", i), "Winter2026!!", auth.Client{IP: ip}); !errors.Is(err, auth.ErrBadLogin) {
				t.Fatalf("guess %d from %s: %v", i+1, ip, err)
			}
		}
		if _, _, err := svc.Login(ctx, "ed@example.org", "a long enough password", auth.Client{IP: "2001:db8:1:2:ffff::1"}); !errors.Is(err, auth.ErrTooManyAttempts) {
			t.Errorf("another address of the same /64: %v, want too many attempts", err)
		}
		if _, _, err := svc.Login(ctx, "ed@example.org", "a long enough password", auth.Client{IP: "2001:db8:1:3::1"}); err != nil {
			t.Errorf("another /64: %v", err)
		}
	})
}

// TestResetRequestsPerAddressAreLimited: one client asking for resets of
// many distinct addresses queues at most MaxResetRequests jobs an hour, so
// a bot cannot fill the jobs table; another client is not affected.
func TestResetRequestsPerAddressAreLimited(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 10, 9, 0, 0, 0, time.UTC)
		svc, _ := newService(t, db, func() time.Time { return now })
		q := queue.New(db, slog.New(slog.DiscardHandler), queue.Options{Now: func() time.Time { return now }})
		svc.UseQueue(q)
		bot, reader := auth.Client{IP: "198.51.100.7"}, auth.Client{IP: "203.0.113.9"}
		for i := range auth.MaxResetRequests + 10 {
			if err := svc.RequestReset(ctx, fmt.Sprintf("guess%d@example.org", i), bot); err != nil {
				t.Fatal(err)
			}
		}
		if _, total, _ := q.Depth(ctx); total != auth.MaxResetRequests {
			t.Fatalf("one client queued %d reset jobs, want %d", total, auth.MaxResetRequests)
		}
		if err := svc.RequestReset(ctx, "ed@example.org", reader); err != nil {
			t.Fatal(err)
		}
		if _, total, _ := q.Depth(ctx); total != auth.MaxResetRequests+1 {
			t.Errorf("another client's request was not queued: %d jobs", total)
		}
	})
}
