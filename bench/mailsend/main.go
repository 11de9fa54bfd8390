// Command mailsend measures newsletter delivery: it starts an SMTP sink
// (go-smtp, counting and discarding) as a child process on loopback, so
// its memory and CPU are not counted as the sender's, renders one ~30 KB
// issue per recipient with a mail.Template (each copy with its own
// unsubscribe links and VERP sender), and delivers them through
// mail.SMTPSender's connection pool. It prints messages per second, the
// sender's peak resident memory (VmHWM) and the count the sink received.
// It sets GOGC=400 as serve does.
//
//	go run ./bench/mailsend                     # 100,000 recipients, no DKIM
//	go run ./bench/mailsend -dkim rsa           # signed with an RSA-2048 key
//	go run ./bench/mailsend -n 500000 -pool 8   # more recipients, more connections
package main

import (
	"masthead/bench/internal/childproc"

	"bufio"
	"context"
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/emersion/go-smtp"

	"masthead/internal/mail"
)

func main() {
	log.SetFlags(0)
	sink := flag.Bool("sink", false, "run as the SMTP sink (used by the benchmark itself)")
	n := flag.Int("n", 100_000, "recipients")
	pool := flag.Int("pool", 4, "SMTP connections")
	workers := flag.Int("workers", 0, "goroutines rendering and sending (0: twice the pool)")
	size := flag.Int("size", 30<<10, "HTML size of the issue in bytes")
	dkimKind := flag.String("dkim", "", "sign with a fresh key: rsa (2048 bits), ed25519, or empty for none")
	rate := flag.Float64("rate", 0, "messages per second limit (0: none)")
	cpuProfile := flag.String("cpuprofile", "", "write the sender's CPU profile to this file")
	flag.Parse()
	if *sink {
		runSink()
		return
	}
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if *workers == 0 {
		*workers = 2 * *pool
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			log.Fatal(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			log.Fatal(err)
		}
		defer pprof.StopCPUProfile()
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, *n, *pool, *workers, *size, *dkimKind, *rate); err != nil {
		log.Print(err)
		defer os.Exit(1) // after the profile is written
	}
}

func run(ctx context.Context, n, pool, workers, size int, dkimKind string, rate float64) error {
	sk, err := startSink()
	if err != nil {
		return err
	}
	defer sk.Stop()

	q := fmt.Sprintf("pool=%d&max_messages=1000", pool)
	if rate > 0 {
		q += "&rate=" + strconv.FormatFloat(rate, 'f', -1, 64)
	}
	sender, err := mail.NewSMTP("smtp://"+sk.Addr+"?"+q, "", nil)
	if err != nil {
		return err
	}
	defer sender.Close()
	if dkimKind != "" {
		var key crypto.Signer
		switch dkimKind {
		case "rsa":
			key, err = rsa.GenerateKey(rand.Reader, 2048)
		case "ed25519":
			_, key, err = ed25519.GenerateKey(rand.Reader)
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

	const token = "MHUNSUBSCRIBE"
	tpl, err := mail.Composer{}.Template(mail.Message{
		From:    "The Saturday Guide <guide@news.example.org>",
		Subject: "The Saturday guide: the week's best reads",
		Text:    issueText(size/3, token),
		HTML:    issueHTML(size, token),
		Headers: map[string]string{"List-Id": "The Saturday Guide <guide.news.example.org>"},
	}, mail.TemplateOptions{Placeholders: []string{token}, BounceAddress: "bounce@news.example.org"})
	if err != nil {
		return err
	}

	cpu0 := childproc.CPUSeconds()
	_, sinkCPU0, err := sk.count()
	if err != nil {
		return err
	}
	var next, failed atomic.Int64
	var firstErr error
	var errOnce sync.Once
	start := time.Now()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			var buf []byte
			for ctx.Err() == nil {
				i := next.Add(1) - 1
				if i >= int64(n) {
					return
				}
				tok := strconv.FormatInt(i*7919+1_000_003, 36) // stands in for a signed token
				msg, err := tpl.Render(buf, mail.Recipient{
					To:                fmt.Sprintf("reader%d@example.com", i),
					Values:            []string{"https://news.example.org/newsletters/u/" + tok},
					UnsubscribeURL:    "https://news.example.org/newsletters/u/" + tok,
					UnsubscribeMailto: "unsubscribe+" + tok + "@news.example.org",
					BounceToken:       tok,
				})
				if err == nil {
					buf = msg.Data
					err = sender.Deliver(ctx, msg)
				}
				if err != nil {
					failed.Add(1)
					errOnce.Do(func() { firstErr = err })
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	cpu := childproc.CPUSeconds() - cpu0
	received, sinkCPU, err := sk.count()
	if err != nil {
		return err
	}
	sinkCPU -= sinkCPU0
	sent := int64(n) - failed.Load()
	sig := dkimKind
	if sig == "" {
		sig = "none"
	}
	fmt.Printf("recipients %d, pool %d, workers %d, html %d KB, dkim %s, GOMAXPROCS %d\n",
		n, pool, workers, size>>10, sig, runtime.GOMAXPROCS(0))
	fmt.Printf("sent %d in %.1fs: %.0f messages/s; sink received %d; failed %d\n",
		sent, elapsed.Seconds(), float64(sent)/elapsed.Seconds(), received, failed.Load())
	fmt.Printf("CPU per message: sender %.0f µs, sink %.0f µs\n",
		cpu/float64(max(sent, 1))*1e6, sinkCPU/float64(max(sent, 1))*1e6)
	fmt.Printf("peak RSS (VmHWM) of the sender %s\n", procStatus("VmHWM"))
	if firstErr != nil {
		return fmt.Errorf("first error: %w", firstErr)
	}
	if received != sent {
		return fmt.Errorf("sink received %d, sender counted %d", received, sent)
	}
	return ctx.Err()
}

func issueHTML(size int, token string) string {
	var b strings.Builder
	b.WriteString(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>The Saturday guide</title></head><body style="margin:0;padding:0;background:#f4f1ea">` + "\n")
	b.WriteString(`<table role="presentation" width="100%" style="max-width:640px;margin:0 auto;font-family:Georgia,serif"><tr><td>` + "\n")
	for i := 0; b.Len() < size-600; i++ {
		fmt.Fprintf(&b, `<h2 style="font-size:22px;line-height:28px;margin:24px 0 8px 0;color:#121212"><a href="https://news.example.org/2026/12/01/story-%d" style="color:#121212;text-decoration:none">Story %d: what the council decided — and what it means</a></h2>`+"\n", i, i)
		fmt.Fprintf(&b, `<p style="font-size:16px;line-height:24px;margin:0 0 16px 0;color:#333333">A summary of the week's reporting, with the figures that matter, the people who decided and the questions still open. Read on for the full story (%d).</p>`+"\n", i)
	}
	b.WriteString(`<p style="font-size:13px;color:#666666">Masthead News, 1 Example Street, Example Town. You receive this because you subscribed. <a href="` + token + `" style="color:#666666">Unsubscribe</a></p>` + "\n")
	b.WriteString("</td></tr></table></body></html>\n")
	return b.String()
}

func issueText(size int, token string) string {
	var b strings.Builder
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "Story %d: what the council decided\nhttps://news.example.org/2026/12/01/story-%d\n\n", i, i)
	}
	b.WriteString("Unsubscribe: " + token + "\n")
	return b.String()
}

// procStatus returns a field of /proc/self/status, such as "VmHWM".
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

// sinkProc is the sink child process: it answers each line on stdin
// with the number of messages received and its CPU seconds.
type sinkProc struct{ *childproc.Proc }

func startSink() (*sinkProc, error) {
	p, err := childproc.Start("-sink")
	if err != nil {
		return nil, err
	}
	return &sinkProc{p}, nil
}

// count returns the messages received and the sink's CPU seconds.
func (s *sinkProc) count() (int64, float64, error) {
	line, err := s.Ask("count")
	if err != nil {
		return 0, 0, err
	}
	var n int64
	var cpu float64
	if _, err := fmt.Sscan(line, &n, &cpu); err != nil {
		return 0, 0, fmt.Errorf("sink answered %q: %w", line, err)
	}
	return n, cpu, nil
}

func runSink() {
	var received atomic.Int64
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) {
		return &countSession{n: &received}, nil
	}))
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
		fmt.Println(received.Load(), childproc.CPUSeconds())
	}
	srv.Close()
}

type countSession struct{ n *atomic.Int64 }

func (s *countSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s *countSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (s *countSession) Data(r io.Reader) error {
	if _, err := io.Copy(io.Discard, r); err != nil {
		return err
	}
	s.n.Add(1)
	return nil
}
func (s *countSession) Reset()        {}
func (s *countSession) Logout() error { return nil }
