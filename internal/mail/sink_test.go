package mail

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"log"
	"math/big"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// sinkMail is one message as the sink SMTP server received it.
type sinkMail struct {
	From       string
	To         []string
	Data       []byte
	User, Pass string // AUTH PLAIN credentials, empty without AUTH
	TLS        bool   // whether the session was encrypted at DATA time
}

type sinkOptions struct {
	cert              *tls.Certificate // offers STARTTLS, or implicit TLS with implicitTLS
	implicitTLS       bool
	allowInsecureAuth bool
	user, pass        string // when set, AUTH is required before MAIL
	host              string // listen address; 127.0.0.1 when empty
	// rcpt, when set, answers RCPT TO; n counts that address's tries so far.
	rcpt func(to string, n int) error
}

// sink is a real SMTP server (go-smtp) that records what clients deliver.
type sink struct {
	addr    string
	conns   atomic.Int32 // accepted TCP connections
	logouts atomic.Int32 // sessions ended

	mu      sync.Mutex
	mails   []sinkMail
	open    []net.Conn     // accepted connections, for drop
	rcptTry map[string]int // RCPT TO tries per address
}

// drop closes every connection from the server's side, as a relay does
// with connections idle past its timeout.
func (s *sink) drop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.open {
		c.Close()
	}
	s.open = nil
}

func (s *sink) received() []sinkMail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]sinkMail(nil), s.mails...)
}

func startSink(t *testing.T, opt sinkOptions) *sink {
	t.Helper()
	s := &sink{}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return &sinkSession{sink: s, conn: c, opt: opt}, nil
	}))
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = opt.allowInsecureAuth
	srv.ReadTimeout = 10 * time.Second
	srv.WriteTimeout = 10 * time.Second
	srv.ErrorLog = log.New(io.Discard, "", 0)

	host := opt.host
	if host == "" {
		host = "127.0.0.1"
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(host, "0"))
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	s.addr = ln.Addr().String()
	ln = &countingListener{Listener: ln, s: s}
	if opt.cert != nil {
		cfg := &tls.Config{Certificates: []tls.Certificate{*opt.cert}, MinVersion: tls.VersionTLS12}
		if opt.implicitTLS {
			ln = tls.NewListener(ln, cfg)
		} else {
			srv.TLSConfig = cfg
		}
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(ln); err != nil && !errors.Is(err, net.ErrClosed) {
			t.Errorf("sink serve: %v", err)
		}
	}()
	t.Cleanup(func() {
		srv.Close()
		// Close misses the listener when Serve has not started yet.
		ln.Close()
		<-done
	})
	return s
}

type countingListener struct {
	net.Listener
	s *sink
}

func (l *countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err == nil {
		l.s.conns.Add(1)
		l.s.mu.Lock()
		l.s.open = append(l.s.open, c)
		l.s.mu.Unlock()
	}
	return c, err
}

type sinkSession struct {
	sink          *sink
	conn          *smtp.Conn
	opt           sinkOptions
	cur           sinkMail
	user, pass    string
	authenticated bool
	inTx          bool // MAIL accepted and not yet ended by DATA or RSET
}

func (s *sinkSession) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *sinkSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != s.opt.user || pass != s.opt.pass {
			return errors.New("invalid credentials")
		}
		s.user, s.pass, s.authenticated = user, pass, true
		return nil
	}), nil
}

func (s *sinkSession) Mail(from string, _ *smtp.MailOptions) error {
	if s.opt.user != "" && !s.authenticated {
		return smtp.ErrAuthRequired
	}
	// Like Postfix, refuse MAIL inside a transaction: a client must RSET
	// after a refused RCPT before it starts the next message.
	if s.inTx {
		return &smtp.SMTPError{Code: 503, EnhancedCode: smtp.EnhancedCode{5, 5, 1}, Message: "nested MAIL command"}
	}
	s.inTx = true
	s.cur = sinkMail{From: from, User: s.user, Pass: s.pass}
	return nil
}

func (s *sinkSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.sink.mu.Lock()
	if s.sink.rcptTry == nil {
		s.sink.rcptTry = map[string]int{}
	}
	n := s.sink.rcptTry[to]
	s.sink.rcptTry[to]++
	s.sink.mu.Unlock()
	if s.opt.rcpt != nil {
		if err := s.opt.rcpt(to, n); err != nil {
			return err
		}
	}
	s.cur.To = append(s.cur.To, to)
	return nil
}

func (s *sink) tries(to string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rcptTry[to]
}

func (s *sinkSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.cur.Data = b
	_, s.cur.TLS = s.conn.TLSConnectionState()
	s.sink.mu.Lock()
	s.sink.mails = append(s.sink.mails, s.cur)
	s.sink.mu.Unlock()
	return nil
}

func (s *sinkSession) Reset()        { s.cur, s.inTx = sinkMail{}, false }
func (s *sinkSession) Logout() error { s.sink.logouts.Add(1); return nil }

// selfSignedCert makes a throwaway certificate for 127.0.0.1 and localhost.
func selfSignedCert(t *testing.T) *tls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "masthead test sink"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames:     []string{"localhost"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return &tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

// silentServer accepts TCP connections and never says a word, like a
// firewalled or wedged mail server. onAccept, if set, runs per connection.
func silentServer(t *testing.T, onAccept func()) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	var (
		mu    sync.Mutex
		conns []net.Conn
	)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			if onAccept != nil {
				onAccept()
			}
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		<-done
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return ln.Addr().String()
}
