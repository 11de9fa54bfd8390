package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/smtp"
	"sync"
	"time"
)

// pool keeps up to size SMTP connections open and hands each to one
// delivery at a time. Idle connections are reused most recent first, so a
// trickle of mail keeps one connection warm instead of cycling through all.
type pool struct {
	cfg  smtpConfig
	tls  *tls.Config
	dial func(ctx context.Context, network, addr string) (net.Conn, error)

	slots chan struct{} // one token per connection in use or being opened

	mu     sync.Mutex
	idle   []*poolConn
	closed bool
}

// poolConn is one SMTP session.
type poolConn struct {
	client *smtp.Client
	conn   *boundConn
	sent   int  // messages accepted on this connection
	dirty  bool // a transaction ended half way: RSET before the next

	pipelining, chunking, smtputf8 bool        // extensions the server offers
	timer                          *time.Timer // closes the connection when idle too long
}

func newPool(cfg smtpConfig, tlsCfg *tls.Config) *pool {
	var d net.Dialer
	return &pool{cfg: cfg, tls: tlsCfg, dial: d.DialContext, slots: make(chan struct{}, cfg.pool)}
}

// get returns an idle connection (reused = true) or opens a new one, waiting
// while all connections are busy. The caller must hand it back with put.
func (p *pool) get(ctx context.Context) (pc *poolConn, reused bool, err error) {
	select {
	case p.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, false, ctx.Err()
	}
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		<-p.slots
		return nil, false, errors.New("sender is closed")
	}
	if n := len(p.idle); n > 0 {
		pc = p.idle[n-1]
		p.idle = p.idle[:n-1]
		pc.timer.Stop() // if it already fired, its callback finds pc gone from idle
		p.mu.Unlock()
		return pc, true, nil
	}
	p.mu.Unlock()
	pc, err = p.open(ctx)
	if err != nil {
		<-p.slots
		return nil, false, err
	}
	return pc, false, nil
}

// put returns pc to the pool; a connection that failed, has carried its
// quota or belongs to a closed pool is closed instead.
func (p *pool) put(pc *poolConn, healthy bool) {
	defer func() { <-p.slots }()
	p.mu.Lock()
	if !healthy || pc.sent >= p.cfg.maxMessages || p.closed {
		p.mu.Unlock()
		pc.close(healthy)
		return
	}
	p.idle = append(p.idle, pc)
	pc.timer = time.AfterFunc(p.cfg.idleTimeout, func() { p.expire(pc) })
	p.mu.Unlock()
}

// expire closes pc if it is still idle.
func (p *pool) expire(pc *poolConn) {
	p.mu.Lock()
	i := -1
	for j, c := range p.idle {
		if c == pc {
			i = j
		}
	}
	if i < 0 {
		p.mu.Unlock()
		return
	}
	p.idle = append(p.idle[:i], p.idle[i+1:]...)
	p.mu.Unlock()
	pc.close(true)
}

// closeIdle says QUIT on every idle connection; later puts close theirs.
func (p *pool) closeAll() {
	p.mu.Lock()
	p.closed = true
	idle := p.idle
	p.idle = nil
	p.mu.Unlock()
	for _, pc := range idle {
		pc.timer.Stop()
		pc.close(true)
	}
}

// close ends the session, politely when it is still in a known state.
func (pc *poolConn) close(polite bool) {
	if polite {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		stop := pc.conn.bind(ctx)
		_ = pc.client.Quit()
		stop()
		cancel()
	}
	_ = pc.client.Close()
}

// open dials, greets, upgrades to TLS and authenticates.
func (p *pool) open(ctx context.Context) (*poolConn, error) {
	raw, err := p.dial(ctx, "tcp", p.cfg.addr())
	if err != nil {
		return nil, fmt.Errorf("dial: %w", err)
	}
	bc := &boundConn{Conn: raw}
	stop := bc.bind(ctx)
	defer stop()
	var conn net.Conn = bc
	if p.cfg.implicitTLS {
		tc := tls.Client(bc, p.tls)
		if err := tc.HandshakeContext(ctx); err != nil {
			raw.Close()
			return nil, fmt.Errorf("tls handshake: %w", err)
		}
		conn = tc
	}
	// NewClient marks a *tls.Conn as TLS, which PlainAuth checks.
	c, err := smtp.NewClient(conn, p.cfg.host)
	if err != nil {
		raw.Close()
		return nil, fmt.Errorf("greeting: %w", err)
	}
	fail := func(format string, err error) (*poolConn, error) {
		c.Close()
		return nil, fmt.Errorf(format, err)
	}
	if err := c.Hello(p.cfg.helo); err != nil {
		return fail("ehlo: %w", err)
	}
	if ok, _ := c.Extension("STARTTLS"); ok && !p.cfg.implicitTLS {
		if err := c.StartTLS(p.tls); err != nil {
			return fail("starttls: %w", err)
		}
	}
	if p.cfg.user != "" {
		if ok, _ := c.Extension("AUTH"); !ok {
			return fail("%w", errors.New("server does not offer AUTH but the url has credentials"))
		}
		// PlainAuth refuses to send the password in clear unless the
		// connection is TLS or the host is localhost.
		if err := c.Auth(smtp.PlainAuth("", p.cfg.user, p.cfg.pass, p.cfg.host)); err != nil {
			return fail("auth: %w", err)
		}
	}
	pc := &poolConn{client: c, conn: bc}
	pc.pipelining, _ = c.Extension("PIPELINING")
	pc.chunking, _ = c.Extension("CHUNKING")
	pc.smtputf8, _ = c.Extension("SMTPUTF8")
	return pc, nil
}

// boundConn applies the current delivery's context to a pooled
// connection: its deadline bounds every read and write, and cancellation
// moves the deadline into the past to unblock them at once. net/smtp knows
// nothing of contexts.
type boundConn struct {
	net.Conn
}

// bind applies ctx until stop is called. Without a ctx deadline,
// defaultTimeout bounds the delivery, so a server that stops answering
// cannot hold a connection forever.
func (c *boundConn) bind(ctx context.Context) (stop func()) {
	deadline, ok := ctx.Deadline()
	if !ok {
		deadline = time.Now().Add(defaultTimeout)
	}
	_ = c.SetDeadline(deadline)
	stopAfter := context.AfterFunc(ctx, func() { _ = c.SetDeadline(time.Unix(1, 0)) })
	return func() {
		stopAfter()
		_ = c.SetDeadline(time.Time{})
	}
}
