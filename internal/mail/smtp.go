package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	mrand "math/rand/v2"
	"net"
	"net/textproto"
	"os"
	"strings"
	"time"

	"golang.org/x/time/rate"
)

// defaultTimeout bounds a whole delivery when ctx has no deadline, so a
// server that stops answering cannot hold a worker forever.
const defaultTimeout = 2 * time.Minute

// SMTPSender delivers messages through one relay over a pool of reused
// connections, within an optional rate limit, retrying 4xx replies and
// dropped connections with exponential back-off. It is safe for concurrent
// use; a campaign runs as many goroutines as the pool has connections.
type SMTPSender struct {
	// Composer renders messages; set its fields before the first Send.
	Composer Composer
	// DKIM, when set before the first Send, signs every message.
	DKIM *DKIMSigner

	cfg         smtpConfig
	pool        *pool
	limiter     limiter
	backoff     func(retry int) time.Duration
	defaultFrom string
	logger      *slog.Logger

	// Tests turn these off to take the plain DATA and one-command-at-a-
	// time paths, which go-smtp's server would otherwise never see.
	noChunking, noPipelining bool
}

// limiter is what SMTPSender needs of golang.org/x/time/rate.Limiter.
type limiter interface {
	Wait(ctx context.Context) error
}

type unlimited struct{}

func (unlimited) Wait(context.Context) error { return nil }

var (
	_ Sender    = (*SMTPSender)(nil)
	_ Deliverer = (*SMTPSender)(nil)
)

// Deliverer sends an already composed message as it is, so a campaign can
// render each recipient's copy with a Template and skip parsing. Deliver
// does not keep msg.Data after it returns.
type Deliverer interface {
	Deliver(ctx context.Context, msg Composed) error
}

// NewSMTP parses rawURL (smtp://user:pass@host:587 or smtps://host:465, with
// optional ?insecure_skip_verify=1, ?helo=name and the pool parameters
// pool, rate, max_messages, idle_timeout and retries). With scheme smtp the
// connection is upgraded with STARTTLS whenever the server offers it.
// defaultFrom is used for messages without From and may be empty. Close
// ends the pooled connections.
func NewSMTP(rawURL string, defaultFrom string, logger *slog.Logger) (*SMTPSender, error) {
	cfg, err := parseSMTPURL(rawURL)
	if err != nil {
		return nil, err
	}
	if defaultFrom != "" {
		if _, err := parseAddress("default from", defaultFrom); err != nil {
			return nil, err
		}
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	cfg.withDefaults()
	s := &SMTPSender{
		cfg: cfg,
		pool: newPool(cfg, &tls.Config{
			ServerName:         cfg.host,
			InsecureSkipVerify: cfg.skipVerify, //nolint:gosec // opt-in for test servers only
			MinVersion:         tls.VersionTLS12,
		}),
		limiter:     unlimited{},
		backoff:     expBackoff,
		defaultFrom: defaultFrom,
		logger:      logger,
	}
	if cfg.rate > 0 {
		// A burst of one keeps the relay's view of the rate even over
		// short windows; the pool's connections share the one bucket.
		s.limiter = rate.NewLimiter(rate.Limit(cfg.rate), 1)
	}
	return s, nil
}

func (c *smtpConfig) withDefaults() {
	if c.pool == 0 {
		c.pool = 4
	}
	if c.maxMessages == 0 {
		c.maxMessages = 500
	}
	if c.idleTimeout == 0 {
		c.idleTimeout = 30 * time.Second
	}
	if c.attempts == 0 {
		c.attempts = 4
	}
}

// expBackoff waits 1s, 2s, 4s ... up to a minute, with up to a quarter
// more at random so senders that failed together do not retry together.
func expBackoff(retry int) time.Duration {
	d := time.Second << min(retry, 6)
	d = min(d, time.Minute)
	return d + time.Duration(mrand.Int64N(int64(d/4)+1))
}

// Close says QUIT on idle connections; connections in use close when
// their delivery ends. Sends after Close fail.
func (s *SMTPSender) Close() error {
	s.pool.closeAll()
	return nil
}

// Send composes m and delivers it. An invalid message fails with ErrInvalid
// before any connection is made.
func (s *SMTPSender) Send(ctx context.Context, m Message) error {
	if m.From == "" {
		m.From = s.defaultFrom
	}
	msg, err := s.Composer.Compose(m)
	if err != nil {
		return err
	}
	return s.Deliver(ctx, msg)
}

// Deliver signs msg when DKIM is set and sends it. A 5xx reply returns a
// *DeliveryError matching ErrPermanent; 4xx replies and dropped
// connections are retried with back-off before their error is returned.
func (s *SMTPSender) Deliver(ctx context.Context, msg Composed) error {
	if len(msg.To) == 0 {
		return invalidf("to: at least one recipient is required")
	}
	for _, a := range append([]string{msg.From}, msg.To...) {
		if a == "" || strings.ContainsAny(a, "\r\n<> ") {
			return invalidf("envelope address %q must be a bare address", a)
		}
	}
	msg.Data = canonical(msg.Data)
	var sig []byte
	if s.DKIM != nil {
		var err error
		if sig, err = s.DKIM.Sign(msg.Data); err != nil {
			return err
		}
		sig = canonical(sig)
	}
	for try := 1; ; try++ {
		if err := s.limiter.Wait(ctx); err != nil {
			return fmt.Errorf("mail: smtp %s: rate limit: %w", s.cfg.addr(), err)
		}
		err := s.attempt(ctx, msg, sig)
		if err == nil {
			s.logger.DebugContext(ctx, "mail sent",
				"server", s.cfg.addr(), "message_id", msg.MessageID, "recipients", len(msg.To))
			return nil
		}
		err = contextError(ctx, err)
		if ctx.Err() != nil || !retryable(err) || try >= s.cfg.attempts {
			return fmt.Errorf("mail: smtp %s: %w", s.cfg.addr(), err)
		}
		wait := s.backoff(try - 1)
		s.logger.InfoContext(ctx, "mail: retrying", "server", s.cfg.addr(),
			"message_id", msg.MessageID, "try", try, "wait", wait, "err", err)
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("mail: smtp %s: %w: %w", s.cfg.addr(), ctx.Err(), err)
		}
	}
}

// retryable: a 4xx reply, or a connection that broke before the message
// was handed over in full. Certificate, authentication and configuration
// errors are not: they fail the same way next time.
func retryable(err error) bool {
	var de *DeliveryError
	if errors.As(err, &de) {
		return de.Temporary()
	}
	var te *textproto.Error
	if errors.As(err, &te) {
		return te.Code >= 400 && te.Code < 500
	}
	if errors.Is(err, ErrUnconfirmed) {
		return false
	}
	var ne net.Error
	return errors.As(err, &ne) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
}

// attempt runs one mail transaction on a pooled connection. A reused
// connection that turns out to be dead before the message went out (the
// server timed it out while idle) is replaced at once, without counting as
// a try.
func (s *SMTPSender) attempt(ctx context.Context, msg Composed, sig []byte) error {
	for {
		pc, reused, err := s.pool.get(ctx)
		if err != nil {
			return err
		}
		sent, err := s.transact(ctx, pc, msg, sig)
		if err == nil {
			pc.sent++
			s.pool.put(pc, true)
			return nil
		}
		var de *DeliveryError
		if errors.As(err, &de) {
			// The server answered: the session is fine unless it said it
			// is closing (421).
			s.pool.put(pc, de.Code != 421)
			return err
		}
		s.pool.put(pc, false)
		if reused && !sent && ctx.Err() == nil {
			continue
		}
		return err
	}
}

// contextError puts the context's reason in front of the I/O error it
// caused, so callers can tell a cancelled or timed out send from a broken
// server with errors.Is.
func contextError(ctx context.Context, err error) error {
	if cerr := ctx.Err(); cerr != nil && !errors.Is(err, cerr) {
		return fmt.Errorf("%w: %w", cerr, err)
	}
	// The connection deadline equals ctx's, and can fire just before ctx
	// itself reports DeadlineExceeded.
	if _, ok := ctx.Deadline(); ok && errors.Is(err, os.ErrDeadlineExceeded) {
		return fmt.Errorf("%w: %w", context.DeadlineExceeded, err)
	}
	return err
}
