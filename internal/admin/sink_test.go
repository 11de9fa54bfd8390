package admin_test

import (
	"errors"
	"io"
	"log"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// sinkMail is one message as the sink received it.
type sinkMail struct {
	From string
	To   []string
	Data string
}

// smtpSink is a real SMTP server (go-smtp) that keeps what it receives.
type smtpSink struct {
	addr string
	mu   sync.Mutex
	got  []sinkMail
}

func (s *smtpSink) received() []sinkMail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]sinkMail(nil), s.got...)
}

// startSink starts a sink on a free local port, closed with the test.
func startSink(t testing.TB) *smtpSink {
	t.Helper()
	s := &smtpSink{}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &sinkSession{s: s}, nil }))
	srv.Domain = "localhost"
	srv.ReadTimeout, srv.WriteTimeout = 30*time.Second, 30*time.Second
	srv.ErrorLog = log.New(io.Discard, "", 0)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.addr = ln.Addr().String()
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(ln); err != nil && !errors.Is(err, net.ErrClosed) && !errors.Is(err, smtp.ErrServerClosed) {
			t.Errorf("sink: %v", err)
		}
	}()
	t.Cleanup(func() { srv.Close(); ln.Close(); <-done })
	return s
}

type sinkSession struct {
	s   *smtpSink
	cur sinkMail
}

func (ss *sinkSession) Mail(from string, _ *smtp.MailOptions) error {
	ss.cur = sinkMail{From: from}
	return nil
}

func (ss *sinkSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.cur.To = append(ss.cur.To, to)
	return nil
}

func (ss *sinkSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	ss.cur.Data = string(b)
	ss.s.mu.Lock()
	ss.s.got = append(ss.s.got, ss.cur)
	ss.s.mu.Unlock()
	return nil
}

func (ss *sinkSession) Reset()        { ss.cur = sinkMail{} }
func (ss *sinkSession) Logout() error { return nil }
