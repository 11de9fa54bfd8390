package app

import "testing"

// Emailed links point at the listening address when no base URL is set.
func TestListenBase(t *testing.T) {
	for addr, want := range map[string]string{
		":8080":          "http://localhost:8080",
		"0.0.0.0:8080":   "http://localhost:8080",
		"[::]:8080":      "http://localhost:8080",
		"127.0.0.1:8081": "http://127.0.0.1:8081",
		"[::1]:8082":     "http://[::1]:8082",
		"news.local:80":  "http://news.local:80",
		"nonsense":       "http://localhost",
	} {
		if got := listenBase(addr); got != want {
			t.Errorf("listenBase(%q) = %q, want %q", addr, got, want)
		}
	}
}
