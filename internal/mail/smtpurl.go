package mail

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
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
		default:
			return fmt.Errorf("unknown parameter %q; allowed: insecure_skip_verify, helo", k)
		}
	}
	return nil
}
