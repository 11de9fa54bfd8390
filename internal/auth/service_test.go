package auth_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/auth"
	"masthead/internal/mail/mailtest"
	"masthead/internal/queue"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

func TestEmailedLinksAreRateLimited(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Now()
		outbox := &mailtest.Recorder{}
		svc := auth.NewService(db, outbox, slog.New(slog.NewTextHandler(io.Discard, nil)), func() time.Time { return now },
			func(context.Context) (string, string) { return "The Weekly", "https://news.example.org" })
		svc.SetHashCost(4)
		q := queue.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), queue.Options{Now: func() time.Time { return now }})
		svc.UseQueue(q)
		drain := func() {
			t.Helper()
			if err := q.Drain(ctx); err != nil {
				t.Fatal(err)
			}
		}
		admin, err := svc.CreateUser(ctx, "admin@example.org", "Ada Admin", "a long enough password", auth.RoleAdmin)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < auth.MaxResetMails+2; i++ {
			if err := svc.RequestReset(ctx, "admin@example.org", auth.Client{IP: "192.0.2.1"}); err != nil {
				t.Fatalf("reset request %d: %v", i+1, err)
			}
			drain()
		}
		if n := len(outbox.Messages()); n != auth.MaxResetMails {
			t.Fatalf("sent %d reset emails in an hour, want at most %d", n, auth.MaxResetMails)
		}
		// An hour later the account can ask again.
		now = now.Add(61 * time.Minute)
		err = svc.RequestReset(ctx, "admin@example.org", auth.Client{IP: "192.0.2.1"})
		drain()
		if err != nil || len(outbox.Messages()) != auth.MaxResetMails+1 {
			t.Fatalf("after an hour: %v, %d emails", err, len(outbox.Messages()))
		}
		outbox.Reset()
		for i := 0; i < auth.MaxInviteMails; i++ {
			if err := svc.Invite(ctx, admin, "new@example.org", auth.RoleAuthor); err != nil {
				t.Fatalf("invite %d: %v", i+1, err)
			}
			drain()
		}
		err = svc.Invite(ctx, admin, "new@example.org", auth.RoleAuthor)
		drain()
		if apperr.KindOf(err) != apperr.Unavailable || len(outbox.Messages()) != auth.MaxInviteMails {
			t.Fatalf("invite past the limit: %v, %d emails", err, len(outbox.Messages()))
		}
	})
}
