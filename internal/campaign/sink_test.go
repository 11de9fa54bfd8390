package campaign_test

import (
	"errors"
	"io"
	"log"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// sinkMail is one message as the sink received it.
type sinkMail struct {
	From string
	To   string
	Data []byte
}

// sink is a real SMTP server (go-smtp) that records what it receives.
type sink struct {
	addr string
	// refuse, when set, answers RCPT TO (nil accepts).
	refuse func(to string) error
	// refuseSender, when set, answers MAIL FROM (nil accepts).
	refuseSender func(from string) error
	// gate, when set, is called before each message is accepted; tests
	// block it to hold messages in flight.
	gate func()
	// gateTo, when set, is called like gate with the message's recipient.
	gateTo func(to string)
	// refuseData, when set, answers the message's end (nil accepts).
	refuseData func(to string) error

	mu    sync.Mutex
	mails []sinkMail
	count atomic.Int64
}

func (s *sink) received() []sinkMail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]sinkMail(nil), s.mails...)
}

// byRecipient counts the messages each address received.
func (s *sink) byRecipient() map[string]int {
	out := map[string]int{}
	for _, m := range s.received() {
		out[m.To]++
	}
	return out
}

func startSink(t testing.TB, s *sink) *sink {
	t.Helper()
	return startSinkAt(t, s, "127.0.0.1:0")
}

// startSinkAt starts s listening on addr.
func startSinkAt(t testing.TB, s *sink, addr string) *sink {
	t.Helper()
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) { return &sinkSession{s: s}, nil }))
	srv.Domain = "localhost"
	srv.ReadTimeout = 30 * time.Second
	srv.WriteTimeout = 30 * time.Second
	srv.ErrorLog = log.New(io.Discard, "", 0)
	ln, err := net.Listen("tcp", addr)
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
	s   *sink
	cur sinkMail
}

func (ss *sinkSession) Mail(from string, _ *smtp.MailOptions) error {
	if ss.s.refuseSender != nil {
		if err := ss.s.refuseSender(from); err != nil {
			return err
		}
	}
	ss.cur = sinkMail{From: from}
	return nil
}

func (ss *sinkSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	if ss.s.refuse != nil {
		if err := ss.s.refuse(to); err != nil {
			return err
		}
	}
	ss.cur.To = to
	return nil
}

func (ss *sinkSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if ss.s.gate != nil {
		ss.s.gate()
	}
	if ss.s.gateTo != nil {
		ss.s.gateTo(ss.cur.To)
	}
	if ss.s.refuseData != nil {
		if err := ss.s.refuseData(ss.cur.To); err != nil {
			return err
		}
	}
	ss.cur.Data = b
	ss.s.mu.Lock()
	ss.s.mails = append(ss.s.mails, ss.cur)
	ss.s.mu.Unlock()
	ss.s.count.Add(1)
	return nil
}

func (ss *sinkSession) Reset()        { ss.cur = sinkMail{} }
func (ss *sinkSession) Logout() error { return nil }
