package newsletter_test

import (
	"context"
	"log/slog"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/mail/mailtest"
	"masthead/internal/newsletter"
	"masthead/internal/queue"
	"masthead/internal/store"
)

// clock is a settable time shared by the service, the store and the queue.
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
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// fixture is a service on a fresh database with two public newsletters,
// one hidden one, a consent wording and a recording mailer.
type fixture struct {
	db                    *store.DB
	svc                   *newsletter.Service
	q                     *queue.Queue
	mail                  *mailtest.Recorder
	clock                 *clock
	weekly, daily, hidden int64
	wording               int64
	sector                int64 // an active sector
}

func newFixture(t testing.TB, db *store.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{db: db, mail: &mailtest.Recorder{}, clock: &clock{t: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}}
	db.Now = f.clock.Now
	f.svc = newsletter.NewService(newsletter.Options{Store: db, Mail: f.mail, Now: f.clock.Now,
		Site: func(context.Context) (string, string) { return "The Northbridge Weekly", "https://news.example.org" }})
	f.q = queue.New(db, slog.New(slog.DiscardHandler), queue.Options{Now: f.clock.Now})
	f.svc.UseQueue(f.q)
	var err error
	for _, n := range []struct {
		id     *int64
		name   string
		public bool
	}{{&f.weekly, "The Saturday Guide", true}, {&f.daily, "Morning Briefing", true}, {&f.hidden, "Staff Digest", false}} {
		*n.id, err = f.svc.SaveNewsletter(ctx, newsletter.Newsletter{Name: n.name, SenderName: "The Northbridge Weekly",
			SenderEmail: "news@northbridge.example", Public: n.public})
		if err != nil {
			t.Fatal(err)
		}
	}
	if f.wording, err = f.svc.ConsentVersion(ctx, "We use your email address to send the newsletters you choose. Unsubscribe at any time."); err != nil {
		t.Fatal(err)
	}
	secs, err := f.svc.Sectors(ctx)
	if err != nil {
		t.Fatal(err)
	}
	f.sector = secs[3].ID
	return f
}

func (f *fixture) signUp(email string, ids ...int64) newsletter.SignUp {
	return newsletter.SignUp{Email: email, NewsletterIDs: ids, Source: "/articles/council-budget", ConsentVersion: f.wording, Client: "192.0.2.7"}
}

// drain runs every due job, as the server's workers would.
func (f *fixture) drain(t *testing.T) {
	t.Helper()
	if err := f.q.Drain(context.Background()); err != nil {
		t.Fatal(err)
	}
}

var linkRE = regexp.MustCompile(`https://news\.example\.org/newsletters/confirm/([A-Za-z0-9_-]+)`)

// confirmLinks returns the tokens of the confirmation emails sent to addr.
func (f *fixture) confirmLinks(addr string) []string {
	var out []string
	for _, m := range f.mail.Messages() {
		if m.To[0] != addr {
			continue
		}
		if sm := linkRE.FindStringSubmatch(m.Text); sm != nil {
			out = append(out, sm[1])
		}
	}
	return out
}

func (f *fixture) reader(t *testing.T, email string) newsletter.Reader {
	t.Helper()
	r, err := f.svc.ReaderByEmail(context.Background(), email)
	if err != nil {
		t.Fatalf("reader %s: %v", email, err)
	}
	return r
}

func statuses(t *testing.T, f *fixture, readerID int64) map[int64]string {
	t.Helper()
	subs, err := f.svc.Subscriptions(context.Background(), readerID)
	if err != nil {
		t.Fatal(err)
	}
	out := map[int64]string{}
	for _, s := range subs {
		out[s.NewsletterID] = s.Status
	}
	return out
}

func actions(recs []newsletter.ConsentRecord) string {
	var parts []string
	for _, r := range recs {
		parts = append(parts, r.Action)
	}
	return strings.Join(parts, ",")
}

func wantField(t *testing.T, err error, field, contains string) {
	t.Helper()
	f, ok := err.(apperr.Fields)
	if !ok {
		t.Fatalf("got %v, want a field error on %s", err, field)
	}
	if !strings.Contains(f[field], contains) {
		t.Fatalf("field %s: got %q, want it to say %q (all: %v)", field, f[field], contains, f)
	}
}
