package mailtest

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

// SMTPMail is one message as an SMTPSink received it.
type SMTPMail struct {
	From string
	To   []string // every accepted RCPT TO, in order
	Data []byte
}

// SMTPSink is a real SMTP server (go-smtp) for tests and benchmarks, so a
// client is exercised over the wire rather than against a fake Sender.
// Set the hooks before StartSMTPSink; nil hooks accept everything.
type SMTPSink struct {
	// Addr is the listening address, set by StartSMTPSink.
	Addr string
	// RefuseMail answers MAIL FROM; a non-nil error (an *smtp.SMTPError for
	// a chosen code) refuses the sender.
	RefuseMail func(from string) error
	// RefuseRcpt answers each RCPT TO.
	RefuseRcpt func(to string) error
	// Gate runs after a message's data is read and before it is answered;
	// tests block in it to hold messages in flight.
	Gate func(m SMTPMail)
	// RefuseData answers the end of DATA, after Gate.
	RefuseData func(m SMTPMail) error
	// Discard counts accepted messages without keeping them, for benchmarks
	// that must not grow with the list.
	Discard bool

	count atomic.Int64
	mu    sync.Mutex
	mails []SMTPMail
}

// StartSMTPSink starts s on a free local port, closed with the test.
func StartSMTPSink(t testing.TB, s *SMTPSink) *SMTPSink {
	t.Helper()
	return StartSMTPSinkAt(t, s, "127.0.0.1:0")
}

// StartSMTPSinkAt starts s listening on addr, closed with the test.
func StartSMTPSinkAt(t testing.TB, s *SMTPSink, addr string) *SMTPSink {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	stop := s.Serve(ln, func(err error) { t.Errorf("smtp sink: %v", err) })
	t.Cleanup(stop)
	return s
}

// Serve runs s on ln until the returned stop is called; stop waits for the
// server to end. onErr, if set, gets a serve error other than closing.
// Benchmark programs without a testing.TB use it directly.
func (s *SMTPSink) Serve(ln net.Listener, onErr func(error)) (stop func()) {
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &sinkSession{s: s}, nil }))
	srv.Domain = "localhost"
	srv.ReadTimeout, srv.WriteTimeout = 30*time.Second, 30*time.Second
	srv.ErrorLog = log.New(io.Discard, "", 0)
	s.Addr = ln.Addr().String()
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(ln); err != nil && !errors.Is(err, net.ErrClosed) && !errors.Is(err, smtp.ErrServerClosed) && onErr != nil {
			onErr(err)
		}
	}()
	// Close misses the listener when Serve has not started yet.
	return func() { srv.Close(); ln.Close(); <-done }
}

// Received returns copies of the kept messages, oldest first (none with
// Discard).
func (s *SMTPSink) Received() []SMTPMail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]SMTPMail(nil), s.mails...)
}

// Raw returns the data of each kept message as a string, oldest first.
func (s *SMTPSink) Raw() []string {
	var out []string
	for _, m := range s.Received() {
		out = append(out, string(m.Data))
	}
	return out
}

// ByRecipient counts the kept messages each address received.
func (s *SMTPSink) ByRecipient() map[string]int {
	out := map[string]int{}
	for _, m := range s.Received() {
		for _, to := range m.To {
			out[to]++
		}
	}
	return out
}

// Count is how many messages the sink accepted, kept or discarded.
func (s *SMTPSink) Count() int64 { return s.count.Load() }

type sinkSession struct {
	s   *SMTPSink
	cur SMTPMail
}

func (ss *sinkSession) Mail(from string, _ *smtp.MailOptions) error {
	if ss.s.RefuseMail != nil {
		if err := ss.s.RefuseMail(from); err != nil {
			return err
		}
	}
	ss.cur = SMTPMail{From: from}
	return nil
}

func (ss *sinkSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	if ss.s.RefuseRcpt != nil {
		if err := ss.s.RefuseRcpt(to); err != nil {
			return err
		}
	}
	ss.cur.To = append(ss.cur.To, to)
	return nil
}

func (ss *sinkSession) Data(r io.Reader) error {
	if ss.s.Discard && ss.s.Gate == nil && ss.s.RefuseData == nil {
		if _, err := io.Copy(io.Discard, r); err != nil {
			return err
		}
		ss.s.count.Add(1)
		return nil
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	ss.cur.Data = b
	if ss.s.Gate != nil {
		ss.s.Gate(ss.cur)
	}
	if ss.s.RefuseData != nil {
		if err := ss.s.RefuseData(ss.cur); err != nil {
			return err
		}
	}
	if !ss.s.Discard {
		ss.s.mu.Lock()
		ss.s.mails = append(ss.s.mails, ss.cur)
		ss.s.mu.Unlock()
	}
	ss.s.count.Add(1)
	return nil
}

func (ss *sinkSession) Reset()        { ss.cur = SMTPMail{} }
func (ss *sinkSession) Logout() error { return nil }
