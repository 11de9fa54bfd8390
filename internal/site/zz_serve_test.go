package site

import (
	"net/http"
	_ "net/http/pprof"
	"os"
	"testing"

	"masthead/internal/store/storetest"
)

func TestZZServe(t *testing.T) {
	addr := os.Getenv("SERVE_ADDR")
	if addr == "" {
		t.Skip()
	}
	f := newFixture(t, storetest.Open(t, storetest.SQLite), func(o *Options) { o.CacheOff = os.Getenv("CACHE_OFF") == "1" })
	go http.ListenAndServe(os.Getenv("PPROF_ADDR"), nil)
	http.ListenAndServe(addr, f.h)
}
