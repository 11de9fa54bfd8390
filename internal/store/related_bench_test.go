package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"masthead/internal/content"
	"masthead/internal/store"
	"masthead/internal/store/storetest"
)

// BenchmarkRelatedArticles times one RelatedArticles call (what building
// an article page or opening the editor costs) on a generated publication
// of MASTHEAD_BENCH_ARTICLES articles (100,000 by default), on every
// engine: 8 sections, 30 series, 300 topics and 4,000 words drawn with
// Zipf frequencies, ten years of dates. It reports the p50 and p95.
//
//	go test ./internal/store -run '^$' -bench RelatedArticles -benchtime 200x
func BenchmarkRelatedArticles(b *testing.B) {
	n := 100_000
	if s := os.Getenv("MASTHEAD_BENCH_ARTICLES"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			b.Fatal(err)
		}
	}
	for _, e := range storetest.Engines() {
		b.Run(fmt.Sprintf("%s/%d", e, n), func(b *testing.B) {
			url := storetest.URL(b, e)
			// Kept, and reused when they hold the articles: a file in
			// MASTHEAD_BENCH_DIR, an empty database MASTHEAD_BENCH_POSTGRES names.
			if dir := os.Getenv("MASTHEAD_BENCH_DIR"); dir != "" && e == storetest.SQLite {
				url = "sqlite:" + dir + "/related-bench.db"
			}
			if pg := os.Getenv("MASTHEAD_BENCH_POSTGRES"); pg != "" && e == storetest.Postgres {
				url = pg
			}
			db, err := store.Open(context.Background(), url, "")
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			if _, err := db.Migrate(context.Background()); err != nil {
				b.Fatal(err)
			}
			start := time.Now()
			var ids []int64
			if have, err := db.CountArticles(context.Background()); err != nil {
				b.Fatal(err)
			} else if have >= n {
				for i := range int64(n) {
					ids = append(ids, i+1)
				}
			} else {
				ids = generatePublication(b, db, n)
				b.Logf("generated %d articles in %s", n, time.Since(start).Round(time.Second))
			}
			if e == storetest.Postgres {
				// The planner's statistics, as autovacuum would gather them.
				conn, err := sql.Open("pgx", url)
				if err != nil {
					b.Fatal(err)
				}
				_, err = conn.Exec(`ANALYZE`)
				conn.Close()
				if err != nil {
					b.Fatal(err)
				}
			}
			ctx := context.Background()
			rng := rand.New(rand.NewPCG(7, 7))
			took := make([]time.Duration, 0, b.N)
			cpu0 := cpuTime(b)
			b.ResetTimer()
			for b.Loop() {
				id := ids[rng.IntN(len(ids))]
				t0 := time.Now()
				got, err := db.RelatedArticles(ctx, id, 5)
				took = append(took, time.Since(t0))
				if err != nil || len(got) == 0 {
					b.Fatalf("related to %d: %v, %v", id, got, err)
				}
			}
			b.StopTimer()
			// CPU time is the figure that holds on a shared machine; the
			// database server's share is not in it on PostgreSQL.
			b.ReportMetric(float64((cpuTime(b)-cpu0).Microseconds())/1000/float64(len(took)), "cpu-ms/op")
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(took[len(took)*95/100].Microseconds())/1000, "p95-ms")
		})
	}
}

// generatePublication writes n articles in transactions of 1,000 and
// returns their ids.
func generatePublication(b *testing.B, db *store.DB, n int) []int64 {
	b.Helper()
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))
	var sections, series []int64
	for i := range 8 {
		id, err := db.SaveSection(ctx, content.Section{Slug: fmt.Sprintf("section-%d", i), Name: fmt.Sprintf("Section %d", i)})
		if err != nil {
			b.Fatal(err)
		}
		sections = append(sections, id)
	}
	for i := range 30 {
		id, err := db.SaveSeries(ctx, content.Series{Slug: fmt.Sprintf("series-%d", i), Name: fmt.Sprintf("Series %d", i)})
		if err != nil {
			b.Fatal(err)
		}
		series = append(series, id)
	}
	author, err := db.SaveAuthor(ctx, content.Author{Slug: "writer", Name: "A Writer"})
	if err != nil {
		b.Fatal(err)
	}
	words := make([]string, 4000)
	syllables := []string{"ba", "ro", "ti", "nel", "mar", "qu", "es", "on", "dar", "vi", "lo", "sen", "ka", "tur", "mi", "pol"}
	for i := range words {
		var w strings.Builder
		for k, x := 0, i+17; k < 3 || x > 0; k++ {
			w.WriteString(syllables[x%len(syllables)])
			x /= len(syllables)
		}
		words[i] = w.String()
	}
	wordZipf := rand.NewZipf(rng, 1.1, 8, uint64(len(words)-1))
	topicZipf := rand.NewZipf(rng, 1.2, 4, 299)
	text := func(n int) string {
		var s strings.Builder
		for i := range n {
			if i > 0 {
				s.WriteByte(' ')
			}
			s.WriteString(words[wordZipf.Uint64()])
		}
		return s.String()
	}
	epoch := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC)
	ids := make([]int64, 0, n)
	const batch = 1000
	for done := 0; done < n; done += batch {
		err := db.InTx(ctx, func(tx content.Tx) error {
			for i := done; i < min(n, done+batch); i++ {
				at := epoch.Add(time.Duration(i) * (10 * 365 * 24 * time.Hour / time.Duration(n)))
				a := content.Article{Slug: "a-" + strconv.Itoa(i), Headline: text(8), Standfirst: text(20),
					Body: "<p>" + text(150) + "</p>", SectionID: sections[rng.IntN(len(sections))],
					Status: content.StatusPublished, AuthorIDs: []int64{author}, PublishedAt: at, CreatedAt: at, UpdatedAt: at}
				if rng.IntN(5) == 0 {
					a.SeriesID = series[rng.IntN(len(series))]
				}
				w := content.ArticleWrite{Article: a, Revision: content.Snapshot{Headline: a.Headline}}
				seen := map[uint64]bool{}
				for range 2 + rng.IntN(3) {
					t := topicZipf.Uint64()
					if !seen[t] {
						seen[t] = true
						w.Topics = append(w.Topics, content.Topic{Slug: fmt.Sprintf("topic-%d", t), Name: "Topic " + words[t]})
					}
				}
				id, err := tx.CreateArticle(ctx, w)
				if err != nil {
					return err
				}
				ids = append(ids, id)
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	return ids
}

// cpuTime is the CPU time this process has used, user and system.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
