package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"masthead/internal/content"
)

// rawConn is what both *sql.DB and *sql.Tx offer.
type rawConn interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// conn is a pool or a transaction whose queries are written with the
// portable ? placeholders; on PostgreSQL they become $1, $2 ... on the way
// through, so no query can forget the rewrite and fail on one engine only.
type conn struct {
	raw  rawConn
	bind *binder // nil: queries pass unchanged (SQLite)
}

func (c conn) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return c.raw.ExecContext(ctx, c.bind.rewrite(query), args...)
}

func (c conn) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return c.raw.QueryContext(ctx, c.bind.rewrite(query), args...)
}

func (c conn) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return c.raw.QueryRowContext(ctx, c.bind.rewrite(query), args...)
}

// Tx is a write transaction: what is written through it commits together
// or not at all. Get one from DB.InTx.
type Tx struct {
	db    *DB
	q     conn
	after []func()
}

// AfterCommit runs fn once the transaction has committed, and never if it
// rolls back: what tells others about its writes (waking the queue's
// workers) must wait until they can see them.
func (tx *Tx) AfterCommit(fn func()) { tx.after = append(tx.after, fn) }

// InTx runs fn in one write transaction, committed when fn returns nil and
// rolled back otherwise: an article write and the jobs it enqueues through
// tx happen together or not at all. On SQLite the transaction holds the one
// writer connection, so fn must not write through the DB meanwhile (that
// write would wait for the transaction, which waits for fn).
func (db *DB) InTx(ctx context.Context, fn func(tx content.Tx) error) error {
	return db.tx(ctx, func(tx *Tx) error { return fn(tx) })
}

// binder rewrites placeholders for PostgreSQL and remembers the result:
// the same few hundred query strings run all day, and the hot site queries
// would otherwise build the same string on every request.
type binder struct {
	cache sync.Map // query string → rewritten string
	size  atomic.Int64
}

// maxBound caps the cache; queries built with a variable number of
// placeholders (IN lists) could otherwise grow it without end.
const maxBound = 4096

func (b *binder) rewrite(query string) string {
	if b == nil || strings.IndexByte(query, '?') < 0 {
		return query
	}
	if v, ok := b.cache.Load(query); ok {
		return v.(string)
	}
	out := rebind(query)
	if b.size.Load() < maxBound {
		if _, loaded := b.cache.LoadOrStore(query, out); !loaded {
			b.size.Add(1)
		}
	}
	return out
}

// rebind turns each ? into $1, $2 ... in order, except inside string
// literals ('...'), quoted identifiers ("...") and -- or /* */ comments.
func rebind(query string) string {
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case c == '\'' || c == '"':
			// A doubled quote inside is an escaped one: the scan closes and
			// reopens the literal, which copies it unchanged.
			end := strings.IndexByte(query[i+1:], c)
			if end < 0 {
				b.WriteString(query[i:])
				return b.String()
			}
			b.WriteString(query[i : i+end+2])
			i += end + 1
		case c == '-' && i+1 < len(query) && query[i+1] == '-':
			end := strings.IndexByte(query[i:], '\n')
			if end < 0 {
				b.WriteString(query[i:])
				return b.String()
			}
			b.WriteString(query[i : i+end])
			i += end - 1
		case c == '/' && i+1 < len(query) && query[i+1] == '*':
			end := strings.Index(query[i+2:], "*/")
			if end < 0 {
				b.WriteString(query[i:])
				return b.String()
			}
			b.WriteString(query[i : i+end+4])
			i += end + 3
		case c == '?':
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
