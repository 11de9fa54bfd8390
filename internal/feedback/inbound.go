package feedback

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-smtp"

	"masthead/internal/apperr"
	"masthead/internal/newsletter"
)

// Limits of the inbound listener. Bounces and reports are small (the
// original message is usually cut down to its headers); nothing else is
// accepted, so nothing bigger is needed.
const (
	MaxMessageBytes   = 256 << 10
	MaxRecipients     = 10 // per message
	MaxRefused        = 10 // refused recipients before the connection is closed
	MaxConnections    = 50 // at once, in all
	MaxConnsPerClient = 5  // at once, from one IP address
	ConnectionTime    = 5 * time.Minute
	commandTimeout    = time.Minute
	handleTimeout     = 30 * time.Second
)

// Local parts of the addresses the listener answers for.
const (
	bouncePrefix      = "bounce+"
	unsubscribePrefix = "unsubscribe+"
)

var (
	errNoRelay    = &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 7, 1}, Message: "Relaying denied: this server accepts only its own bounce addresses"}
	errNoMailbox  = &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such mailbox"}
	errTryLater   = &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Temporary failure, try again later"}
	errTooManyBad = &smtp.SMTPError{Code: 421, EnhancedCode: smtp.EnhancedCode{4, 7, 0}, Message: "Too many refused recipients, closing connection"}
)

// Inbound is the SMTP listener for bounces, complaints and emailed
// unsubscribes. It needs no authentication and relays nothing: only
// bounce+TOKEN@ and unsubscribe+TOKEN@ the bounce domain are accepted,
// with a token that verifies.
type Inbound struct {
	svc    *Service
	server *smtp.Server
	log    *slog.Logger

	mu      sync.Mutex
	clients map[string]int
	conns   map[*limitedConn]struct{}
	total   int
	ctx     context.Context
	cancel  context.CancelFunc
}

// NewInbound returns a listener for the service's bounce domain;
// hostname is what it calls itself in its greeting.
func NewInbound(svc *Service, hostname string) (*Inbound, error) {
	if svc.domain == "" {
		return nil, fmt.Errorf("feedback: the inbound listener needs the bounce address (MASTHEAD_BOUNCE_ADDRESS)")
	}
	if hostname == "" {
		hostname = svc.domain
	}
	in := &Inbound{svc: svc, log: svc.log, clients: map[string]int{}, conns: map[*limitedConn]struct{}{}}
	in.ctx, in.cancel = context.WithCancel(context.Background())
	s := smtp.NewServer(smtp.BackendFunc(in.newSession))
	s.Domain = hostname
	s.MaxMessageBytes = MaxMessageBytes
	s.MaxRecipients = MaxRecipients
	s.ReadTimeout = commandTimeout
	s.WriteTimeout = commandTimeout
	s.ErrorLog = slogPrinter{svc.log}
	in.server = s
	return in, nil
}

// Serve accepts connections on ln until Shutdown or Close.
func (in *Inbound) Serve(ln net.Listener) error {
	err := in.server.Serve(&limitListener{Listener: ln, in: in})
	if err == smtp.ErrServerClosed {
		return nil
	}
	return err
}

// Shutdown stops accepting and lets conversations under way finish until
// ctx ends, then closes what is left: a sender cut off before its final
// reply retries later, as SMTP provides, so that is no failure.
func (in *Inbound) Shutdown(ctx context.Context) error {
	err := in.server.Shutdown(ctx)
	if err == smtp.ErrServerClosed {
		err = nil
	}
	if ctx.Err() != nil {
		// The server's Close does nothing once Shutdown began: close the
		// connections here.
		in.log.Warn("feedback: inbound smtp: closing conversations still open at shutdown")
		in.mu.Lock()
		open := make([]*limitedConn, 0, len(in.conns))
		for c := range in.conns {
			open = append(open, c)
		}
		in.mu.Unlock()
		for _, c := range open {
			_ = c.Close()
		}
		err = nil
	}
	in.cancel()
	return err
}

// Close stops at once.
func (in *Inbound) Close() error {
	in.cancel()
	return in.server.Close()
}

// recipient is an accepted RCPT: what to do and for whom.
type recipient struct {
	unsubscribe bool
	reader      newsletter.Reader
	link        newsletter.Link
	gone        bool // the token verified but its reader was erased: accept, do nothing
}

// parseRecipient checks an address against the bounce domain and returns
// its kind and token.
func (s *Service) parseRecipient(addr string) (unsubscribe bool, token string, ok bool) {
	at := strings.LastIndexByte(addr, '@')
	if at <= 0 || !strings.EqualFold(strings.TrimSuffix(addr[at+1:], "."), s.domain) {
		return false, "", false
	}
	local := addr[:at]
	switch {
	case len(local) > len(bouncePrefix) && strings.EqualFold(local[:len(bouncePrefix)], bouncePrefix):
		return false, local[len(bouncePrefix):], true
	case len(local) > len(unsubscribePrefix) && strings.EqualFold(local[:len(unsubscribePrefix)], unsubscribePrefix):
		return true, local[len(unsubscribePrefix):], true
	}
	return false, "", false
}

type session struct {
	in      *Inbound
	conn    *smtp.Conn
	rcpts   []recipient
	refused int
}

func (in *Inbound) newSession(c *smtp.Conn) (smtp.Session, error) {
	return &session{in: in, conn: c}, nil
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error { return nil }

// Rcpt accepts only our own addresses with a token that verifies: a
// forged or mistyped one is refused like an unknown mailbox.
func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	svc := s.in.svc
	if s.refused >= MaxRefused {
		_ = s.conn.Conn().Close()
		return errTooManyBad
	}
	unsub, token, ok := svc.parseRecipient(to)
	if !ok {
		s.refused++
		return errNoRelay
	}
	if len(token) > maxTokenLen {
		s.refused++
		return errNoMailbox
	}
	ctx, cancel := context.WithTimeout(s.in.ctx, handleTimeout)
	defer cancel()
	signer, err := svc.readers.Signer(ctx)
	if err != nil {
		svc.log.Error("feedback: inbound: signer", "err", err)
		return errTryLater
	}
	l, err := signer.Verify(token, newsletter.PurposeBounce, svc.now())
	if err != nil {
		s.refused++
		return errNoMailbox
	}
	r, _, err := svc.readers.ReaderForLink(ctx, token, newsletter.PurposeBounce)
	switch {
	case apperr.KindOf(err) == apperr.NotFound:
		s.rcpts = append(s.rcpts, recipient{unsubscribe: unsub, link: l, gone: true})
	case err != nil:
		svc.log.Error("feedback: inbound: reader", "err", err)
		return errTryLater
	default:
		s.rcpts = append(s.rcpts, recipient{unsubscribe: unsub, reader: r, link: l})
	}
	return nil
}

// Data reads the message (the server bounds its size) and acts on it for
// each recipient. A message it cannot read is accepted and ignored, so
// that nobody retries it; only a failure of ours asks the sender to
// come back later.
func (s *session) Data(r io.Reader) (err error) {
	svc := s.in.svc
	defer func() {
		if p := recover(); p != nil {
			svc.log.Error("feedback: inbound: panic reading a message", "panic", p)
			err = nil
		}
	}()
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, r); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(s.in.ctx, handleTimeout)
	defer cancel()
	var rep Report
	parsed := false
	for _, rc := range s.rcpts {
		if rc.gone {
			continue
		}
		if rc.unsubscribe {
			if err := svc.mailtoUnsubscribe(ctx, rc.reader, rc.link); err != nil {
				svc.log.Error("feedback: inbound: unsubscribe", "err", err)
				return errTryLater
			}
			continue
		}
		if !parsed {
			parsed = true
			if rep, err = ParseReport(buf.Bytes()); err != nil {
				svc.log.Info("feedback: inbound: unreadable message to a bounce address ignored", "err", err)
			}
		}
		if err := svc.act(ctx, rc.reader, rc.link, rep); err != nil {
			svc.log.Error("feedback: inbound: bounce", "err", err)
			return errTryLater
		}
	}
	return nil
}

func (s *session) Reset()        { s.rcpts = nil }
func (s *session) Logout() error { return nil }

// act applies a report read from a message to bounce+TOKEN@.
func (s *Service) act(ctx context.Context, r newsletter.Reader, l newsletter.Link, rep Report) error {
	switch rep.Kind {
	case ReportComplaint:
		return s.complain(ctx, r, l.CampaignID, l.NewsletterID, sourceComplaint)
	case ReportBounce:
		return s.bounce(ctx, r, l.CampaignID, l.NewsletterID, rep.Failure)
	}
	return nil
}

// mailtoUnsubscribe acts on an email to the List-Unsubscribe mailto
// address: the token's newsletter only, as the URL would.
func (s *Service) mailtoUnsubscribe(ctx context.Context, r newsletter.Reader, l newsletter.Link) error {
	if l.NewsletterID <= 0 {
		return nil
	}
	if err := s.readers.Unsubscribe(ctx, r.ID, l.NewsletterID, newsletter.Meta{Method: newsletter.MethodEmail, Source: sourceMailto}); err != nil {
		return err
	}
	s.record(ctx, newsletter.MailEvent{CampaignID: l.CampaignID, NewsletterID: l.NewsletterID, ReaderID: r.ID, Kind: newsletter.EventUnsubscribe})
	return nil
}

// limitListener bounds connections, in all and per client address, and
// how long each may last. A client past a bound is told to come back.
type limitListener struct {
	net.Listener
	in *Inbound
}

func (l *limitListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		host := clientKey(c.RemoteAddr())
		if !l.in.take(host) {
			_ = c.SetWriteDeadline(time.Now().Add(5 * time.Second))
			_, _ = io.WriteString(c, "421 4.7.0 Too many connections, try again later\r\n")
			_ = c.Close()
			continue
		}
		lc := &limitedConn{Conn: c}
		lc.release = func() { l.in.give(host, lc) }
		l.in.mu.Lock()
		l.in.conns[lc] = struct{}{}
		l.in.mu.Unlock()
		lc.timer = time.AfterFunc(ConnectionTime, func() { _ = lc.Close() })
		return lc, nil
	}
}

// clientKey is what the per-client limit counts by: the IPv4 address, or
// the /64 of an IPv6 one, since one IPv6 host usually holds a whole /64
// and could otherwise take every slot.
func clientKey(a net.Addr) string {
	host, _, _ := net.SplitHostPort(a.String())
	ip := net.ParseIP(host)
	if ip == nil || ip.To4() != nil {
		return host
	}
	return ip.Mask(net.CIDRMask(64, 128)).String() + "/64"
}

func (in *Inbound) take(host string) bool {
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.total >= MaxConnections || in.clients[host] >= MaxConnsPerClient {
		return false
	}
	in.total++
	in.clients[host]++
	return true
}

func (in *Inbound) give(host string, c *limitedConn) {
	in.mu.Lock()
	defer in.mu.Unlock()
	delete(in.conns, c)
	in.total--
	if in.clients[host]--; in.clients[host] <= 0 {
		delete(in.clients, host)
	}
}

// limitedConn gives its slot back once, when closed, and is closed when
// its time is up whatever the conversation is doing.
type limitedConn struct {
	net.Conn
	once    sync.Once
	timer   *time.Timer
	release func()
}

func (c *limitedConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(func() {
		c.timer.Stop()
		c.release()
	})
	return err
}

// slogPrinter sends the SMTP server's own log lines to the logger.
type slogPrinter struct{ log *slog.Logger }

func (p slogPrinter) Printf(format string, v ...any) {
	p.log.Warn("feedback: inbound smtp: " + fmt.Sprintf(format, v...))
}
func (p slogPrinter) Println(v ...any) { p.log.Warn("feedback: inbound smtp: " + fmt.Sprint(v...)) }
