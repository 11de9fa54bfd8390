// Command campaign measures the real campaign sender end to end: it seeds
// a fresh SQLite database with N confirmed subscribers of one newsletter,
// a long published article and a campaign of it (built by issuemail.Build
// as in serve: about 30 KB of HTML and 16 KB of text, each copy with the
// reader's own signed unsubscribe and preference links and VERP sender), starts a go-smtp sink in a child process that counts what
// it accepts per subscriber, and runs campaign.Service.Run, the call
// behind the campaign:send job, in another child process, so the
// sender's memory and CPU are its own. It prints messages per second,
// the sender's peak RSS (VmHWM) and its CPU per message, the sink's
// tally (skipped readers, duplicates) and whether the campaign's recorded
// counts match it.
//
// The sender is the bench's own child calling Run (with -cpuprofile and a
// short lease), or with -cli the real "masthead newsletter send
// --campaign ID" configured through MASTHEAD_* variables; its rate then
// includes its start-up and its lease is the command's minute.
//
// With -crash the sender is killed with SIGKILL when the sink has
// accepted a random share of the list, started again, and left to finish;
// the duplicates are compared with the engine's bound of workers × batch.
//
//	go run ./bench/campaign                    # 100,000 subscribers, no DKIM
//	go run ./bench/campaign -n 500000          # RSS flat?
//	go run ./bench/campaign -dkim rsa          # RSA-2048 DKIM (ed25519 too)
//	go run ./bench/campaign -crash 4           # four kill -9 runs
//	go run ./bench/campaign -suite             # all of the above, one table
//	go run ./bench/campaign -cpuprofile cpu.out && go tool pprof -top cpu.out
//	go build -o /tmp/masthead ./cmd/masthead &&
//	  go run ./bench/campaign -cli /tmp/masthead [-crash 2]  # the send command as the sender
//
// Seeding is not measured. The machine's load average is printed next to
// each figure: the rate depends on what other processes leave of the
// CPUs, the CPU per message does not.
package main

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/binary"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"log"
	mrand "math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"masthead/internal/campaign"
	"masthead/internal/newsletter"
	"masthead/internal/store"
)

func main() {
	log.SetFlags(0)
	sink := flag.Bool("sink", false, "run as the SMTP sink (used by the benchmark itself)")
	sender := flag.Bool("sender", false, "run as the sender (used by the benchmark itself)")
	dir := flag.String("dir", "", "sender: data directory")
	id := flag.Int64("campaign", 0, "sender: campaign id")
	sinkAddr := flag.String("sink-addr", "", "sender: SMTP sink address")
	dkimKey := flag.String("dkim-key", "", "sender: DKIM key file")

	n := flag.Int("n", 100_000, "subscribers")
	dkimKind := flag.String("dkim", "", "sign with a fresh key: rsa (2048 bits), ed25519, or empty for none")
	pool := flag.Int("pool", 4, "SMTP connections")
	workers := flag.Int("workers", 8, "campaign workers (the engine's default)")
	batch := flag.Int("batch", 100, "recipients per committed batch (the engine's default)")
	lease := flag.Duration("lease", 5*time.Second, "the send lease; a restarted sender waits out a killed one's")
	crash := flag.Int("crash", 0, "kill -9 runs to make instead of a speed run")
	suite := flag.Bool("suite", false, "100k, 500k, 100k RSA, 50k Ed25519 and four kill -9 runs of 100k")
	cpuProfile := flag.String("cpuprofile", "", "write the sender's CPU profile to this file")
	cli := flag.String("cli", "", "run this masthead binary's \"newsletter send --campaign ID\" as the sender instead of the bench's own")
	keep := flag.Bool("keep", false, "keep the temporary data directories")
	flag.Parse()

	switch {
	case *sink:
		runSink()
		return
	case *sender:
		if err := runSender(senderConfig{dir: *dir, campaignID: *id, sinkAddr: *sinkAddr, pool: *pool, workers: *workers,
			batch: *batch, lease: *lease, dkimKey: *dkimKey, cpuProfile: *cpuProfile}); err != nil {
			log.Fatal(err)
		}
		return
	}

	base := options{pool: *pool, workers: *workers, batch: *batch, lease: *lease, keep: *keep, cli: *cli}
	var runs []options
	switch {
	case *suite:
		for _, r := range []options{{n: 100_000}, {n: 500_000}, {n: 100_000, dkim: "rsa"}, {n: 50_000, dkim: "ed25519"}} {
			o := base
			o.n, o.dkim = r.n, r.dkim
			runs = append(runs, o)
		}
		for range 4 {
			o := base
			o.n, o.crash = 100_000, true
			runs = append(runs, o)
		}
	case *crash > 0:
		for range *crash {
			o := base
			o.n, o.dkim, o.crash = *n, *dkimKind, true
			runs = append(runs, o)
		}
	default:
		o := base
		o.n, o.dkim, o.cpuProfile = *n, *dkimKind, *cpuProfile
		runs = append(runs, o)
	}
	ctx := context.Background()
	var results []result
	failed := false
	for _, o := range runs {
		r, err := run(ctx, o)
		if err != nil {
			log.Printf("%s: %v", o.name(), err)
			failed = true
			continue
		}
		fmt.Println(r.line())
		results = append(results, r)
		if !r.ok() {
			failed = true
		}
	}
	fmt.Printf("\nworkers %d, batch %d (duplicate bound after a kill: %d), pool %d, GOGC 400, lease %s\n\n",
		base.workers, base.batch, base.workers*base.batch, base.pool, base.lease)
	fmt.Print(table(results))
	if failed {
		os.Exit(1)
	}
}

type options struct {
	n                    int
	dkim                 string
	pool, workers, batch int
	lease                time.Duration
	crash, keep          bool
	cpuProfile           string
	cli                  string // the masthead binary, when the send command is the sender
}

func (o options) name() string {
	s := fmt.Sprintf("%dk", o.n/1000)
	if o.dkim != "" {
		s += " " + o.dkim
	}
	if o.crash {
		s += " kill -9"
	}
	if o.cli != "" {
		s += " (cli)"
	}
	return s
}

// result is one run's figures.
type result struct {
	o              options
	seed           time.Duration
	elapsed        time.Duration // the sender running (speed runs)
	received       int64         // messages the sink accepted
	bytes          int64         // their size
	html, text     int           // the bodies as built
	senderCPU      float64       // seconds, all sender processes
	sinkCPU        float64
	rssKB          int64 // the highest VmHWM of the sender processes
	load0, load1   string
	t              tally
	c              campaign.Campaign
	links, linksOK int
	killAt         int64         // messages the sink had accepted at the kill
	killCheckpoint int64         // the campaign's checkpoint just after it
	leaseWait      time.Duration // the restarted sender waiting out the lease
}

func (r result) countsMatch() bool {
	return r.c.Status == campaign.StatusSent && r.c.Total == r.o.n && int64(r.c.Sent+r.c.Unconfirmed) == r.t.Distinct &&
		r.c.Failed == 0 && r.c.Bounced == 0
}

func (r result) ok() bool {
	dupOK := r.t.Duplicates == 0 || (r.o.crash && r.t.Duplicates <= int64(r.o.workers*r.o.batch))
	return r.t.Skipped == 0 && r.t.Others == 0 && dupOK && r.countsMatch() && r.linksOK == r.links && r.links > 0
}

func (r result) rate() float64 { return float64(r.received) / r.elapsed.Seconds() }

func (r result) line() string {
	s := fmt.Sprintf("%-16s seeded in %.1fs; HTML %.1f KB, text %.1f KB, %.1f KB a message; ", r.o.name(), r.seed.Seconds(),
		float64(r.html)/1024, float64(r.text)/1024, float64(r.bytes)/float64(r.received)/1024)
	if !r.o.crash {
		s += fmt.Sprintf("%d in %.1fs: %.0f msg/s; ", r.received, r.elapsed.Seconds(), r.rate())
	} else {
		s += fmt.Sprintf("killed at %d received (checkpoint %d), lease wait %.1fs; ", r.killAt, r.killCheckpoint, r.leaseWait.Seconds())
	}
	s += fmt.Sprintf("CPU/msg sender %.0f µs sink %.0f µs; peak RSS %.1f MB; load %s→%s; skipped %d, duplicates %d, counts %s, links %d/%d",
		r.senderCPU/float64(r.received)*1e6, r.sinkCPU/float64(r.received)*1e6, float64(r.rssKB)/1024, r.load0, r.load1,
		r.t.Skipped, r.t.Duplicates, r.countsWord(), r.linksOK, r.links)
	return s
}

func (r result) countsWord() string {
	if r.countsMatch() {
		return "match"
	}
	return fmt.Sprintf("DIFFER (status %s, total %d, sent %d, unconfirmed %d, failed %d, bounced %d; sink distinct %d)",
		r.c.Status, r.c.Total, r.c.Sent, r.c.Unconfirmed, r.c.Failed, r.c.Bounced, r.t.Distinct)
}

func table(rs []result) string {
	var b strings.Builder
	b.WriteString("| run | messages/s | sender CPU/msg | sink CPU/msg | sender peak RSS | load avg (1 min, start→end) | skipped | duplicates (bound) | counts = sink |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|---|\n")
	for _, r := range rs {
		rate := fmt.Sprintf("%.0f", r.rate())
		name := r.o.name()
		if r.o.crash {
			rate = "–"
			name += fmt.Sprintf(" at %d", r.killAt)
		}
		dups := fmt.Sprintf("%d", r.t.Duplicates)
		if r.o.crash {
			dups += fmt.Sprintf(" (≤ %d)", r.o.workers*r.o.batch)
		}
		match := "yes"
		if !r.countsMatch() {
			match = "NO"
		}
		fmt.Fprintf(&b, "| %s | %s | %.0f µs | %.0f µs | %.1f MB | %s→%s | %d | %s | %s |\n", name, rate,
			r.senderCPU/float64(r.received)*1e6, r.sinkCPU/float64(r.received)*1e6, float64(r.rssKB)/1024, r.load0, r.load1,
			r.t.Skipped, dups, match)
	}
	return b.String()
}

func run(ctx context.Context, o options) (r result, err error) {
	r.o = o
	dir, err := os.MkdirTemp("", "masthead-bench-campaign-")
	if err != nil {
		return r, err
	}
	if o.keep {
		log.Printf("data directory %s", dir)
	} else {
		defer os.RemoveAll(dir)
	}
	t0 := time.Now()
	sd, err := seed(ctx, dir, o.n)
	if err != nil {
		return r, fmt.Errorf("seed: %w", err)
	}
	r.seed = time.Since(t0)
	keyFile := ""
	if o.dkim != "" {
		if keyFile, err = writeKey(dir, o.dkim); err != nil {
			return r, err
		}
	}
	sk, err := startSink()
	if err != nil {
		return r, err
	}
	defer sk.Stop()
	_, sinkCPU0, err := sk.count()
	if err != nil {
		return r, err
	}
	r.load0 = loadAvg()
	args := []string{"-sender", "-dir", dir, "-campaign", strconv.FormatInt(sd.campaignID, 10), "-sink-addr", sk.Addr,
		"-pool", strconv.Itoa(o.pool), "-workers", strconv.Itoa(o.workers), "-batch", strconv.Itoa(o.batch), "-lease", o.lease.String()}
	if keyFile != "" {
		args = append(args, "-dkim-key", keyFile)
	}
	if o.cpuProfile != "" {
		args = append(args, "-cpuprofile", o.cpuProfile)
	}

	var env []string
	if o.cli != "" {
		// The real command, configured as an operator would.
		args = []string{"newsletter", "send", "--campaign", strconv.FormatInt(sd.campaignID, 10),
			"--workers", strconv.Itoa(o.workers), "--batch", strconv.Itoa(o.batch)}
		env = append(os.Environ(), "MASTHEAD_DATA="+dir, "MASTHEAD_DATABASE_URL=",
			fmt.Sprintf("MASTHEAD_SMTP_URL=smtp://%s?pool=%d", sk.Addr, o.pool), "MASTHEAD_MAIL_FROM=news@news.example.org",
			"MASTHEAD_BOUNCE_ADDRESS=bounce@news.example.org", "MASTHEAD_BASE_URL="+publication.BaseURL)
		if keyFile != "" {
			env = append(env, "MASTHEAD_DKIM_KEY_FILE="+keyFile, "MASTHEAD_DKIM_DOMAIN=news.example.org", "MASTHEAD_DKIM_SELECTOR=bench")
		}
	}
	if o.crash {
		// A random point between 5% and 90% of the list.
		target := int64(float64(o.n) * (0.05 + 0.85*mrand.Float64()))
		p, err := startSender(o.cli, args, env)
		if err != nil {
			return r, err
		}
		for {
			got, _, err := sk.count()
			if err != nil {
				p.cmd.Process.Kill()
				return r, err
			}
			if got >= target || p.exited() {
				r.killAt = got
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
		if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
			return r, err
		}
		if _, err := p.wait(); !isKilled(err) {
			return r, fmt.Errorf("the sender was to be killed at %d of %d but ended first (%v)", target, o.n, err)
		}
		r.senderCPU, r.rssKB = p.cpu(), p.hwm()
		c, err := getCampaign(ctx, dir, sd.campaignID)
		if err != nil {
			return r, err
		}
		r.killCheckpoint = c.Checkpoint
		if c.Status != campaign.StatusSending {
			return r, fmt.Errorf("campaign %s at the kill, want sending", c.Status)
		}
	}
	t1 := time.Now()
	p, err := startSender(o.cli, args, env)
	if err != nil {
		return r, err
	}
	var hwm int64
	if o.cli == "" {
		out, err := p.wait()
		if err != nil {
			return r, fmt.Errorf("sender: %w", err)
		}
		var secs, waited float64
		if _, err := fmt.Sscanf(out, "done %f %f %d %d %d", &secs, &waited, &hwm, &r.html, &r.text); err != nil {
			return r, fmt.Errorf("sender said %q", out)
		}
		r.elapsed = time.Duration(secs * float64(time.Second))
		r.leaseWait = time.Duration(waited * float64(time.Second))
	} else {
		// The command's whole run, start-up included. A restarted one
		// that has not finished a minute after the killed one's lease
		// (one minute in the command) ran out is stuck.
		limit := 2*time.Minute + time.Duration(o.n)*time.Millisecond
		select {
		case <-p.done:
		case <-time.After(limit):
			p.cmd.Process.Kill()
			out, _ := p.wait()
			c, _ := getCampaign(ctx, dir, sd.campaignID)
			return r, fmt.Errorf("the send command had not finished after %s (campaign %s, %d done of %d); its last output: %q",
				limit, c.Status, c.Done(), c.Total, lastLine(out))
		}
		out, err := p.wait()
		if err != nil {
			return r, fmt.Errorf("send command: %w (%q)", err, lastLine(out))
		}
		r.elapsed = time.Since(t1)
		c, err := getCampaign(ctx, dir, sd.campaignID)
		if err != nil {
			return r, err
		}
		r.html, r.text = len(c.Frozen.Message.HTML), len(c.Frozen.Message.Text)
	}
	r.senderCPU += p.cpu()
	r.rssKB = max(r.rssKB, hwm, p.hwm())
	r.load1 = loadAvg()

	var sinkCPU float64
	if r.received, sinkCPU, r.bytes, err = sk.countBytes(); err != nil {
		return r, err
	}
	r.sinkCPU = sinkCPU - sinkCPU0
	if r.t, err = sk.tally(o.n); err != nil {
		return r, err
	}
	if r.c, err = getCampaign(ctx, dir, sd.campaignID); err != nil {
		return r, err
	}
	samples, err := sk.samples()
	if err != nil {
		return r, err
	}
	r.links, r.linksOK, err = checkLinks(ctx, dir, r.c, samples)
	return r, err
}

// senderProc is a running sender child; a watcher keeps its VmHWM, which
// is gone with the process when it is killed.
type senderProc struct {
	cmd    *exec.Cmd
	out    strings.Builder
	mu     sync.Mutex
	maxHWM int64
	done   chan struct{}
	err    error
}

func startSender(exe string, args, env []string) (*senderProc, error) {
	if exe == "" {
		var err error
		if exe, err = os.Executable(); err != nil {
			return nil, err
		}
	}
	p := &senderProc{done: make(chan struct{})}
	p.cmd = exec.Command(exe, args...)
	p.cmd.Env = env
	p.cmd.Stdout = &p.out
	p.cmd.Stderr = os.Stderr
	if err := p.cmd.Start(); err != nil {
		return nil, err
	}
	pid := strconv.Itoa(p.cmd.Process.Pid)
	go func() {
		p.err = p.cmd.Wait()
		close(p.done)
	}()
	go func() {
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-p.done:
				return
			case <-t.C:
			}
			v, _ := strconv.ParseInt(strings.TrimSuffix(procStatus(pid, "VmHWM"), " kB"), 10, 64)
			p.mu.Lock()
			p.maxHWM = max(p.maxHWM, v)
			p.mu.Unlock()
		}
	}()
	return p, nil
}

func (p *senderProc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

func (p *senderProc) wait() (string, error) {
	<-p.done
	return strings.TrimSpace(p.out.String()), p.err
}

func (p *senderProc) hwm() int64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.maxHWM
}

// cpu is the exited process's user and system CPU seconds.
func (p *senderProc) cpu() float64 {
	ru, ok := p.cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

func isKilled(err error) bool {
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		return false
	}
	ws, ok := ee.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL
}

func getCampaign(ctx context.Context, dir string, id int64) (campaign.Campaign, error) {
	db, err := store.Open(ctx, dbURL(dir), "")
	if err != nil {
		return campaign.Campaign{}, err
	}
	defer db.Close()
	return db.GetCampaign(ctx, id)
}

// checkLinks verifies the sampled List-Unsubscribe headers: each carries
// an unsubscribe link signed for that reader, this newsletter and this
// campaign, and a mailto address.
func checkLinks(ctx context.Context, dir string, c campaign.Campaign, samples map[int64]string) (n, ok int, err error) {
	db, err := store.Open(ctx, dbURL(dir), "")
	if err != nil {
		return 0, 0, err
	}
	defer db.Close()
	signer, err := newsletter.NewService(newsletter.Options{Store: db}).Signer(ctx)
	if err != nil {
		return 0, 0, err
	}
	const prefix = "<" + "https://news.example.org/newsletters/unsubscribe/"
	for id, h := range samples {
		n++
		rest, found := strings.CutPrefix(h, prefix)
		token, _, found2 := strings.Cut(rest, ">")
		if !found || !found2 || !strings.Contains(h, "<mailto:unsubscribe+") {
			log.Printf("reader %d: List-Unsubscribe %q", id, h)
			continue
		}
		l, err := signer.Verify(token, newsletter.PurposeUnsubscribe, time.Now())
		if err != nil || l.ReaderUID != readerUID(id) || l.CampaignID != c.ID || l.NewsletterID != c.NewsletterID {
			log.Printf("reader %d: unsubscribe link %+v, %v", id, l, err)
			continue
		}
		ok++
	}
	return n, ok, nil
}

// readerUID is the uid seedReaders gives reader id: 16 bytes, as the
// random uids of production, which sign and verify the same.
func readerUID(id int64) string {
	var uid [16]byte
	binary.BigEndian.PutUint64(uid[:8], uint64(id)*0x9E3779B97F4A7C15)
	binary.BigEndian.PutUint64(uid[8:], uint64(id))
	return base64.RawURLEncoding.EncodeToString(uid[:])
}

func writeKey(dir, kind string) (string, error) {
	var key any
	var err error
	switch kind {
	case "rsa":
		key, err = rsa.GenerateKey(rand.Reader, 2048)
	case "ed25519":
		_, key, err = ed25519.GenerateKey(rand.Reader)
	default:
		return "", fmt.Errorf("-dkim %q: use rsa or ed25519", kind)
	}
	if err != nil {
		return "", err
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, "dkim.pem")
	return path, os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600)
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexAny(s, "\r\n"); i >= 0 {
		return s[i+1:]
	}
	return s
}

func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return "?"
	}
	return f[0]
}
