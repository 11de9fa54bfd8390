// Package config loads Masthead's settings from MASTHEAD_* environment
// variables, with command-line flags taking precedence. Secrets can also come
// from a file named by the variable with a _FILE suffix.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/mail"
	"net/netip"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"masthead/internal/httpx"
)

// Config is the operator's configuration of one process.
type Config struct {
	Addr        string
	DataDir     string
	DatabaseURL string // empty: SQLite in DataDir
	SMTPURL     string // empty: development sender writing to DataDir/mail
	MailFrom    string
	// DKIM signing of SMTP mail: all three or none.
	DKIMKeyFile, DKIMSelector, DKIMDomain string
	BaseURL                               string // public address, for links in emails
	// BounceAddress is the newsletters' envelope sender: bounces come back
	// to bounce+token@its domain (VERP) and List-Unsubscribe offers
	// unsubscribe+token@ there. Empty: the From address, and no mailto.
	BounceAddress string
	// InboundSMTPAddr is where the listener for those addresses runs
	// (bounces, complaints, emailed unsubscribes); empty: none.
	InboundSMTPAddr string
	// MailgunWebhookKey is the signing key of Mailgun's webhooks, which
	// report bounces, complaints and unsubscribes; empty: no webhook.
	MailgunWebhookKey string
	ThemeDir          string
	CacheOff          bool
	SecureCookies     bool
	LogLevel          slog.Level
	AccessLog         bool
	Demo              bool // load demo content into an empty database

	// The page cache's budget and how /metrics is served (see Vars).
	CacheBytes   int64
	MetricsAddr  string // empty: no separate metrics listener
	MetricsToken string // empty: no /metrics on the public address
	// TrustedProxies are the load balancers whose X-Forwarded-For is
	// believed; empty trusts none and the peer address is the client.
	TrustedProxies []netip.Prefix
	// ViewsFlush is how often counted page views are added to the
	// database, MostReadRefresh how often "Most read" is reloaded from it
	// (decision 0033).
	ViewsFlush, MostReadRefresh time.Duration
	// S3 is the S3-compatible bucket media files are kept in instead of
	// the data directory (decision 0037); Endpoint "" means the directory.
	S3 S3Config
}

// S3Config is where media files go when they are not in the data directory.
type S3Config struct {
	Endpoint, Bucket, Region, AccessKey, SecretKey string
	Insecure, PathStyle                            bool
}

// Var documents one setting for --help and the README.
type Var struct{ Env, Flag, Default, Help string }

// Vars lists every setting.
var Vars = []Var{
	{"MASTHEAD_ADDR", "addr", ":8080", "address to listen on"},
	{"MASTHEAD_DATA", "data", "./data", "data directory: SQLite database, uploads, development mail"},
	{"MASTHEAD_DATABASE_URL", "database-url", "", "postgres://user:pass@host/db switches to PostgreSQL; empty means SQLite in the data directory"},
	{"MASTHEAD_SMTP_URL", "smtp-url", "", "smtp://user:pass@host:587 (STARTTLS) or smtps://...:465; empty writes mail to data/mail and the log"},
	{"MASTHEAD_MAIL_FROM", "mail-from", "Masthead <masthead@localhost>", "From address of emails"},
	{"MASTHEAD_DKIM_KEY_FILE", "dkim-key-file", "", "PEM private key (RSA of 2048 bits or more, or Ed25519) to DKIM-sign mail sent over SMTP; empty: no signing"},
	{"MASTHEAD_DKIM_SELECTOR", "dkim-selector", "", "DKIM selector: the public key is published at SELECTOR._domainkey.DOMAIN"},
	{"MASTHEAD_DKIM_DOMAIN", "dkim-domain", "", "DKIM signing domain (d=), normally the From address's domain"},
	{"MASTHEAD_BASE_URL", "base-url", "", "public address such as https://news.example.org, for canonical addresses, feeds, sitemaps and emails (defaults to the setting in the admin, else the request's host; emails: else http://localhost<addr>)"},
	{"MASTHEAD_BOUNCE_ADDRESS", "bounce-address", "", "envelope sender of newsletters, such as bounce@news.example.org: bounces return to bounce+TOKEN@ that domain (VERP) and List-Unsubscribe offers unsubscribe+TOKEN@ it; its MX must reach the inbound listener. Empty: the newsletter's From address, and no mailto unsubscribe"},
	{"MASTHEAD_INBOUND_SMTP_ADDR", "inbound-smtp-addr", "", "address of the inbound SMTP listener for bounces, complaints and emailed unsubscribes, such as :2525; empty: no listener"},
	{"MASTHEAD_MAILGUN_WEBHOOK_KEY", "mailgun-webhook-key", "", "Mailgun's HTTP webhook signing key: POST /webhooks/mailgun then takes its failed, complained and unsubscribed events; empty: no webhook"},
	{"MASTHEAD_THEME", "theme", "", "directory whose templates and assets override the built-in ones"},
	{"MASTHEAD_CACHE_OFF", "cache-off", "false", "disable the in-memory page cache (benchmarks, debugging)"},
	{"MASTHEAD_SECURE_COOKIES", "secure-cookies", "false", "mark session and form cookies Secure, staff and readers (set when served over HTTPS)"},
	{"MASTHEAD_LOG_LEVEL", "log-level", "info", "debug, info, warn or error"},
	{"MASTHEAD_ACCESS_LOG", "access-log", "false", "log every request at info level (otherwise at debug)"},
	{"MASTHEAD_CACHE_BYTES", "cache-bytes", "64MB", "memory budget of the page cache, in bytes or with KB, MB or GB (powers of 1024); a tenth is for list pages past the first"},
	{"MASTHEAD_METRICS_ADDR", "metrics-addr", "", "serve /metrics on this separate address only, e.g. 127.0.0.1:9090; empty: no metrics listener"},
	{"MASTHEAD_METRICS_TOKEN", "metrics-token", "", "serve /metrics on the public address to requests with Authorization: Bearer TOKEN (at least 16 characters); empty: /metrics is 404 there"},
	{"MASTHEAD_VIEWS_FLUSH", "views-flush", "15s", "how often this instance adds the page views it counted to the database (between 1s and 1h)"},
	{"MASTHEAD_MOST_READ_REFRESH", "most-read-refresh", "1m", "how often the \"Most read\" lists are reloaded from the database (between 1s and 1h)"},
	{"MASTHEAD_S3_ENDPOINT", "s3-endpoint", "", "host[:port] of an S3-compatible store (s3.eu-west-1.amazonaws.com, minio.internal:9000) to keep uploaded media in instead of data/media, so several instances share it; empty: the data directory"},
	{"MASTHEAD_S3_BUCKET", "s3-bucket", "", "bucket for media files (it must exist)"},
	{"MASTHEAD_S3_REGION", "s3-region", "", "region of the bucket; empty: the store's default"},
	{"MASTHEAD_S3_ACCESS_KEY", "s3-access-key", "", "access key id for the bucket (or MASTHEAD_S3_ACCESS_KEY_FILE)"},
	{"MASTHEAD_S3_SECRET_KEY", "s3-secret-key", "", "secret access key for the bucket (or MASTHEAD_S3_SECRET_KEY_FILE)"},
	{"MASTHEAD_S3_INSECURE", "s3-insecure", "false", "talk to the S3 endpoint over plain HTTP (a store on a private network)"},
	{"MASTHEAD_S3_PATH_STYLE", "s3-path-style", "false", "put the bucket in the path (host/bucket/key) rather than the host name; most self-hosted stores need it"},
	{"MASTHEAD_TRUSTED_PROXIES", "trusted-proxies", "", "comma-separated addresses or CIDR ranges of your load balancers (10.0.0.0/8,192.0.2.7): their X-Forwarded-For names the client; empty trusts none"},
}

// Load reads env (as os.Environ pairs) and then args (flags after the
// subcommand). It returns flag.ErrHelp for --help, after printing usage to out.
func Load(env []string, args []string, out io.Writer, name string, extra func(*flag.FlagSet)) (Config, error) {
	envMap := map[string]string{}
	for _, kv := range env {
		if k, v, ok := strings.Cut(kv, "="); ok {
			envMap[k] = v
		}
	}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(out)
	// Flags carry the built-in defaults; the environment fills in what the
	// command line did not set. (Putting environment values in as flag
	// defaults would print secrets such as the SMTP password in --help.)
	vals := map[string]*string{}
	for _, v := range Vars {
		vals[v.Flag] = fs.String(v.Flag, v.Default, v.Help+" ("+v.Env+")")
	}
	if extra != nil {
		extra(fs)
	}
	fs.Usage = func() {
		fmt.Fprintf(out, "Usage: masthead %s [flags]\n\nFlags (each also read from its environment variable):\n", name)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return Config{}, err
	}
	if fs.NArg() > 0 {
		return Config{}, fmt.Errorf("unexpected argument %q (see masthead %s --help)", fs.Arg(0), name)
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var errs []error
	for _, v := range Vars {
		if set[v.Flag] {
			continue
		}
		e, ok, err := lookup(envMap, v.Env)
		if err != nil {
			errs = append(errs, err)
		} else if ok {
			*vals[v.Flag] = e
		}
	}
	c := Config{
		Addr: *vals["addr"], DataDir: *vals["data"], DatabaseURL: *vals["database-url"], SMTPURL: *vals["smtp-url"],
		MailFrom: *vals["mail-from"], DKIMKeyFile: *vals["dkim-key-file"], DKIMSelector: *vals["dkim-selector"], DKIMDomain: *vals["dkim-domain"], BaseURL: strings.TrimRight(*vals["base-url"], "/"), ThemeDir: *vals["theme"],
		BounceAddress: strings.TrimSpace(*vals["bounce-address"]), InboundSMTPAddr: *vals["inbound-smtp-addr"],
		MailgunWebhookKey: strings.TrimSpace(*vals["mailgun-webhook-key"]),
	}
	boolVal := func(flagName string) bool {
		b, err := strconv.ParseBool(*vals[flagName])
		if err != nil {
			errs = append(errs, fmt.Errorf("--%s: want true or false, got %q", flagName, *vals[flagName]))
		}
		return b
	}
	c.CacheOff, c.SecureCookies, c.AccessLog = boolVal("cache-off"), boolVal("secure-cookies"), boolVal("access-log")
	c.MetricsAddr, c.MetricsToken = *vals["metrics-addr"], *vals["metrics-token"]
	c.S3 = S3Config{Endpoint: strings.TrimSpace(*vals["s3-endpoint"]), Bucket: strings.TrimSpace(*vals["s3-bucket"]), Region: strings.TrimSpace(*vals["s3-region"]),
		AccessKey: strings.TrimSpace(*vals["s3-access-key"]), SecretKey: *vals["s3-secret-key"],
		Insecure: boolVal("s3-insecure"), PathStyle: boolVal("s3-path-style")}
	if n, err := ParseBytes(*vals["cache-bytes"]); err != nil {
		errs = append(errs, fmt.Errorf("--cache-bytes: %w", err))
	} else {
		c.CacheBytes = n
	}
	for _, d := range []struct {
		flag string
		to   *time.Duration
	}{{"views-flush", &c.ViewsFlush}, {"most-read-refresh", &c.MostReadRefresh}} {
		v, err := time.ParseDuration(*vals[d.flag])
		if err != nil || v < time.Second || v > time.Hour {
			errs = append(errs, fmt.Errorf("--%s: want a duration from 1s to 1h such as 15s or 2m, got %q", d.flag, *vals[d.flag]))
		}
		*d.to = v
	}
	if p, err := httpx.ParseProxies(*vals["trusted-proxies"]); err != nil {
		errs = append(errs, fmt.Errorf("--trusted-proxies: %w", err))
	} else {
		c.TrustedProxies = p
	}
	if err := c.LogLevel.UnmarshalText([]byte(*vals["log-level"])); err != nil {
		errs = append(errs, fmt.Errorf("--log-level: want debug, info, warn or error, got %q", *vals["log-level"]))
	}
	if len(errs) == 0 {
		// A value that could not be read is reported once, not again as
		// the zero value Validate would then see.
		errs = append(errs, c.Validate())
	}
	return c, errors.Join(errs...)
}

// lookup reads NAME, or the contents of the file named by NAME_FILE. A
// file that cannot be read is an error, not an empty setting: a missing
// MASTHEAD_DATABASE_URL_FILE would otherwise start an empty SQLite
// publication, and a missing SMTP secret would write mail to disk.
func lookup(env map[string]string, name string) (string, bool, error) {
	if v, ok := env[name]; ok {
		return v, true, nil
	}
	if path, ok := env[name+"_FILE"]; ok {
		b, err := os.ReadFile(path)
		if err != nil {
			return "", false, fmt.Errorf("%s_FILE: %w", name, err)
		}
		return strings.TrimSpace(string(b)), true, nil
	}
	return "", false, nil
}

// Validate checks values that would otherwise fail later and obscurely.
func (c Config) Validate() error {
	var errs []error
	if c.Addr == "" {
		errs = append(errs, errors.New("--addr must not be empty"))
	}
	if c.DataDir == "" {
		errs = append(errs, errors.New("--data must not be empty"))
	}
	if c.DatabaseURL != "" && !strings.HasPrefix(c.DatabaseURL, "postgres://") && !strings.HasPrefix(c.DatabaseURL, "postgresql://") && !strings.HasPrefix(c.DatabaseURL, "sqlite:") {
		errs = append(errs, errors.New("--database-url must start with postgres:// (or sqlite:PATH)"))
	}
	if c.BaseURL != "" {
		if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, errors.New("--base-url must be a full address such as https://news.example.org"))
		}
	}
	if c.BounceAddress != "" {
		if a, err := mail.ParseAddress(c.BounceAddress); err != nil || a.Name != "" || strings.ContainsAny(a.Address, "+<>") || !strings.Contains(a.Address, "@") {
			errs = append(errs, errors.New("--bounce-address must be a bare address without '+', such as bounce@news.example.org"))
		}
	}
	if c.InboundSMTPAddr != "" && c.BounceAddress == "" {
		errs = append(errs, errors.New("--inbound-smtp-addr needs --bounce-address: the listener accepts mail for that address's domain only"))
	}
	if c.InboundSMTPAddr != "" && (c.InboundSMTPAddr == c.Addr || c.InboundSMTPAddr == c.MetricsAddr) {
		errs = append(errs, errors.New("--inbound-smtp-addr must differ from --addr and --metrics-addr"))
	}
	if c.CacheBytes < 1<<20 && !c.CacheOff {
		errs = append(errs, errors.New("--cache-bytes must be at least 1MB (use --cache-off to turn the cache off)"))
	}
	if c.MetricsAddr != "" && c.MetricsAddr == c.Addr {
		errs = append(errs, errors.New("--metrics-addr must differ from --addr: metrics are kept off the public address"))
	}
	if c.MetricsToken != "" && len(c.MetricsToken) < 16 {
		errs = append(errs, errors.New("--metrics-token must be at least 16 characters"))
	}
	if dkim := []string{c.DKIMKeyFile, c.DKIMSelector, c.DKIMDomain}; slices.Contains(dkim, "") && slices.ContainsFunc(dkim, func(s string) bool { return s != "" }) {
		errs = append(errs, errors.New("--dkim-key-file, --dkim-selector and --dkim-domain must be set together (or none, for no DKIM signing)"))
	}
	if s3 := c.S3; s3.Endpoint != "" || s3.Bucket != "" {
		switch {
		case s3.Endpoint == "" || s3.Bucket == "":
			errs = append(errs, errors.New("--s3-endpoint and --s3-bucket must be set together (or neither, to keep media in the data directory)"))
		case strings.Contains(s3.Endpoint, "://") || strings.Contains(s3.Endpoint, "/"):
			errs = append(errs, errors.New("--s3-endpoint is a host name with an optional port, such as minio.internal:9000, without http:// (use --s3-insecure for plain HTTP)"))
		case s3.AccessKey == "" || s3.SecretKey == "":
			errs = append(errs, errors.New("--s3-endpoint needs --s3-access-key and --s3-secret-key (or their _FILE variables)"))
		}
	}
	return errors.Join(errs...)
}

// ParseBytes reads a size such as 67108864, 64MB, 512KB or 1GB (powers of
// 1024; KiB, MiB and GiB are the same).
func ParseBytes(s string) (int64, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"KIB", 1 << 10}, {"MIB", 1 << 20}, {"GIB", 1 << 30}, {"KB", 1 << 10}, {"MB", 1 << 20}, {"GB", 1 << 30}, {"B", 1}} {
		if rest, ok := strings.CutSuffix(t, u.suffix); ok {
			t, mult = strings.TrimSpace(rest), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n < 0 || n > (1<<42)/mult {
		return 0, fmt.Errorf("want a size such as 64MB, got %q", s)
	}
	return n * mult, nil
}
