package httpx

import (
	"context"
	"io"
	"net"
	"net/http"
	"sync"
)

// Write coalescing. net/http sends a response through a 4 KB buffer, so a
// page larger than that leaves in two or more writes, and each write is a
// trip through the kernel's TCP stack. A handler that has its whole
// response in hand (a rendered page) can hold the connection's writes and
// let them go as one, which is what nginx's tcp_nopush does in the kernel.
//
// Only the goroutine serving a request writes to its connection, so the
// held bytes need no lock; Close never touches them.

// maxHeld bounds what one response may hold; beyond it writes go through.
const maxHeld = 256 << 10

var heldPool = sync.Pool{New: func() any { b := make([]byte, 0, 16<<10); return &b }}

// CoalescingListener wraps ln so that handlers can use HoldWrites on its
// connections. The server must also use ConnContext.
func CoalescingListener(ln net.Listener) net.Listener { return coalescingListener{ln} }

type coalescingListener struct{ net.Listener }

func (l coalescingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &coalescingConn{Conn: c}, nil
}

type connKey struct{}

// ConnContext is for http.Server.ConnContext: it lets HoldWrites find the
// connection a request arrived on.
func ConnContext(ctx context.Context, c net.Conn) context.Context {
	if cc, ok := c.(*coalescingConn); ok {
		return context.WithValue(ctx, connKey{}, cc)
	}
	return ctx
}

// HoldWrites holds what is written to r's connection until the returned
// function runs; it then flushes w and sends everything held in one write.
// The response must be complete when release runs (Content-Length set), or
// net/http would switch to chunked encoding to flush it. On a connection
// that was not accepted through CoalescingListener it does nothing.
func HoldWrites(w http.ResponseWriter, r *http.Request) (release func()) {
	c, _ := r.Context().Value(connKey{}).(*coalescingConn)
	if c == nil || c.held != nil {
		return func() {}
	}
	c.held = heldPool.Get().(*[]byte)
	return func() {
		_ = http.NewResponseController(w).Flush()
		c.release()
	}
}

type coalescingConn struct {
	net.Conn
	held *[]byte // non-nil while holding
}

func (c *coalescingConn) Write(p []byte) (int, error) {
	if c.held != nil {
		if b := *c.held; len(b)+len(p) <= maxHeld {
			*c.held = append(b, p...)
			return len(p), nil
		}
		if err := c.release(); err != nil {
			return 0, err
		}
	}
	return c.Conn.Write(p)
}

// release sends the held bytes and stops holding.
func (c *coalescingConn) release() error {
	if c.held == nil {
		return nil
	}
	b := *c.held
	var err error
	if len(b) > 0 {
		_, err = c.Conn.Write(b)
	}
	*c.held = b[:0]
	heldPool.Put(c.held)
	c.held = nil
	return err
}

// ReadFrom keeps sendfile for files served through the connection
// (net/http looks for it on the connection it was given).
func (c *coalescingConn) ReadFrom(r io.Reader) (int64, error) {
	if err := c.release(); err != nil {
		return 0, err
	}
	if rf, ok := c.Conn.(io.ReaderFrom); ok {
		return rf.ReadFrom(r)
	}
	return io.Copy(struct{ io.Writer }{c.Conn}, r)
}

// CloseWrite lets net/http half-close the connection before closing it,
// as it does with a bare TCP connection.
func (c *coalescingConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}
