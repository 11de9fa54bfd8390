package admin_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"masthead/internal/admin"
	"masthead/internal/auth"
	"masthead/internal/campaign"
	"masthead/internal/content"
	"masthead/internal/issuemail"
	"masthead/internal/mail"
	"masthead/internal/mail/mailtest"
	"masthead/internal/media"
	"masthead/internal/newsletter"
	"masthead/internal/queue"
	"masthead/internal/site"
	"masthead/internal/store"
)

// csp is the policy the composition root sends; tests serve pages under it.
const csp = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'"

const password = "correct horse battery"

// clock is the injected time, moved by tests.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// scheduler records what content asks the queue to do.
type scheduler struct {
	mu       sync.Mutex
	at       map[int64]time.Time
	canceled []int64
	changes  map[int64]time.Time // pending versions' publication
}

func (s *scheduler) SchedulePublishChanges(ctx context.Context, _ queue.JobWriter, id int64, at time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.changes == nil {
		s.changes = map[int64]time.Time{}
	}
	s.changes[id] = at
	return nil
}

func (s *scheduler) CancelPublishChanges(ctx context.Context, _ queue.JobWriter, id int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.changes, id)
	return nil
}

func (s *scheduler) changesAt(id int64) (time.Time, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	at, ok := s.changes[id]
	return at, ok
}

func (s *scheduler) SchedulePublish(ctx context.Context, _ queue.JobWriter, id int64, at time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.at == nil {
		s.at = map[int64]time.Time{}
	}
	s.at[id] = at
	return nil
}

func (s *scheduler) CancelPublish(ctx context.Context, _ queue.JobWriter, id int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.canceled = append(s.canceled, id)
	return nil
}

func (s *scheduler) scheduled(id int64) (time.Time, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	at, ok := s.at[id]
	return at, ok
}

// app is the admin wired to real services on a fresh database, served over
// HTTP with the production security headers.
type app struct {
	t        testing.TB
	db       *store.DB
	auth     *auth.Service
	content  *content.Service
	nl       *newsletter.Service
	camp     *campaign.Service // sends through a real SMTP server, sink
	sink     *mailtest.SMTPSink
	mail     *mailtest.Recorder
	outbox   *gatedSender // what auth sends through: a.mail, unless a test closes the gate
	queue    *queue.Queue
	clock    *clock
	sched    *scheduler
	mediaDir string
	srv      *httptest.Server
	mux      *http.ServeMux // the routes a.srv serves, for tests that add stand-ins
	section  int64          // "News"
}

type testLog struct{ t testing.TB }

func (l testLog) Write(p []byte) (int, error) {
	l.t.Logf("%s", bytes.TrimRight(p, "\n"))
	return len(p), nil
}

func newApp(t testing.TB, db *store.DB) *app {
	t.Helper()
	return newAppWith(t, db, nil)
}

// newAppWith is newApp with changed admin options.
func newAppWith(t testing.TB, db *store.DB, change func(*admin.Options)) *app {
	t.Helper()
	clk := &clock{t: time.Date(2026, 11, 10, 9, 0, 0, 0, time.UTC)}
	db.Now = clk.Now
	logger := slog.New(slog.NewTextHandler(testLog{t}, nil))
	a := &app{t: t, db: db, mail: &mailtest.Recorder{}, clock: clk, sched: &scheduler{}, mediaDir: t.TempDir()}
	var base string
	a.outbox = &gatedSender{next: a.mail}
	a.auth = auth.NewService(db, a.outbox, logger, clk.Now, func(context.Context) (string, string) { return "Test Weekly", base })
	a.auth.SetHashCost(4)
	a.queue = queue.New(db, logger, queue.Options{Now: clk.Now})
	a.auth.UseQueue(a.queue)
	a.content = content.NewService(db, a.sched, clk.Now, func(context.Context) {})
	pub, err := site.New(site.Options{Store: db, Logger: logger, MediaDir: a.mediaDir, Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	a.nl = newsletter.NewService(newsletter.Options{Store: db, Mail: a.outbox, Logger: logger, Now: clk.Now})
	a.nl.UseQueue(a.queue)
	a.sink = mailtest.StartSMTPSink(t, &mailtest.SMTPSink{})
	relay, err := mail.NewSMTP("smtp://"+a.sink.Addr+"?pool=2", "", logger)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { relay.Close() })
	a.camp = campaign.NewService(campaign.Options{Store: db, Newsletters: a.nl, Mail: relay, Logger: logger, Now: clk.Now,
		Publication: func(context.Context) (issuemail.Publication, error) {
			return issuemail.Publication{Name: "Test Weekly", BaseURL: base, PostalAddress: "1 High Street\nNorthbridge NB1 1AA"}, nil
		},
		Workers: 2, BatchSize: 3})
	a.camp.Register(a.queue)
	opts := admin.Options{Auth: a.auth, Content: a.content, Media: media.New(a.mediaDir, db, clk.Now),
		Store: db, Logger: logger, Now: clk.Now, Preview: pub, Newsletters: a.nl, Campaigns: a.camp, Jobs: a.queue}
	if change != nil {
		change(&opts)
	}
	adm, err := admin.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	// The public site's catch-all shares the mux in production; admin
	// patterns must not clash with it (ServeMux panics if they do).
	mux.Handle("GET /", http.NotFoundHandler())
	adm.Routes(mux)
	a.mux = mux
	a.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", csp)
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(a.srv.Close)
	base = a.srv.URL
	a.section = a.saveSection("News")
	return a
}

var editorActor = content.Actor{Role: auth.RoleEditor}

func (a *app) saveSection(name string) int64 {
	a.t.Helper()
	id, err := a.content.SaveSection(context.Background(), editorActor, content.Section{Name: name})
	if err != nil {
		a.t.Fatal(err)
	}
	return id
}

func (a *app) saveAuthor(name string) int64 {
	a.t.Helper()
	id, err := a.content.SaveAuthor(context.Background(), editorActor, content.Author{Name: name})
	if err != nil {
		a.t.Fatal(err)
	}
	return id
}

// user creates a staff account; a role that writes gets its own byline.
func (a *app) user(email string, role auth.Role) auth.User {
	a.t.Helper()
	ctx := context.Background()
	u, err := a.auth.CreateUser(ctx, email, strings.Split(email, "@")[0], password, role)
	if err != nil {
		a.t.Fatal(err)
	}
	u.AuthorID = a.saveAuthor("Byline of " + u.Name)
	if err := a.db.UpdateUser(ctx, u); err != nil {
		a.t.Fatal(err)
	}
	return u
}

// publishedArticle stores a published article directly, as an editor.
func (a *app) publishedArticle(slug string, author int64) content.Article {
	a.t.Helper()
	res, err := a.content.Save(context.Background(), editorActor, content.ArticleInput{Headline: "Story " + slug, Slug: slug,
		Standfirst: "What happened.", SectionID: a.section, AuthorIDs: []int64{author}, BodySource: "The facts of " + slug + ".",
		Action: content.ActionPublish})
	if err != nil {
		a.t.Fatal(err)
	}
	return res.Article
}

func (a *app) article(id int64) content.Article {
	a.t.Helper()
	art, err := a.db.GetArticle(context.Background(), id)
	if err != nil {
		a.t.Fatalf("article %d: %v", id, err)
	}
	return art
}

func (a *app) countArticles() int {
	a.t.Helper()
	n, err := a.db.CountArticles(context.Background())
	if err != nil {
		a.t.Fatal(err)
	}
	return n
}

// invite sends an invitation as the signed-in admin c and returns the
// emailed link's path.
func (a *app) invite(c *client, email string) string {
	a.t.Helper()
	c.get("/admin/staff")
	r := c.post("/admin/staff/invite", url.Values{"email": {email}, "role": {"author"}})
	if r.status != http.StatusSeeOther {
		a.t.Fatalf("invite %s: %d\n%s", email, r.status, r.body)
	}
	a.runJobs()
	msg, ok := a.mail.Last()
	if !ok || msg.To[0] != email {
		a.t.Fatalf("invitation email: %+v", msg)
	}
	return inviteRE.FindString(msg.Text)
}

// runJobs runs the background jobs that are due (emails), as the worker would.
func (a *app) runJobs() {
	a.t.Helper()
	if err := a.queue.Drain(context.Background()); err != nil {
		a.t.Fatal(err)
	}
}

// gatedSender passes emails on, or while a test holds its gate, reports
// that a send began and waits for the gate to open.
type gatedSender struct {
	mu      sync.Mutex
	gate    chan struct{}
	entered chan struct{}
	next    mail.Sender
}

// hold makes sends wait until the returned function is called; entered is
// closed when the first one begins.
func (g *gatedSender) hold() (<-chan struct{}, func()) {
	g.mu.Lock()
	defer g.mu.Unlock()
	gate, entered := make(chan struct{}), make(chan struct{})
	g.gate, g.entered = gate, entered
	var once sync.Once
	return entered, func() { once.Do(func() { close(gate) }) }
}

func (g *gatedSender) Send(ctx context.Context, m mail.Message) error {
	g.mu.Lock()
	gate, entered := g.gate, g.entered
	g.gate, g.entered = nil, nil
	g.mu.Unlock()
	if gate != nil {
		close(entered)
		select {
		case <-gate:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return g.next.Send(ctx, m)
}

// pending is the pending version of a published article; the test fails
// when it has none.
func (a *app) pending(id int64) content.Snapshot {
	a.t.Helper()
	p, err := a.db.GetPending(context.Background(), id)
	if err != nil {
		a.t.Fatalf("pending version of %d: %v", id, err)
	}
	return p.Snapshot
}
