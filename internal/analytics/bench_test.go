package analytics

import "testing"

// BenchmarkIsReader measures the bot check every counted page runs:
//
//	go test ./internal/analytics -run '^$' -bench IsReader
func BenchmarkIsReader(b *testing.B) {
	const ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
	for b.Loop() {
		IsReader(ua, "", "", "")
	}
}

// BenchmarkReferral measures counting a referral from a site already
// seen since the last flush.
func BenchmarkReferral(b *testing.B) {
	c := NewCounter(nil, nil, nil)
	for b.Loop() {
		c.Referral("https://www.google.com/", "example.org")
	}
}

// BenchmarkCounterIsReader is BenchmarkIsReader for an agent seen before.
func BenchmarkCounterIsReader(b *testing.B) {
	const ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
	c := NewCounter(nil, nil, nil)
	for b.Loop() {
		c.IsReader(ua, "", "", "")
	}
}
