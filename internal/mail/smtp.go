package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/smtp"
	"os"
	"time"
)

// defaultTimeout bounds a whole delivery when ctx has no deadline, so a
// server that stops answering cannot hold a worker forever.
const defaultTimeout = 2 * time.Minute

// SMTPSender delivers each Message over its own SMTP connection.
type SMTPSender struct {
	// Composer renders messages; set its fields before the first Send.
	Composer Composer

	cfg         smtpConfig
	tls         *tls.Config
	defaultFrom string
	logger      *slog.Logger
}

var _ Sender = (*SMTPSender)(nil)

// NewSMTP parses rawURL (smtp://user:pass@host:587 or smtps://host:465, with
// optional ?insecure_skip_verify=1 and ?helo=name). With scheme smtp the
// connection is upgraded with STARTTLS whenever the server offers it.
// defaultFrom is used for messages without From and may be empty.
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
	return &SMTPSender{
		cfg: cfg,
		tls: &tls.Config{
			ServerName:         cfg.host,
			InsecureSkipVerify: cfg.skipVerify, //nolint:gosec // opt-in for test servers only
			MinVersion:         tls.VersionTLS12,
		},
		defaultFrom: defaultFrom,
		logger:      logger,
	}, nil
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
	if err := s.deliver(ctx, msg); err != nil {
		return fmt.Errorf("mail: smtp %s: %w", s.cfg.addr(), err)
	}
	s.logger.DebugContext(ctx, "mail sent",
		"server", s.cfg.addr(), "message_id", msg.MessageID, "recipients", len(msg.To))
	return nil
}

func (s *SMTPSender) deliver(ctx context.Context, msg Composed) (err error) {
	defer func() {
		if err != nil {
			err = contextError(ctx, err)
		}
	}()
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", s.cfg.addr())
	if err != nil {
		return fmt.Errorf("dial: %w", err)
	}
	// net/smtp knows nothing of contexts: a deadline bounds every read and
	// write, and cancellation moves it into the past to unblock them at once.
	deadline, ok := ctx.Deadline()
	if !ok {
		deadline = time.Now().Add(defaultTimeout)
	}
	if err := conn.SetDeadline(deadline); err != nil {
		conn.Close()
		return fmt.Errorf("set deadline: %w", err)
	}
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()

	if s.cfg.implicitTLS {
		tc := tls.Client(conn, s.tls)
		if err := tc.HandshakeContext(ctx); err != nil {
			conn.Close()
			return fmt.Errorf("tls handshake: %w", err)
		}
		conn = tc
	}
	// NewClient marks a *tls.Conn as TLS, which PlainAuth checks.
	c, err := smtp.NewClient(conn, s.cfg.host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("greeting: %w", err)
	}
	defer c.Close()
	if err := c.Hello(s.cfg.helo); err != nil {
		return fmt.Errorf("ehlo: %w", err)
	}
	if ok, _ := c.Extension("STARTTLS"); ok && !s.cfg.implicitTLS {
		if err := c.StartTLS(s.tls); err != nil {
			return fmt.Errorf("starttls: %w", err)
		}
	}
	if s.cfg.user != "" {
		if ok, _ := c.Extension("AUTH"); !ok {
			return errors.New("server does not offer AUTH but the url has credentials")
		}
		// PlainAuth refuses to send the password in clear unless the
		// connection is TLS or the host is localhost.
		auth := smtp.PlainAuth("", s.cfg.user, s.cfg.pass, s.cfg.host)
		if err := c.Auth(auth); err != nil {
			return fmt.Errorf("auth: %w", err)
		}
	}
	if err := c.Mail(msg.From); err != nil {
		return fmt.Errorf("mail from: %w", err)
	}
	for _, rcpt := range msg.To {
		if err := c.Rcpt(rcpt); err != nil {
			return fmt.Errorf("rcpt to %s: %w", rcpt, err)
		}
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("data: %w", err)
	}
	if _, err := w.Write(msg.Data); err != nil {
		return fmt.Errorf("data: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("data: %w", err)
	}
	// The server accepted the message once DATA closed; failing now would
	// make the caller retry and deliver it twice.
	if err := c.Quit(); err != nil {
		s.logger.DebugContext(ctx, "mail: smtp quit failed after delivery", "err", err)
	}
	return nil
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
