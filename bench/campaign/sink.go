package main

import (
	"masthead/bench/internal/childproc"

	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/emersion/go-smtp"
)

// The sink is bench/mailsend's go-smtp sink (count and discard) that also
// counts, per subscriber, the messages it accepted, so a run can tell
// skipped readers and duplicates apart. Subscribers are r<id>@bench.example,
// id being the reader id; a message counts when its DATA was accepted.

const readerDomain = "@bench.example"

// sampleEvery: the sink keeps the List-Unsubscribe header of every
// sampleEvery-th reader so the benchmark can check each carries that
// reader's own signed link.
const sampleEvery = 10_000

// sinkProc is the sink child process (see runSink for its commands).
type sinkProc struct{ *childproc.Proc }

func startSink() (*sinkProc, error) {
	p, err := childproc.Start("-sink")
	if err != nil {
		return nil, err
	}
	return &sinkProc{p}, nil
}

// count returns the messages accepted and the sink's CPU seconds.
func (s *sinkProc) count() (int64, float64, error) {
	n, cpu, _, err := s.countBytes()
	return n, cpu, err
}

// countBytes is count with the bytes of the messages accepted.
func (s *sinkProc) countBytes() (n int64, cpu float64, bytes int64, err error) {
	line, err := s.Ask("count")
	if err != nil {
		return 0, 0, 0, err
	}
	if _, err := fmt.Sscan(line, &n, &cpu, &bytes); err != nil {
		return 0, 0, 0, fmt.Errorf("sink answered %q: %w", line, err)
	}
	return n, cpu, bytes, nil
}

// tally is what the sink received for readers 1..n.
type tally struct {
	Distinct   int64 // readers 1..n who got at least one copy
	Skipped    int64 // readers 1..n who got none
	Duplicates int64 // copies beyond the first, summed over readers
	Others     int64 // messages to any other address
}

func (s *sinkProc) tally(n int) (tally, error) {
	line, err := s.Ask("tally " + strconv.Itoa(n))
	if err != nil {
		return tally{}, err
	}
	var t tally
	if _, err := fmt.Sscan(line, &t.Distinct, &t.Skipped, &t.Duplicates, &t.Others); err != nil {
		return tally{}, fmt.Errorf("sink answered %q: %w", line, err)
	}
	return t, nil
}

// samples returns the List-Unsubscribe header kept per sampled reader id.
func (s *sinkProc) samples() (map[int64]string, error) {
	line, err := s.Ask("samples")
	if err != nil {
		return nil, err
	}
	k, err := strconv.Atoi(line)
	if err != nil {
		return nil, fmt.Errorf("sink answered %q", line)
	}
	out := map[int64]string{}
	for range k {
		l, err := s.ReadLine()
		if err != nil {
			return nil, err
		}
		id, v, _ := strings.Cut(strings.TrimSpace(l), " ")
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("sink sample %q", l)
		}
		out[n] = v
	}
	return out, nil
}

// counter holds the per-reader counts.
type counter struct {
	messages atomic.Int64
	bytes    atomic.Int64
	mu       sync.Mutex
	per      []uint16 // index: reader id
	others   int64
	samples  map[int64]string
}

func (c *counter) add(ids []int64) {
	c.mu.Lock()
	for _, id := range ids {
		if id <= 0 || id > 1<<26 {
			c.others++
			continue
		}
		if int(id) >= len(c.per) {
			c.per = append(c.per, make([]uint16, int(id)+1-len(c.per)+len(c.per)/2)...)
		}
		if c.per[id] < 1<<16-1 {
			c.per[id]++
		}
	}
	c.mu.Unlock()
	c.messages.Add(1)
}

func (c *counter) tally(n int) tally {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := tally{Others: c.others}
	for id := 1; id <= n; id++ {
		var k uint16
		if id < len(c.per) {
			k = c.per[id]
		}
		if k == 0 {
			t.Skipped++
			continue
		}
		t.Distinct++
		t.Duplicates += int64(k - 1)
	}
	for id := n + 1; id < len(c.per); id++ {
		t.Others += int64(c.per[id])
	}
	return t
}

func runSink() {
	c := &counter{samples: map[int64]string{}}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) {
		return &countSession{c: c}, nil
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
	w := bufio.NewWriter(os.Stdout)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		switch {
		case len(f) == 1 && f[0] == "count":
			fmt.Fprintln(w, c.messages.Load(), childproc.CPUSeconds(), c.bytes.Load())
		case len(f) == 2 && f[0] == "tally":
			n, _ := strconv.Atoi(f[1])
			t := c.tally(n)
			fmt.Fprintln(w, t.Distinct, t.Skipped, t.Duplicates, t.Others)
		case len(f) == 1 && f[0] == "samples":
			c.mu.Lock()
			fmt.Fprintln(w, len(c.samples))
			for id, v := range c.samples {
				fmt.Fprintln(w, id, v)
			}
			c.mu.Unlock()
		default:
			fmt.Fprintln(w, "?")
		}
		w.Flush()
	}
	srv.Close()
}

type countSession struct {
	c   *counter
	ids []int64
}

func (s *countSession) Mail(string, *smtp.MailOptions) error { s.ids = s.ids[:0]; return nil }
func (s *countSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	id := int64(-1)
	if local, ok := strings.CutSuffix(to, readerDomain); ok && strings.HasPrefix(local, "r") {
		if n, err := strconv.ParseInt(local[1:], 10, 64); err == nil {
			id = n
		}
	}
	s.ids = append(s.ids, id)
	return nil
}

func (s *countSession) Data(r io.Reader) error {
	sample := int64(0)
	for _, id := range s.ids {
		if id > 0 && id%sampleEvery == 1 {
			sample = id
		}
	}
	if sample == 0 {
		n, err := io.Copy(io.Discard, r)
		if err != nil {
			return err
		}
		s.c.bytes.Add(n)
	} else {
		b, err := io.ReadAll(r)
		if err != nil {
			return err
		}
		s.c.bytes.Add(int64(len(b)))
		s.c.mu.Lock()
		s.c.samples[sample] = header(b, "List-Unsubscribe")
		s.c.mu.Unlock()
	}
	s.c.add(s.ids)
	return nil
}

// header returns a header's unfolded value from a raw message.
func header(msg []byte, name string) string {
	head, _, _ := bytes.Cut(msg, []byte("\r\n\r\n"))
	lines := strings.Split(string(head), "\r\n")
	for i := 0; i < len(lines); i++ {
		k, v, ok := strings.Cut(lines[i], ":")
		if !ok || !strings.EqualFold(k, name) {
			continue
		}
		for i+1 < len(lines) && (strings.HasPrefix(lines[i+1], " ") || strings.HasPrefix(lines[i+1], "\t")) {
			i++
			v += " " + strings.TrimSpace(lines[i])
		}
		return strings.TrimSpace(v)
	}
	return ""
}

func (s *countSession) Reset()        { s.ids = s.ids[:0] }
func (s *countSession) Logout() error { return nil }
