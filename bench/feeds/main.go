// Command feeds measures what the whole sitemap set and the site feed cost
// to generate as the archive grows (issue 8: under 2 s with flat memory at
// 100,000 articles). It fills a fresh database with generated published
// articles (a lead image on every other one, two of 500 topics, one of 40
// writers, six sections), and at each step asks the reader site, with its
// page cache off, for /sitemap.xml, every sitemap it lists, the news
// sitemap and /feed.xml, gzip-encoded as crawlers ask, into a writer that
// only counts bytes. It prints the wall and CPU time (the machine may be
// shared), the bytes sent, the peak of the live heap during the requests
// (sampled every millisecond) above the heap before them, and the bytes
// allocated.
//
//	go run ./bench/feeds                                   # SQLite, 10,000 and 100,000
//	go run ./bench/feeds -steps 10000,100000 -postgres "$MASTHEAD_TEST_POSTGRES"
//	go run ./bench/feeds -plain                            # without gzip
package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/xml"
	"flag"
	"fmt"
	"log"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"masthead/internal/content"
	"masthead/internal/site"
	"masthead/internal/store"
)

const base = "https://news.example.org"

var (
	verbose    = flag.Bool("v", false, "print each request's time")
	cpuProfile = flag.String("cpuprofile", "", "write a CPU profile of the last step's measured run to this file")
)

func main() {
	steps := flag.String("steps", "10000,100000", "article counts to measure at, ascending")
	pg := flag.String("postgres", "", "a PostgreSQL server where a scratch database may be created; empty: SQLite")
	plain := flag.Bool("plain", false, "ask without Accept-Encoding: gzip")
	keep := flag.Bool("keep", false, "keep the PostgreSQL scratch database (to EXPLAIN its queries) and print its URL")
	flag.Parse()
	ctx := context.Background()

	dir, err := os.MkdirTemp("", "bench-feeds-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	dbURL := ""
	if *pg != "" {
		var drop func()
		dbURL, drop = scratchPostgres(ctx, *pg)
		if *keep {
			log.Printf("database %s kept", dbURL)
		} else {
			defer drop() // after db.Close, deferred below
		}
	}
	db, err := store.Open(ctx, dbURL, dir)
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		log.Fatal(err)
	}
	g := seed(ctx, db)
	engine := "SQLite"
	if dbURL != "" {
		engine = "PostgreSQL"
	}
	fmt.Printf("%s; gzip %v; GOMAXPROCS %d\n", engine, !*plain, runtime.GOMAXPROCS(0))
	fmt.Printf("%9s %10s %12s %12s %12s %12s %12s\n", "articles", "requests", "time", "CPU time", "bytes sent", "peak heap", "allocated")
	for _, s := range strings.Split(*steps, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			log.Fatal(err)
		}
		start := time.Now()
		g.fill(ctx, n)
		if dbURL != "" {
			analyze(ctx, dbURL) // as autovacuum would have, long before an archive is this size
		}
		log.Printf("%d articles in the database (%v)", n, time.Since(start).Round(time.Millisecond))
		measure(ctx, db, n, !*plain)
	}
}

// measure asks for the sitemaps and the feed twice and reports the second
// run (the first warms the database's and the OS's caches).
func measure(ctx context.Context, db *store.DB, n int, gzip bool) {
	reader, err := db.SiteReader(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer reader.Release()
	s, err := site.New(site.Options{Store: reader, CacheOff: true, BaseURL: base})
	if err != nil {
		log.Fatal(err)
	}
	mux := http.NewServeMux()
	s.Routes(mux)
	var res result
	for run := range 2 {
		runtime.GC()
		before := heapObjects()
		allocsBefore := allocated()
		stop := make(chan struct{})
		var peak atomic.Uint64
		done := make(chan struct{})
		go func() {
			defer close(done)
			t := time.NewTicker(time.Millisecond)
			defer t.Stop()
			for {
				if h := heapObjects(); h > peak.Load() {
					peak.Store(h)
				}
				select {
				case <-stop:
					return
				case <-t.C:
				}
			}
		}()
		if *cpuProfile != "" && run == 1 {
			f, err := os.Create(*cpuProfile)
			if err != nil {
				log.Fatal(err)
			}
			pprof.StartCPUProfile(f)
			defer pprof.StopCPUProfile()
		}
		start, cpu0 := time.Now(), cpuTime()
		res = crawl(mux, gzip)
		res.took, res.cpu = time.Since(start), cpuTime()-cpu0
		close(stop)
		<-done
		res.peak = int64(peak.Load()) - int64(before)
		res.allocated = allocated() - allocsBefore
	}
	fmt.Printf("%9d %10d %12v %12v %10.1f MB %10.1f MB %10.1f MB\n", n, res.requests, res.took.Round(time.Millisecond), res.cpu.Round(time.Millisecond),
		float64(res.bytes)/(1<<20), float64(max(res.peak, 0))/(1<<20), float64(res.allocated)/(1<<20))
}

type result struct {
	requests, bytes int
	took, cpu       time.Duration
	peak            int64
	allocated       uint64
}

// crawl fetches the index, every sitemap it lists and the site feed.
func crawl(h http.Handler, gzip bool) result {
	var res result
	get := func(path string, keep bool) []byte {
		r, _ := http.NewRequest(http.MethodGet, base+path, nil)
		if gzip && !keep {
			r.Header.Set("Accept-Encoding", "gzip")
		}
		w := &counter{h: http.Header{}, keep: keep}
		t0 := time.Now()
		h.ServeHTTP(w, r)
		if *verbose {
			log.Printf("%s %v", path, time.Since(t0).Round(time.Millisecond))
		}
		if w.code != 0 && w.code != http.StatusOK {
			log.Fatalf("%s: %d", path, w.code)
		}
		res.requests++
		res.bytes += w.n
		return w.buf.Bytes()
	}
	var idx struct {
		Locs []string `xml:"sitemap>loc"`
	}
	if err := xml.Unmarshal(get("/sitemap.xml", true), &idx); err != nil {
		log.Fatal(err)
	}
	for _, loc := range idx.Locs {
		u, err := url.Parse(loc)
		if err != nil {
			log.Fatal(err)
		}
		get(u.Path, false)
	}
	get("/feed.xml", false)
	return res
}

// counter is a ResponseWriter that counts what it is sent (and keeps it
// only when asked: the index is read back).
type counter struct {
	h    http.Header
	code int
	n    int
	keep bool
	buf  bytes.Buffer
}

func (c *counter) Header() http.Header  { return c.h }
func (c *counter) WriteHeader(code int) { c.code = code }
func (c *counter) Write(b []byte) (int, error) {
	c.n += len(b)
	if c.keep {
		c.buf.Write(b)
	}
	return len(b), nil
}

var samples = []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/gc/heap/allocs:bytes"}}

func heapObjects() uint64 {
	s := samples[:1:1]
	metrics.Read(s)
	return s[0].Value.Uint64()
}

func allocated() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// cpuTime is the CPU time the process has used (user and system), which
// other work on a shared machine does not inflate as it does wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// generator adds articles up to a count.
type generator struct {
	db                        *store.DB
	sections, authors, images []int64
	topics                    []content.Topic
	made                      int
	start                     time.Time
}

func seed(ctx context.Context, db *store.DB) *generator {
	if err := db.SaveSettings(ctx, content.Settings{Name: "The Benchmark Weekly", TimeZone: "Europe/London", BaseURL: base}); err != nil {
		log.Fatal(err)
	}
	g := &generator{db: db, start: time.Now().UTC()}
	for i := range 6 {
		id, err := db.SaveSection(ctx, content.Section{Slug: fmt.Sprintf("section-%d", i), Name: fmt.Sprintf("Section %d", i), Position: i})
		if err != nil {
			log.Fatal(err)
		}
		g.sections = append(g.sections, id)
	}
	for i := range 40 {
		id, err := db.SaveAuthor(ctx, content.Author{Slug: fmt.Sprintf("writer-%d", i), Name: fmt.Sprintf("Writer %d", i)})
		if err != nil {
			log.Fatal(err)
		}
		g.authors = append(g.authors, id)
	}
	for i := range 50 {
		id, err := db.CreateImage(ctx, content.Image{Path: fmt.Sprintf("2026/11/photo-%d.jpg", i), Mime: "image/jpeg", Width: 1600, Height: 900, Size: 240_000}, 0)
		if err != nil {
			log.Fatal(err)
		}
		g.images = append(g.images, id)
	}
	for i := range 500 {
		g.topics = append(g.topics, content.Topic{Slug: fmt.Sprintf("topic-%d", i), Name: fmt.Sprintf("Topic %d", i)})
	}
	return g
}

const body = `<p>The council met on Tuesday to discuss the budget, and the public gallery was full long before the first item.</p>
<h2>What changes</h2><p>Parking in the city centre will cost more from July; the libraries keep their Sunday hours.</p>
<p>The mayor said the budget would be reviewed in December, after the consultation closes.</p>`

// fill adds published articles, a thousand per transaction, until there are n.
func (g *generator) fill(ctx context.Context, n int) {
	for g.made < n {
		err := g.db.InTx(ctx, func(tx content.Tx) error {
			for k := 0; k < 1000 && g.made < n; k++ {
				i := g.made
				at := g.start.Add(-time.Duration(i) * 7 * time.Minute)
				a := content.Article{Slug: fmt.Sprintf("article-%d", i+1), Headline: fmt.Sprintf("Council budget, part %d: what the vote means", i+1),
					Standfirst: "After nine hours of debate, councillors voted for cuts to libraries and a rise in parking fees.",
					Body:       body, SectionID: g.sections[i%len(g.sections)], Status: content.StatusPublished,
					AuthorIDs: []int64{g.authors[i%len(g.authors)]}, PublishedAt: at, CreatedAt: at, UpdatedAt: at}
				if i%2 == 0 {
					a.LeadImageID, a.LeadAlt = g.images[i%len(g.images)], "The Town Hall at dusk"
				}
				w := content.ArticleWrite{Article: a, Topics: []content.Topic{g.topics[i%len(g.topics)], g.topics[(i*7+3)%len(g.topics)]}}
				if _, err := tx.CreateArticle(ctx, w); err != nil {
					return err
				}
				g.made++
			}
			return nil
		})
		if err != nil {
			log.Fatal(err)
		}
	}
}

// analyze refreshes PostgreSQL's statistics of the new rows.
func analyze(ctx context.Context, dbURL string) {
	db, err := sql.Open("pgx", dbURL)
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "ANALYZE"); err != nil {
		log.Fatal(err)
	}
}

// scratchPostgres creates a fresh database on the server and returns its
// URL and a function that drops it.
func scratchPostgres(ctx context.Context, server string) (string, func()) {
	admin, err := sql.Open("pgx", server)
	if err != nil {
		log.Fatal(err)
	}
	name := fmt.Sprintf("bench_feeds_%d", time.Now().UnixNano())
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		log.Fatal(err)
	}
	u, err := url.Parse(server)
	if err != nil {
		log.Fatal(err)
	}
	u.Path = "/" + name
	return u.String(), func() {
		if _, err := admin.ExecContext(ctx, "DROP DATABASE "+name); err != nil {
			log.Printf("drop the scratch database %s: %v", name, err)
		}
		admin.Close()
	}
}
