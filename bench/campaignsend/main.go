// Command campaignsend measures a whole campaign send: N confirmed readers
// in a real database (SQLite in a temporary directory, or -db postgres://
// of an empty database), one ~30 KB issue, the campaign engine (keyset
// pages of readers, parallel workers, in-order batch commits with the
// checkpoint) and the SMTP pool, delivering to a go-smtp sink that counts
// and discards. Sender and sink each run in a child process, so each one's
// CPU and memory are its own. It prints messages per second, CPU per
// message, the sender's peak RSS and what the sink received.
//
// With -kill the sender is killed with SIGKILL at a random point and
// started again; the benchmark then checks that nobody was skipped, that
// the duplicates are at most workers × batch, and that the campaign's
// counts equal the distinct recipients the sink received.
//
//	go run ./bench/campaignsend                  # 100,000 readers
//	go run ./bench/campaignsend -n 500000        # memory must stay flat
//	go run ./bench/campaignsend -kill            # kill -9 and resume
//	go run ./bench/campaignsend -dkim rsa        # signed with an RSA-2048 key
package main

import (
	"bufio"
	"context"
	"crypto"
	"crypto/ed25519"
	crand "crypto/rand"
	"crypto/rsa"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/emersion/go-smtp"

	"masthead/internal/campaign"
	"masthead/internal/content"
	"masthead/internal/issuemail"
	"masthead/internal/mail"
	"masthead/internal/newsletter"
	"masthead/internal/queue"
	"masthead/internal/store"
)

func main() {
	log.SetFlags(0)
	role := flag.String("role", "", "internal: sink or sender")
	n := flag.Int("n", 100_000, "confirmed readers")
	dbURL := flag.String("db", "", "database URL (an empty PostgreSQL database); empty: SQLite in a temporary directory")
	workers := flag.Int("workers", 8, "campaign workers")
	batch := flag.Int("batch", 100, "recipients per committed batch")
	pool := flag.Int("pool", 4, "SMTP connections")
	size := flag.Int("size", 30<<10, "HTML size of the issue in bytes")
	dkimKind := flag.String("dkim", "", "sign with a fresh key: rsa (2048 bits), ed25519, or empty for none")
	kill := flag.Bool("kill", false, "kill the sender with SIGKILL at a random point, start it again and check the outcome")
	campaignID := flag.Int64("campaign", 0, "internal: the campaign the sender sends")
	smtpAddr := flag.String("smtp", "", "internal: the sink's address")
	flag.Parse()
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400) // as serve does
	}
	var err error
	switch *role {
	case "sink":
		runSink()
		return
	case "sender":
		err = runSender(*dbURL, *smtpAddr, *campaignID, *workers, *batch, *pool, *size, *dkimKind)
	default:
		err = run(*n, *dbURL, *workers, *batch, *pool, *size, *kill, *dkimKind)
	}
	if err != nil {
		log.Fatal(err)
	}
}

func run(n int, dbURL string, workers, batch, pool, size int, kill bool, dkimKind string) error {
	ctx := context.Background()
	if dbURL == "" {
		dir, err := os.MkdirTemp("", "campaignsend")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		dbURL = "sqlite:" + filepath.Join(dir, "bench.db")
	}
	db, err := store.Open(ctx, dbURL, "")
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return err
	}
	start := time.Now()
	id, err := seed(ctx, db, dbURL, n)
	if err != nil {
		return err
	}
	fmt.Printf("seeded %d readers in %.1fs (%s)\n", n, time.Since(start).Seconds(), db.Dialect())
	sk, err := startSink()
	if err != nil {
		return err
	}
	defer sk.stop()
	args := []string{"-role", "sender", "-db", dbURL, "-smtp", sk.addr, "-campaign", fmt.Sprint(id),
		"-workers", fmt.Sprint(workers), "-batch", fmt.Sprint(batch), "-pool", fmt.Sprint(pool), "-size", fmt.Sprint(size), "-dkim", dkimKind}
	if kill {
		at := int64(n/10 + rand.IntN(n*8/10))
		cmd, err := startSender(args, io.Discard)
		if err != nil {
			return err
		}
		for {
			got, _, _, err := sk.count()
			if err != nil {
				return err
			}
			if got >= at {
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		got, _, _, _ := sk.count()
		c, err := db.GetCampaign(ctx, id)
		if err != nil {
			return err
		}
		fmt.Printf("killed the sender (SIGKILL) after %d messages received, %d recorded (checkpoint %d)\n", got, c.Done(), c.Checkpoint)
	}
	cmd, err := startSender(args, os.Stdout)
	if err != nil {
		return err
	}
	if err := cmd.Wait(); err != nil {
		return fmt.Errorf("sender: %w", err)
	}
	received, distinct, sinkCPU, err := sk.count()
	if err != nil {
		return err
	}
	c, err := db.GetCampaign(ctx, id)
	if err != nil {
		return err
	}
	dups := received - distinct
	fmt.Printf("sink: %d messages to %d distinct readers (%d duplicates, bound %d), sink CPU %.0f µs/message\n",
		received, distinct, dups, workers*batch, sinkCPU/float64(max(received, 1))*1e6)
	fmt.Printf("campaign: %s, total %d, sent %d, failed %d, bounced %d, unconfirmed %d\n", c.Status, c.Total, c.Sent, c.Failed, c.Bounced, c.Unconfirmed)
	switch {
	case c.Status != campaign.StatusSent:
		return fmt.Errorf("campaign %s, want sent", c.Status)
	case distinct != int64(n):
		return fmt.Errorf("%d readers skipped", int64(n)-distinct)
	case dups > int64(workers*batch):
		return fmt.Errorf("%d duplicates, more than workers × batch = %d", dups, workers*batch)
	case int64(c.Done()) != distinct:
		return fmt.Errorf("campaign counts %d, sink received %d distinct", c.Done(), distinct)
	}
	fmt.Println("ok: nobody skipped; counts match the sink")
	return nil
}

// seed adds a newsletter, an article, n confirmed readers in bulk and a
// campaign queued to send now.
func seed(ctx context.Context, db *store.DB, dbURL string, n int) (int64, error) {
	news := newsletter.NewService(newsletter.Options{Store: db})
	nl, err := news.SaveNewsletter(ctx, newsletter.Newsletter{Name: "The Saturday Guide", SenderName: "Masthead News", SenderEmail: "guide@news.example.org"})
	if err != nil {
		return 0, err
	}
	sec, err := db.SaveSection(ctx, content.Section{Slug: "news", Name: "News"})
	if err != nil {
		return 0, err
	}
	at := time.Now().Add(-time.Hour)
	art, err := db.CreateArticle(ctx, content.ArticleWrite{Article: content.Article{Slug: "council", Headline: "What the council decided", SectionID: sec,
		Status: content.StatusPublished, PublishedAt: at, CreatedAt: at, UpdatedAt: at}})
	if err != nil {
		return 0, err
	}
	// Readers in bulk, straight through SQL: the service would take a
	// transaction each.
	driver, dsn := "pgx", dbURL
	if p, ok := strings.CutPrefix(dbURL, "sqlite:"); ok {
		driver, dsn = "sqlite", "file:"+p+"?_pragma=busy_timeout(10000)"
	}
	raw, err := sql.Open(driver, dsn)
	if err != nil {
		return 0, err
	}
	defer raw.Close()
	tx, err := raw.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it does nothing
	ts := at.UnixMicro()
	const chunk = 500
	for from := 0; from < n; from += chunk {
		var readers, subs strings.Builder
		for i := from; i < min(from+chunk, n); i++ {
			if i > from {
				readers.WriteString(",")
				subs.WriteString(",")
			}
			fmt.Fprintf(&readers, "(%d,'uid%07dAAAAAAAAAAAAA','reader%d@example.com','reader%d@example.com','h%d',%d,%d)", i+1, i, i, i, i, ts, ts)
			fmt.Fprintf(&subs, "(%d,%d,'confirmed',%d,%d,%d)", i+1, nl, ts, ts, ts)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO readers (id, uid, email, email_key, subject_hash, created_at, updated_at) VALUES `+readers.String()); err != nil {
			return 0, err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO subscriptions (reader_id, newsletter_id, status, created_at, confirmed_at, updated_at) VALUES `+subs.String()); err != nil {
			return 0, err
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, err
	}
	if driver == "pgx" {
		if _, err := raw.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('readers', 'id'), $1)`, n); err != nil {
			return 0, err
		}
	}
	svc := service(db, news, nil, 1, 1, 0)
	id, err := svc.Save(ctx, campaign.Draft{NewsletterID: nl, Subject: "The Saturday guide: the week's best reads", ArticleIDs: []int64{art}})
	if err != nil {
		return 0, err
	}
	return id, svc.SendNow(ctx, id)
}

func service(db *store.DB, news *newsletter.Service, d mail.Deliverer, workers, batch, size int) *campaign.Service {
	svc := campaign.NewService(campaign.Options{Store: db, Newsletters: news, Mail: d, Workers: workers, BatchSize: batch,
		Lease: 2 * time.Second, BounceAddress: "bounce@news.example.org",
		Publication: func(context.Context) (issuemail.Publication, error) {
			return issuemail.Publication{Name: "Masthead News", BaseURL: "https://news.example.org", PostalAddress: "1 Example Street"}, nil
		},
		// A fixed ~30 KB issue, the size the issue asks for, rather than
		// issuemail's rendering of one short article.
		Build: func(is issuemail.Issue) (issuemail.Email, error) {
			return issuemail.Email{Message: mail.Message{From: "The Saturday Guide <guide@news.example.org>", Subject: is.Subject,
				Text: issueText(size / 3), HTML: issueHTML(size), Headers: map[string]string{"List-Id": "The Saturday Guide <guide.news.example.org>"}}}, nil
		}})
	svc.Register(queue.New(db, nil, queue.Options{}))
	return svc
}

// runSender is the sending process: it runs the campaign to the end (the
// first sender's lease must run out after a kill, so it waits for it).
func runSender(dbURL, addr string, id int64, workers, batch, pool, size int, dkimKind string) error {
	ctx := context.Background()
	db, err := store.Open(ctx, dbURL, "")
	if err != nil {
		return err
	}
	defer db.Close()
	sender, err := mail.NewSMTP(fmt.Sprintf("smtp://%s?pool=%d&max_messages=1000", addr, pool), "", nil)
	if err != nil {
		return err
	}
	defer sender.Close()
	if dkimKind != "" {
		var key crypto.Signer
		switch dkimKind {
		case "rsa":
			key, err = rsa.GenerateKey(crand.Reader, 2048)
		case "ed25519":
			_, key, err = ed25519.GenerateKey(crand.Reader)
		default:
			return fmt.Errorf("-dkim %q: use rsa or ed25519", dkimKind)
		}
		if err != nil {
			return err
		}
		if sender.DKIM, err = mail.NewDKIMSigner("news.example.org", "bench", key); err != nil {
			return err
		}
	}
	svc := service(db, newsletter.NewService(newsletter.Options{Store: db}), sender, workers, batch, size)
	c0, err := db.GetCampaign(ctx, id)
	if err != nil {
		return err
	}
	cpu0 := cpuSeconds()
	start := time.Now()
	for {
		err = svc.Run(ctx, id, nil)
		if !errors.Is(err, campaign.ErrBusy) {
			break
		}
		time.Sleep(100 * time.Millisecond) // a killed sender's lease runs out
	}
	if err != nil {
		return err
	}
	elapsed := time.Since(start)
	c, err := db.GetCampaign(ctx, id)
	if err != nil {
		return err
	}
	sent := c.Done() - c0.Done()
	// The live Go heap after a collection: what the engine keeps; the rest
	// of the RSS is the runtime, GOGC headroom and SQLite's page caches.
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Printf("sender: %d messages in %.1fs: %.0f messages/s, %.0f µs CPU/message, peak RSS (VmHWM) %s, live heap %.1f MB; workers %d, batch %d, pool %d, html %d KB, dkim %q\n",
		sent, elapsed.Seconds(), float64(sent)/elapsed.Seconds(), (cpuSeconds()-cpu0)/float64(max(sent, 1))*1e6, procStatus("VmHWM"),
		float64(ms.HeapInuse)/(1<<20), workers, batch, pool, size>>10, dkimKind)
	return nil
}

func startSender(args []string, out io.Writer) (*exec.Cmd, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(exe, args...)
	cmd.Stdout, cmd.Stderr = out, os.Stderr
	return cmd, cmd.Start()
}

func issueHTML(size int) string {
	var b strings.Builder
	b.WriteString(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>The Saturday guide</title></head><body style="margin:0;padding:0;background:#f4f1ea">` + "\n")
	for i := 0; b.Len() < size-600; i++ {
		fmt.Fprintf(&b, `<h2 style="font-size:22px;line-height:28px;margin:24px 0 8px 0"><a href="https://news.example.org/articles/story-%d" style="color:#121212">Story %d: what the council decided, and what it means</a></h2>`+"\n", i, i)
		fmt.Fprintf(&b, `<p style="font-size:16px;line-height:24px;margin:0 0 16px 0;color:#333333">A summary of the week's reporting, with the figures that matter, the people who decided and the questions still open (%d).</p>`+"\n", i)
	}
	fmt.Fprintf(&b, `<p><a href="%s">Unsubscribe</a> · <a href="%s">Preferences</a></p></body></html>`+"\n", issuemail.PlaceholderUnsubscribe, issuemail.PlaceholderPreferences)
	return b.String()
}

func issueText(size int) string {
	var b strings.Builder
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "Story %d: what the council decided\nhttps://news.example.org/articles/story-%d\n\n", i, i)
	}
	b.WriteString("Unsubscribe: " + issuemail.PlaceholderUnsubscribe + "\nPreferences: " + issuemail.PlaceholderPreferences + "\n")
	return b.String()
}

func procStatus(field string) string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}

func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

// sinkProc is the sink child: it prints its address, then answers each
// line on stdin with messages received, distinct recipients and its CPU.
type sinkProc struct {
	cmd  *exec.Cmd
	addr string
	in   io.WriteCloser
	out  *bufio.Reader
}

func startSink() (*sinkProc, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(exe, "-role", "sink")
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	outPipe, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &sinkProc{cmd: cmd, in: in, out: bufio.NewReader(outPipe)}
	line, err := s.out.ReadString('\n')
	if err != nil {
		s.stop()
		return nil, fmt.Errorf("sink did not start: %w", err)
	}
	s.addr = strings.TrimSpace(line)
	return s, nil
}

func (s *sinkProc) count() (received, distinct int64, cpu float64, err error) {
	if _, err := io.WriteString(s.in, "count\n"); err != nil {
		return 0, 0, 0, err
	}
	line, err := s.out.ReadString('\n')
	if err != nil {
		return 0, 0, 0, err
	}
	_, err = fmt.Sscan(line, &received, &distinct, &cpu)
	return received, distinct, cpu, err
}

func (s *sinkProc) stop() {
	s.in.Close()
	_ = s.cmd.Wait()
}

type counter struct {
	received atomic.Int64
	mu       sync.Mutex
	seen     map[string]struct{}
}

func runSink() {
	c := &counter{seen: map[string]struct{}{}}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &countSession{c: c}, nil }))
	srv.Domain = "localhost"
	srv.MaxMessageBytes = 1 << 20
	srv.ReadTimeout = time.Minute
	srv.WriteTimeout = time.Minute
	srv.ErrorLog = log.New(io.Discard, "", 0)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, net.ErrClosed) && !errors.Is(err, smtp.ErrServerClosed) {
			log.Fatal(err)
		}
	}()
	fmt.Println(ln.Addr().String())
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		c.mu.Lock()
		distinct := len(c.seen)
		c.mu.Unlock()
		fmt.Println(c.received.Load(), distinct, cpuSeconds())
	}
	srv.Close()
}

type countSession struct {
	c  *counter
	to string
}

func (s *countSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s *countSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = to
	return nil
}
func (s *countSession) Data(r io.Reader) error {
	if _, err := io.Copy(io.Discard, r); err != nil {
		return err
	}
	s.c.mu.Lock()
	s.c.seen[s.to] = struct{}{}
	s.c.mu.Unlock()
	s.c.received.Add(1)
	return nil
}
func (s *countSession) Reset()        { s.to = "" }
func (s *countSession) Logout() error { return nil }
