package store_test

import (
	"context"
	"database/sql"
	"os"
	"testing"
	"time"

	"masthead/internal/store/storetest"
)

// TestListenReportsALostConnection: when the listening connection is cut
// (here the server ends it), Listen tells why through lost, then reconnects
// and calls fn("") so the listener assumes it missed something.
func TestListenReportsALostConnection(t *testing.T) {
	if len(storetest.Engines()) < 2 {
		t.Skip("LISTEN exists only on PostgreSQL: needs MASTHEAD_TEST_POSTGRES")
	}
	db := storetest.Open(t, storetest.Postgres)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready := make(chan struct{})
	missed := make(chan struct{}, 4)
	lost := make(chan error, 4)
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = db.Listen(ctx, "masthead_test_lost", func() { close(ready) }, func(payload string) {
			if payload == "" {
				missed <- struct{}{}
			}
		}, func(err error) { lost <- err })
	}()
	defer func() { cancel(); <-done }()
	select {
	case <-ready:
	case <-time.After(10 * time.Second):
		t.Fatal("Listen never became ready")
	}
	admin, err := sql.Open("pgx", os.Getenv("MASTHEAD_TEST_POSTGRES"))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	var n int
	if err := admin.QueryRow(`SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE query LIKE 'LISTEN %masthead_test_lost%'`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("terminated %d listening connections (%v), want 1", n, err)
	}
	select {
	case err := <-lost:
		if err == nil {
			t.Error("lost was called without the cause")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a cut listening connection was not reported")
	}
	select {
	case <-missed:
	case <-time.After(10 * time.Second):
		t.Fatal("after reconnecting, Listen did not tell the listener it may have missed messages")
	}
}
