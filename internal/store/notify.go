package store

import (
	"context"
	"database/sql/driver"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// Instances sharing a PostgreSQL database tell each other about changes
// with NOTIFY/LISTEN. SQLite has one process, so there is nobody to tell:
// Notify does nothing and Listen returns at once.

// Notify sends payload on channel to every listening instance.
func (db *DB) Notify(ctx context.Context, channel, payload string) error {
	if db.dialect != Postgres {
		return nil
	}
	_, err := db.write.ExecContext(ctx, `SELECT pg_notify(?, ?)`, channel, payload)
	return err
}

// Listen calls fn with each payload sent on channel until ctx ends. When
// the connection drops it reconnects, and calls fn("") first: messages may
// have been missed meanwhile, so the listener should assume the worst.
//
// lost, when not nil, is told why a listening connection failed or dropped,
// so the operator sees why pages were purged and what keeps failing.
func (db *DB) Listen(ctx context.Context, channel string, ready func(), fn func(payload string), lost func(error)) error {
	if db.dialect != Postgres {
		if ready != nil {
			ready()
		}
		return nil
	}
	for first := true; ctx.Err() == nil; first = false {
		if !first {
			fn("")
		}
		err := db.listenOnce(ctx, channel, ready, fn)
		ready = nil
		if ctx.Err() != nil {
			return nil
		}
		if lost != nil {
			lost(err) // a failed or dropped listen is followed by fn("") on the next round
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(time.Second):
		}
	}
	return nil
}

func (db *DB) listenOnce(ctx context.Context, channel string, ready func(), fn func(string)) error {
	conn, err := db.writePool.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(driverConn any) error {
		pc, ok := driverConn.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("store: listen needs the pgx driver, got %T", driverConn)
		}
		c := pc.Conn()
		if _, err := c.Exec(ctx, `LISTEN `+pgx.Identifier{channel}.Sanitize()); err != nil {
			return err
		}
		if ready != nil {
			ready()
		}
		for {
			n, err := c.WaitForNotification(ctx)
			if err != nil {
				// A listening connection must not go back to the pool:
				// ErrBadConn makes database/sql close it.
				return driver.ErrBadConn
			}
			fn(n.Payload)
		}
	})
}
