package mail

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"golang.org/x/time/rate"
)

// poolSender is an SMTPSender for sk with no back-off wait.
func poolSender(t *testing.T, sk *sink, query string) *SMTPSender {
	t.Helper()
	s, err := NewSMTP(smtpURL("smtp", sk.addr, "", "", query), "news@example.org", testLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	s.backoff = func(int) time.Duration { return 0 }
	t.Cleanup(func() { s.Close() })
	return s
}

func oneTo(addr string) Message {
	return Message{From: "news@example.org", To: []string{addr}, Subject: "Issue", Text: "Hello\n"}
}

// eventually polls cond for up to 5 seconds (less than the sink's 10s
// read timeout, which would end sessions by itself); it fails only if
// cond never holds, so it asserts an outcome, not a timing.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for range 500 {
		if cond() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("never: %s", what)
}

func TestPoolReusesConnections(t *testing.T) {
	sk := startSink(t, sinkOptions{})
	s := poolSender(t, sk, "pool=2")
	const n = 40
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() { errs <- s.Send(t.Context(), oneTo(fmt.Sprintf("r%d@example.com", i))) })
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if got := len(sk.received()); got != n {
		t.Errorf("sink received %d messages, want %d", got, n)
	}
	if c := sk.conns.Load(); c < 1 || c > 2 {
		t.Errorf("%d messages used %d connections, want 1 or 2 (the pool size)", n, c)
	}
}

func TestPoolMaxMessagesPerConnection(t *testing.T) {
	sk := startSink(t, sinkOptions{})
	s := poolSender(t, sk, "pool=4&max_messages=3")
	for i := range 7 {
		if err := s.Send(t.Context(), oneTo(fmt.Sprintf("r%d@example.com", i))); err != nil {
			t.Fatal(err)
		}
	}
	// One at a time: the most recent idle connection is reused until it has
	// carried three, then replaced (and closed with QUIT).
	if c := sk.conns.Load(); c != 3 {
		t.Errorf("7 messages at 3 per connection used %d connections, want 3", c)
	}
	eventually(t, "two full connections logged out", func() bool { return sk.logouts.Load() == 2 })
}

func TestPoolClosesIdleConnections(t *testing.T) {
	sk := startSink(t, sinkOptions{})
	s := poolSender(t, sk, "")
	s.pool.cfg.idleTimeout = 20 * time.Millisecond
	if err := s.Send(t.Context(), oneTo("a@example.com")); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the idle connection said QUIT", func() bool { return sk.logouts.Load() == 1 })
	if err := s.Send(t.Context(), oneTo("b@example.com")); err != nil {
		t.Fatal(err)
	}
	if c := sk.conns.Load(); c != 2 {
		t.Errorf("connections = %d, want 2 (the first closed while idle)", c)
	}
}

func TestPoolReconnectsAfterServerDropsConnection(t *testing.T) {
	sk := startSink(t, sinkOptions{})
	s := poolSender(t, sk, "retries=0")
	if err := s.Send(t.Context(), oneTo("a@example.com")); err != nil {
		t.Fatal(err)
	}
	sk.drop()
	// Even with no retries, a pooled connection found dead before the
	// message went out is replaced at once.
	if err := s.Send(t.Context(), oneTo("b@example.com")); err != nil {
		t.Fatalf("Send after the server dropped the pooled connection: %v", err)
	}
	if got := len(sk.received()); got != 2 {
		t.Errorf("sink received %d messages, want 2", got)
	}
	if c := sk.conns.Load(); c != 2 {
		t.Errorf("connections = %d, want 2", c)
	}
}

func TestSMTPRetriesTransientFailure(t *testing.T) {
	sk := startSink(t, sinkOptions{rcpt: func(to string, n int) error {
		if n < 2 {
			return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
		}
		return nil
	}})
	s := poolSender(t, sk, "")
	var waits []int
	s.backoff = func(retry int) time.Duration { waits = append(waits, retry); return 0 }
	if err := s.Send(t.Context(), oneTo("zoe@example.com")); err != nil {
		t.Fatalf("Send = %v, want success on the third try", err)
	}
	if n := sk.tries("zoe@example.com"); n != 3 {
		t.Errorf("RCPT tries = %d, want 3", n)
	}
	if len(waits) != 2 || waits[0] != 0 || waits[1] != 1 {
		t.Errorf("back-off steps = %v, want [0 1] (growing waits)", waits)
	}
	if got := len(sk.received()); got != 1 {
		t.Errorf("sink received %d messages, want 1", got)
	}
	// The refused transactions were reset, not abandoned with their connection.
	if c := sk.conns.Load(); c != 1 {
		t.Errorf("connections = %d, want 1", c)
	}
}

func TestSMTPGivesUpOnPersistentTransientFailure(t *testing.T) {
	sk := startSink(t, sinkOptions{rcpt: func(string, int) error {
		return &smtp.SMTPError{Code: 452, EnhancedCode: smtp.EnhancedCode{4, 2, 2}, Message: "mailbox full"}
	}})
	s := poolSender(t, sk, "retries=2")
	err := s.Send(t.Context(), oneTo("full@example.com"))
	var de *DeliveryError
	if !errors.As(err, &de) || de.Code != 452 || de.Enhanced != "4.2.2" || !de.Temporary() {
		t.Fatalf("Send = %v, want a 452 4.2.2 DeliveryError", err)
	}
	if errors.Is(err, ErrPermanent) {
		t.Error("a 4xx matches ErrPermanent")
	}
	if n := sk.tries("full@example.com"); n != 3 {
		t.Errorf("RCPT tries = %d, want 3 (1 + retries=2)", n)
	}
}

func TestSMTPPermanentFailure(t *testing.T) {
	sk := startSink(t, sinkOptions{rcpt: func(to string, _ int) error {
		if to == "gone@example.com" {
			return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}
		}
		return nil
	}})
	s := poolSender(t, sk, "")
	err := s.Send(t.Context(), oneTo("gone@example.com"))
	if !errors.Is(err, ErrPermanent) {
		t.Fatalf("Send = %v, want ErrPermanent", err)
	}
	var de *DeliveryError
	if !errors.As(err, &de) {
		t.Fatalf("Send = %v, want a *DeliveryError", err)
	}
	want := DeliveryError{Command: "RCPT TO", Recipient: "gone@example.com", Code: 550, Enhanced: "5.1.1", Message: "no such user"}
	if *de != want {
		t.Errorf("error = %+v, want %+v", *de, want)
	}
	if !de.BadRecipient() {
		t.Error("BadRecipient = false for 550 5.1.1 at RCPT")
	}
	if n := sk.tries("gone@example.com"); n != 1 {
		t.Errorf("RCPT tries = %d, want 1 (a 5xx is not retried)", n)
	}
	// The connection survives the refusal: RSET, then the next message.
	if err := s.Send(t.Context(), oneTo("ok@example.com")); err != nil {
		t.Fatal(err)
	}
	if c := sk.conns.Load(); c != 1 {
		t.Errorf("connections = %d, want 1", c)
	}
	if got := sk.received(); len(got) != 1 || got[0].To[0] != "ok@example.com" {
		t.Errorf("sink received %+v, want only the message to ok@example.com", got)
	}
}

// countingLimiter counts the tokens taken.
type countingLimiter struct{ n atomic.Int32 }

func (l *countingLimiter) Wait(context.Context) error { l.n.Add(1); return nil }

func TestSMTPRateLimitTakesATokenPerAttempt(t *testing.T) {
	sk := startSink(t, sinkOptions{rcpt: func(to string, n int) error {
		if to == "busy@example.com" && n == 0 {
			return &smtp.SMTPError{Code: 421, Message: "busy"}
		}
		return nil
	}})
	s := poolSender(t, sk, "rate=50")
	lim, ok := s.limiter.(*rate.Limiter)
	if !ok || lim.Limit() != 50 || lim.Burst() != 1 {
		t.Fatalf("rate=50 gave limiter %#v, want 50/s with burst 1", s.limiter)
	}
	counter := &countingLimiter{}
	s.limiter = counter
	for _, to := range []string{"a@example.com", "busy@example.com", "b@example.com"} {
		if err := s.Send(t.Context(), oneTo(to)); err != nil {
			t.Fatal(err)
		}
	}
	// Three messages, one of them tried twice: a relay counts attempts.
	if n := counter.n.Load(); n != 4 {
		t.Errorf("tokens taken = %d, want 4", n)
	}
}

func TestSMTPWithoutRateHasNoLimiter(t *testing.T) {
	sk := startSink(t, sinkOptions{})
	s := poolSender(t, sk, "")
	if _, ok := s.limiter.(unlimited); !ok {
		t.Errorf("limiter = %#v, want none", s.limiter)
	}
}

func TestSMTPCloseEndsIdleConnections(t *testing.T) {
	sk := startSink(t, sinkOptions{})
	s := poolSender(t, sk, "")
	if err := s.Send(t.Context(), oneTo("a@example.com")); err != nil {
		t.Fatal(err)
	}
	s.Close()
	eventually(t, "Close said QUIT", func() bool { return sk.logouts.Load() == 1 })
	if err := s.Send(t.Context(), oneTo("b@example.com")); err == nil {
		t.Error("Send after Close succeeded")
	}
}

// TestSMTPTransactionPaths sends through each way of writing a
// transaction: BDAT or DATA (with its dot-stuffing: the text has lines
// that start with a dot), pipelined or one command at a time, signed or
// not, and a message with bare line feeds that the dot writer must mend.
func TestSMTPTransactionPaths(t *testing.T) {
	_, edKey, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := NewDKIMSigner("news.example.org", "mh2026", edKey)
	if err != nil {
		t.Fatal(err)
	}
	m := newsletterMessage()
	m.From = "news@example.org"
	composed, err := testComposer().Compose(m)
	if err != nil {
		t.Fatal(err)
	}
	bare := Composed{From: "news@example.org", To: []string{"zoe@example.com"},
		Data: []byte("Subject: bare\n\n.one\n..two\nlast")}
	for _, chunking := range []bool{true, false} {
		for _, pipelining := range []bool{true, false} {
			for _, dkimOn := range []bool{false, true} {
				name := fmt.Sprintf("chunking=%v/pipelining=%v/dkim=%v", chunking, pipelining, dkimOn)
				t.Run(name, func(t *testing.T) {
					sk := startSink(t, sinkOptions{rcpt: func(to string, _ int) error {
						if to == "gone@example.com" {
							return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}
						}
						return nil
					}})
					s := poolSender(t, sk, "")
					s.noChunking, s.noPipelining = !chunking, !pipelining
					if dkimOn {
						s.DKIM = signer
					}
					// A refused recipient among accepted ones refuses the
					// message, and the session stays in step for the next.
					refused := composed
					refused.To = []string{"ok@example.com", "gone@example.com"}
					if err := s.Deliver(t.Context(), refused); !errors.Is(err, ErrPermanent) {
						t.Fatalf("Deliver to a refused recipient = %v, want ErrPermanent", err)
					}
					if err := s.Deliver(t.Context(), composed); err != nil {
						t.Fatal(err)
					}
					if err := s.Deliver(t.Context(), bare); err != nil {
						t.Fatal(err)
					}
					got := sk.received()
					if len(got) != 2 {
						t.Fatalf("sink received %d messages, want 2", len(got))
					}
					data := got[0].Data
					if dkimOn {
						sig, ok := bytes.CutSuffix(data, composed.Data)
						if !ok || !bytes.HasPrefix(sig, []byte("DKIM-Signature: ")) ||
							strings.Contains(strings.ReplaceAll(string(sig), "\r\n ", ""), "\r\n\r") {
							t.Fatalf("want one DKIM-Signature field in front of the message, got\n%q", data)
						}
						data = data[len(sig):]
					}
					if !bytes.Equal(data, composed.Data) {
						t.Errorf("sink received\n%q\nwant\n%q", data, composed.Data)
					}
					wantBare := "Subject: bare\r\n\r\n.one\r\n..two\r\nlast\r\n"
					if b := string(got[1].Data); !strings.HasSuffix(b, wantBare) {
						t.Errorf("bare-LF message arrived as %q, want it to end %q", b, wantBare)
					}
					if c := sk.conns.Load(); c != 1 {
						t.Errorf("connections = %d, want 1", c)
					}
				})
			}
		}
	}
}

func TestDeliverRefusesBadEnvelope(t *testing.T) {
	sk := startSink(t, sinkOptions{})
	s := poolSender(t, sk, "")
	for _, c := range []Composed{
		{From: "a@example.org", Data: []byte("x\r\n")},
		{From: "a@example.org\r\nRCPT TO:<victim@example.com>", To: []string{"b@example.com"}, Data: []byte("x\r\n")},
		{From: "a@example.org", To: []string{"b@example.com> NOTIFY=NEVER"}, Data: []byte("x\r\n")},
		{From: "", To: []string{"b@example.com"}, Data: []byte("x\r\n")},
	} {
		if err := s.Deliver(t.Context(), c); !errors.Is(err, ErrInvalid) {
			t.Errorf("Deliver(%q → %q) = %v, want ErrInvalid", c.From, c.To, err)
		}
	}
	if n := sk.conns.Load(); n != 0 {
		t.Errorf("sender opened %d connections, want 0", n)
	}
}
