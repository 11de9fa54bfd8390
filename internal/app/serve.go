package app

import (
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"masthead/internal/admin"
	"masthead/internal/analytics"
	"masthead/internal/auth"
	"masthead/internal/campaign"
	"masthead/internal/config"
	"masthead/internal/content"
	"masthead/internal/feedback"
	"masthead/internal/httpx"
	"masthead/internal/mail"
	"masthead/internal/media"
	"masthead/internal/newsletter"
	"masthead/internal/queue"
	"masthead/internal/ratelimit"
	"masthead/internal/site"
	"masthead/internal/staffmail"
	"masthead/internal/store"
)

// Server is a running publication: what serve builds, also used by tests.
type Server struct {
	Config  config.Config
	DB      *store.DB
	Queue   *queue.Queue
	Site    *site.Site
	Auth    *auth.Service
	Content *content.Service
	// Newsletters holds readers, newsletters and consent; it sends
	// confirmation emails through Queue.
	Newsletters *newsletter.Service
	// Feedback records what comes back from sent mail: bounces,
	// complaints, emailed unsubscribes, opens and clicks (decision 0025).
	Feedback *feedback.Service
	// Inbound is the SMTP listener for bounces, complaints and emailed
	// unsubscribes; nil without MASTHEAD_INBOUND_SMTP_ADDR.
	Inbound *feedback.Inbound
	// InboundListener, when set before Run, is where Inbound serves.
	InboundListener net.Listener
	// Media stores uploads and makes their crops (decision 0030).
	Media *media.Library
	// Campaigns sends issues to newsletters; its send jobs run on Queue.
	Campaigns *campaign.Service
	Handler   http.Handler
	// Views counts readers' page views and MostRead keeps the "Most read"
	// lists (decision 0033); FlushViews does at once what they do on
	// their intervals.
	Views    *analytics.Counter
	MostRead *analytics.Ranking
	// Metrics is the /metrics endpoint (behind the bearer token when one is
	// configured), for the separate metrics listener.
	Metrics http.Handler
	// MetricsListener, when set before Run, serves Metrics on its own
	// http.Server (MASTHEAD_METRICS_ADDR).
	MetricsListener net.Listener
	log             *slog.Logger
	reader          *store.SiteReader // the public site's prepared queries
	// instance names this process in change notices to other instances.
	instance string
	// Listening is closed once this instance hears other instances' changes.
	Listening chan struct{}
	// mailer is closed after the workers stop (SMTP: QUIT on pooled connections).
	mailer mail.Sender
	// purge empties every instance's page cache.
	purge func(context.Context)
}

// purgeChannel carries "readers may see something new" between instances
// sharing a PostgreSQL database; the payload is the sender's instance name.
const purgeChannel = "masthead_purge"

// Build opens the database and wires every part; it refuses a database
// whose schema is not this binary's (migrating a fresh one).
func Build(ctx context.Context, cfg config.Config, logger *slog.Logger, demo bool) (*Server, error) {
	files, err := mediaFiles(ctx, cfg)
	if err != nil {
		return nil, err
	}
	db, err := openCurrentStore(ctx, cfg)
	if err != nil {
		return nil, err
	}
	loadedDemo := false
	if demo {
		n, err := db.CountArticles(ctx)
		if err != nil {
			db.Close()
			return nil, err
		}
		if n == 0 {
			logger.Info("empty database: loading the demo publication")
			if _, err := LoadDemo(ctx, db, files, time.Now); err != nil {
				db.Close()
				return nil, fmt.Errorf("load demo: %w", err)
			}
			loadedDemo = true
		}
	}
	sender, err := newMailer(cfg, logger)
	if err != nil {
		db.Close()
		return nil, err
	}
	s := &Server{Config: cfg, DB: db, log: logger, instance: instanceName(), Listening: make(chan struct{}), mailer: sender}
	s.Queue = queue.New(db, logger, queue.Options{})
	if s.reader, err = db.SiteReader(ctx); err != nil {
		db.Close()
		return nil, err
	}
	s.Views = analytics.NewCounter(db, time.Now, logger)
	// A change in the lists shows on every page: re-render them, from the
	// shared data, which has not changed.
	s.MostRead = analytics.NewRanking(db, time.Now, logger, func() { s.Site.PurgePages() })
	purge := func(ctx context.Context) {
		s.Site.Purge()
		s.MostRead.Poke() // the lists may name what changed
		if err := db.Notify(ctx, purgeChannel, s.instance); err != nil {
			s.log.Error("tell other instances to purge", "err", err)
		}
	}
	s.purge = purge
	// The site's sign-up forms show the newsletters and sectors.
	s.Newsletters = newsletter.NewService(newsletter.Options{Store: db, Mail: sender, Logger: logger, Now: time.Now, Site: s.siteIdentity, Changed: purge})
	s.Newsletters.UseQueue(s.Queue)
	if s.Campaigns, err = newCampaigns(campaignParts{db: db, cfg: cfg, news: s.Newsletters, sender: sender, logger: logger, site: s.siteIdentity}); err != nil {
		db.Close()
		return nil, err
	}
	s.Campaigns.Register(s.Queue)
	if loadedDemo {
		if err := queueDemoIssue(ctx, s.Campaigns, s.Newsletters, db); err != nil {
			db.Close()
			return nil, fmt.Errorf("load demo: %w", err)
		}
	}
	s.Feedback = feedback.New(feedback.Options{Readers: s.Newsletters, Store: db, Logger: logger, Now: time.Now,
		BounceAddress: cfg.BounceAddress, MailgunKey: cfg.MailgunWebhookKey})
	if cfg.InboundSMTPAddr != "" {
		if s.Inbound, err = feedback.NewInbound(s.Feedback, ""); err != nil {
			db.Close()
			return nil, err
		}
	}
	proxies := httpx.NewProxies(cfg.TrustedProxies)
	s.Site, err = site.New(site.Options{Store: s.reader, BaseURL: cfg.BaseURL, Readers: s.Newsletters, Logger: logger, Media: files, ThemeDir: cfg.ThemeDir, CacheOff: cfg.CacheOff, CacheBytes: int(cfg.CacheBytes), Now: time.Now,
		Newsletters: s.Newsletters, Limits: ratelimit.New(db, time.Now), Proxies: proxies, Feedback: s.Feedback,
		Counter: s.Views, Ranking: s.MostRead})
	if err != nil {
		db.Close()
		return nil, err
	}
	s.Content = content.NewService(db, content.QueueScheduler{Jobs: s.Queue}, time.Now, purge)
	// Each package owns its kinds of job (JobKinds); auth and newsletters
	// register theirs in UseQueue, with the queue they enqueue on.
	s.Queue.Register(s.Content.JobKinds()...)
	desk := staffmail.New(staffmail.Options{Store: db, Mail: sender, Jobs: s.Queue, Logger: logger, Site: s.siteIdentity})
	s.Queue.Register(desk.JobKinds()...)
	s.Content.UseNotifier(desk)
	s.Auth = auth.NewService(db, sender, logger, time.Now, s.siteIdentity)
	s.Auth.UseQueue(s.Queue)
	s.Media = media.NewIn(files, db, time.Now)
	s.Media.UseQueue(s.Queue, logger, purge)
	s.Content.OnCrops(s.Media.QueueUseCrops) // per-use crops of saved articles (decision 0048)
	adm, err := admin.New(admin.Options{Auth: s.Auth, Content: s.Content, Media: s.Media, Store: db,
		Logger: logger, Now: time.Now, SecureCookies: cfg.SecureCookies, Preview: s.Site,
		Proxies: proxies, Newsletters: s.Newsletters, Campaigns: s.Campaigns, Jobs: s.Queue})
	if err != nil {
		db.Close()
		return nil, err
	}
	metrics := httpx.NewMetrics()
	metrics.AddCollector(s.writeMetrics)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok\n") })
	mux.HandleFunc("GET /readyz", s.ready)
	// /metrics is not for readers: it counts requests by route and status,
	// failed sign-ins included. On the public address it needs the token;
	// without one it is not there at all (the site's 404).
	s.Metrics = metrics
	if cfg.MetricsToken != "" {
		s.Metrics = httpx.RequireBearer(cfg.MetricsToken)(metrics)
		mux.Handle("GET /metrics", s.Metrics)
	}
	s.Site.Routes(mux)
	adm.Routes(mux)
	accessLevel := slog.LevelDebug
	if cfg.AccessLog {
		accessLevel = slog.LevelInfo
	}
	routed := httpx.Chain(mux,
		httpx.Recover(logger),
		httpx.WithRequestID,
		httpx.AccessLog(logger, accessLevel),
		httpx.SecurityHeaders,
		httpx.LimitBody(1<<20),
		httpx.Gzip,
		metrics.Middleware, // innermost, so it sees the pattern the mux matched
	)
	s.Handler = routed
	if !cfg.CacheOff && !logger.Enabled(ctx, accessLevel) {
		s.Handler = cachedFirst(s.Site, metrics, routed)
	}
	return s, nil
}

// cachedFirst answers page-cache hits before routing and the middleware
// chain: most reader traffic is hits, and they need only the security
// headers and a count. Everything else goes through the full chain.
func cachedFirst(st *site.Site, m *httpx.Metrics, next http.Handler) http.Handler {
	const route = "page cache"
	ok200, ok304 := m.Counter(route, http.StatusOK), m.Counter(route, http.StatusNotModified)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		httpx.SetSecurityHeaders(w.Header())
		code, ok := st.ServeCached(w, r)
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		switch code {
		case http.StatusOK:
			ok200.Add(1)
		case http.StatusNotModified:
			ok304.Add(1)
		default:
			m.Counter(route, code).Add(1)
		}
		m.ObserveDuration(time.Since(start))
	})
}

func (s *Server) siteIdentity(ctx context.Context) (string, string) {
	st, err := s.DB.GetSettings(ctx)
	name := st.Name
	if err != nil || name == "" {
		name = "Masthead"
	}
	base := s.Config.BaseURL
	if base == "" {
		base = st.BaseURL
	}
	if base == "" {
		base = listenBase(s.Config.Addr)
	}
	return name, base
}

// listenBase is the address emailed links use when no base URL is set:
// the listening address, with "localhost" for a wildcard or empty host
// (":8080" gives http://localhost:8080, "127.0.0.1:8081" gives
// http://127.0.0.1:8081).
func listenBase(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "http://localhost"
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}

func (s *Server) ready(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Cache-Control", "no-store")
	if err := s.DB.Ping(ctx); err != nil {
		http.Error(w, "database unavailable", http.StatusServiceUnavailable)
		return
	}
	if err := s.DB.CheckCurrent(ctx); err != nil {
		http.Error(w, "schema not current", http.StatusServiceUnavailable)
		return
	}
	io.WriteString(w, "ready\n")
}

func (s *Server) writeMetrics(w io.Writer) {
	hits, misses := s.Site.CacheStats()
	fmt.Fprintf(w, "# HELP masthead_page_cache_hits_total Public pages answered from the page cache.\n# TYPE masthead_page_cache_hits_total counter\nmasthead_page_cache_hits_total %d\n", hits)
	fmt.Fprintf(w, "# HELP masthead_page_cache_misses_total Public pages rendered because the cache had no copy.\n# TYPE masthead_page_cache_misses_total counter\nmasthead_page_cache_misses_total %d\n", misses)
	pages, bytes := s.Site.CacheSize()
	fmt.Fprintf(w, "# HELP masthead_page_cache_pages Pages in the page cache.\n# TYPE masthead_page_cache_pages gauge\nmasthead_page_cache_pages %d\n", pages)
	fmt.Fprintf(w, "# HELP masthead_page_cache_bytes Bytes the page cache holds, counted against MASTHEAD_CACHE_BYTES.\n# TYPE masthead_page_cache_bytes gauge\nmasthead_page_cache_bytes %d\n", bytes)
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if ready, total, err := s.Queue.Depth(ctx); err == nil {
		fmt.Fprintf(w, "# HELP masthead_queue_jobs Background jobs waiting.\n# TYPE masthead_queue_jobs gauge\nmasthead_queue_jobs{state=\"due\"} %d\nmasthead_queue_jobs{state=\"pending\"} %d\n", ready, total)
	}
	if counts, err := s.Queue.Counts(ctx); err == nil {
		// Failed jobs wait for staff (Settings, Background jobs): alert on them.
		fmt.Fprintf(w, "# HELP masthead_queue_failed_jobs Background jobs that used up their attempts, by kind.\n# TYPE masthead_queue_failed_jobs gauge\n")
		for _, c := range counts {
			fmt.Fprintf(w, "masthead_queue_failed_jobs{kind=%q} %d\n", c.Kind, c.Failed)
		}
	}
}

// Background starts the work that runs beside HTTP: the job queue, the
// minute sweep, listening for other instances' changes, and stripping
// metadata from images stored before uploads were stripped, then making
// the crops images stored before crops existed lack. The returned
// function stops them and waits.
func (s *Server) Background(ctx context.Context) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(6)
	go func() { defer wg.Done(); s.Views.Run(ctx, orDefault(s.Config.ViewsFlush, analytics.DefaultFlush)) }()
	go func() {
		defer wg.Done()
		s.MostRead.Run(ctx, orDefault(s.Config.MostReadRefresh, analytics.DefaultRefresh))
	}()
	go func() { defer wg.Done(); s.stripStoredMedia(ctx); s.cropStoredMedia(ctx); s.queueMissingVariants(ctx) }()
	go func() { defer wg.Done(); s.Queue.Run(ctx) }()
	go func() { defer wg.Done(); s.sweep(ctx) }()
	go func() {
		defer wg.Done()
		var once sync.Once
		ready := func() { once.Do(func() { close(s.Listening) }) }
		_ = s.DB.Listen(ctx, purgeChannel, ready, func(from string) {
			if from != s.instance {
				s.Site.Purge()
				s.MostRead.Poke()
			}
		}, func(err error) {
			s.log.Warn("page-cache purge listener lost its connection; reconnecting and purging", "err", err)
		})
	}()
	return func() { cancel(); wg.Wait() }
}

// FlushViews adds the page views counted so far to the database and
// reloads "Most read", as the background work does every few seconds.
func (s *Server) FlushViews(ctx context.Context) error {
	if err := s.Views.Flush(ctx); err != nil {
		return err
	}
	return s.MostRead.Refresh(ctx)
}

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

func instanceName() string {
	host, _ := os.Hostname()
	var b [4]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("%s-%d-%x", host, os.Getpid(), b)
}

// Run serves until ctx ends, then shuts down in order: HTTP (the public
// listener, then the metrics listener), workers, DB.
func (s *Server) Run(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.Handler,
		ConnContext:       httpx.ConnContext,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	wait := s.Background(context.WithoutCancel(ctx))
	errc := make(chan error, 3)
	go func() { errc <- srv.Serve(httpx.CoalescingListener(ln)) }()
	s.log.Info("serving", "addr", ln.Addr().String(), "database", string(s.DB.Dialect()))
	var msrv *http.Server
	if s.MetricsListener != nil {
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", s.Metrics)
		msrv = &http.Server{
			Handler:           mux,
			ReadHeaderTimeout: 5 * time.Second,
			ReadTimeout:       10 * time.Second,
			WriteTimeout:      30 * time.Second,
			IdleTimeout:       120 * time.Second,
			MaxHeaderBytes:    16 << 10,
			ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		}
		go func() { errc <- msrv.Serve(s.MetricsListener) }()
		s.log.Info("serving metrics", "addr", s.MetricsListener.Addr().String())
	}
	inbound := s.Inbound != nil && s.InboundListener != nil
	if inbound {
		go func() {
			if err := s.Inbound.Serve(s.InboundListener); err != nil {
				errc <- fmt.Errorf("inbound smtp: %w", err)
			}
		}()
		s.log.Info("serving inbound smtp", "addr", s.InboundListener.Addr().String())
	}
	var err error
	select {
	case err = <-errc:
		// One listener failed: stop the others too.
		_ = srv.Close()
		if msrv != nil {
			_ = msrv.Close()
		}
		if inbound {
			_ = s.Inbound.Close()
		}
	case <-ctx.Done():
		s.log.Info("shutting down")
		sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		err = srv.Shutdown(sctx)
		if msrv != nil {
			err = errors.Join(err, msrv.Shutdown(sctx))
		}
		if inbound {
			// Conversations under way finish (they are short); mail cut
			// off is retried by its sender, as SMTP provides.
			err = errors.Join(err, s.Inbound.Shutdown(sctx))
		}
		cancel()
	}
	wait()
	if c, ok := s.mailer.(io.Closer); ok {
		_ = c.Close()
	}
	_ = s.reader.Release()
	s.DB.Close()
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

func serveCommand(ctx context.Context, args, env []string, stdio IO) error {
	var demo bool
	cfg, err := config.Load(env, args, stdio.Stderr, "serve", func(fs *flag.FlagSet) {
		fs.BoolVar(&demo, "demo", false, "load the demo publication when the database has no articles")
	})
	if err != nil {
		return err
	}
	logger := newLogger(stdio.Stderr, cfg.LogLevel)
	tuneGC(env)
	srv, err := Build(ctx, cfg, logger, demo)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		srv.DB.Close()
		return err
	}
	if cfg.MetricsAddr != "" {
		if srv.MetricsListener, err = net.Listen("tcp", cfg.MetricsAddr); err != nil {
			ln.Close()
			srv.DB.Close()
			return fmt.Errorf("metrics address: %w", err)
		}
	}
	if srv.Inbound != nil {
		if srv.InboundListener, err = net.Listen("tcp", cfg.InboundSMTPAddr); err != nil {
			ln.Close()
			if srv.MetricsListener != nil {
				srv.MetricsListener.Close()
			}
			srv.DB.Close()
			return fmt.Errorf("inbound smtp address: %w", err)
		}
	}
	return srv.Run(ctx, ln)
}

// tuneGC makes the collector run less often unless the operator set GOGC.
// The live heap of a publication is small (tens of MB), so with Go's
// default the collector runs every few thousand requests and costs about a
// sixth of the throughput of cached pages; four times the live heap still
// keeps the process well under 100 MB.
func tuneGC(env []string) {
	for _, kv := range env {
		if strings.HasPrefix(kv, "GOGC=") {
			return
		}
	}
	debug.SetGCPercent(400)
}

// sweep runs once a minute: it re-queues scheduled articles whose job went
// missing (an article and its job are saved in one transaction, but jobs
// finished or pruned by hand, or databases from before the queue, may lack
// one; enqueueing is idempotent by key), deletes jobs finished more than
// a week ago, ended sign-ins, and readers who never confirmed a sign-up.
func (s *Server) sweep(ctx context.Context) {
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		ids, err := s.DB.DueScheduled(ctx, time.Now())
		if err != nil && ctx.Err() == nil {
			s.log.Error("sweep scheduled", "err", err)
		}
		for _, id := range ids {
			if err := (content.QueueScheduler{Jobs: s.Queue}).SchedulePublish(ctx, s.DB, id, time.Now()); err != nil && ctx.Err() == nil {
				s.log.Error("sweep: re-queue scheduled article", "article", id, "err", err)
			}
		}
		if err := s.DB.PruneJobs(ctx, time.Now().Add(-7*24*time.Hour)); err != nil && ctx.Err() == nil {
			s.log.Error("prune finished jobs", "err", err)
		}
		if err := s.DB.PruneSignIns(ctx, time.Now()); err != nil && ctx.Err() == nil {
			s.log.Error("prune ended sessions and links", "err", err)
		}
		if err := s.Newsletters.PruneUnconfirmed(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("prune unconfirmed readers", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
