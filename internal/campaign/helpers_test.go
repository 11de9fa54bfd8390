package campaign_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"masthead/internal/apperr"
	"masthead/internal/auth"
	"masthead/internal/campaign"
	"masthead/internal/content"
	"masthead/internal/issuemail"
	"masthead/internal/mail"
	"masthead/internal/mail/mailtest"
	"masthead/internal/newsletter"
	"masthead/internal/queue"
	"masthead/internal/store"
)

// clock is a settable time shared by the services, the store and the queue.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// publication is the test publication as issuemail.FromSettings gives it.
func publication(context.Context) (issuemail.Publication, error) {
	return issuemail.Publication{Name: "The Northbridge Weekly", BaseURL: "https://news.example.org", PostalAddress: "1 Harbour Street, Northbridge"}, nil
}

// fixture is a campaign service on a fresh database with one newsletter,
// three published articles and a staff member, sending to a real SMTP sink.
type fixture struct {
	db       *store.DB
	news     *newsletter.Service
	svc      *campaign.Service
	q        *queue.Queue
	smtp     *mail.SMTPSender
	sink     *mailtest.SMTPSink
	clock    *clock
	weekly   int64
	other    int64 // a second newsletter
	articles []int64
	draft    int64 // an unpublished article
	staff    int64
}

type fixtureOptions struct {
	workers, batch int
	bounce         string
	smtpURL        string // default: the sink, pool 4
}

func newFixture(t testing.TB, db *store.DB, snk *mailtest.SMTPSink, o fixtureOptions) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{db: db, sink: snk, clock: &clock{t: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}}
	db.Now = f.clock.Now
	f.news = newsletter.NewService(newsletter.Options{Store: db, Now: f.clock.Now,
		Site: func(context.Context) (string, string) { return "The Northbridge Weekly", "https://news.example.org" }})
	f.q = queue.New(db, slog.New(slog.DiscardHandler), queue.Options{Now: f.clock.Now, Lease: time.Hour, PollInterval: 20 * time.Millisecond})
	f.news.UseQueue(f.q)
	url := o.smtpURL
	if url == "" {
		url = "smtp://" + snk.Addr + "?pool=4"
	}
	var err error
	if f.smtp, err = mail.NewSMTP(url, "", nil); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.smtp.Close() })
	f.svc = campaign.NewService(campaign.Options{Store: db, Newsletters: f.news, Mail: f.smtp, Now: f.clock.Now, Publication: publication,
		BounceAddress: o.bounce, Workers: o.workers, BatchSize: o.batch, Lease: 30 * time.Second})
	f.svc.Register(f.q)
	for _, n := range []struct {
		id   *int64
		name string
	}{{&f.weekly, "The Saturday Guide"}, {&f.other, "Morning Briefing"}} {
		if *n.id, err = f.news.SaveNewsletter(ctx, newsletter.Newsletter{Name: n.name, SenderName: "The Northbridge Weekly",
			SenderEmail: "news@northbridge.example", Public: true}); err != nil {
			t.Fatal(err)
		}
	}
	sec, err := db.SaveSection(ctx, content.Section{Slug: "news", Name: "News"})
	if err != nil {
		t.Fatal(err)
	}
	au, err := db.SaveAuthor(ctx, content.Author{Slug: "ada", Name: "Ada Reporter"})
	if err != nil {
		t.Fatal(err)
	}
	for i, st := range []content.Status{content.StatusPublished, content.StatusPublished, content.StatusPublished, content.StatusDraft} {
		at := f.clock.Now().Add(-time.Duration(i+1) * 24 * time.Hour)
		a := content.Article{Slug: fmt.Sprintf("story-%d", i), Headline: fmt.Sprintf("Story number %d", i), SectionID: sec, Status: st,
			AuthorIDs: []int64{au}, Body: "<p>Body</p>", CreatedAt: at, UpdatedAt: at}
		if st == content.StatusPublished {
			a.PublishedAt = at
		}
		id, err := db.CreateArticle(ctx, content.ArticleWrite{Article: a})
		if err != nil {
			t.Fatal(err)
		}
		if st == content.StatusPublished {
			f.articles = append(f.articles, id)
		} else {
			f.draft = id
		}
	}
	if f.staff, err = db.CreateUser(ctx, auth.User{Email: "editor@northbridge.example", Name: "Ed", Role: auth.RoleEditor, PasswordHash: "h"}); err != nil {
		t.Fatal(err)
	}
	return f
}

// subscribe adds n confirmed readers r<from>..r<from+n-1>@example.org to
// the weekly newsletter.
func (f *fixture) subscribe(t testing.TB, from, n int) {
	t.Helper()
	for i := from; i < from+n; i++ {
		if ok, err := f.news.Import(context.Background(), reader(i), []int64{f.weekly}, 0,
			newsletter.Meta{Method: newsletter.MethodImport, Source: "test list"}); err != nil || !ok {
			t.Fatalf("import %d: %v %v", i, ok, err)
		}
	}
}

func reader(i int) string { return fmt.Sprintf("r%04d@example.org", i) }

func (f *fixture) save(t testing.TB, articles ...int64) int64 {
	t.Helper()
	if len(articles) == 0 {
		articles = f.articles[:2]
	}
	id, err := f.svc.Save(context.Background(), campaign.Draft{NewsletterID: f.weekly, Subject: "This week in Northbridge",
		Preheader: "Council budget, new library", Intro: "Hello readers.", ArticleIDs: articles, By: f.staff})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func (f *fixture) get(t testing.TB, id int64) campaign.Campaign {
	t.Helper()
	c, err := f.svc.Get(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func wantField(t testing.TB, err error, field, contains string) {
	t.Helper()
	fe, ok := err.(apperr.Fields)
	if !ok {
		t.Fatalf("got %v, want a field error on %s", err, field)
	}
	if !strings.Contains(fe[field], contains) {
		t.Fatalf("field %s: got %q, want it to say %q (all: %v)", field, fe[field], contains, fe)
	}
}

func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within 60s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
