package mail

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"time"
)

// smtpConfig is the parsed form of an SMTP URL such as
// smtp://user:pass@host:587?insecure_skip_verify=1.
type smtpConfig struct {
	host        string
	port        string
	implicitTLS bool   // smtps: TLS from the first byte, no STARTTLS
	skipVerify  bool   // only for self-signed test servers
	helo        string // name sent with EHLO
	user, pass  string

	// Delivery tuning; zero means the default in the comment.
	pool        int           // connections kept open at once (4)
	rate        float64       // messages per second over all connections (unlimited)
	maxMessages int           // messages per connection before it is replaced (500)
	idleTimeout time.Duration // an unused connection is closed after this (30s)
	attempts    int           // tries per message, counting the first: 1 + the retries parameter (4)
}

func (c smtpConfig) addr() string { return net.JoinHostPort(c.host, c.port) }

// parseSMTPURL validates raw. Errors never repeat raw itself: it may hold a
// password, and these errors end up in logs.
func parseSMTPURL(raw string) (smtpConfig, error) {
	u, err := url.Parse(raw)
	if err != nil {
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err
		}
		return smtpConfig{}, fmt.Errorf("mail: smtp url: %w", err)
	}
	cfg := smtpConfig{helo: "localhost"}
	switch u.Scheme {
	case "smtp":
		cfg.port = "587"
	case "smtps":
		cfg.port = "465"
		cfg.implicitTLS = true
	default:
		return smtpConfig{}, fmt.Errorf("mail: smtp url: scheme %q is not supported; use smtp or smtps", u.Scheme)
	}
	if u.Opaque != "" {
		return smtpConfig{}, errors.New("mail: smtp url: must look like smtp://[user:pass@]host[:port]")
	}
	cfg.host = u.Hostname()
	if cfg.host == "" {
		return smtpConfig{}, errors.New("mail: smtp url: host is required")
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return smtpConfig{}, fmt.Errorf("mail: smtp url: port %q must be between 1 and 65535", p)
		}
		cfg.port = p
	}
	if u.Path != "" && u.Path != "/" {
		return smtpConfig{}, errors.New("mail: smtp url: a path is not allowed")
	}
	if u.User != nil {
		cfg.user = u.User.Username()
		cfg.pass, _ = u.User.Password()
		if cfg.user == "" {
			return smtpConfig{}, errors.New("mail: smtp url: user name is empty")
		}
	}
	if err := cfg.applyQuery(u.RawQuery); err != nil {
		return smtpConfig{}, fmt.Errorf("mail: smtp url: %w", err)
	}
	return cfg, nil
}

// applyQuery rejects unknown parameters so a typo such as
// "insecure_skip_verfy" fails at start instead of being silently ignored.
func (c *smtpConfig) applyQuery(raw string) error {
	q, err := url.ParseQuery(raw)
	if err != nil {
		return fmt.Errorf("query: %w", err)
	}
	for k, vs := range q {
		v := vs[len(vs)-1]
		switch k {
		case "insecure_skip_verify":
			b, err := strconv.ParseBool(v)
			if err != nil {
				return fmt.Errorf("insecure_skip_verify %q must be 1, 0, true or false", v)
			}
			c.skipVerify = b
		case "helo":
			if !validFieldName(v) {
				return fmt.Errorf("helo %q must be a host name", v)
			}
			c.helo = v
		case "pool":
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > 100 {
				return fmt.Errorf("pool %q must be a number of connections from 1 to 100", v)
			}
			c.pool = n
		case "rate":
			f, err := strconv.ParseFloat(v, 64)
			if err != nil || f <= 0 || f > 1e6 {
				return fmt.Errorf("rate %q must be messages per second, more than 0 (omit it for no limit)", v)
			}
			c.rate = f
		case "max_messages":
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				return fmt.Errorf("max_messages %q must be a number of messages per connection, at least 1", v)
			}
			c.maxMessages = n
		case "idle_timeout":
			d, err := time.ParseDuration(v)
			if err != nil || d < time.Second {
				return fmt.Errorf("idle_timeout %q must be a duration of at least 1s, such as 30s", v)
			}
			c.idleTimeout = d
		case "retries":
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 || n > 10 {
				return fmt.Errorf("retries %q must be a number from 0 to 10", v)
			}
			c.attempts = n + 1
		default:
			return fmt.Errorf("unknown parameter %q; allowed: insecure_skip_verify, helo, pool, rate, max_messages, idle_timeout, retries", k)
		}
	}
	return nil
}
