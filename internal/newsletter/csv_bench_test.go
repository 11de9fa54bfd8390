package newsletter_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"masthead/internal/newsletter"
	"masthead/internal/store/storetest"
)

// Subscriber import, export and the growth count at scale (decision
// 0026). MASTHEAD_BENCH_READERS sets how many readers (100,000 by
// default); bench/subscribers.sh runs these at 100,000 and 500,000 on
// both engines:
//
//	go test -run '^$' -bench Subscribers -benchtime 1x ./internal/newsletter/

func benchReaders(b *testing.B) int {
	n, err := strconv.Atoi(os.Getenv("MASTHEAD_BENCH_READERS"))
	if err != nil || n <= 0 {
		return 100_000
	}
	return n
}

// csvLines is a file of n new addresses starting at from.
func csvLines(from, n int) []byte {
	var sb strings.Builder
	sb.WriteString("email,sector\n")
	for i := from; i < from+n; i++ {
		fmt.Fprintf(&sb, "reader%07d@example.org,\n", i)
	}
	return []byte(sb.String())
}

// seeded is a database holding n confirmed readers of the weekly,
// imported 100,000 lines at a time (the file limit), over 90 days.
func seeded(b *testing.B, e storetest.Engine, n int) *fixture {
	b.Helper()
	f := newFixture(b, storetest.Open(b, e))
	ctx := context.Background()
	start := f.clock.Now()
	for from := 0; from < n; from += 100_000 {
		f.clock.t = start.Add(-time.Duration(n-from) * time.Minute)
		if _, err := f.svc.ImportCSV(ctx, csvLines(from, min(100_000, n-from)), newsletter.ImportOptions{NewsletterIDs: []int64{f.weekly}, Source: "bench"}); err != nil {
			b.Fatal(err)
		}
	}
	f.clock.t = start
	return f
}

func engineBench(b *testing.B, fn func(b *testing.B, e storetest.Engine)) {
	for _, e := range storetest.Engines() {
		b.Run(string(e), func(b *testing.B) { fn(b, e) })
	}
}

// BenchmarkSubscribersImport imports one file of 100,000 new addresses
// (the most 10 MB holds of these lines), dry run then import.
func BenchmarkSubscribersImport(b *testing.B) {
	engineBench(b, func(b *testing.B, e storetest.Engine) {
		data := csvLines(0, 100_000)
		for b.Loop() {
			b.StopTimer()
			f := newFixture(b, storetest.Open(b, e))
			o := newsletter.ImportOptions{NewsletterIDs: []int64{f.weekly}, Source: "bench", DryRun: true}
			b.StartTimer()
			t0 := time.Now()
			rep, err := f.svc.ImportCSV(context.Background(), data, o)
			if err != nil || rep.Add != 100_000 {
				b.Fatal(rep.Add, err)
			}
			dry := time.Since(t0)
			o.DryRun, o.Expect = false, rep.Digest
			t0 = time.Now()
			rep, err = f.svc.ImportCSV(context.Background(), data, o)
			if err != nil || rep.Done.Readers != 100_000 {
				b.Fatal(rep.Done, err)
			}
			b.ReportMetric(dry.Seconds(), "dry-run-s")
			b.ReportMetric(100_000/time.Since(t0).Seconds(), "lines/s")
		}
	})
}

// BenchmarkSubscribersScale seeds the readers once per engine, then
// exports every reader to nowhere, reporting the largest heap seen
// between pages (it must not grow with the readers), and counts 90 days
// of the growth chart.
func BenchmarkSubscribersScale(b *testing.B) {
	engineBench(b, func(b *testing.B, e storetest.Engine) {
		n := benchReaders(b)
		t0 := time.Now()
		f := seeded(b, e, n)
		b.Logf("%s: seeded %d readers in %s", e, n, time.Since(t0).Round(time.Second))
		b.Run("export", func(b *testing.B) {
			for b.Loop() {
				runtime.GC()
				var peak uint64
				var ms runtime.MemStats
				rows, err := f.svc.ExportCSV(context.Background(), io.Discard, newsletter.SubscriberFilter{}, func() {
					runtime.ReadMemStats(&ms)
					peak = max(peak, ms.HeapAlloc)
				})
				if err != nil || rows != n {
					b.Fatal(rows, err)
				}
				b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
				b.ReportMetric(float64(n), "readers")
			}
		})
		b.Run("growth", func(b *testing.B) {
			for b.Loop() {
				g, err := f.svc.Growth(context.Background(), 90, time.UTC)
				if err != nil {
					b.Fatal(err)
				}
				total := 0
				for _, s := range g.Series {
					total += s.Counts[len(s.Counts)-1]
				}
				if total != n {
					b.Fatalf("counted %d of %d", total, n)
				}
			}
		})
	})
}
