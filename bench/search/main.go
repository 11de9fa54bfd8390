// Command search measures full-text search (decision 0032) on a generated
// publication: it fills a database with N articles of text drawn from the
// demo publication's vocabulary at its word frequencies, indexes them
// through the store's backfill (IndexMissing), and times a mix of searches
// as the /search page runs them (Search, then Views for the cards),
// printing p50 and p95 per kind of query.
//
//	go run ./bench/search -n 100000                       # SQLite in a temporary directory
//	go run ./bench/search -n 100000 -database postgres://...  # a fresh PostgreSQL database
//	go run ./bench/search -data DIR                        # keep (or reuse) the SQLite file in DIR
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime/pprof"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unicode"

	"masthead/internal/content"
	"masthead/internal/demo"
	"masthead/internal/search"
	"masthead/internal/store"
)

func main() {
	n := flag.Int("n", 100_000, "articles to generate")
	database := flag.String("database", "", "PostgreSQL URL of an empty database (default: SQLite)")
	data := flag.String("data", "", "SQLite data directory, reused when it already holds the articles (default: a temporary one)")
	rounds := flag.Int("rounds", 60, "searches of each kind")
	only := flag.String("only", "", "run only the kind of query of this name, or those whose name contains this")
	profile := flag.String("cpuprofile", "", "write a CPU profile of the searches to this file")
	flag.Parse()
	kindFilter, cpuProfile = *only, *profile
	if err := run(context.Background(), *n, *database, *data, *rounds); err != nil {
		fmt.Fprintln(os.Stderr, "search bench:", err)
		os.Exit(1)
	}
}

var kindFilter, cpuProfile string

func run(ctx context.Context, n int, database, data string, rounds int) error {
	url := database
	if url == "" {
		if data == "" {
			dir, err := os.MkdirTemp("", "search-bench-")
			if err != nil {
				return err
			}
			defer os.RemoveAll(dir)
			data = dir
		}
		url = "sqlite:" + data + "/masthead.db"
	}
	db, err := store.Open(ctx, url, "")
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return err
	}
	voc := vocabulary()
	have, err := db.CountArticles(ctx)
	if err != nil {
		return err
	}
	if have < n {
		start := time.Now()
		if _, err = generate(ctx, db, url, have, n, voc); err != nil {
			return err
		}
		fmt.Printf("generated %d articles in %s\n", n-have, time.Since(start).Round(time.Millisecond))
	}
	if db.Dialect() == store.Postgres {
		if err := analyze(ctx, url); err != nil {
			return err
		}
	}
	// The backfill after migrating indexes them (and finishes an
	// interrupted run).
	start := time.Now()
	indexed, err := db.IndexMissing(ctx)
	if err != nil {
		return err
	}
	if indexed > 0 {
		fmt.Printf("indexed %d in %s\n", indexed, time.Since(start).Round(time.Millisecond))
		if db.Dialect() == store.Postgres {
			if err := analyze(ctx, url); err != nil {
				return err
			}
		}
	}
	ids, err := loadLists(ctx, db)
	if err != nil {
		return err
	}
	var server *serverCPU
	if db.Dialect() == store.Postgres {
		raw, _, err := rawDB(url)
		if err != nil {
			return err
		}
		defer raw.Close()
		server = &serverCPU{raw: raw}
	}
	return measure(ctx, db, voc, ids, rounds, server)
}

// serverCPU reads the CPU time PostgreSQL's backends serving the bench
// have used (from /proc/PID/schedstat: the server runs on this machine),
// which a loaded machine does not inflate as it does wall-clock time.
type serverCPU struct {
	raw  *sql.DB
	pids []int
}

// refresh lists the backends of the bench's database but its own.
func (s *serverCPU) refresh(ctx context.Context) error {
	rows, err := s.raw.QueryContext(ctx, `SELECT pid FROM pg_stat_activity
		WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`)
	if err != nil {
		return err
	}
	defer rows.Close()
	s.pids = s.pids[:0]
	for rows.Next() {
		var pid int
		if err := rows.Scan(&pid); err != nil {
			return err
		}
		s.pids = append(s.pids, pid)
	}
	return rows.Err()
}

// used is the CPU time the backends have used so far.
func (s *serverCPU) used() time.Duration {
	var total time.Duration
	for _, pid := range s.pids {
		b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/schedstat")
		if err != nil {
			continue
		}
		if f := strings.Fields(string(b)); len(f) > 0 {
			ns, _ := strconv.ParseInt(f[0], 10, 64)
			total += time.Duration(ns)
		}
	}
	return total
}

// vocabulary is the demo publication's words (stop words aside), most
// frequent first, with their counts: generated text has its frequencies.
type vocab struct {
	words []string
	cum   []int // cumulative counts, for sampling
}

func vocabulary() vocab {
	counts := map[string]int{}
	for _, a := range demo.Content().Articles {
		for _, w := range strings.FieldsFunc(strings.ToLower(a.Headline+" "+a.Standfirst+" "+a.Body), func(r rune) bool {
			return !unicode.IsLetter(r)
		}) {
			if len(w) > 2 && !stop(w) {
				counts[w]++
			}
		}
	}
	var v vocab
	for w := range counts {
		v.words = append(v.words, w)
	}
	sort.Slice(v.words, func(i, j int) bool {
		if counts[v.words[i]] != counts[v.words[j]] {
			return counts[v.words[i]] > counts[v.words[j]]
		}
		return v.words[i] < v.words[j]
	})
	total := 0
	for _, w := range v.words {
		total += counts[w]
		v.cum = append(v.cum, total)
	}
	return v
}

func stop(w string) bool { return search.Parse(w).Empty() }

func (v vocab) word(r *rand.Rand) string {
	x := r.IntN(v.cum[len(v.cum)-1])
	i, _ := slices.BinarySearch(v.cum, x+1)
	return v.words[i]
}

// sentence is n words with the stop words of real prose between them.
func (v vocab) sentence(r *rand.Rand, n int) string {
	glue := []string{"the", "of", "and", "to", "in", "a", "for", "was", "that", "on"}
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
			if r.IntN(3) == 0 {
				b.WriteString(glue[r.IntN(len(glue))])
				b.WriteByte(' ')
			}
		}
		b.WriteString(v.word(r))
	}
	s := b.String()
	return strings.ToUpper(s[:1]) + s[1:]
}

// lists are the ids of the sections, authors and topics articles use.
type lists struct{ sections, authors, topics []int64 }

func loadLists(ctx context.Context, db *store.DB) (lists, error) {
	var l lists
	secs, err := db.ListSections(ctx)
	if err != nil {
		return l, err
	}
	for _, s := range secs {
		l.sections = append(l.sections, s.ID)
	}
	aus, err := db.ListAuthors(ctx)
	if err != nil {
		return l, err
	}
	for _, a := range aus {
		l.authors = append(l.authors, a.ID)
	}
	tps, err := db.ListTopics(ctx)
	if err != nil {
		return l, err
	}
	for _, t := range tps {
		l.topics = append(l.topics, t.ID)
	}
	return l, nil
}

// generate inserts articles have+1..n with their bylines and topics in
// batched statements on a connection of its own (the store has no bulk
// insert); IndexMissing then indexes them as it would after migrating.
func generate(ctx context.Context, db *store.DB, url string, have, n int, v vocab) (lists, error) {
	r := rand.New(rand.NewPCG(1, uint64(have)))
	var l lists
	if have == 0 {
		for i := range 6 {
			id, err := db.SaveSection(ctx, content.Section{Slug: fmt.Sprintf("section-%d", i), Name: fmt.Sprintf("Section %d", i)})
			if err != nil {
				return l, err
			}
			l.sections = append(l.sections, id)
		}
		for i := range 40 {
			id, err := db.SaveAuthor(ctx, content.Author{Slug: fmt.Sprintf("author-%d", i), Name: v.sentence(r, 2)})
			if err != nil {
				return l, err
			}
			l.authors = append(l.authors, id)
		}
	} else {
		var err error
		if l, err = loadLists(ctx, db); err != nil {
			return l, err
		}
	}
	raw, pg, err := rawDB(url)
	if err != nil {
		return l, err
	}
	defer raw.Close()
	if have == 0 {
		for i := range 60 {
			name := v.words[i*7]
			var id int64
			if err := raw.QueryRowContext(ctx, bind(pg, `INSERT INTO topics (slug, name) VALUES (?, ?) RETURNING id`), "topic-"+name, name).Scan(&id); err != nil {
				return l, err
			}
			l.topics = append(l.topics, id)
		}
	}
	// Ids grow with time, as they do when a newsroom writes articles.
	first := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC).Add(-time.Duration(n) * 13 * time.Minute)
	const batch = 200
	for lo := have + 1; lo <= n; lo += batch {
		hi := min(lo+batch-1, n)
		tx, err := raw.BeginTx(ctx, nil)
		if err != nil {
			return l, err
		}
		var arts, aus, tps strings.Builder
		var aArgs, auArgs, tArgs []any
		arts.WriteString(`INSERT INTO articles (id, slug, headline, standfirst, body, section_id, status, published_at, created_at, updated_at) VALUES `)
		aus.WriteString(`INSERT INTO article_authors (article_id, author_id, position) VALUES `)
		tps.WriteString(`INSERT INTO article_topics (article_id, topic_id, position) VALUES `)
		for id := lo; id <= hi; id++ {
			if id > lo {
				arts.WriteByte(',')
				aus.WriteByte(',')
				tps.WriteByte(',')
			}
			arts.WriteString("(?,?,?,?,?,?,?,?,?,?)")
			at := first.Add(time.Duration(id) * 13 * time.Minute).UnixMicro()
			status, pub := "published", any(at)
			if r.IntN(20) == 0 {
				status, pub = "draft", nil
			}
			var body strings.Builder
			for range 4 + r.IntN(6) {
				body.WriteString("<p>")
				for range 3 + r.IntN(3) {
					body.WriteString(v.sentence(r, 8+r.IntN(10)))
					body.WriteString(". ")
				}
				body.WriteString("</p>\n")
			}
			aArgs = append(aArgs, id, "generated-"+strconv.Itoa(id), v.sentence(r, 5+r.IntN(5)), v.sentence(r, 15+r.IntN(10))+".",
				body.String(), l.sections[r.IntN(len(l.sections))], status, pub, at, at)
			aus.WriteString("(?,?,0)")
			auArgs = append(auArgs, id, l.authors[r.IntN(len(l.authors))])
			tps.WriteString("(?,?,0)")
			tArgs = append(tArgs, id, l.topics[r.IntN(len(l.topics))])
		}
		for _, st := range []struct {
			q    string
			args []any
		}{{arts.String(), aArgs}, {aus.String(), auArgs}, {tps.String(), tArgs}} {
			if _, err := tx.ExecContext(ctx, bind(pg, st.q), st.args...); err != nil {
				tx.Rollback()
				return l, fmt.Errorf("insert articles %d-%d: %w", lo, hi, err)
			}
		}
		if err := tx.Commit(); err != nil {
			return l, err
		}
	}
	if pg {
		// Ids were given: move the sequence past them.
		if _, err := raw.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('articles', 'id'), (SELECT MAX(id) FROM articles))`); err != nil {
			return l, err
		}
	}
	return l, nil
}

func rawDB(url string) (*sql.DB, bool, error) {
	if path, ok := strings.CutPrefix(url, "sqlite:"); ok {
		raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(OFF)")
		if err != nil {
			return nil, false, err
		}
		raw.SetMaxOpenConns(1)
		return raw, false, nil
	}
	raw, err := sql.Open("pgx", url)
	return raw, true, err
}

// bind numbers the placeholders for PostgreSQL.
func bind(pg bool, q string) string {
	if !pg {
		return q
	}
	var b strings.Builder
	n := 0
	for _, c := range q {
		if c == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

func analyze(ctx context.Context, url string) error {
	raw, _, err := rawDB(url)
	if err != nil {
		return err
	}
	defer raw.Close()
	_, err = raw.ExecContext(ctx, `VACUUM ANALYZE`)
	return err
}

// kind is a kind of search the bench measures.
type kind struct {
	name string
	make func(i int) search.Request
}

// measure runs each kind of search rounds times with different words and
// prints the latencies.
func measure(ctx context.Context, db *store.DB, v vocab, l lists, rounds int, server *serverCPU) error {
	r := rand.New(rand.NewPCG(7, 7))
	from := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	kinds := []kind{
		{"common word", func(i int) search.Request { return search.Request{Query: search.Parse(v.words[i%20])} }},
		{"two common words", func(i int) search.Request {
			return search.Request{Query: search.Parse(v.words[i%20] + " " + v.words[20+i%30])}
		}},
		{"rare word", func(i int) search.Request { return search.Request{Query: search.Parse(v.words[len(v.words)/2+i])} }},
		{"phrase", func(i int) search.Request {
			return search.Request{Query: search.Parse(`"` + v.words[i%40] + " " + v.words[(i*7)%40] + `"`)}
		}},
		{"prefix", func(i int) search.Request {
			w := v.words[50+i]
			return search.Request{Query: search.Parse(w[:min(4, len(w))] + "*")}
		}},
		{"OR and exclusion", func(i int) search.Request {
			return search.Request{Query: search.Parse(v.words[100+i] + " OR " + v.words[200+i] + " -" + v.words[i%10])}
		}},
		{"common word, section and dates", func(i int) search.Request {
			return search.Request{Query: search.Parse(v.words[i%20]), SectionID: l.sections[i%len(l.sections)], From: from}
		}},
		{"common word, topic", func(i int) search.Request {
			return search.Request{Query: search.Parse(v.words[i%20]), TopicID: l.topics[i%len(l.topics)]}
		}},
		{"common word, staff", func(i int) search.Request {
			return search.Request{Query: search.Parse(v.words[i%20]), Staff: true}
		}},
		{"common word, page 10", func(i int) search.Request {
			return search.Request{Query: search.Parse(v.words[i%20]), Offset: 90}
		}},
	}
	_ = r
	if cpuProfile != "" {
		f, err := os.Create(cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	var all, allCPU, allServer []time.Duration
	// Wall-clock times on a shared machine include waiting for a core;
	// the process's CPU time per search does not, nor does the server's.
	fmt.Printf("%-32s %8s %8s %8s %10s %8s %8s %8s %8s\n", "query", "p50", "p95", "max", "found", "cpu p50", "cpu p95", "srv p50", "srv p95")
	exact := slices.ContainsFunc(kinds, func(k kind) bool { return k.name == kindFilter })
	for _, k := range kinds {
		if exact && k.name != kindFilter || !strings.Contains(k.name, kindFilter) {
			continue
		}
		var times, cpus, srvs []time.Duration
		total := 0
		for i := range rounds + 5 {
			req := k.make(i)
			if req.Limit == 0 {
				req.Limit, req.Snippets = 10, true // as the search page asks
			}
			var srv0 time.Duration
			if server != nil {
				if err := server.refresh(ctx); err != nil {
					return err
				}
				srv0 = server.used()
			}
			start, cpu0 := time.Now(), cpuTime()
			res, err := db.Search(ctx, req)
			if err != nil {
				return fmt.Errorf("%s: %w", k.name, err)
			}
			arts := make([]content.Article, len(res.Hits))
			for j, h := range res.Hits {
				arts[j] = h.Article
			}
			if _, err := db.Views(ctx, arts); err != nil {
				return err
			}
			d, c := time.Since(start), cpuTime()-cpu0
			if i < 5 {
				continue // warm-up
			}
			times = append(times, d)
			cpus = append(cpus, c)
			if server != nil {
				srvs = append(srvs, server.used()-srv0)
			}
			total += res.Total
		}
		all = append(all, times...)
		allCPU = append(allCPU, cpus...)
		allServer = append(allServer, srvs...)
		fmt.Printf("%-32s %8s %8s %8s %10d %8s %8s %8s %8s\n", k.name, pct(times, 50), pct(times, 95), pct(times, 100), total/rounds,
			pct(cpus, 50), pct(cpus, 95), pct(srvs, 50), pct(srvs, 95))
	}
	fmt.Printf("%-32s %8s %8s %8s %10s %8s %8s %8s %8s\n", "all", pct(all, 50), pct(all, 95), pct(all, 100), "",
		pct(allCPU, 50), pct(allCPU, 95), pct(allServer, 50), pct(allServer, 95))
	return nil
}

// cpuTime is the CPU time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func pct(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := (len(s)*p + 99) / 100
	return s[max(0, min(i, len(s))-1)].Round(10 * time.Microsecond)
}
